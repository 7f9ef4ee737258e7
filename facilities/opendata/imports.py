"""Creating and updating facility pages from the national open data (see wam.py for reading).

One page per office listing: an office number in several service files (a 多機能型 office)
gives one page per service, so the directory's service filter keeps B型 the default view, and
a satellite site (従たる事業所) with its own address gets its own page. A listing is found
again by its WAM number (NO) and service; a page staff made by hand is adopted when its
事業所番号 and service match exactly one listing.

Only official facts are written (OFFICIAL_FIELDS and the opening hours). The facts as last
imported are kept on the page (`source_facts`), so a re-import changes a fact only when the
file changed it: a correction typed in the admin survives until the national data changes,
and what staff wrote (introduction, work, 工賃, photos, …) is never touched. Everything
happens in one transaction: a file is imported whole or not at all.
"""

import calendar
import datetime
import re
from dataclasses import dataclass, field

from django.db import transaction

from ..choices import DayType
from ..directory import indexing
from ..models import FacilityPage
from . import bulk, estimates
from .wam import ATTRIBUTION

# Page field -> Row attribute.
OFFICIAL_FIELDS = {
    "title": "name",
    "name_kana": "name_kana",
    "office_number": "office_number",
    "service_type": "service_type",
    "corporation_name": "corporation_name",
    "corporation_kana": "corporation_kana",
    "corporation_number": "corporation_number",
    "prefecture": "prefecture",
    "city": "city",
    "address_rest": "address_rest",
    "phone": "phone",
    "fax": "fax",
    "website": "website",
    "latitude": "latitude",
    "longitude": "longitude",
    "closed_days": "closed_days",
    "hours_note": "hours_note",
    "capacity": "capacity",
}
HOURS = "hours"
_FILE_DATE = re.compile(r"(20\d{2})(0[1-9]|1[0-2])")


def date_from_filename(name):
    """The last day of the month a file is named for: wam_202503_045.csv → 2025-03-31."""
    match = _FILE_DATE.search(name)
    if not match:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def facts(row):
    """A row's official facts as JSON values: what `source_facts` stores and compares."""
    values = {}
    for page_field, attribute in OFFICIAL_FIELDS.items():
        value = getattr(row, attribute)
        values[page_field] = str(value) if value is not None and page_field in _DECIMALS else value
    values[HOURS] = [
        [day, opens.strftime("%H:%M"), closes.strftime("%H:%M")]
        for day, (opens, closes) in sorted(row.hours.items(), key=_day_order)
    ]
    return values


_DECIMALS = {"latitude", "longitude"}


def _day_order(item):
    return DayType.values.index(item[0])


@dataclass
class Summary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    flagged: int = 0  # newly missing from the file
    still_missing: int = 0
    rejected: int = 0
    flagged_pages: list = field(default_factory=list)  # (pk, title) of the newly flagged
    duplicates: list = field(default_factory=list)  # lines repeating an earlier listing

    @property
    def changed(self):
        return bool(self.created or self.updated or self.flagged)


def _key(source_id, service_type):
    return (source_id, service_type)


def _existing():
    """Imported pages by (NO, service as imported): (pk, facts, source date, missing since)."""
    rows = FacilityPage.objects.exclude(source_id="").values_list(
        "pk", "source_id", "service_type", "source_facts", "source_date", "source_missing_since"
    )
    return {
        _key(source_id, (stored or {}).get("service_type", service)): (pk, stored, date, missing)
        for pk, source_id, service, stored, date, missing in rows
    }


def _hand_made(rows):
    """Pages made by hand (no NO yet) that match exactly one listing by 事業所番号 and service."""
    listings = {}
    for row in rows:
        listings.setdefault((row.office_number, row.service_type), []).append(row)
    pages = {}
    for pk, number, service in FacilityPage.objects.filter(source_id="").values_list(
        "pk", "office_number", "service_type"
    ):
        pages.setdefault((number, service), []).append(pk)
    return {
        listed[0].listing_number: found[0]
        for key, found in pages.items()
        if len(found) == 1 and len(listed := listings.get(key, [])) == 1
    }


def _new_page(row, values, source_date):
    page = FacilityPage(
        slug=f"wam-{row.listing_number.lower()}-{row.service_type}",
        source_name=ATTRIBUTION,
        source_date=source_date,
        source_id=row.listing_number,
        source_facts=values,
    )
    for page_field, attribute in OFFICIAL_FIELDS.items():
        setattr(page, page_field, getattr(row, attribute))
    return page


def _hours(values):
    return [(day, opens, closes) for day, opens, closes in values[HOURS]]


