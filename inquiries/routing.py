"""Who receives an inquiry: the facility's routes for its kind, else the site-wide fallback."""

from django.conf import settings


def fallback_address(site_settings):
    if site_settings is not None:
        address = site_settings.inquiry_fallback_email or site_settings.contact_email
        if address:
            return address
    return settings.SERVER_EMAIL


def recipients(inquiry, site_settings):
    """Staff addresses for this inquiry, never empty, without repeats."""
    found = []
    if inquiry.facility is not None:
        for route in inquiry.facility.inquiry_routes.all():
            if route.receives(inquiry.kind) and route.email.lower() not in map(str.lower, found):
                found.append(route.email)
    return found or [fallback_address(site_settings)]
