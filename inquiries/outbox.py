"""Sending the stored mails, with retries and growing pauses; nothing is lost when SMTP fails.

`send_outbox` (cron, every minute) and the request that stored an inquiry (right after its
transaction commits, in a background thread) both call `send_due`.
"""

import logging
import threading
import time
from datetime import timedelta

from django.conf import settings
from django.core import mail
from django.db import close_old_connections, transaction
from django.db.models import Q
from django.utils import timezone

from .models import OutboxMessage

logger = logging.getLogger(__name__)
# Seconds to wait after the 1st, 2nd, … failure; the last pause repeats until it goes.
BACKOFF = [60, 5 * 60, 15 * 60, 60 * 60, 4 * 60 * 60, 12 * 60 * 60]
# How long a sender may hold a mail: longer than one SMTP attempt can take.
CLAIM = timedelta(minutes=10)
# Mails that carry a secret (a one-time link that sets a password or confirms an address):
# their body is erased once sent, so that nobody who reads the outbox can use the link.
PASSWORD_RESET = "password_reset"  # noqa: S105 (a mail purpose, not a password)
CLAIM_INVITATION = "claim_invitation"
EMAIL_CHANGE = "email_change"
SECRET_PURPOSES = {PASSWORD_RESET, CLAIM_INVITATION, EMAIL_CHANGE}
ERASED = "（送信後に消去しました。一度だけ使えるリンクを含んでいたためです。）"


def pause_after(attempts):
    return timedelta(seconds=BACKOFF[min(attempts, len(BACKOFF)) - 1])


def due(now=None):
    now = now or timezone.now()
    return OutboxMessage.objects.filter(sent_at__isnull=True, next_attempt_at__lte=now)


def claim(message, now):
    """Hold `message` for this sender; False when another sender holds it or has sent it.

    One conditional UPDATE: the database lets only one of several senders match the row,
    on SQLite and PostgreSQL alike. A sender that dies leaves a claim that runs out.
    """
    return bool(
        OutboxMessage.objects.filter(pk=message.pk, sent_at__isnull=True)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .update(claimed_until=now + CLAIM)
    )


def send_due(now=None, ids=None, limit=200, seconds=None):
    """Send what is due (or only `ids`), each mail once however many senders run; returns
    (sent, failed). With `seconds`, stops taking new mails after that long."""
    now = now or timezone.now()
    started = time.monotonic()
    messages = due(now).order_by("next_attempt_at", "pk")
    if ids is not None:
        messages = messages.filter(pk__in=ids)
    sent = failed = 0
    connection = None
    for message in list(messages[:limit]):
        if seconds is not None and time.monotonic() - started > seconds:
            break
        if not claim(message, now):
            continue
        try:
            connection = connection or mail.get_connection()
            mail.EmailMessage(
                subject=message.subject,
                body=message.body,
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[message.to],
                connection=connection,
            ).send()
        except Exception as error:  # SMTP errors, refused connections, timeouts, bad data
            failed += 1
            message.attempts += 1
            message.last_error = f"{type(error).__name__}: {error}"[:2000]
            message.next_attempt_at = now + pause_after(message.attempts)
            message.claimed_until = None
            message.save(
                update_fields=["attempts", "last_error", "next_attempt_at", "claimed_until"]
            )
            # The mail's id, never its address: logs are kept longer than inquiries.
            logger.warning("Mail %s failed: %s", message.pk, type(error).__name__)
            connection = None  # a broken connection is not reused
        else:
            sent += 1
            message.sent_at = timezone.now()
            message.claimed_until = None
            if message.purpose in SECRET_PURPOSES:
                message.body = ERASED
            message.save(update_fields=["sent_at", "claimed_until", "body"])
    return sent, failed


def send_soon(ids):
    """After the current transaction commits, try these mails at once in the background."""
    if not ids or not getattr(settings, "INQUIRY_SEND_AT_ONCE", True):
        return

    def run():
        try:
            send_due(ids=ids)
        except Exception:
            logger.exception("Sending mails %s failed; send_outbox will retry", ids)
        finally:
            close_old_connections()

    transaction.on_commit(lambda: threading.Thread(target=run, daemon=True).start())
