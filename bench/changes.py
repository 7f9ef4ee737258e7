"""Browsing while an editor publishes, and a publish reaching a second server.

    .venv/bin/python bench/changes.py [--facilities 20000] [--seconds 20] [--clients 8]

One database (a fresh SQLite file, or PostgreSQL with --postgres URL) with the demo site and
N generated offices, served by two servers (`manage.py runserver`, or gunicorn with
--workers N), each with its own keyword-index folder, as two machines behind one proxy
would be.

1. 8 clients browse the first server (home, a content page, directory searches, facility
   pages) for --seconds: the baseline p95.
2. The same again while an editor publishes 5 facility pages, one every few seconds, from a
   process of its own, started before (as a server worker is when an editor publishes):
   p95 during the publishes (target within 2× the baseline), and the first directory
   request after each publish against a warm one (target within 2×).
3. A publish on the first server's side: seconds until the second server's directory lists
   it (target ≤ 5 s).
"""

import argparse
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "site")]

from tests.load import Server, fresh_postgres, percentile  # noqa: E402

BROWSE = [
    "/",
    "/about/",
    "/facilities/",
    "/facilities/?q=パン",
    "/facilities/?prefecture=14&pickup=1",
    "/facilities/?station=横浜&service=all",
    "/facilities/demo-01/",
    "/facilities/synthetic-000001/",
    "/facilities/synthetic-000002/",
]


def fetch(url):
    url = urllib.parse.quote(url, safe=":/?&=%")  # Japanese in the query, percent-encoded
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=120) as response:  # noqa: S310 (loopback)
            body = response.read().decode()
            ok = response.status == 200
    except OSError:
        body, ok = "", False
    return (time.perf_counter() - started) * 1000, ok, body


def browse(base, seconds, clients):
    """`clients` threads fetching BROWSE pages in random order; returns (ms list, errors)."""
    timings, errors, lock = [], [0], threading.Lock()
    deadline = time.monotonic() + seconds

    def client(number):
        rng = random.Random(number)  # noqa: S311 (a benchmark's choice of pages)
        while time.monotonic() < deadline:
            ms, ok, _ = fetch(base + rng.choice(BROWSE))
            with lock:
                timings.append(ms)
                errors[0] += not ok

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return timings, errors[0]


EDITOR = """
import sys
from facilities.models import FacilityPage
print("ready", flush=True)
for line in sys.stdin:
    page = FacilityPage.objects.get(slug=line.strip())
    page.title = page.title + "改"
    page.save_revision().publish()
    print("published", flush=True)
"""
ADD = (
    "from facilities.models import DirectoryPage, FacilityPage;"
    "page = FacilityPage(title='{title}', slug='{slug}');"
    "DirectoryPage.objects.get().add_child(instance=page);"
    "page.save_revision().publish()"
)


def total(body):
    match = re.search(r"([\d,]+)件の事業所が見つかりました", body)
    return int(match.group(1).replace(",", "")) if match else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facilities", type=int, default=20_000)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--postgres", help="a PostgreSQL server URL (a database is made there)")
    parser.add_argument("--workers", type=int, help="serve with gunicorn and this many workers")
    args = parser.parse_args()

    database, cleanup = None, None
    if args.postgres:
        database, cleanup = fresh_postgres(args.postgres)

    with tempfile.TemporaryDirectory(prefix="bnavi-changes-") as var:
        var = Path(var)
        first = Server(var / "first", database)
        database = database or f"sqlite:///{var / 'first' / 'db.sqlite3'}"
        first.manage("migrate", "--noinput", "-v", "0")
        first.manage("load_demo")
        print(f"Generating {args.facilities:,} offices …", flush=True)
        first.manage("generate_facilities", str(args.facilities))
        second = Server(var / "second", database)
        for server in (first, second):
            server.manage("rebuild_facility_index", "--if-stale")
            server.start(setup=False, workers=args.workers)
        try:
            for url in BROWSE:  # warm: catalogues built, indexes opened
                fetch(first.url + url)
                fetch(second.url + url)

            quiet, quiet_errors = browse(first.url, args.seconds, args.clients)

            after_publish, warm = [], []

            # The editor: one process, started (Django loaded) before the measurement, as a
            # server worker is when an editor publishes in the admin. Each line of input is
            # a page to publish; each line of output says it is done.
            editing = subprocess.Popen(  # noqa: S603 (our own manage.py)
                [sys.executable, "manage.py", "shell", "-v", "0", "-c", EDITOR],
                cwd=ROOT,
                env=first.env,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
            )
            for line in editing.stdout:  # Django may say something first
                if line.strip() == "ready":
                    break
            else:
                raise RuntimeError("the editor process did not start")

            def editor():
                for n in range(5):
                    time.sleep(args.seconds / 6)
                    editing.stdin.write(f"synthetic-{n + 10:06d}\n")
                    editing.stdin.flush()
                    assert editing.stdout.readline().strip() == "published"
                    after_publish.append(fetch(first.url + "/facilities/?q=パン")[0])
                    warm.append(fetch(first.url + "/facilities/?q=パン")[0])
                editing.stdin.close()
                editing.wait(timeout=60)

            thread = threading.Thread(target=editor)
            thread.start()
            busy, busy_errors = browse(first.url, args.seconds, args.clients)
            thread.join()

            title = f"みらい舎{uuid.uuid4().hex[:4]}"
            first.manage("shell", "-c", ADD.format(title=title, slug=f"mirai-{title[-4:]}"))
            published = time.monotonic()
            query = urllib.parse.urlencode({"q": title, "service": "all"})
            while time.monotonic() - published < 60:
                if total(fetch(f"{second.url}/facilities/?{query}")[2]) == 1:
                    break
                time.sleep(0.2)
            reached = time.monotonic() - published
        finally:
            first.stop()
            second.stop()
            if cleanup:
                cleanup()

    quiet_p95, busy_p95 = percentile(quiet, 0.95), percentile(busy, 0.95)
    print()
    server = f"gunicorn --workers {args.workers}" if args.workers else "runserver"
    backend = "PostgreSQL" if args.postgres else "SQLite"
    print(
        f"{args.clients} clients × {args.seconds:.0f} s on {args.facilities:,} offices, "
        f"{server}, {backend}"
    )
    print(f"{'':<34}{'requests':>9}{'errors':>8}{'p50 ms':>9}{'p95 ms':>9}")
    for label, timings, errors in (
        ("browsing, no publishes", quiet, quiet_errors),
        ("browsing while 5 pages publish", busy, busy_errors),
    ):
        print(
            f"{label:<34}{len(timings):>9}{errors:>8}"
            f"{statistics.median(timings):>9.0f}{percentile(timings, 0.95):>9.0f}"
        )
    ratio = busy_p95 / quiet_p95
    print(f"p95 during publishes: {ratio:.2f}× the quiet p95 (target ≤ 2×)")
    next_ratio = statistics.median(after_publish) / statistics.median(warm)
    print(
        f"first directory request after a publish: median {statistics.median(after_publish):.0f}"
        f" ms, {next_ratio:.2f}× a warm one ({statistics.median(warm):.0f} ms; target ≤ 2×)"
    )
    print(f"a publish reached the second server's directory in {reached:.1f} s (target ≤ 5 s)")


if __name__ == "__main__":
    main()
