"""Who receives an inquiry: the facility's routes for its kind, else the site's desk.

Most offices in the directory come from the open data and have no address of their own here.
Their inquiries go to the site's desk (相談窓口), which contacts the office; every page and
mail about such an inquiry says so (`Recipient`), so nobody is told that the office itself
reads what they wrote. What the form promised is stored with the inquiry (`audience`) and
decides its mails and who reads it from then on, whatever the office's routing becomes.
"""

from dataclasses import dataclass

from django.conf import settings

from .models import Audience


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

    @property
    def audience(self):
        return Audience.DESK if self.desk else Audience.OFFICE


def recipient(facility, kind, site_settings, promised=None):
    """Who would read an inquiry of `kind` about `facility` sent now. A form that already
    promised the desk (`promised`, carried by its ticket) keeps that promise even if the
    office has been given an address since the form was shown."""
    desk = promised == Audience.DESK or not _routes(facility, kind)
    return _recipient(facility, desk, site_settings)


def recipient_for(inquiry, site_settings):
    """Who the writer was told reads `inquiry`: fixed when it was sent."""
    return _recipient(inquiry.facility, inquiry.audience == Audience.DESK, site_settings)


def _recipient(facility, desk, site_settings):
    office = facility.title if facility is not None else ""
    phone = facility.phone if facility is not None else ""
    return Recipient(desk, desk_name(site_settings) if desk else office, office, phone)


def _unique(addresses):
    found = []
    for address in addresses:
        if address.lower() not in map(str.lower, found):
            found.append(address)
    return found


def recipients(inquiry, site_settings):
    """Staff addresses for this inquiry, never empty, without repeats: the office's when it
    was sent to the office, else the desk's."""
    if inquiry.audience == Audience.OFFICE:
        found = _unique(route.email for route in _routes(inquiry.facility, inquiry.kind))
        if found:
            return found
    return [fallback_address(site_settings)]


def office_staff_addresses(inquiry):
    """Where to tell an office's staff that the desk handed them a request: the office's
    addresses for its kind, else its staff accounts' own."""
    found = _unique(route.email for route in _routes(inquiry.facility, inquiry.kind))
    if not found:
        found = _unique(
            access.user.email
            for access in inquiry.facility.inquiry_access.select_related("user")
            if access.user.is_active and access.user.email
        )
    return found
