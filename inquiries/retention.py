"""Keeping inquiries no longer than needed: anonymised a set time after they are closed, or,
if nobody ever closes them, a longer set time after they came in."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from wagtail.log_actions import log

from .models import CLOSED_STATUSES, Inquiry

ANONYMOUS = "（削除済み）"
PERSONAL_TEXT = [
    "name_kana",
    "person_name",
    "organisation",
    "role",
    "email",
    "phone",
    "contact_times",
    "certificate",
    "wishes",
    "support_needs",
    "message",
    "status_reason",
    "review_reason",
    "handover_note",
]


def expired(now=None, days=None, open_days=None):
    now = now or timezone.now()
    days = settings.INQUIRY_RETENTION_DAYS if days is None else days
    open_days = settings.INQUIRY_OPEN_RETENTION_DAYS if open_days is None else open_days
    closed_long_ago = Q(status__in=CLOSED_STATUSES, closed_at__lt=now - timedelta(days=days))
    never_closed = ~Q(status__in=CLOSED_STATUSES) & Q(created_at__lt=now - timedelta(open_days))
    return Inquiry.objects.filter(closed_long_ago | never_closed, anonymised_at__isnull=True)


@transaction.atomic
def anonymise(inquiries, now=None):
    """Blank what identifies the person; keep the reference, kind, office and dates."""
    now = now or timezone.now()
    count = 0
    for inquiry in inquiries.select_for_update():
        inquiry.name = ANONYMOUS
        for name in PERSONAL_TEXT:
            setattr(inquiry, name, "")
        inquiry.preferred_dates = []
        inquiry.anonymised_at = now
        inquiry.save()
        inquiry.notes.all().delete()
        inquiry.mails.update(
            to="deleted@invalid", body="", subject=f"（削除済み）{inquiry.reference}"
        )
        log(inquiry, "inquiries.anonymise", data={"reference": inquiry.reference})
        count += 1
    return count
