"""The admin's modal chooser of offices (Wagtail's ChooserViewSet) for the fields and blocks
that link to one office: its search is the directory's Japanese search, so imported offices
(which Wagtail's own search index does not hold) are found by name, kana and address."""

from django import forms

from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.views.generic import chooser as chooser_views
from wagtail.admin.viewsets.chooser import ChooserViewSet

from .chooser import matching
from .models import FacilityPage


class FacilitySearchForm(BaseFilterForm):
    q = forms.CharField(
        label="事業所を探す（名前・ふりがな・所在地）",
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "例：くれよん、さがみはら"}),
    )

    def filter(self, objects):
        objects = super().filter(objects)
        text = (self.cleaned_data.get("q") or "").strip()
        if text:
            objects = matching(text, objects)
            self.is_searching, self.search_query = True, text
        return objects


class SearchingMixin:
    filter_form_class = FacilitySearchForm
    ordering = "title"


class ChooseView(SearchingMixin, chooser_views.ChooseView):
    pass


class ChooseResultsView(SearchingMixin, chooser_views.ChooseResultsView):
    pass


class FacilityChooserViewSet(ChooserViewSet):
    model = FacilityPage
    icon = "home"
    choose_one_text = "事業所を選ぶ"
    choose_another_text = "別の事業所を選ぶ"
    edit_item_text = "事業所のページを編集"
    page_title = "事業所を選ぶ"
    per_page = 20
    choose_view_class = ChooseView
    choose_results_view_class = ChooseResultsView

    def get_object_list(self):
        return FacilityPage.objects.all()


facility_chooser_viewset = FacilityChooserViewSet("facility_chooser")
FacilityChooserBlock = facility_chooser_viewset.get_block_class(
    name="FacilityChooserBlock", module_path="facilities.admin_choosers"
)
