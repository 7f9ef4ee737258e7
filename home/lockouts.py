"""Sign-in lockout that cannot be turned against the person whose account it is.

django-axes counts wrong passwords (one AccessAttempt row per account, address and browser)
and refuses a sign-in before the password is checked. On top of its counts:

- **The pair (account, address)** waits AXES_COOLOFF_TIME after AXES_FAILURE_LIMIT wrong
  passwords (SIGNIN_FAILURE_LIMIT): someone guessing hanako's password from one place stops
  there, and hanako elsewhere is not affected.
- **An address by itself** waits after SIGNIN_ADDRESS_FAILURE_LIMIT wrong passwords for any
  accounts: a higher limit, so one person's typos do not lock an office's shared address.
- **An account by itself** (failures summed over every address) is never locked. Past
  AXES_FAILURE_LIMIT failures, a browser that has not signed in to it before waits a delay
  that doubles with each further failure, up to SIGNIN_ACCOUNT_DELAY_MAX_SECONDS after the
  latest one. A browser that has (a signed "known device" cookie, set once the second factor
  is given; OWASP's device-cookie pattern) skips that delay and the address lock, so the
  real person signs in from their usual browser while someone elsewhere guesses.

Refused tries are not counted (AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False), so
guessing during a lock or a delay neither tests passwords nor makes the wait longer. A new
password (a completed reset, the first password from an invitation, or an operator's
change) lifts every lock and delay on the account; operators see and lift them in the admin
(「ログインの制限」, superusers only), and each lift is in Wagtail's audit log.
"""

from datetime import timedelta
from math import ceil

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit, get_lockout_parameters
from axes.models import AccessAttempt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.db.models import Max, Sum
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone

DEVICE_COOKIE = "bnavi_known_device"
DEVICE_SALT = "home.lockouts.known-device"
DEVICE_DAYS = 180
# Accounts one browser remembers (an office's shared PC).
DEVICE_ACCOUNTS = 10
PAIR, ADDRESS, ACCOUNT = "pair", "address", "account"


def cool_off():
    return settings.AXES_COOLOFF_TIME


def pair_limit():
    return settings.AXES_FAILURE_LIMIT


def address_limit():
    return settings.SIGNIN_ADDRESS_FAILURE_LIMIT


def _recent(now=None):
    """Failures that still count: those within the cool-off time."""
    return AccessAttempt.objects.filter(attempt_time__gte=(now or timezone.now()) - cool_off())


def _total(attempts):
    return attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0


# The known device (a browser that has completed a sign-in to the account).


def known_accounts(request):
    """Ids of the accounts this browser has signed in to, with the second factor."""
    value = request.COOKIES.get(DEVICE_COOKIE)
    if not value:
        return []
    try:
        ids = signing.loads(value, salt=DEVICE_SALT, max_age=timedelta(days=DEVICE_DAYS))
    except signing.BadSignature:
        return []
    return [i for i in ids if isinstance(i, int)] if isinstance(ids, list) else []


def is_known_device(request, username):
    if not username or request is None:
        return False
    ids = known_accounts(request)
    if not ids:
        return False
    users = get_user_model()._default_manager
    return users.filter(pk__in=ids, **{get_user_model().USERNAME_FIELD: username}).exists()


