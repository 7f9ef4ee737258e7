"""The staff dashboard's panel about their own offices: how complete each page is, what it
lacks and what has not been confirmed for a while, each with a link to the field's tab."""

from wagtail.admin.ui.components import Component

from .chooser import editable_by
from .freshness import review

SHOWN = 5


class OfficePanel(Component):
    name = "offices"
    order = 40
    template_name = "facilities/admin/office_panel.html"

    def __init__(self, pages):
        self.pages = pages

    def get_context_data(self, parent_context):
        return {"reviews": [review(page) for page in self.pages]}


def panel_for(user):
    """The panel for someone who edits particular offices (not the operator, who edits all)."""
    pages = list(editable_by(user).order_by("title")[:SHOWN])
    return OfficePanel(pages) if pages else None
