"""schema.org JSON-LD for a facility page, so search engines read the facts correctly."""

from .choices import DayType

SCHEMA_DAYS = {
    DayType.WEEKDAY: ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"],
    DayType.SATURDAY: ["Saturday"],
    DayType.SUNDAY: ["Sunday"],
    DayType.HOLIDAY: ["PublicHolidays"],
}


def facility_data(page, url):
    data = {
        "@context": "https://schema.org",
        "@type": "LocalBusiness",
        "name": page.title,
        "url": url,
        "address": {
            "@type": "PostalAddress",
            "addressCountry": "JP",
            "addressRegion": page.prefecture_name,
            "addressLocality": page.city,
            "streetAddress": page.address_rest,
            "postalCode": page.postal_code,
        },
    }
    if page.name_kana:
        data["alternateName"] = page.name_kana
    if page.phone:
        data["telephone"] = page.phone
    if page.fax:
        data["faxNumber"] = page.fax
    if page.email:
        data["email"] = page.email
    if page.website:
        data["sameAs"] = page.website
    if page.has_coordinates:
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(page.latitude),
            "longitude": float(page.longitude),
        }
    if page.corporation_name:
        organization = {"@type": "Organization", "name": page.corporation_name}
        if page.corporation_number:
            organization["identifier"] = page.corporation_number
        data["parentOrganization"] = organization
    hours = [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": SCHEMA_DAYS[h.day_type],
            "opens": h.opens_at.strftime("%H:%M"),
            "closes": h.closes_at.strftime("%H:%M"),
        }
        for h in page.hours.all()
        if h.opens_at and h.closes_at and h.day_type in SCHEMA_DAYS
    ]
    if hours:
        data["openingHoursSpecification"] = hours
    return {key: value for key, value in data.items() if value not in ("", None)}
