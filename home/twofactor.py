"""The admin's second factor: a TOTP app (django-otp) with one-time recovery codes.

Every account that signs in to the admin needs it (the inbox holds health details, and an
editor's account can be given an office's inquiries at any time). Only the demo account that
`make run` creates under the development settings may skip it, so that the two-command demo
stays two commands; production settings never allow that (see settings/production.py).
"""

import unicodedata
from base64 import b32encode
from dataclasses import dataclass

from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from django.conf import settings
from django.db import transaction

RECOVERY_CODES = 10
APP_DEVICE_NAME = "認証アプリ"
RECOVERY_DEVICE_NAME = "予備コード"


def required_for(user):
    if not (user.is_authenticated and user.is_active):
        return False
    if not getattr(settings, "TWO_FACTOR_REQUIRED", True):
        return False
    skip = getattr(settings, "TWO_FACTOR_SKIP_FOR", ())
    return user.get_username() not in skip


def app_device(user):
    """The user's confirmed authenticator app, if they have set one up."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def is_set_up(user):
    return app_device(user) is not None


def pending_device(user):
    """The app being set up: one unconfirmed device, kept while the person types the code, so
    reloading the page shows the same key."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)


def readable_key(device):
    """The secret as a person types it into an app: base32 in groups of four."""
    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def normalise(code):
    """What a person typed, as the devices compare it: full-width digits from a Japanese IME
    made ASCII, spaces and hyphens dropped, letters in lower case."""
    code = unicodedata.normalize("NFKC", code or "")
    return "".join(c for c in code if c not in " -\u3000").lower()


@dataclass
class Check:
    device: object | None  # the device that accepted the code
    wait_seconds: int = 0  # > 0: too many wrong codes; the person must wait this long


def _throttled(device):
    allowed, data = device.verify_is_allowed()
    if allowed:
        return 0
    until = (data or {}).get("locked_until")
    if until is None:
        return 1
    from django.utils import timezone

    return max(1, int((until - timezone.now()).total_seconds()) + 1)


def confirm(device, code):
    """Finish setting up the app with its current code; the result names the device once it
    is confirmed (or how long to wait after wrong codes)."""
    code = normalise(code)
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        wait = _throttled(device)
        if wait:
            return Check(None, wait)
        if not (code.isdigit() and device.verify_token(code)):
            return Check(None)
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        # One app per account: a new one replaces the old.
        TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    return Check(device)


def check(user, code):
    """Sign-in's second step: a code from the app, or one of the recovery codes (used up).

    One code verifies one session: the devices are read again inside the transaction with a
    row lock, so the app's last-used time step and the recovery code's deletion are decided
    by one request at a time (PostgreSQL: the rows are locked; SQLite: transactions are
    immediate, one writer at a time). A second request with the same code waits, then sees
    the code used."""
    code = normalise(code)
    with transaction.atomic():
        devices = []
        if code.isdigit():
            devices += TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True)[:1]
        devices += StaticDevice.objects.select_for_update().filter(user=user, confirmed=True)
        if not devices:
            return Check(None)
        for device in devices:
            wait = _throttled(device)
            if wait:
                return Check(None, wait)
        for device in devices:
            if device.verify_token(code):
                return Check(device)
    return Check(None)  # a wrong code; the next try waits (devices count the failures)


def new_recovery_codes(user):
    """Replace the user's recovery codes with fresh ones and return them (shown once)."""
    with transaction.atomic():
        device, _ = StaticDevice.objects.get_or_create(
            user=user, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
        )
        device.token_set.all().delete()
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
        StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return codes


def recovery_codes_left(user):
    return StaticToken.objects.filter(device__user=user).count()


def reset(user):
    """Remove the user's second factor (the operator does this when a phone is lost): the
    person sets it up again at their next sign-in."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
