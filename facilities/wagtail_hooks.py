import django_filters

from django.core.exceptions import PermissionDenied

from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.pages.choose_parent import ChooseParentView
from wagtail.admin.views.pages.listing import IndexView, PageFilterSet
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .choices import PREFECTURE_CHOICES, ServiceType
from .models import FacilityPage, Qualification, Support, TargetDisability, WorkType


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


class FacilityFilterSet(PageFilterSet):
    """Filters for staff and the operator: by service, prefecture, and what the open data says."""

    service_type = django_filters.ChoiceFilter(
        label="サービスの種類", choices=ServiceType.choices, empty_label="すべて"
    )
    prefecture = django_filters.ChoiceFilter(
        label="都道府県", choices=PREFECTURE_CHOICES, empty_label="すべて"
    )
    missing_from_open_data = django_filters.BooleanFilter(
        label="新しいオープンデータに掲載なし",
        field_name="source_missing_since",
        lookup_expr="isnull",
        exclude=True,
    )

    class Meta:
        model = FacilityPage
        fields = []


class FacilityChooseParentView(ChooseParentView):
    """Where a new office goes (the directory). Someone who may add an office nowhere is
    refused here, as Wagtail refuses other pages, rather than shown an empty choice."""

    def dispatch(self, request, *args, **kwargs):
        if not self.get_valid_parent_pages(request.user).exists():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def can_add_an_office(request):
    """Whether the person may add an office anywhere, by Wagtail's own check (the parents its
    add flow offers). An office's staff may add pages under their office (news), which is
    Wagtail's "add" permission, but never an office."""
    view = FacilityChooseParentView(model=FacilityPage)
    view.setup(request)
    return view.get_valid_parent_pages(request.user).exists()


class FacilityIndexView(IndexView):
    """Searching the list finds offices as the directory does (Japanese n-grams, readings),
    imported ones included: bulk-imported pages have no entries in Wagtail's own search index.
    Titles are matched too, for drafts the keyword index does not hold."""

    def get_add_url(self):
        # 「事業所 を追加」 only for those who can: staff were led to a form they could not send.
        if not can_add_an_office(self.request):
            return None
        return super().get_add_url()

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        from .chooser import matching

        return matching(self.search_query, queryset).order_by("title")


class FacilityListingViewSet(PageListingViewSet):
    """All offices in one flat list (the page tree holds thousands under one parent)."""

    model = FacilityPage
    icon = "home"
    menu_label = "事業所の一覧"
    menu_order = 250
    add_to_admin_menu = True
    index_view_class = FacilityIndexView
    choose_parent_view_class = FacilityChooseParentView
    filterset_class = FacilityFilterSet
    columns = [
        *PageListingViewSet.columns[:1],
        Column("service_type", label="サービスの種類", accessor="get_service_type_display"),
        Column("city", label="所在地", accessor="address"),
        Column(
            "source_missing_since",
            label="オープンデータに掲載なし（時点）",
            sort_key="source_missing_since",
        ),
        *PageListingViewSet.columns[1:],
    ]


@hooks.register("register_admin_viewset")
def register_facility_listing():
    return FacilityListingViewSet("facility_pages")


def facility_chooser_search(request):
    """The chooser's search (JSON): the person's own offices first, then what the text finds."""
    from django.http import JsonResponse

    from .chooser import choices_for, describe

    text = request.GET.get("q", "")[:100]
    found = choices_for(request.user, text)
    results = [
        {"id": page.pk, "title": page.title, "place": describe(page), "mine": mine}
        for page, mine in found
    ]
    if results:
        message = f"{len(results)}件見つかりました。「選ぶ」で追加します。"
    elif text.strip():
        message = (
            f"「{text.strip()}」では見つかりませんでした。"
            "ひらがなや、名前の一部でもお試しください。"
        )
    else:
        message = "名前・ふりがな・所在地を入れて「探す」を押してください。"
    return JsonResponse({"results": results, "message": message})


@hooks.register("register_admin_urls")
def register_facility_chooser_search():
    from django.urls import path

    return [path("facility-chooser/", facility_chooser_search, name="facility_chooser_search")]


@hooks.register("construct_homepage_panels")
def add_office_panel(request, panels):
    from .panels import panel_for

    panel = panel_for(request.user)
    if panel is not None:
        panels.append(panel)


@hooks.register("register_admin_viewset")
def register_facility_chooser():
    from .admin_choosers import facility_chooser_viewset

    return facility_chooser_viewset


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def land_on_the_office_after_publishing(request, page):
    """Wagtail sends an editor who publishes (or submits for approval) back to the parent's
    listing. Office staff cannot see the directory there (it showed 「ページ 0 件」): they
    land back on the page they published, with Wagtail's message and its link to the page."""
    from django.shortcuts import redirect

    sent = ("action-publish", "action-submit")  # published, or sent for approval
    if request.method != "POST" or not any(action in request.POST for action in sent):
        return None
    parent = page.get_parent()
    if parent is None or parent.permissions_for_user(request.user).can_edit():
        return None
    return redirect("wagtailadmin_pages:edit", page.pk)


@hooks.register("before_delete_page")
@hooks.register("before_unpublish_page")
def an_office_stays_in_the_directory(request, page):
    """An office's staff may edit and publish their page, and delete or unpublish their own
    news, but not take the office itself out of the directory (Wagtail lets whoever edits a
    page delete it): that is the operator's decision, asked for through the desk."""
    from django.contrib import messages
    from django.shortcuts import redirect

    parent = page.get_parent()
    if not isinstance(page.specific, FacilityPage) or (
        parent is not None and parent.permissions_for_user(request.user).can_edit()
    ):
        return None
    messages.error(
        request,
        "事業所のページを削除したり非公開にしたりすることは、運営者だけができます。"
        "掲載をやめたいときは、サイトの相談窓口にご連絡ください。",
    )
    return redirect("wagtailadmin_pages:edit", page.pk)
