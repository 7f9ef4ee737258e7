"""Keeps the keyword index (and so the directory's catalogue) in step with the pages.

The database is the only source of truth; the index is a cache of it that every server keeps
in a folder of its own. Publishing, unpublishing, moving or deleting a facility, renaming or
deleting a term staff pick from, and an import each write FacilityChange rows in their own
transaction. The process that made the change re-indexes those facilities once the
transaction commits; every other process (another worker, another server) finds the rows at
its next directory search (`sync()`) and re-indexes the same facilities. A rebuild is made
beside the live index and swapped in whole (search.rebuild).
"""

import fcntl
import logging
import threading
import time

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete

from wagtail.signals import page_published, page_unpublished, post_page_move

from . import search
from .models import (
    FacilityChange,
    FacilityPage,
    Qualification,
    Support,
    TargetDisability,
    WorkType,
)
from .records import document, load

logger = logging.getLogger(__name__)


def reindex(pks):
    """Bring the index up to date for these page ids: live ones updated, others removed."""
    pks = set(pks)
    if not pks:
        return
    records = load(FacilityPage.objects.live().filter(pk__in=pks))
    live = {record.pk for record in records}
    if records:
        search.update(document(record) for record in records)
    if pks - live:
        search.remove(pks - live)


def latest_change():
    return FacilityChange.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def rebuild():
    """Index every live facility, in a new build swapped in when complete; returns how many
    were indexed. Changes made meanwhile are taken in by the next `sync()`."""
    applied = latest_change()  # read first: whatever comes after is caught up later
    documents = [document(record) for record in load()]
    search.rebuild(documents, applied=applied)
    return len(documents)


def record(pks):
    """In the current transaction: these facilities' search entries are out of date."""
    FacilityChange.objects.bulk_create(
        [FacilityChange(page_id=pk) for pk in set(pks)], batch_size=1000
    )


_checked = threading.local()
_sync_lock = threading.Lock()


def sync(now=None):
    """Bring this process's index up to the database: build it if there is none, take in the
    changes other processes recorded. Cheap when nothing changed (one indexed query, at
    most every SEARCH_SYNC_SECONDS)."""
    now = time.monotonic() if now is None else now
    interval = getattr(settings, "SEARCH_SYNC_SECONDS", 2.0)
    if now - getattr(_checked, "at", -1e9) < interval and search.exists():
        return
    _checked.at = now
    with _sync_lock:
        if not search.exists() or _empty_but_facilities_exist():
            _build_once()
            return
        applied, latest = search.applied(), latest_change()
        if latest <= applied:
            return
        pks = set(
            FacilityChange.objects.filter(pk__gt=applied, pk__lte=latest).values_list(
                "page_id", flat=True
            )
        )
        reindex(pks)
        search.set_applied(latest)


def _empty_but_facilities_exist():
    return search.document_count() == 0 and FacilityPage.objects.live().exists()


def _build_once():
    """Build the index when this server has none; processes sharing the folder wait for the
    one that builds instead of each building their own."""
    folder = search.root()
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if not search.exists() or _empty_but_facilities_exist():
                rebuild()
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def prune(days=7):
    """Forget changes older than `days` (every running server has taken them in by then);
    the newest is kept, so the numbering never starts again."""
    from datetime import timedelta

    from django.utils import timezone

    latest = latest_change()
    old = FacilityChange.objects.filter(created_at__lt=timezone.now() - timedelta(days=days))
    return old.exclude(pk=latest).delete()[0]


_pending = threading.local()


def _later(pks):
    """Re-index these pages once the transaction commits, together with any others.

    Publishing many pages in one transaction (load_demo, an import) then writes the index
    once. If the transaction rolls back, the ids stay pending and are simply re-read from
    the database with the next batch, which finds them as they really are.
    """
    pks = set(pks)
    record(pks)
    if not hasattr(_pending, "pks"):
        _pending.pks = set()
    _pending.pks.update(pks)
    transaction.on_commit(_flush)


def _flush():
    pks = getattr(_pending, "pks", set())
    if not pks:
        return
    _pending.pks = set()
    _reindex_safely(pks)


def _reindex_safely(pks):
    """The page is saved by now; a failing index must not turn that into an error page."""
    try:
        reindex(pks)
    except Exception:
        logger.exception(
            "Could not update the facility keyword index for pages %s; "
            "run `manage.py rebuild_facility_index`.",
            pks,
        )


def _page_changed(sender, instance, **kwargs):
    _later([instance.pk])


def _term_changed(sender, instance, **kwargs):
    relation = {
        WorkType: "work_types",
        Support: "supports",
        TargetDisability: "target_disabilities",
        Qualification: "qualifications",
    }[sender]
    pks = FacilityPage.objects.filter(**{relation: instance}).values_list("pk", flat=True)
    _later(pks)


def connect():
    for signal in (page_published, page_unpublished):
        signal.connect(_page_changed, sender=FacilityPage, dispatch_uid=f"facilities-{signal}")
    post_delete.connect(_page_changed, sender=FacilityPage, dispatch_uid="facilities-delete")
    post_page_move.connect(_page_moved, dispatch_uid="facilities-move")
    for model in (WorkType, Support, TargetDisability, Qualification):
        post_save.connect(_term_changed, sender=model, dispatch_uid=f"facilities-{model}-save")
        # Before the delete, while the facilities using the term can still be found.
        pre_delete.connect(_term_changed, sender=model, dispatch_uid=f"facilities-{model}-del")


def _page_moved(sender, instance, **kwargs):
    pks = FacilityPage.objects.descendant_of(instance, inclusive=True).values_list("pk", flat=True)
    _later(pks)
