"""Many people sending the inquiry form at once, against a real server in its own process.

Used by the concurrency test (a few seconds) and by bench/inquiries.py (8 clients × 30 s).
The server is `manage.py runserver` with the development settings, as `make run` starts it,
on its own database: a fresh SQLite file, or the PostgreSQL database given.
"""

import http.cookiejar
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_TICKET = re.compile(r'name="ticket" value="([^"]+)"')


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """The site served from a fresh VAR_DIR; `manage(...)` runs commands on its database."""

    def __init__(self, var_dir, database_url=None, smtp_port=None, **settings):
        self.var_dir = Path(var_dir)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            key: value
            for key, value in os.environ.items()
            if key not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
        }
        self.env.update(
            DJANGO_SETTINGS_MODULE="settings.dev",
            VAR_DIR=str(self.var_dir),
            SEARCH_INDEX_DIR=str(self.var_dir / "search"),
            # Everyone here shares one address: the limits are not what is measured.
            INQUIRY_RATE_LIMIT="1000000",
            INQUIRY_ADDRESS_RATE_LIMIT="1000000",
            EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
            PYTHONPATH=os.pathsep.join([str(ROOT), str(ROOT / "site")]),
        )
        self.env.update({name: str(value) for name, value in settings.items()})
        if database_url:
            self.env["DATABASE_URL"] = database_url
        if smtp_port:
            # Mails wait in the outbox for `send_outbox`, which sends them to this server.
            self.env.update(
                EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
                EMAIL_HOST="127.0.0.1",
                EMAIL_PORT=str(smtp_port),
                INQUIRY_SEND_AT_ONCE="false",
            )
        self.process = None

    def manage(self, *args):
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout

    def start(self, setup=True, workers=None):
        """Serve with `manage.py runserver` (as `make run` does), or with gunicorn and
        `workers` processes, as in production."""
        if setup:
            self.manage("migrate", "--noinput", "-v", "0")
            self.manage("load_demo")
        if workers:
            command = [
                str(Path(sys.executable).with_name("gunicorn")),
                "--pythonpath",
                "site",
                "wsgi:application",
                "--workers",
                str(workers),
                "--bind",
                f"127.0.0.1:{self.port}",
            ]
        else:
            command = [
                sys.executable,
                "manage.py",
                "runserver",
                "--noreload",
                f"127.0.0.1:{self.port}",
            ]
        self.process = subprocess.Popen(  # noqa: S603 (our own programs)
            command,
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.url + "/contact/", timeout=5)  # noqa: S310
                return self
            except OSError:
                time.sleep(0.5)
        raise RuntimeError("the server did not start")

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=20)

    def send_outbox_twice_at_once(self):
        """Two cron runs of `send_outbox` started together; returns what each printed."""
        runs = [
            subprocess.Popen(  # noqa: S603 (our own manage.py)
                [sys.executable, "manage.py", "send_outbox"],
                cwd=ROOT,
                env=self.env,
                stdout=subprocess.PIPE,
                text=True,
            )
            for _ in range(2)
        ]
        return [run.communicate(timeout=300)[0] for run in runs]

    def _count(self, model):
        code = f"from inquiries.models import {model}; print({model}.objects.count())"
        return int(self.manage("shell", "-c", code).strip().splitlines()[-1])

    def stored(self):
        """How many inquiries the database holds, read by a separate process."""
        return self._count("Inquiry")

    def mails(self):
        """How many mails the inquiries caused (the outbox's rows)."""
        return self._count("OutboxMessage")


@dataclass
class Result:
    posts: int = 0
    stored: int = 0  # answered with the redirect to the thank-you page
    statuses: dict = field(default_factory=dict)
    seconds: list = field(default_factory=list)

    @property
    def errors(self):
        return sum(n for status, n in self.statuses.items() if status != 302)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _opener():
    return urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _NoRedirect()
    )


def _form(opener, base):
    """The general form's hidden values, as a browser gets them by showing it."""
    form = opener.open(base + "/contact/?kind=general", timeout=30).read().decode()
    return {
        "csrfmiddlewaretoken": _TOKEN.search(form).group(1),
        "ticket": _TICKET.search(form).group(1),
    }


def _send(opener, base, hidden, email, name):
    """Post the form; returns (HTTP status, seconds)."""
    data = urllib.parse.urlencode(
        {
            **hidden,
            "writer": "family",
            "name": name,
            "email": email,
            "contact_method": "either",
            "message": "見学について教えてください。",
            "consent": "on",
            "homepage": "",
        }
    ).encode()
    request = urllib.request.Request(  # noqa: S310 (http on loopback)
        base + "/contact/?kind=general", data=data, headers={"Referer": base + "/contact/"}
    )
    started = time.perf_counter()
    try:
        status = opener.open(request, timeout=60).status
    except urllib.error.HTTPError as error:
        status = error.code
    return status, time.perf_counter() - started


def _client(base, deadline, result, lock, number):
    opener = _opener()
    sent = 0
    while time.monotonic() < deadline:
        hidden = _form(opener, base)
        sent += 1
        status, elapsed = _send(
            opener, base, hidden, f"load{number}-{sent}@example.jp", f"負荷 太郎{number}-{sent}"
        )
        with lock:
            result.posts += 1
            result.stored += status == 302
            result.statuses[status] = result.statuses.get(status, 0) + 1
            result.seconds.append(elapsed)


def post_concurrently(base, clients=8, seconds=10):
    """`clients` people sending the general form again and again for `seconds`."""
    result, lock = Result(), threading.Lock()
    deadline = time.monotonic() + seconds
    threads = [
        threading.Thread(target=_client, args=(base, deadline, result, lock, n))
        for n in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return result


def post_at_once(base, people, email):
    """`people` posts of the form with one email, released at the same moment; statuses."""
    barrier, statuses, lock = threading.Barrier(people), [], threading.Lock()

    def one(number):
        opener = _opener()
        hidden = _form(opener, base)
        barrier.wait()
        status, _ = _send(opener, base, hidden, email, f"同時 花子{number}")
        with lock:
            statuses.append(status)

    threads = [threading.Thread(target=one, args=(n,)) for n in range(people)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(statuses)


def percentile(values, share):
    if len(values) < 2:
        return values[0] if values else 0.0
    return statistics.quantiles(values, n=100)[int(share * 100) - 1]


def fresh_postgres(url):
    """A fresh database on the PostgreSQL server `url` names: (its URL, a function that
    drops it)."""
    import psycopg

    name = f"bnavi_bench_{uuid.uuid4().hex[:8]}"
    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')

    def drop():
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return urlunsplit(parts._replace(path=f"/{name}")), drop
