"""Telling people from robots without shutting anyone out.

Nothing here rejects an inquiry: a honeypot filled in, a form sent faster than a person can
type, a low reCAPTCHA v3 score or an unreachable reCAPTCHA service each keep the inquiry,
marked for staff to review. Only the per-address rate limit refuses, with a message (429).
"""

import hashlib
import secrets
import time
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.utils import timezone

SALT = "inquiries.ticket"
MIN_SECONDS = 3  # nobody reads and fills the form faster
REQUIRED_SCORE = 0.5


@dataclass
class Ticket:
    """What the form carried from when it was shown: a one-time token and the time."""

    token: str
    issued_at: float | None  # None when the ticket was missing or tampered with


def new_ticket():
    return signing.dumps({"k": secrets.token_urlsafe(24), "t": time.time()}, salt=SALT)


def read_ticket(value):
    try:
        data = signing.loads(value or "", salt=SALT, max_age=7 * 24 * 3600)
        return Ticket(str(data["k"]), float(data["t"]))
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return Ticket(secrets.token_urlsafe(24), None)


def client_key(request):
    """A keyed hash of the address: enough to count, never the address itself."""
    address = request.META.get("REMOTE_ADDR", "")
    return hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:32]


def rate_limited(key, now=None):
    from .models import Inquiry

    now = now or timezone.now()
    limit = getattr(settings, "INQUIRY_RATE_LIMIT", 5)
    window = timedelta(seconds=getattr(settings, "INQUIRY_RATE_WINDOW", 3600))
    return Inquiry.objects.filter(client_key=key, created_at__gte=now - window).count() >= limit


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
