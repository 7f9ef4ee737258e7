"""Sending the stored mails, with retries and growing pauses; nothing is lost when SMTP fails.

Only `manage.py send_outbox` sends: `--watch` keeps one sender running (woken by `send_soon`
on PostgreSQL, looking every OUTBOX_POLL_SECONDS anyway), or cron runs it once a minute.
Web workers never send: a restart or a killed worker would stop a mail half-way.

Each mail is claimed before it is sent and recorded after; it carries its own Message-ID on
every attempt. A sender that dies between handing a mail to the SMTP server and recording it
leaves a claim that runs out (OUTBOX_CLAIM_SECONDS); the mail is then sent again with the same
Message-ID, counted on its row (`interrupted`) and logged. So a mail reaches the server once,
or once more for each sender that died holding it; a sender asked to stop (SIGTERM, Ctrl-C)
finishes and records the mail in hand first.
"""

import contextlib
import logging
import time
from datetime import timedelta

from django.conf import settings
from django.core import mail
from django.db import DatabaseError, close_old_connections, connection, connections, transaction
from django.db.models import F, Min
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from .models import OutboxMessage

logger = logging.getLogger(__name__)
# Seconds to wait after the 1st, 2nd, … failure; the last pause repeats until it goes.
BACKOFF = [60, 5 * 60, 15 * 60, 60 * 60, 4 * 60 * 60, 12 * 60 * 60]
# Mails that carry a secret (a one-time link that sets a password or confirms an address):
# their body is erased once sent, so that nobody who reads the outbox can use the link.
PASSWORD_RESET = "password_reset"  # noqa: S105 (a mail purpose, not a password)
CLAIM_INVITATION = "claim_invitation"
EMAIL_CHANGE = "email_change"
SECRET_PURPOSES = {PASSWORD_RESET, CLAIM_INVITATION, EMAIL_CHANGE}
ERASED = "（送信後に消去しました。一度だけ使えるリンクを含んでいたためです。）"
# The PostgreSQL notification channel `send_soon` wakes the watching sender on.
CHANNEL = "inquiries_outbox"
# How often a waiting sender looks whether it was asked to stop.
STOP_CHECK_SECONDS = 0.2


def pause_after(attempts):
    return timedelta(seconds=BACKOFF[min(attempts, len(BACKOFF)) - 1])


def claim_time():
    """How long a sender may hold a mail: longer than one SMTP attempt can take."""
    return timedelta(seconds=settings.OUTBOX_CLAIM_SECONDS)


def due(now=None):
    now = now or timezone.now()
    return OutboxMessage.objects.filter(sent_at__isnull=True, next_attempt_at__lte=now)


def claim(message, now):
    """Hold `message` for this sender; False when another sender holds it or has sent it.

    Conditional UPDATEs: the database lets only one of several senders match the row, on
    SQLite and PostgreSQL alike. A claim that ran out belonged to a sender that died before
    it recorded a result: taking it over counts the interruption on the row.
    """
    unsent = OutboxMessage.objects.filter(pk=message.pk, sent_at__isnull=True)
    until = now + claim_time()
    if unsent.filter(claimed_until__isnull=True).update(claimed_until=until):
        return True
    if unsent.filter(claimed_until__lt=now).update(
        claimed_until=until, interrupted=F("interrupted") + 1
    ):
        # The mail's id, never its address: logs are kept longer than inquiries.
        logger.warning(
            "Mail %s: its last send was interrupted with no result recorded; sending it "
            "again with the same Message-ID",
            message.pk,
        )
        return True
    return False


def email(message, connection=None):
    """The mail as it goes out, the same on every attempt (its Message-ID included)."""
    return mail.EmailMessage(
        subject=message.subject,
        body=message.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.to],
        headers={"Message-ID": message.message_id},
        connection=connection,
    )