def remember_device(response, request, user):
    """After a completed sign-in (password and second factor): this browser is known to
    `user` from now on, for DEVICE_DAYS (renewed at each sign-in)."""
    ids = [i for i in known_accounts(request) if i != user.pk] + [user.pk]
    response.set_cookie(
        DEVICE_COOKIE,
        signing.dumps(ids[-DEVICE_ACCOUNTS:], salt=DEVICE_SALT),
        max_age=DEVICE_DAYS * 24 * 60 * 60,
        path="/admin/",
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response


# The account's delay.


def account_delay(failures):
    """Seconds an unknown browser waits after an account's latest failure, given how many
    failures the account has (over every address) that still count."""
    over = failures - pair_limit()
    if over < 0:
        return 0
    return min(2 ** min(over, 30), settings.SIGNIN_ACCOUNT_DELAY_MAX_SECONDS)


def account_wait(username, now=None):
    """Seconds an unknown browser must still wait before trying `username`; 0: none."""
    now = now or timezone.now()
    rows = (
        _recent(now)
        .filter(username=username)
        .aggregate(n=Sum("failures_since_start"), last=Max("attempt_time"))
    )
    delay = account_delay(rows["n"] or 0)
    if not delay:
        return 0
    remaining = (rows["last"] + timedelta(seconds=delay) - now).total_seconds()
    return ceil(remaining) if remaining > 0 else 0


class SignInHandler(AxesDatabaseHandler):
    """django-axes' database handler (AXES_HANDLER) with a limit per lockout parameter set
    and the account's delay. AXES_LOCKOUT_PARAMETERS names the two sets axes counts:
    [["username", "ip_address"], "ip_address"]; axes compares one number with one limit, so
    the address's own, higher limit is applied here. Why a sign-in was refused is left on
    the request (`signin_refusal`, `signin_wait`) for the page that says so."""

    def _counts(self, request, credentials):
        sets = get_lockout_parameters(request, credentials)
        attempts = self.get_user_attempts(request, credentials)
        counts = {}
        for parameters, queryset in zip(sets, attempts, strict=True):
            key = (parameters,) if isinstance(parameters, str) else tuple(parameters)
            counts[key] = _total(queryset)
        return counts.get(("username", "ip_address"), 0), counts.get(("ip_address",), 0)

    def get_failures(self, request, credentials=None):
        pair, address = self._counts(request, credentials)
        limit = get_failure_limit(request, credentials)
        if pair >= limit:
            request.signin_refusal = PAIR
            return pair
        username = get_client_username(request, credentials)
        if address >= address_limit() and not is_known_device(request, username):
            request.signin_refusal = ADDRESS
            return limit
        return pair

    def is_locked(self, request, credentials=None):
        if super().is_locked(request, credentials):
            return True
        username = get_client_username(request, credentials)
        if not username or is_known_device(request, username):
            return False
        wait = account_wait(username)
        if wait:
            request.signin_refusal, request.signin_wait = ACCOUNT, wait
            return True
        return False


# Lifting.


def lift(username=None, address=None):
    """Forget the counted failures of an account (every address), an address (every
    account) or one pair; returns how many rows went."""
    attempts = AccessAttempt.objects.all()
    if username is not None:
        attempts = attempts.filter(username=username)
    if address is not None:
        attempts = attempts.filter(ip_address=address)
    if username is None and address is None:
        return 0
    return attempts.delete()[0]


@receiver(pre_save, sender=settings.AUTH_USER_MODEL)
def _note_a_new_password(sender, instance, update_fields=None, **kwargs):
    if instance.pk is None or (update_fields is not None and "password" not in update_fields):
        return
    old = sender._default_manager.filter(pk=instance.pk).values_list("password", flat=True)
    old = old.first()
    instance._signin_new_password = (
        old is not None and old != instance.password and instance.has_usable_password()
    )


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def _lift_after_a_new_password(sender, instance, **kwargs):
    """A new password (reset, first password, an operator's change) ends every lock and
    delay on the account: whoever set it has proved they hold the account's mail."""
    if getattr(instance, "_signin_new_password", False):
        instance._signin_new_password = False
        lift(username=instance.get_username())


# What operators see.


def current(now=None):
    """The locks and delays in force, for the operators' page: dicts with kind, username,
    address, failures, since (the failure that started it) and until."""
    now = now or timezone.now()
    recent = _recent(now)
    found = []
    for row in (
        recent.values("username", "ip_address")
        .annotate(n=Sum("failures_since_start"), last=Max("attempt_time"))
        .filter(n__gte=pair_limit())
    ):
        found.append(_entry(PAIR, row["username"], row["ip_address"], row))
    for row in (
        recent.values("ip_address")
        .annotate(n=Sum("failures_since_start"), last=Max("attempt_time"))
        .filter(n__gte=address_limit())
    ):
        found.append(_entry(ADDRESS, None, row["ip_address"], row))
    for row in (
        recent.values("username")
        .annotate(n=Sum("failures_since_start"), last=Max("attempt_time"))
        .filter(n__gte=pair_limit())
    ):
        entry = _entry(ACCOUNT, row["username"], None, row)
        entry["until"] = row["last"] + timedelta(seconds=account_delay(row["n"]))
        if entry["until"] > now:  # a delay that has passed holds nobody back
            found.append(entry)
    found.sort(key=lambda e: e["since"], reverse=True)
    return found


def _entry(kind, username, address, row):
    return {
        "kind": kind,
        "username": username,
        "address": address,
        "failures": row["n"],
        "since": row["last"],
        "until": row["last"] + cool_off(),
    }
