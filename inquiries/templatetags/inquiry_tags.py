from urllib.parse import urlencode

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def inquiry_url(context, contact, kind, facility=None):
    """The contact page's form for this kind of inquiry, with the office already chosen."""
    params = ([("facility", facility.pk)] if facility else []) + [("kind", kind)]
    return f"{contact.get_url(context.get('request'))}?{urlencode(params)}"


@register.simple_tag(takes_context=True)
def inquiry_recipient(context, facility, kind):
    """Who answers this kind of inquiry about `facility`: its staff, or the operator's desk."""
    from home.models import SiteSettings

    from ..routing import recipient

    return recipient(facility, kind, SiteSettings.for_request(context["request"]))
