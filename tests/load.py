"""Many people sending the inquiry form at once, against a real server in its own process.

Used by the concurrency and kill tests (a few seconds) and by bench/inquiries.py (8 clients ×
30 s). The server is `manage.py runserver` with the development settings, as `make run`
starts it, or gunicorn with workers as in production, on its own database: a fresh SQLite
file, or the PostgreSQL database given. `send_outbox` runs beside it when a test asks.
"""

import asyncio
import contextlib
import http.client
import http.cookiejar
import os
import re
import signal
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
from collections import Counter
from dataclasses import dataclass, field
from email import message_from_bytes
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from aiosmtpd.controller import Controller

from tests.mail import Inbox

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
            )
        self.process = None
        self.senders = 0

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
        # Its output in VAR_DIR, to read when a test fails.
        with open(self.var_dir / "server.log", "w") as log:
            self.process = subprocess.Popen(  # noqa: S603 (our own programs)
                command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT
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

    def workers(self):
        """The process ids of gunicorn's workers (the children of its master)."""
        pid = self.process.pid
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        return [int(child) for child in children]

    def worker_serving(self, client_port, seconds=10):
        """The gunicorn worker that has accepted the connection from `client_port` (found in
        /proc: the socket's inode, then the worker holding it), once one has."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            inodes = {
                fields[9]
                for line in Path("/proc/net/tcp").read_text().splitlines()[1:]
                for fields in [line.split()]
                if fields[1].endswith(f":{self.port:04X}")
                and fields[2].endswith(f":{client_port:04X}")
            }
            for pid in self.workers():
                with contextlib.suppress(OSError):  # a worker that is going away
                    for fd in Path(f"/proc/{pid}/fd").iterdir():
                        if os.readlink(fd) in {f"socket:[{inode}]" for inode in inodes}:
                            return pid
            time.sleep(0.005)
        raise TimeoutError("no worker took the connection")

    def sender(self):
        """`send_outbox --watch` started beside the server; its output goes to a log file in
        VAR_DIR (sender-1.log, sender-2.log, …)."""
        self.senders += 1
        log = open(self.var_dir / f"sender-{self.senders}.log", "w")  # noqa: SIM115
        with log:
            return subprocess.Popen(  # noqa: S603 (our own manage.py)
                [sys.executable, "manage.py", "send_outbox", "--watch"],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    def sql(self, query, params=()):
        """Rows of one read-only query on the server's database, without starting Django
        (a `manage.py shell` costs seconds); placeholders are written %s."""
        url = self.env.get("DATABASE_URL")
        if url:
            import psycopg

            with psycopg.connect(url) as connection:
                return connection.execute(query, params).fetchall()
        import sqlite3

        connection = sqlite3.connect(self.var_dir / "db.sqlite3", timeout=20)
        try:
            return connection.execute(query.replace("%s", "?"), params).fetchall()
        finally:
            connection.close()

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


class SlowInbox(Inbox):
    """A mail server that takes a moment before it answers a mail's DATA, as a real one does,
    and counts per Message-ID how often it received a mail and how often its 250 answer was
    heard (a sender that hangs up while the server is still busy does not hear it)."""

    def __init__(self, delay=0.01):
        super().__init__()
        self.delay = delay
        self.received = Counter()
        self.acknowledged = Counter()
        self._data = threading.Condition()
        self._started = []  # the Message-ID of each DATA, in order

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        message_id = message_from_bytes(envelope.content)["Message-ID"]
        with self._data:
            self.received[message_id] += 1
            self._started.append(message_id)
            self._data.notify_all()
        # aiosmtpd cancels this when the sender hangs up: then no 250 is counted.
        await asyncio.sleep(self.delay)
        answer = await self.answer(server, session, envelope)
        if answer.startswith("250"):
            self.acknowledged[message_id] += 1
        return answer

    async def answer(self, server, session, envelope):
        """The server's answer to a mail: 250, keeping it in `messages`."""
        return await super().handle_DATA(server, session, envelope)

    def next_data(self, timeout=30):
        """Wait until a mail's DATA comes in after this call; its Message-ID (the server is
        then holding its answer back for `delay` seconds)."""
        with self._data:
            seen = len(self._started)
            if not self._data.wait_for(lambda: len(self._started) > seen, timeout):
                raise TimeoutError("no mail came in")
            return self._started[seen]


@contextlib.contextmanager
def slow_smtp(delay=0.01, inbox=None):
    """A SlowInbox (or `inbox`) listening on a free loopback port (its `port`) in the block."""
    inbox, port = inbox or SlowInbox(delay), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    inbox.port = port
    try:
        yield inbox
    finally:
        controller.stop()


@dataclass
class Result:
    posts: int = 0
    stored: int = 0  # answered with the redirect to the thank-you page
    statuses: dict = field(default_factory=dict)
    seconds: list = field(default_factory=list)
    accepted: list = field(default_factory=list)  # the emails of the posts that got it
    hung_up: int = 0  # forms that the server did not show (a killed worker)

    @property
    def errors(self):
        return sum(n for status, n in self.statuses.items() if status != 302)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _opener():
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect())
    opener.cookie_jar = jar
    return opener


def _form(opener, base):
    """The general form's hidden values, as a browser gets them by showing it."""
    form = opener.open(base + "/contact/?kind=general", timeout=30).read().decode()
    return {
        "csrfmiddlewaretoken": _TOKEN.search(form).group(1),
        "ticket": _TICKET.search(form).group(1),
    }


