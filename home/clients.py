"""Who is asking: the client's address behind the reverse proxies, and keyed hashes that let
the site count requests (inquiries, sign-ins, password resets) without storing addresses."""

import hashlib

from django.conf import settings
from django.db import connection


def client_address(request):
    """The visitor's address. Behind TRUSTED_PROXY_COUNT reverse proxies it is the entry those
    proxies added to X-Forwarded-For (entries before it are whatever the client sent)."""
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    remote = request.META.get("REMOTE_ADDR", "")
    if proxies <= 0:
        return remote
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [a for a in forwarded if a]
    return forwarded[-proxies] if len(forwarded) >= proxies else remote


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
