from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Qualification, Support, TargetDisability, WorkType


class TaxonomyViewSet(SnippetViewSet):
    list_display = ["name", "sort_order"]
    ordering = ["sort_order", "name"]
    search_fields = ["name"]


class WorkTypeViewSet(TaxonomyViewSet):
    model = WorkType
    icon = "tag"


class SupportViewSet(TaxonomyViewSet):
    model = Support
    icon = "help"


class TargetDisabilityViewSet(TaxonomyViewSet):
    model = TargetDisability
    icon = "group"


class QualificationViewSet(TaxonomyViewSet):
    model = Qualification
    icon = "user"


class FacilityTaxonomyGroup(SnippetViewSetGroup):
    """The lists staff pick from on facility pages, together under one menu item."""

    menu_label = "事業所の分類"
    menu_icon = "list-ul"
    menu_order = 300
    items = (WorkTypeViewSet, SupportViewSet, TargetDisabilityViewSet, QualificationViewSet)


register_snippet(FacilityTaxonomyGroup)