def _fields(email, name):
    """What a person types into the general form."""
    return {
        "writer": "family",
        "name": name,
        "email": email,
        "contact_method": "either",
        "message": "見学について教えてください。",
        "consent": "on",
        "homepage": "",
    }


def _send(opener, base, hidden, email, name):
    """Post the form; returns (HTTP status, seconds); status 0 when the server hung up
    without an answer (a killed worker)."""
    data = urllib.parse.urlencode({**hidden, **_fields(email, name)}).encode()
    request = urllib.request.Request(  # noqa: S310 (http on loopback)
        base + "/contact/?kind=general", data=data, headers={"Referer": base + "/contact/"}
    )
    started = time.perf_counter()
    try:
        status = opener.open(request, timeout=60).status
    except urllib.error.HTTPError as error:
        status = error.code
    except (urllib.error.URLError, http.client.HTTPException, ConnectionError):
        status = 0
    return status, time.perf_counter() - started


def post_and_kill_worker(server, email):
    """Send the form and kill (SIGKILL) the gunicorn worker while it has the post in hand:
    half the body is sent, the worker holding the connection is found and killed, then the
    rest would follow. Returns the HTTP status the sender got (0: none, the worker died)."""
    opener = _opener()
    hidden = _form(opener, server.url)
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
    body = urllib.parse.urlencode({**hidden, **_fields(email, "中断 次郎")}).encode()
    cookies = "; ".join(f"{c.name}={c.value}" for c in opener.cookie_jar)
    connection.putrequest("POST", "/contact/?kind=general")
    for name, value in {
        "Content-Type": "application/x-www-form-urlencoded",
        "Content-Length": str(len(body)),
        "Cookie": cookies,
        "Referer": server.url + "/contact/",
    }.items():
        connection.putheader(name, value)
    connection.endheaders(body[: len(body) // 2])
    # The worker waits for the rest of the body: killed now, it dies with the post in hand
    # (a kill after the answer, which a fast worker may give, would measure nothing).
    os.kill(server.worker_serving(connection.sock.getsockname()[1]), signal.SIGKILL)
    try:
        connection.send(body[len(body) // 2 :])
        return connection.getresponse().status
    except (http.client.HTTPException, ConnectionError):
        return 0
    finally:
        connection.close()


def _client(base, deadline, posts, result, lock, number):
    opener = _opener()
    sent = 0
    while time.monotonic() < deadline and (posts is None or sent < posts):
        try:
            hidden = _form(opener, base)
        except (urllib.error.URLError, http.client.HTTPException, ConnectionError):
            with lock:
                result.hung_up += 1
            time.sleep(0.1)  # the server hung up (a killed worker): show the form again
            continue
        sent += 1
        email = f"load{number}-{sent}@example.jp"
        status, elapsed = _send(opener, base, hidden, email, f"負荷 太郎{number}-{sent}")
        with lock:
            result.posts += 1
            result.stored += status == 302
            result.statuses[status] = result.statuses.get(status, 0) + 1
            result.seconds.append(elapsed)
            if status == 302:
                result.accepted.append(email)


def post_concurrently(base, clients=8, seconds=10, posts=None, result=None):
    """`clients` people sending the general form again and again for `seconds` (each at most
    `posts` times); `result` lets the caller watch the progress."""
    result, lock = result if result is not None else Result(), threading.Lock()
    deadline = time.monotonic() + seconds
    threads = [
        threading.Thread(target=_client, args=(base, deadline, posts, result, lock, n))
        for n in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return result


def _at_once(people, prepare, send):
    """`people` threads: each prepares (shows its form), then all send at the same moment;
    their HTTP statuses, sorted."""
    barrier, statuses, lock = threading.Barrier(people), [], threading.Lock()

    def one(number):
        ready = prepare(number)
        barrier.wait()
        status = send(number, ready)
        with lock:
            statuses.append(status)

    threads = [threading.Thread(target=one, args=(n,)) for n in range(people)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(statuses)


def post_at_once(base, people, email):
    """`people` posts of the form with one email, released at the same moment; statuses."""

    def prepare(number):
        opener = _opener()
        return opener, _form(opener, base)

    def send(number, ready):
        opener, hidden = ready
        return _send(opener, base, hidden, email, f"同時 花子{number}")[0]

    return _at_once(people, prepare, send)


def claim_at_once(base, people):
    """`people` claims of one demo office from one address, released at the same moment
    (the office's 「この事業所の方へ」 form); their statuses."""
    page = _opener().open(f"{base}/facilities/demo-01/", timeout=30).read().decode()
    claim_url = base + re.search(r'href="(/for-offices/\d+/)"', page).group(1)

    def prepare(number):
        opener = _opener()
        form = opener.open(claim_url, timeout=30).read().decode()
        fields = {
            "csrfmiddlewaretoken": _TOKEN.search(form).group(1),
            "ticket": _TICKET.search(form).group(1),
            "name": f"同時 陽子{number}",
            "role": "管理者",
            "email": f"claim{number}@example.jp",
            "staff": "on",
            "homepage": "",
        }
        data = urllib.parse.urlencode(fields).encode()
        return opener, urllib.request.Request(  # noqa: S310 (http on loopback)
            claim_url, data=data, headers={"Referer": claim_url}
        )

    def send(number, ready):
        opener, request = ready
        try:
            return opener.open(request, timeout=60).status
        except urllib.error.HTTPError as error:
            return error.code

    return _at_once(people, prepare, send)


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
