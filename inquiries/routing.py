"""Who receives an inquiry: the facility's routes for its kind, else the site's desk.

Most offices in the directory come from the open data and have no address of their own here.
Their inquiries go to the site's desk (相談窓口), which contacts the office; every page and
mail about such an inquiry says so (`Recipient`), so nobody is told that the office itself
reads what they wrote.
"""

from dataclasses import dataclass

from django.conf import settings


def fallback_address(site_settings):
    if site_settings is not None:
        address = site_settings.inquiry_fallback_email or site_settings.contact_email
        if address:
            return address
    return settings.SERVER_EMAIL


def desk_name(site_settings):
    """「B型ナビの相談窓口（運営：…）」: the desk as visitors are told of it."""
    operator = site_settings.operator_name if site_settings is not None else ""
    return f"{settings.WAGTAIL_SITE_NAME}の相談窓口" + (f"（運営：{operator}）" if operator else "")


def _routes(facility, kind):
    if facility is None:
        return []
    return [route for route in facility.inquiry_routes.all() if route.receives(kind)]


@dataclass(frozen=True)
class Recipient:
    """Who reads an inquiry of one kind about one office (or none)."""

    desk: bool  # the site's desk, which passes the request on to the office
    name: str  # the office's name or the desk's
    office: str  # the office's name, "" when none was chosen
    office_phone: str  # the office's phone, for calling it directly

    @property
    def via_desk_to_office(self):
        return self.desk and bool(self.office)


def recipient(facility, kind, site_settings):
    office = facility.title if facility is not None else ""
    phone = facility.phone if facility is not None else ""
    if _routes(facility, kind):
        return Recipient(False, office, office, phone)
    return Recipient(True, desk_name(site_settings), office, phone)


def recipients(inquiry, site_settings):
    """Staff addresses for this inquiry, never empty, without repeats."""
    found = []
    for route in _routes(inquiry.facility, inquiry.kind):
        if route.email.lower() not in map(str.lower, found):
            found.append(route.email)
    return found or [fallback_address(site_settings)]
