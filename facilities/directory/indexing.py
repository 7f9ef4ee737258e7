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

from ..models import (
    FacilityChange,
    FacilityPage,
    Qualification,
    Support,
    TargetDisability,
    WorkType,
)
from . import search
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
    """In the current transaction: these facilities' search entries are out of date.
    Returns the change ids (PostgreSQL and SQLite both give them back)."""
    rows = FacilityChange.objects.bulk_create(
        [FacilityChange(page_id=pk) for pk in set(pks)], batch_size=1000
    )
    return [row.pk for row in rows if row.pk is not None]


_checked = threading.local()
_sync_lock = threading.Lock()
_catching_up = threading.Event()
_catch_up_thread = None
# More changes than this (an import on another server) are taken in by a thread of their own,
# CHUNK at a time, while requests go on with the index as it is.
BACKGROUND_CHANGES = 200
CHUNK = 2000


def sync(now=None):
    """Bring this process's index up to the database: build it if there is none, take in the
    changes other processes recorded. Cheap when nothing changed (one indexed query, at
    most every SEARCH_SYNC_SECONDS), and a request never waits for another thread's sync."""
    now = time.monotonic() if now is None else now
    interval = getattr(settings, "SEARCH_SYNC_SECONDS", 2.0)
    if now - getattr(_checked, "at", -1e9) < interval and search.exists():
        return
    _checked.at = now
    if not search.exists() or _empty_but_facilities_exist():
        # Nothing to serve yet: requests wait for the first build rather than find nothing.
        with _sync_lock:
            _build_once()
        return
    if _catching_up.is_set() or not _sync_lock.acquire(blocking=False):
        return  # another thread is taking the changes in: search what is there meanwhile
    try:
        applied, latest = search.applied(), latest_change()
        if latest <= applied:
            return
        # Counted, not read off the ids: PostgreSQL's ids have gaps (a rolled-back import).
        waiting = FacilityChange.objects.filter(pk__gt=applied, pk__lte=latest)
        if waiting[BACKGROUND_CHANGES : BACKGROUND_CHANGES + 1].exists():
            global _catch_up_thread
            _catching_up.set()
            _catch_up_thread = threading.Thread(
                target=_catch_up, name="facility-index-catch-up", daemon=True
            )
            _catch_up_thread.start()
            return
        _take_in(applied, latest)
    finally:
        _sync_lock.release()


def _take_in(applied, latest):
    pks = set(
        FacilityChange.objects.filter(pk__gt=applied, pk__lte=latest).values_list(
            "page_id", flat=True
        )
    )
    reindex(pks)
    search.set_applied(latest)


def _catch_up():
    """Take in many changes, CHUNK at a time, each chunk's progress kept (APPLIED). One
    process per index folder does it: the others (gunicorn's other workers) search the same
    folder and see its writes."""
    from django.db import connection

    folder = search.root()
    try:
        with open(folder / "sync.lock", "w") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return
            try:
                while True:
                    applied, latest = search.applied(), latest_change()
                    if latest <= applied:
                        break
                    _take_in(applied, min(latest, applied + CHUNK))
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)
    except Exception:
        logger.exception("Could not take in the facility changes; the next search tries again.")
    finally:
        _catching_up.clear()
        connection.close()


def wait_for_catch_up(timeout=None):
    """Wait for this process's background catch-up, if one is running (tests, shutdown)."""
    thread = _catch_up_thread
    if thread is not None:
        thread.join(timeout)


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
    change_ids = record(pks)
    if not hasattr(_pending, "pks"):
        _pending.pks, _pending.change_ids = set(), []
    _pending.pks.update(pks)
    _pending.change_ids.extend(change_ids)
    transaction.on_commit(_flush)


def changed(pks):
    """What these facilities' pages show changed in the current transaction (an article
    featuring them was published, say): every server re-reads them and moves its generation
    on, which is what the facility pages' cached relations are keyed on."""
    _later(pks)


def _flush():
    pks = getattr(_pending, "pks", set())
    if not pks:
        return
    change_ids = _pending.change_ids
    _pending.pks, _pending.change_ids = set(), []
    if _reindex_safely(pks) and change_ids:
        _skip_own_changes(change_ids)


def _skip_own_changes(change_ids):
    """This process has just indexed these changes: its own next sync() need not do it again,
    unless changes from elsewhere lie between (then sync() takes all of them in)."""
    applied, top = search.applied(), max(change_ids)
    ours = sum(1 for pk in change_ids if applied < pk <= top)
    if ours and FacilityChange.objects.filter(pk__gt=applied, pk__lte=top).count() == ours:
        search.set_applied(top)


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
        return False
    return True


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
