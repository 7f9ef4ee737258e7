"""Two app servers on PostgreSQL, each with its own index folder: a publish and an import.

    .venv/bin/python bench/servers.py [--postgres URL] [--clients 8] [--workers 2]

A fresh database on the PostgreSQL server (default postgres://postgres@127.0.0.1:5432/postgres,
dropped afterwards) with the demo site, served by two gunicorn servers with --workers each,
as two machines behind one proxy would be. Each server's index is built before it starts
(`rebuild_facility_index --if-stale`, as the README's production start says).

1. A page published from the first server's side: seconds until each server's directory
   lists it (target ≤ 5 s for the second).
2. The three open-data files (../shared/data/wam/) imported from a process of its own while
   --clients clients search both servers, half each, for offices they found before: requests,
   errors and empty answers during the import (target 0 and 0), and seconds after the import
   until each server finds an imported office.
"""

import argparse
import random
import re
import statistics
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

WAM = ROOT.parent / "shared" / "data" / "wam"
# Offices of the demo site, found before the import: never an empty answer meanwhile.
KNOWN = ["ひだまり工房", "さがみはら", "造花", "パン", "アトリエはなみずき"]
IMPORTED = "くれよん工房"  # in the 就労移行支援 file
_TOTAL = re.compile(r"([\d,]+)件の事業所が見つかりました")
ADD = (
    "from facilities.models import DirectoryPage, FacilityPage;"
    "page = FacilityPage(title='{title}', slug='{slug}');"
    "DirectoryPage.objects.get().add_child(instance=page);"
    "page.save_revision().publish()"
)


def found(base, query):
    """(ms, HTTP ok, how many offices the directory lists for `query` in every service)."""
    params = urllib.parse.urlencode({"q": query, "service": "all"})
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(f"{base}/facilities/?{params}", timeout=120) as response:  # noqa: S310 (loopback)
            body = response.read().decode()
            ok = response.status == 200
    except OSError:
        body, ok = "", False
    match = _TOTAL.search(body)
    total = int(match.group(1).replace(",", "")) if match else 0
    return (time.perf_counter() - started) * 1000, ok, total


def wait_for(condition, seconds=600):
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        if condition():
            return time.monotonic() - started
        time.sleep(0.2)
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    files = sorted(WAM.glob("*.csv"))
    if not files:
        sys.exit(f"No open data files in {WAM}")

    url, drop = fresh_postgres(args.postgres)
    with tempfile.TemporaryDirectory(prefix="bnavi-servers-") as var:
        var = Path(var)
        first, second = Server(var / "first", url), Server(var / "second", url)
        first.manage("migrate", "--noinput", "-v", "0")
        first.manage("load_demo")
        for server in (first, second):
            server.manage("rebuild_facility_index", "--if-stale")
            server.start(setup=False, workers=args.workers)
        try:
            before = {
                (server.url, query): found(server.url, query)[2]
                for server in (first, second)
                for query in KNOWN
            }
            assert all(before.values()), before

            # 1. A publish on the first server's side.
            title = f"ゆずりは舎{uuid.uuid4().hex[:4]}"
            first.manage("shell", "-c", ADD.format(title=title, slug=f"yuzuriha-{title[-4:]}"))
            published = time.monotonic()
            reach = {}
            for name, server in (("first", first), ("second", second)):
                waited = wait_for(lambda s=server: found(s.url, title)[2] == 1, 60)
                reach[name] = None if waited is None else time.monotonic() - published

            # 2. The import while clients search both servers.
            timings, errors, empty, lock = [], [0], [], threading.Lock()
            stop = threading.Event()

            def client(number):
                rng = random.Random(number)  # noqa: S311 (a benchmark's choice of queries)
                base = (first, second)[number % 2].url
                while not stop.is_set():
                    query = rng.choice(KNOWN)
                    ms, ok, total = found(base, query)
                    with lock:
                        timings.append(ms)
                        errors[0] += not ok
                        if ok and total == 0:
                            empty.append((base, query))

            threads = [threading.Thread(target=client, args=(n,)) for n in range(args.clients)]
            for thread in threads:
                thread.start()
            started = time.monotonic()
            output = first.manage("import_wam", *map(str, files))
            imported_in = time.monotonic() - started
            done = time.monotonic()
            arrival = {}
            for name, server in (("first", first), ("second", second)):
                waited = wait_for(lambda s=server: found(s.url, IMPORTED)[2] >= 1)
                arrival[name] = None if waited is None else time.monotonic() - done
            stop.set()
            for thread in threads:
                thread.join()
            offices = found(first.url, "")[2], found(second.url, "")[2]
        finally:
            first.stop()
            second.stop()
            drop()

    print(output.strip().splitlines()[-1] if output.strip() else "")
    print()
    print(f"two servers × gunicorn --workers {args.workers}, PostgreSQL, separate index folders")
    for name in ("first", "second"):
        seconds = reach[name]
        shown = "never (60 s)" if seconds is None else f"{seconds:.1f} s"
        print(f"a publish on the first's side reached the {name} server's directory in {shown}")
    print("(target ≤ 5 s for the second)")
    print()
    print(
        f"import of {len(files)} files: {imported_in:.0f} s, while {args.clients} clients "
        f"searched both servers for {len(KNOWN)} known queries"
    )
    print(
        f"requests {len(timings)}, errors {errors[0]}, empty answers {len(empty)} "
        f"(target 0 and 0); p50 {statistics.median(timings):.0f} ms, "
        f"p95 {percentile(timings, 0.95):.0f} ms"
    )
    for name in ("first", "second"):
        seconds = arrival[name]
        shown = "never (600 s)" if seconds is None else f"{seconds:.1f} s"
        print(f"「{IMPORTED}」 found on the {name} server {shown} after the import finished")
    first_count, second_count = offices
    print(f"offices listed afterwards (every service): {first_count:,} and {second_count:,}")
    if empty:
        print("empty answers:", sorted(set(empty))[:10])


if __name__ == "__main__":
    main()
