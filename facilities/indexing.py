"""Keeps the keyword index (and so the directory's catalogue) in step with the pages.

Publishing, unpublishing, moving or deleting a facility, and renaming or deleting a term
staff pick from, re-index the facilities concerned once the transaction commits, so a
rolled-back change never reaches the index.
"""

import logging
import threading

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete

from wagtail.signals import page_published, page_unpublished, post_page_move

from . import search
from .models import FacilityPage, Qualification, Support, TargetDisability, WorkType
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


def rebuild():
    """Index every live facility from scratch; returns how many were indexed."""
    documents = [document(record) for record in load()]
    search.rebuild(documents)
    return len(documents)


_pending = threading.local()


def _later(pks):
    """Re-index these pages once the transaction commits, together with any others.

    Publishing many pages in one transaction (load_demo, an import) then writes the index
    once. If the transaction rolls back, the ids stay pending and are simply re-read from
    the database with the next batch, which finds them as they really are.
    """
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
