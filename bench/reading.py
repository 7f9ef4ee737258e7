"""What reading support costs a page: the glossary's links and list, and furigana.

    .venv/bin/python bench/reading.py [--facilities 0] [--rounds 20]

Uses the database of bench/directory.py (demo content plus N synthetic offices under
bench/var/). Each page is requested through Django's test client in three ways, interleaved
so all see the same machine noise: without the reading-support middleware (the baseline),
as every visitor gets it (glossary terms linked and listed), and with furigana on. Furigana
is timed warm (its readings cached, as on a running server) and cold (caches emptied before
each request: a page no one has read with furigana since the server started). Target: warm
furigana within 1.5 × the baseline, cold within 3 ×.
"""

import argparse
import statistics
import time

from directory import build, configure

WARM_TARGET = 1.5
COLD_TARGET = 3.0
PAGES = [
    ("home", "/"),
    ("facility", "/facilities/demo-01/"),
    ("results", "/facilities/?q=パン"),
    ("article", "/blog/certificate-steps/"),
    ("FAQ", "/faq/"),
]


def timed(client, url):
    started = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, (url, response.status_code)
    return elapsed, response.content


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facilities", type=int, default=0)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    configure(args.facilities)
    build(args.facilities)

    from django.conf import settings
    from django.test import Client, override_settings

    from home import furigana

    middleware = [m for m in settings.MIDDLEWARE if not m.endswith("ReadingSupportMiddleware")]
    with override_settings(MIDDLEWARE=middleware):
        plain = Client()
        plain.get("/")  # loads its middleware chain now, without reading support
    default = Client()
    ruby = Client()
    ruby.cookies["furigana"] = "on"

    ways = ("baseline", "glossary", "furigana warm", "furigana cold")
    rows = {(name, way): [] for name, _ in PAGES for way in ways}
    sizes = {}
    for client in (plain, default, ruby):
        for _, url in PAGES:
            timed(client, url)
    for _ in range(args.rounds):
        for name, url in PAGES:
            rows[name, "baseline"].append(timed(plain, url)[0])
            elapsed, content = timed(default, url)
            rows[name, "glossary"].append(elapsed)
            furigana._annotated.cache_clear()
            rows[name, "furigana cold"].append(timed(ruby, url)[0])
            elapsed, ruby_content = timed(ruby, url)  # warm: the same page just read
            rows[name, "furigana warm"].append(elapsed)
            sizes[name] = (len(content), len(ruby_content), ruby_content.count(b"<ruby>"))

    print(f"{args.rounds} rounds, server time (median) as a ratio of the same page without")
    print("reading support; sizes without and with furigana")
    worst = {"furigana warm": 0.0, "furigana cold": 0.0}
    for name, _ in PAGES:
        base = statistics.median(rows[name, "baseline"])
        cells = []
        for way in ways:
            median = statistics.median(rows[name, way])
            cells.append(f"{way} {median:6.1f} ms {median / base:4.2f}×")
            if way in worst:
                worst[way] = max(worst[way], median / base)
        plain_size, ruby_size, count = sizes[name]
        print(f"  {name:9} " + " | ".join(cells))
        print(f"  {'':9} {plain_size / 1000:.1f} KB → {ruby_size / 1000:.1f} KB, {count} readings")
    ok = worst["furigana warm"] <= WARM_TARGET and worst["furigana cold"] <= COLD_TARGET
    print(
        f"Worst furigana: warm {worst['furigana warm']:.2f}× (target ≤ {WARM_TARGET}×), "
        f"cold {worst['furigana cold']:.2f}× (target ≤ {COLD_TARGET}×): " + ("OK" if ok else "OVER")
    )


if __name__ == "__main__":
    main()
