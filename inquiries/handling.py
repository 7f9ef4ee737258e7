"""What staff do with an inquiry: change its status (with the audit entry and the mail to the
referring supporter, in one transaction) and add notes, used by the edit form, the one-step
status form of the detail view and the status menu of the list; and what the desk does with a
request it received for an office: hand it on to the office's staff."""

from django.db import transaction
from django.utils import timezone

from wagtail.log_actions import log

from . import notifications, outbox
from .models import CLOSED_STATUSES, Audience, InquiryAccess, InquiryNote, Status
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
    stored = type(inquiry).objects.get(pk=inquiry.pk)
    previous = stored.status
    mail_ids = []
    with transaction.atomic():
        if status != previous:
            inquiry.status = status
            inquiry.closed_at = timezone.now() if status in CLOSED_STATUSES else None
        inquiry.save()
        # Every change is in the inquiry's history: the note (its text stays on the note),
        # who is in charge, the status.
        if note.strip():
            InquiryNote.objects.create(inquiry=inquiry, author=user, text=note.strip())
            log(inquiry, "inquiries.note", user=user)
        if inquiry.assignee_id != stored.assignee_id:
            log(
                inquiry,
                "inquiries.assign",
                user=user,
                data={"from": stored.assignee_id, "to": inquiry.assignee_id},
            )
        if status != previous:
            log(inquiry, "inquiries.status", user=user, data={"from": previous, "to": status})
            mail_ids = notifications.for_status_change(inquiry, site_settings)
    outbox.send_soon(mail_ids)
    return mail_ids


class HandOnError(ValueError):
    """A hand-on that cannot be made; the message is for the operator."""


def may_hand_on(inquiry):
    """Why the desk cannot hand this request on to the office's staff, or "" when it can."""
    if inquiry.audience != Audience.DESK:
        return "この申し込みは、はじめから事業所の職員あてです。"
    if inquiry.handed_on_at is not None:
        return "この申し込みは、すでに事業所に引き継いであります。"
    if inquiry.facility is None:
        return "事業所が決まっていない申し込みです。"
    if not InquiryAccess.objects.filter(facility=inquiry.facility).exists():
        return (
            "この事業所には、このサイトで申し込みを読む職員がまだいません。"
            "電話などで事業所に取り次いでください。"
        )
    return ""


def hand_on(inquiry, *, user, note, health_shared, site_settings):
    """Let the office's staff read a request the desk received (its own audited step).

    What the person wrote about their health (HEALTH_FIELDS) stays with the desk unless they
    agreed to share it (`health_shared`, which the operator confirms they asked). Returns the
    ids of the mails to the office's staff (sent soon after commit)."""
    with transaction.atomic():
        inquiry = type(inquiry).objects.select_for_update().get(pk=inquiry.pk)
        why_not = may_hand_on(inquiry)
        if why_not:
            raise HandOnError(why_not)
        inquiry.handed_on_at = timezone.now()
        inquiry.handed_on_by = user
        inquiry.health_shared = bool(health_shared)
        inquiry.handover_note = note.strip()
        inquiry.save(
            update_fields=["handed_on_at", "handed_on_by", "health_shared", "handover_note"]
        )
        log(
            inquiry,
            "inquiries.hand_on",
            user=user,
            data={"facility": inquiry.facility_id, "health_shared": inquiry.health_shared},
        )
        mail_ids = notifications.for_hand_on(inquiry, site_settings)
    outbox.send_soon(mail_ids)
    return mail_ids
