"""What staff do with an inquiry: change its status (with the audit entry and the mail to the
referring supporter, in one transaction) and add notes. Used by the edit form, the one-step
status form of the detail view and the status menu of the list."""

from django.db import transaction
from django.utils import timezone

from wagtail.log_actions import log

from . import notifications, outbox
from .models import CLOSED_STATUSES, InquiryNote, Status
from .notifications import mails_supporter

DECLINE_NEEDS_REASON = "見送りにするときは、理由を入力してください。"


class StatusError(ValueError):
    """A status change that cannot be made as asked; the message is for the person."""


def status_note(inquiry):
    """What staff are told before they change the status."""
    if mails_supporter(inquiry):
        return (
            f"状況を変えると、紹介した支援者（{inquiry.name} 様・{inquiry.email}）に"
            "新しい状況をメールでお知らせします。理由やメモは送られません。"
        )
    return "状況を変えても、申し込んだ方にメールは送られません。"


def change_status(inquiry, status, *, user, site_settings, reason=None, note=""):
    """Set the status; returns the ids of the mails written (sent soon after commit)."""
    if status not in Status.values:
        raise StatusError("状況を選んでください。")
    if reason is not None:
        inquiry.status_reason = reason.strip()
    if status == Status.DECLINED and not inquiry.status_reason:
        raise StatusError(DECLINE_NEEDS_REASON)
    previous = type(inquiry).objects.get(pk=inquiry.pk).status
    mail_ids = []
    with transaction.atomic():
        if status != previous:
            inquiry.status = status
            inquiry.closed_at = timezone.now() if status in CLOSED_STATUSES else None
        inquiry.save()
        if note.strip():
            InquiryNote.objects.create(inquiry=inquiry, author=user, text=note.strip())
        if status != previous:
            log(inquiry, "inquiries.status", user=user, data={"from": previous, "to": status})
            mail_ids = notifications.for_status_change(inquiry, site_settings)
    outbox.send_soon(mail_ids)
    return mail_ids
