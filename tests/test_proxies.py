"""X-Forwarded-For and X-Forwarded-Proto are believed only from the proxies TRUSTED_PROXIES
names: a client that connects directly can neither choose its address nor claim HTTPS."""

import subprocess
import sys
from pathlib import Path

import pytest

from django.contrib.auth import get_user_model
from django.test import Client, RequestFactory

from home import clients

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[1]
LOGIN = "/admin/login/"


def address(remote, forwarded=None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return clients.client_address(RequestFactory().get("/", REMOTE_ADDR=remote, **extra))


def test_the_header_is_read_from_the_right_past_trusted_proxies(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8", "127.0.0.1", "2001:db8::/32"]
    # Directly connected: the header is the client's own text and is ignored.
    assert address("203.0.113.5", "198.51.100.1") == "203.0.113.5"
    # One proxy: the entry it added.
    assert address("10.0.0.2", "203.0.113.7") == "203.0.113.7"
    # What the client wrote stands left of it and is never taken.
    assert address("10.0.0.2", "192.0.2.1, 203.0.113.7") == "203.0.113.7"
    # Two proxies (a load balancer, then nginx on the host): past both.
    assert address("127.0.0.1", "192.0.2.1, 203.0.113.7, 10.1.2.3") == "203.0.113.7"
    # IPv6 proxies and clients.
    assert address("2001:db8::10", "2001:db8::11, 2400:4050::1") == "2400:4050::1"
    # No header, or only proxies in it: the connection's address.
    assert address("10.0.0.2") == "10.0.0.2"
    assert address("10.0.0.2", "10.0.0.3") == "10.0.0.2"


def test_a_direct_client_forging_the_headers_gets_no_fresh_address_and_no_https(client, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    settings.AXES_FAILURE_LIMIT = 3
    get_user_model().objects.create_user("hanako", "hanako@example.jp", "correct-horse")
    statuses = [
        client.post(
            LOGIN,
            {"username": "hanako", "password": "wrong"},
            REMOTE_ADDR="203.0.113.66",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}",
        ).status_code
        for n in range(5)
    ]
    # Every try counts against the one address the client really has.
    assert statuses == [200, 200, 429, 429, 429]

    settings.SECURE_SSL_REDIRECT = True
    client = Client()  # middleware reads SECURE_SSL_REDIRECT when it is built
    forged = client.get(LOGIN, REMOTE_ADDR="203.0.113.66", HTTP_X_FORWARDED_PROTO="https")
    assert forged.status_code == 301 and forged["Location"].startswith("https://")
    # From the proxy, the same header is believed: the request came in over HTTPS.
    proxied = client.get(LOGIN, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_PROTO="https")
    assert proxied.status_code == 200


def settings_import(**env):
    code = "import django; django.setup(); from django.conf import settings; print('started')"
    return subprocess.run(
        [sys.executable, "-c", f"import sys; sys.path[:0] = ['.', 'site']; {code}"],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "settings.test", **env},
        capture_output=True,
        text=True,
    )


def test_the_old_proxy_count_refuses_to_start_and_names_the_new_setting():
    result = settings_import(TRUSTED_PROXY_COUNT="1")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "TRUSTED_PROXIES" in result.stderr
    bad = settings_import(TRUSTED_PROXIES="10.0.0.0/8,proxy.example")
    assert bad.returncode != 0 and "'proxy.example' is not an address" in bad.stderr
    good = settings_import(TRUSTED_PROXIES="10.0.0.0/8, 127.0.0.1, ::1")
    assert good.returncode == 0, good.stderr
