"""How long an admin session lasts, and how often a password-reset mail may be asked for.

Sign-in failures themselves are counted by django-axes (settings: AXES_*): after
AXES_FAILURE_LIMIT wrong passwords for one account, or from one address, that account or
address waits AXES_COOLOFF_TIME, even with the right password.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from . import clients

SIGNED_IN_AT = "admin_signed_in_at"
SEEN_AT = "admin_seen_at"
# How often the last-seen time is written back (not on every request).
SEEN_RESOLUTION = 60
_RESET_LOCK = 461_103


def idle_limit():
    return timedelta(minutes=settings.ADMIN_IDLE_MINUTES)


def max_age():
    return timedelta(hours=settings.ADMIN_SESSION_HOURS)


def start(session, now=None):
    """Called at sign-in: the session's clock starts."""
    stamp = (now or timezone.now()).timestamp()
    session[SIGNED_IN_AT] = session[SEEN_AT] = stamp


def expired(session, now=None):
    """Why this admin session is over ("idle" or "age"), or None while it is live. A session
    from before these clocks existed starts them now."""
    now = (now or timezone.now()).timestamp()
    signed_in, seen = session.get(SIGNED_IN_AT), session.get(SEEN_AT)
    if signed_in is None or seen is None:
        start(session, timezone.now())
        return None
    if now - signed_in > max_age().total_seconds():
        return "age"
    if now - seen > idle_limit().total_seconds():
        return "idle"
    if now - seen > SEEN_RESOLUTION:
        session[SEEN_AT] = now
    return None


def may_send_reset(request, email, now=None):
    """Record a password-reset request; True when its mail may be sent.

    At most PASSWORD_RESET_LIMIT mails per account (email) and PASSWORD_RESET_ADDRESS_LIMIT
    requests per client address in PASSWORD_RESET_WINDOW seconds. Over the limit, nothing is
    sent and the page looks the same, so the form tells nobody which addresses have accounts.
    """
    from .models import PasswordResetRequest

    now = now or timezone.now()
    since = now - timedelta(seconds=settings.PASSWORD_RESET_WINDOW)
    client = clients.client_key(request)
    email_key = clients.keyed(f"reset:{(email or '').strip().lower()}")
    with transaction.atomic():
        clients.hold_the_count(_RESET_LOCK)
        recent = PasswordResetRequest.objects.filter(created_at__gte=since)
        allowed = (
            recent.filter(client_key=client).count() < settings.PASSWORD_RESET_ADDRESS_LIMIT
            and recent.filter(email_key=email_key, sent=True).count()
            < settings.PASSWORD_RESET_LIMIT
        )
        PasswordResetRequest.objects.create(client_key=client, email_key=email_key, sent=allowed)
        # Counted requests are kept only as long as they count.
        PasswordResetRequest.objects.filter(created_at__lt=since).delete()
    return allowed
