"""Writing many facility pages at once: a few statements per thousand pages.

Used by the open data import and the synthetic generator. Pages made here are live and have
no revisions (as if created by an import); editing one in the admin creates its first
revision as usual, and Wagtail's editor reads a page without unpublished changes from the
live row, so later imports are seen there too.
"""

import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import timezone

from wagtail.models import Locale, Page

from ..models import FacilityHours, FacilityPage


def insert_rows(model, objects):
    """INSERT the model's own columns for `objects` (bulk_create refuses child models)."""
    fields = model._meta.local_concrete_fields
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    table = connection.ops.quote_name(model._meta.db_table)
    rows = [
        [f.get_db_prep_save(getattr(obj, f.attname), connection) for f in fields] for obj in objects
    ]
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", rows)  # noqa: S608


def insert_pages(directory, pages):
    """Insert unsaved FacilityPage objects as live children of `directory`, in order.

    Call inside a transaction; call `count_children(directory)` when all are in.
    """
    content_type = ContentType.objects.get_for_model(FacilityPage)
    locale = Locale.get_default()
    now = timezone.now()
    last_child = directory.get_last_child()
    step = int(last_child.path[-Page.steplen :], 36) if last_child else 0
    for page in pages:
        step += 1
        page.path = Page._get_path(directory.path, directory.depth + 1, step)
        page.depth = directory.depth + 1
        page.numchild = 0
        page.url_path = f"{directory.url_path}{page.slug}/"
        page.draft_title = page.title
        page.content_type = content_type
        page.locale = locale
        page.translation_key = uuid.uuid4()
        page.live = True
        page.has_unpublished_changes = False
        page.first_published_at = page.last_published_at = now
    Page.objects.bulk_create(pages)
    for page in pages:
        page.page_ptr_id = page.id
    insert_rows(FacilityPage, pages)


def chunks(pks, size=900):
    """Keep `pk IN (…)` lists under SQLite's limit on query parameters."""
    return (pks[i : i + size] for i in range(0, len(pks), size))


def count_children(directory):
    Page.objects.filter(pk=directory.pk).update(numchild=directory.get_children().count())


def replace_hours(hours_by_page):
    """Set each page's opening hours: {page pk: [(day type, opens, closes), …]}."""
    for chunk in chunks(list(hours_by_page)):
        FacilityHours.objects.filter(page_id__in=chunk).delete()
    FacilityHours.objects.bulk_create(
        FacilityHours(page_id=pk, day_type=day, opens_at=opens, closes_at=closes, sort_order=i)
        for pk, hours in hours_by_page.items()
        for i, (day, opens, closes) in enumerate(hours)
    )