@transaction.atomic
def apply(rows, directory, source_date, rejected=0, batch=1000, progress=None):
    """Bring the facility pages in line with one file's valid `rows`; returns a Summary."""
    summary = Summary(rejected=rejected)
    existing = _existing()
    adoptable = _hand_made(rows)
    service_types = {row.service_type for row in rows}
    seen, new_pages, changes, hours, confirmed, created = set(), [], {}, {}, [], []
    for done, row in enumerate(rows, 1):
        key = _key(row.listing_number, row.service_type)
        if key in seen:
            summary.duplicates.append(row.line)
            summary.rejected += 1
            continue
        seen.add(key)
        values = facts(row)
        if key in existing:
            pk, stored, date, missing = existing[key]
            changed = {f: v for f, v in values.items() if stored.get(f) != v}
            if changed or missing:
                changes[pk] = (changed, values, row)
                summary.updated += 1
            else:
                summary.unchanged += 1
                if date is None or date < source_date:
                    confirmed.append(pk)
        elif row.listing_number in adoptable:
            pk = adoptable[row.listing_number]
            changes[pk] = (None, values, row)
            summary.updated += 1
        else:
            new_pages.append(_new_page(row, values, source_date))
            summary.created += 1
        if len(new_pages) >= batch:
            created += _create(directory, new_pages, hours)
            new_pages = []
        if progress and (done % batch == 0 or done == len(rows)):
            progress(done, len(rows))
    created += _create(directory, new_pages, hours)
    _update(changes, source_date, hours)
    bulk.replace_hours(hours)
    estimates.refresh(
        [*created, *(pk for pk, (changed, _, _) in changes.items() if _moved(changed))]
    )
    _update_all(confirmed, source_date=source_date)
    _flag_missing(existing, seen, service_types, source_date, summary)
    # In this transaction: every server's keyword index takes these offices in (indexing.sync).
    indexing.record([*created, *changes, *(pk for pk, _ in summary.flagged_pages)])
    if summary.created:
        bulk.count_children(directory)
    return summary


def _create(directory, pages, hours):
    """Insert the new pages; returns their ids."""
    if not pages:
        return []
    bulk.insert_pages(directory, pages)
    for page in pages:
        if page.source_facts[HOURS]:
            hours[page.pk] = _hours(page.source_facts)
    return [page.pk for page in pages]


def _moved(changed):
    """Whether an update gives the office new coordinates (adopted pages may, too)."""
    return changed is None or "latitude" in changed or "longitude" in changed


def _update(changes, source_date, hours):
    """Write what the file changed; adopted hand-made pages get only their empty facts filled."""
    pages = FacilityPage.objects.in_bulk(list(changes))
    for pk, (changed, values, row) in changes.items():
        page = pages[pk]
        if changed is None:  # adopted: fill what staff left empty, keep what they wrote
            for page_field, attribute in OFFICIAL_FIELDS.items():
                if getattr(page, page_field) in ("", None):
                    setattr(page, page_field, getattr(row, attribute))
            if not page.hours.exists() and values[HOURS]:
                hours[pk] = _hours(values)
            page.source_id = row.listing_number
        else:
            for page_field in changed:
                if page_field in OFFICIAL_FIELDS:
                    setattr(page, page_field, getattr(row, OFFICIAL_FIELDS[page_field]))
            if HOURS in changed:
                hours[pk] = _hours(values)
        page.draft_title = page.title
        page.source_name = ATTRIBUTION
        page.source_date = source_date
        page.source_missing_since = None
        page.source_facts = values
    FacilityPage.objects.bulk_update(
        pages.values(),
        [
            *OFFICIAL_FIELDS,
            "draft_title",
            "source_id",
            "source_name",
            "source_date",
            "source_missing_since",
            "source_facts",
        ],
        batch_size=500,
    )


def _flag_missing(existing, seen, service_types, source_date, summary):
    """Mark imported listings of the file's services that a newer file no longer has."""
    newly = []
    for key, (pk, _facts, date, missing) in existing.items():
        if key in seen or key[1] not in service_types:
            continue
        if missing:
            summary.still_missing += 1
        elif date is None or date < source_date:
            newly.append(pk)
    _update_all(newly, source_missing_since=source_date)
    summary.flagged = len(newly)
    summary.flagged_pages = [
        (pk, title)
        for chunk in bulk.chunks(newly)
        for pk, title in FacilityPage.objects.filter(pk__in=chunk).values_list("pk", "title")
    ]


def _update_all(pks, **values):
    for chunk in bulk.chunks(pks):
        FacilityPage.objects.filter(pk__in=chunk).update(**values)
