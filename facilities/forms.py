from django.utils import timezone

from home.forms import PageForm


class FacilityPageForm(PageForm):
    """A facility's admin form: a new 空き状況 is a fact confirmed today. Changing the openings
    without touching their date used to show the old date next to the new answer
    (「空きなし（2026年10月29日に確認）」 for an answer given weeks later)."""

    def clean(self):
        cleaned = super().clean()
        if "openings" in self.changed_data and "openings_confirmed_on" not in self.changed_data:
            cleaned["openings_confirmed_on"] = (
                timezone.localdate() if cleaned.get("openings") else None
            )
        return cleaned
