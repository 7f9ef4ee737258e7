"""The facility chooser: the chosen offices as checkboxes (or a radio for one) and a search
box that asks the admin's facility search. Only the chosen offices are in the page, never the
whole list (9,898 options made the blog editor a 1.9 MB page)."""

from django import forms
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe

from .chooser import describe


class FacilityChooser(forms.SelectMultiple):
    template_name = "facilities/widgets/facility_chooser.html"
    multiple = True

    class Media:
        js = ["js/facility-chooser.js"]

    def get_context(self, name, value, attrs):
        from .models import FacilityPage

        context = super().get_context(name, value, attrs)
        values = value if isinstance(value, (list, tuple)) else [value]
        pks = [int(v) for v in values if str(v).isdigit()]
        chosen = FacilityPage.objects.filter(pk__in=pks).order_by("title")
        context["widget"].update(
            {
                "chosen": [(page, describe(page)) for page in chosen],
                "search_url": reverse("facility_chooser_search"),
                "multiple": self.multiple,
            }
        )
        return context

    def _render(self, template_name, context, renderer=None):
        # Templates live at project level, where the default form renderer does not look.
        # The template escapes what it prints, as Django's own widget rendering does.
        return mark_safe(render_to_string(template_name, context))  # noqa: S308

    def optgroups(self, name, value, attrs=None):
        return []  # the template lists the chosen offices itself

    def format_value(self, value):
        if value is None:
            return []
        return [str(v) for v in (value if isinstance(value, (list, tuple)) else [value])]


class FacilitySingleChooser(FacilityChooser):
    """For a link to one office (a blog author's office): one choice, or none."""

    multiple = False
    allow_multiple_selected = False

    def value_from_datadict(self, data, files, name):
        return data.get(name)

    def value_omitted_from_data(self, data, files, name):
        return name not in data