def send_due(now=None, ids=None, limit=200, seconds=None, stop=None):
    """Send what is due (or only `ids`), each mail once however many senders run; returns
    (sent, failed). With `seconds`, stops taking new mails after that long; with `stop`, as
    soon as `stop()` is true (the mail in hand is finished and recorded first)."""
    clock = (lambda: now) if now else timezone.now
    started = time.monotonic()
    messages = due(clock()).order_by("next_attempt_at", "pk")
    if ids is not None:
        messages = messages.filter(pk__in=ids)
    sent = failed = 0
    smtp = None
    for message in list(messages[:limit]):
        if seconds is not None and time.monotonic() - started > seconds:
            break
        if stop is not None and stop():
            break
        if not claim(message, clock()):
            continue
        try:
            smtp = smtp or mail.get_connection()
            email(message, smtp).send()
        except Exception as error:  # SMTP errors, refused connections, timeouts, bad data
            failed += 1
            message.attempts += 1
            message.last_error = f"{type(error).__name__}: {error}"[:2000]
            message.next_attempt_at = clock() + pause_after(message.attempts)
            message.claimed_until = None
            message.save(
                update_fields=["attempts", "last_error", "next_attempt_at", "claimed_until"]
            )
            # The mail's id, never its address: logs are kept longer than inquiries.
            logger.warning("Mail %s failed: %s", message.pk, type(error).__name__)
            smtp = None  # a broken connection is not reused
        else:
            sent += 1
            message.sent_at = timezone.now()
            message.claimed_until = None
            if message.purpose in SECRET_PURPOSES:
                message.body = ERASED
            message.save(update_fields=["sent_at", "claimed_until", "body"])
    return sent, failed


def seconds_to_next(now=None):
    """Seconds until the next unsent mail can be taken (its pause, or another sender's claim,
    runs out; 0 if one can be now), or None when nothing waits."""
    now = now or timezone.now()
    free_at = Greatest("next_attempt_at", Coalesce("claimed_until", "next_attempt_at"))
    earliest = OutboxMessage.objects.filter(sent_at__isnull=True).aggregate(at=Min(free_at))["at"]
    return None if earliest is None else max(0.0, (earliest - now).total_seconds())


def send_soon(ids):
    """Wake the watching sender once the current transaction commits. Cheap: no thread, no
    SMTP here. PostgreSQL: a NOTIFY after the commit; SQLite has no notifications, and the
    sender finds the mails at its next look (OUTBOX_POLL_SECONDS)."""
    if ids and connection.vendor == "postgresql":
        transaction.on_commit(_notify)


def _notify():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_notify(%s, '')", [CHANNEL])
    except DatabaseError:
        # The mails are stored; the sender's next look finds them.
        logger.warning("Could not wake the mail sender; it looks again within seconds")


class Listener:
    """What a watching sender waits on: `send_soon`'s notifications (PostgreSQL, on a
    connection of its own), or just the poll interval (SQLite)."""

    def __init__(self):
        self.connection = None

    def start(self):
        """Listen (again, after a lost connection) before looking for mail, so that nothing
        committed while the sender looks goes unnoticed."""
        if self.connection is not None or connection.vendor != "postgresql":
            return
        try:
            self.connection = connections.create_connection("default")
            self.connection.ensure_connection()
            self.connection.connection.execute(f"LISTEN {CHANNEL}")
        except DatabaseError:
            self.close()
            logger.warning("Cannot listen for new mail; looking every few seconds instead")

    def wait(self, seconds, stop):
        """Until a notification comes (True), `seconds` pass or `stop()` is true (False)."""
        deadline = time.monotonic() + seconds
        while not stop():
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            step = min(left, STOP_CHECK_SECONDS)
            if self.connection is None:
                time.sleep(step)
                continue
            try:
                if any(True for _ in self.connection.connection.notifies(timeout=step)):
                    return True
            except Exception:  # the database went away: fall back to sleeping, listen again
                self.close()
        return False

    def close(self):
        if self.connection is not None:
            with contextlib.suppress(Exception):  # it is being thrown away
                self.connection.close()
            self.connection = None


def watch(stop, poll_seconds=None, report=None):
    """Send what is due, then wait for new mail, until `stop()` is true.

    It waits `poll_seconds` (OUTBOX_POLL_SECONDS) at most, less when a failed mail's pause or
    a dead sender's claim runs out sooner, and on PostgreSQL until `send_soon` wakes it. A
    mail being sent when `stop()` becomes true is finished and recorded before this returns.
    `report(sent, failed)` is called after each round that did something.
    """
    poll = settings.OUTBOX_POLL_SECONDS if poll_seconds is None else poll_seconds
    listener = Listener()
    try:
        while not stop():
            listener.start()
            try:
                sent, failed = send_due(stop=stop)
                if sent or failed:
                    if report:
                        report(sent, failed)
                    continue  # a round takes at most `limit` mails: more may be due
                wait = seconds_to_next()
            except DatabaseError:
                # The database restarted or is out of reach: a fresh connection next round.
                logger.exception("Looking for mail failed; trying again shortly")
                close_old_connections()
                wait = None
            wait = poll if wait is None else min(poll, max(wait, STOP_CHECK_SECONDS))
            listener.wait(wait, stop)
    finally:
        listener.close()
