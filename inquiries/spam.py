"""Telling people from robots without shutting anyone out.

Nothing here rejects an inquiry: a honeypot filled in, a form sent faster than a person can
type, a low reCAPTCHA v3 score or an unreachable reCAPTCHA service each keep the inquiry,
marked for staff to review. Only the per-address rate limit refuses, with a message (429).
"""

import secrets
import time
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.utils import timezone

from home import clients

SALT = "inquiries.ticket"
MIN_SECONDS = 3  # nobody reads and fills the form faster
REQUIRED_SCORE = 0.5


@dataclass
class Ticket:
    """What the form carried from when it was shown: a one-time token, the time, and who the
    form said would read it (an `Audience` value, "" when it said nothing)."""

    token: str
    issued_at: float | None  # None when the ticket was missing or tampered with
    promised: str = ""


def new_ticket(promised=""):
    data = {"k": secrets.token_urlsafe(24), "t": time.time()}
    if promised:
        data["a"] = str(promised)
    return signing.dumps(data, salt=SALT)


def read_ticket(value):
    try:
        data = signing.loads(value or "", salt=SALT, max_age=7 * 24 * 3600)
        return Ticket(str(data["k"]), float(data["t"]), str(data.get("a", "")))
    except (signing.BadSignature, KeyError, TypeError, ValueError, AttributeError):
        return Ticket(secrets.token_urlsafe(24), None)


def contact_key(email, phone):
    """The person's contact (their email, else their phone's digits), as a keyed hash."""
    contact = (email or "").strip().lower() or "".join(c for c in phone or "" if c.isdigit())
    return clients.keyed(f"contact:{contact}") if contact else ""


def rate_limited(client, contact, now=None):
    """Whether this contact, or this address, has sent its share within the window.

    One person (one email or phone) may send INQUIRY_RATE_LIMIT; one address, which a
    相談支援事業所's supporters may share, INQUIRY_ADDRESS_RATE_LIMIT. Call it inside the
    transaction that stores the inquiry, after `hold_the_count()`.
    """
    from .models import Inquiry

    now = now or timezone.now()
    window = timedelta(seconds=getattr(settings, "INQUIRY_RATE_WINDOW", 3600))
    recent = Inquiry.objects.filter(created_at__gte=now - window)
    per_contact = getattr(settings, "INQUIRY_RATE_LIMIT", 5)
    per_address = getattr(settings, "INQUIRY_ADDRESS_RATE_LIMIT", 30)
    return bool(
        (contact and recent.filter(contact_key=contact).count() >= per_contact)
        or (client and recent.filter(client_key=client).count() >= per_address)
    )


# Any fixed number: the PostgreSQL advisory lock that counting and storing inquiries share.
_COUNT_LOCK = 461_102


def hold_the_count():
    """Inside a transaction: no other request counts or stores an inquiry until it ends."""
    clients.hold_the_count(_COUNT_LOCK)


def recaptcha_enabled():
    return bool(settings.RECAPTCHA_PUBLIC_KEY and settings.RECAPTCHA_PRIVATE_KEY)


@dataclass
class Verdict:
    reasons: list = field(default_factory=list)

    @property
    def needs_review(self):
        return bool(self.reasons)


def check(ticket, honeypot, recaptcha_token, remote_ip, now=None):
    verdict = Verdict()
    now = now or time.time()
    if honeypot:
        verdict.reasons.append("隠し欄に入力がありました")
    if ticket.issued_at is None:
        verdict.reasons.append("フォームの情報が読み取れませんでした")
    elif now - ticket.issued_at < MIN_SECONDS:
        verdict.reasons.append(f"入力が速すぎました（{now - ticket.issued_at:.1f}秒）")
    if recaptcha_enabled():
        verdict.reasons.extend(_recaptcha(recaptcha_token, remote_ip))
    return verdict


def _recaptcha(token, remote_ip):
    from django_recaptcha import client

    if not token:
        return ["reCAPTCHAの結果がありませんでした"]
    try:
        answer = client.submit(
            recaptcha_response=token,
            private_key=settings.RECAPTCHA_PRIVATE_KEY,
            remoteip=remote_ip,
        )
    except Exception as error:  # the library raises on network errors (URLError, timeouts)
        return [f"reCAPTCHAに接続できませんでした（{type(error).__name__}）"]
    if not answer.is_valid:
        return ["reCAPTCHAの確認に失敗しました"]
    score = answer.extra_data.get("score")
    if score is not None and float(score) < REQUIRED_SCORE:
        return [f"reCAPTCHAのスコアが低めでした（{float(score):.1f}）"]
    return []
