"""Eight people sending the inquiry form at once, for 30 seconds, on SQLite and PostgreSQL.

    .venv/bin/python bench/inquiries.py [--clients 8] [--seconds 30] [--postgres URL]

Each database gets a fresh site served by `manage.py runserver` (as `make run` serves it) in
its own process, and a real SMTP server on loopback. Then two `send_outbox` runs start
together, as two overlapping cron runs would. Printed per database: posts, inquiries stored,
errors, the post's p50/p95 in ms, and the mails in the outbox, delivered and distinct (all three
must be equal).
PostgreSQL is measured when --postgres gives a server URL (a database is made and dropped
there), or DATABASE_URL names one. Mails are told apart by their Message-ID, which each keeps
on every attempt.
"""

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "site")]

from tests.load import (  # noqa: E402
    Server,
    fresh_postgres,
    percentile,
    post_concurrently,
    slow_smtp,
)


def measure(label, clients, seconds, database_url=None):
    with (
        slow_smtp(delay=0) as inbox,
        tempfile.TemporaryDirectory(prefix="bnavi-bench-") as var,
    ):
        server = Server(var, database_url, smtp_port=inbox.port).start()
        try:
            result = post_concurrently(server.url, clients=clients, seconds=seconds)
        finally:
            server.stop()
        stored, mails = server.stored(), server.mails()
        for _ in range(10):
            outputs = server.send_outbox_twice_at_once()
            if all(o.rstrip().endswith("; 0 waiting.") for o in outputs):
                break
    ms = [s * 1000 for s in result.seconds]
    return {
        "database": label,
        "posts": result.posts,
        "stored": stored,
        "errors": result.errors,
        "p50": statistics.median(ms) if ms else 0,
        "p95": percentile(ms, 0.95),
        "delivered": sum(inbox.received.values()),
        "distinct": len(inbox.received),
        "outbox": mails,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--postgres", default=os.environ.get("DATABASE_URL", ""))
    args = parser.parse_args()

    rows = [measure("SQLite", args.clients, args.seconds)]
    if args.postgres.startswith("postgres"):
        url, drop = fresh_postgres(args.postgres)
        try:
            rows.append(measure("PostgreSQL", args.clients, args.seconds, url))
        finally:
            drop()

    print(f"\n{args.clients} clients × {args.seconds:.0f} s, each posting the general form")
    print(
        f"{'database':<12}{'posts':>7}{'stored':>8}{'errors':>8}{'p50 ms':>9}{'p95 ms':>9}"
        f"{'outbox':>8}{'mails':>7}{'distinct':>10}"
    )
    for r in rows:
        print(
            f"{r['database']:<12}{r['posts']:>7}{r['stored']:>8}{r['errors']:>8}"
            f"{r['p50']:>9.0f}{r['p95']:>9.0f}{r['outbox']:>8}{r['delivered']:>7}"
            f"{r['distinct']:>10}"
        )
    ok = all(
        r["errors"] == 0
        and r["stored"] == r["posts"]
        and r["delivered"] == r["distinct"] == r["outbox"]
        for r in rows
    )
    print("Every post stored and every mail sent once:", "yes" if ok else "NO")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
