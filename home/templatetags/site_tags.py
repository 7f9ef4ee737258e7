"""Tags for the parts every page shares: menus, breadcrumbs, the phone link."""

import re

from django import template

from wagtail.models import Page, Site

from home.models import NavigationSettings

register = template.Library()

HOME_CRUMB = "ホーム"


def _menu(context, related_name):
    request = context["request"]
    current = context.get("page")
    navigation = NavigationSettings.for_request(request)
    items = getattr(navigation, related_name).select_related("page").filter(page__live=True)
    links = []
    for item in items:
        target = item.page
        links.append(
            {
                "text": item.text,
                "url": target.get_url(request),
                "is_current": bool(current and current.pk == target.pk),
                # A section is highlighted while the reader is anywhere inside it.
                "in_section": bool(
                    current and target.depth > 2 and current.url_path.startswith(target.url_path)
                ),
            }
        )
    return {"links": links}


@register.inclusion_tag("includes/main_navigation.html", takes_context=True)
def main_navigation(context):
    return _menu(context, "header_items")


@register.inclusion_tag("includes/footer_links.html", takes_context=True)
def footer_links(context):
    return _menu(context, "footer_items")


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, current_title=None):
    """The trail from the home page to the current page.

    Pages pass nothing; views that are not pages (such as the 404 page) pass their title.
    A page's own sub-page (the comparison under the directory) sets `subpage_title`.
    """
    request = context["request"]
    page = context.get("page")
    site = Site.find_for_request(request)
    if site is None:
        return {"trail": []}
    home = site.root_page
    trail = []
    if isinstance(page, Page):
        if page.pk == home.pk:
            return {"trail": []}
        ancestors = page.get_ancestors().filter(depth__gt=home.depth)
        trail = [{"title": a.title, "url": a.get_url(request)} for a in ancestors]
        subpage_title = context.get("subpage_title")
        if subpage_title:
            trail.append({"title": page.title, "url": page.get_url(request)})
            trail.append({"title": subpage_title, "url": None})
        else:
            trail.append({"title": page.title, "url": None})
    elif current_title:
        trail = [{"title": current_title, "url": None}]
    else:
        return {"trail": []}
    # The home page's title is a headline; in the trail it is simply "home".
    return {"trail": [{"title": HOME_CRUMB, "url": home.get_url(request)}, *trail]}


@register.filter
def tel_href(phone):
    """Turn a displayed phone number into a tel: link target (digits and a leading +)."""
    digits = re.sub(r"[^\d+]", "", phone or "")
    return f"tel:{digits}" if digits else ""
