"""Who is asking: the client's address behind the reverse proxies, and keyed hashes that let
the site count requests (inquiries, sign-ins, password resets) without storing addresses."""

import hashlib
import ipaddress
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection


@lru_cache(maxsize=8)
def _networks(entries):
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError as error:
            raise ImproperlyConfigured(
                f"TRUSTED_PROXIES: {entry!r} is not an address or network "
                "(e.g. 10.0.0.0/8,127.0.0.1,::1)."
            ) from error
    return tuple(networks)


def trusted_networks():
    """The reverse proxies named in TRUSTED_PROXIES, as networks."""
    return _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ()) or ()))


def _address(text):
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def is_trusted_proxy(address):
    """True when `address` (text) is one of the proxies TRUSTED_PROXIES names."""
    ip = _address(address or "")
    return ip is not None and any(ip in network for network in trusted_networks())


def client_address(request):
    """The visitor's address.

    X-Forwarded-For is believed only when the connection comes from a trusted proxy. Each
    proxy appends the address it saw, so the header is read from the right: past entries
    that are themselves trusted proxies, up to the first that is not. That is the client;
    whatever stands left of it was written by the client and could be anything.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    if not is_trusted_proxy(remote):
        return remote
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for entry in reversed([a for a in forwarded if a]):
        if _address(entry) is None:
            break  # garbage: nothing further left can be believed either
        if not is_trusted_proxy(entry):
            return entry
    return remote


def keyed(value):
    """A keyed hash: enough to count, never the value itself."""
    return hashlib.sha256(f"{settings.SECRET_KEY}:{value}".encode()).hexdigest()[:32]


def client_key(request):
    return keyed(client_address(request))


def hold_the_count(lock):
    """Inside a transaction: no other request counts or stores under `lock` (any fixed number)
    until it ends, so that a limit is never passed by requests counting at the same time.

    SQLite already runs one writing transaction at a time (immediate transactions, see the
    settings); PostgreSQL is given an advisory lock held until the transaction ends.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [lock])
