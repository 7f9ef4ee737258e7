"""The admin dashboard's inquiry panel: counts by status and the newest new inquiries, for
the inquiries the signed-in person may read."""

from django.db.models import Count

from wagtail.admin.ui.components import Component

from .access import visible_to
from .models import Status

NEWEST = 5


def counts_by_status(inquiries):
    """Every status in its order, with how many inquiries have it (zeros included)."""
    found = dict(inquiries.order_by().values_list("status").annotate(n=Count("pk", distinct=True)))
    return [(value, label, found.get(value, 0)) for value, label in Status.choices]


class InquiryPanel(Component):
    name = "inquiries"
    order = 50
    template_name = "inquiries/admin/dashboard_panel.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        inquiries = visible_to(self.user)
        return {
            "counts": counts_by_status(inquiries),
            "newest": inquiries.filter(status=Status.NEW)
            .select_related("facility")
            .order_by("-created_at")[:NEWEST],
        }


class ClaimPanel(Component):
    """How many 編集アカウントの申請 wait for a decision, with the newest few linked: shown
    only to those who may decide claims, so a waiting office is not forgotten."""

    name = "office_claims"
    order = 40
    template_name = "inquiries/admin/claims_panel.html"

    def get_context_data(self, parent_context):
        from .models import ClaimStatus, OfficeClaim

        pending = OfficeClaim.objects.filter(status=ClaimStatus.PENDING)
        return {
            "count": pending.count(),
            "newest": pending.select_related("facility").order_by("-created_at")[:NEWEST],
            "pending": ClaimStatus.PENDING,
        }
