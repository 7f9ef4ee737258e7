"""The directory's search form where it is not the directory page: the home page starts with
it, as a directory's front page does (area, station, work type, keyword; a plain GET form)."""

from django import template

from ..choices import PREFECTURE_CHOICES
from ..models import DirectoryPage, WorkType

register = template.Library()


@register.inclusion_tag("facilities/includes/directory_search_form.html", takes_context=True)
def directory_search_form(context):
    directory = DirectoryPage.objects.live().first()
    return {
        "directory_url": directory.get_url(context.get("request")) if directory else "",
        "prefectures": PREFECTURE_CHOICES,
        "work_types": WorkType.objects.order_by("sort_order", "name"),
    }
