"""Finding offices in the admin: the directory's Japanese search (names, kana, readings,
addresses, imported offices included) for the facility list and the facility chooser, with
the offices the staff member edits first."""

from django.db.models import Q

from wagtail.permission_policies.pages import PagePermissionPolicy

from .models import FacilityPage

LIMIT = 20


def matching(text, queryset=None):
    """The facilities `text` finds, as the directory finds them, or whose title contains
    every word of it (drafts are not in the keyword index)."""
    from .directory import indexing, search

    queryset = FacilityPage.objects.all() if queryset is None else queryset
    indexing.sync()
    found = [int(pk) for pk in search.search(text)]
    titles = Q()
    for term in text.split():
        titles &= Q(title__icontains=term)
    return queryset.filter(Q(pk__in=found) | titles)


def editable_by(user):
    """The facility pages this account may edit (none listed for those who edit all)."""
    if user.is_superuser:
        return FacilityPage.objects.none()
    pages = PagePermissionPolicy().instances_user_has_permission_for(user, "change")
    return FacilityPage.objects.filter(pk__in=pages.values("pk"))


def choices_for(user, text, limit=LIMIT):
    """What the chooser offers: the person's own offices first (all of them when nothing is
    typed), then the others the text finds, by name."""
    own = editable_by(user)
    if text.strip():
        own = matching(text, own)
        others = matching(text).exclude(pk__in=own.values("pk"))
    else:
        others = FacilityPage.objects.none()
    own_list = list(own.order_by("title")[:limit])
    rest = list(others.order_by("title")[: max(0, limit - len(own_list))])
    return [(page, True) for page in own_list] + [(page, False) for page in rest]


def describe(page):
    """「札幌市中央区・就労継続支援B型」: what tells two offices of the same name apart."""
    place = f"{page.prefecture_name}{page.city}"
    return "・".join(part for part in (place, page.get_service_type_display()) if part)
