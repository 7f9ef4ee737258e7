"""The admin's blog editor and office chooser at national scale.

    .venv/bin/python bench/editor.py [--facilities 20000] [--rounds 10]

Uses the same database as bench/directory.py (demo content plus N synthetic offices under
bench/var/). Measures the size and server time of the blog article editor (which links to
offices) against the editor of a plain content page in the same run, and the office
chooser's search against a content page's editor. Target: the article editor under 300 KB
whatever the number of offices (it was 1.9 MB at 9,898 offices when it listed them all).
"""

import argparse
import statistics
import time

from directory import build, configure

TARGET_BYTES = 300_000


def timed(client, url, **params):
    started = time.perf_counter()
    response = client.get(url, params)
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, (url, response.status_code)
    return elapsed, len(response.content)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facilities", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    configure(args.facilities)
    build(args.facilities)

    from django.contrib.auth import get_user_model
    from django.test import Client

    from blog.models import BlogIndexPage
    from facilities.models import FacilityPage
    from home.models import HomePage
    from tests.conftest import sign_in

    users = get_user_model().objects
    user = users.filter(username="bench-editor").first() or users.create_superuser(
        "bench-editor", "bench@example.jp", "x"
    )
    client = sign_in(Client(), user)
    offices = FacilityPage.objects.count()
    article = f"/admin/pages/add/blog/blogpage/{BlogIndexPage.objects.get().pk}/"
    content = f"/admin/pages/add/home/standardpage/{HomePage.objects.get().pk}/"
    chooser = "/admin/facility-chooser/"
    for url in (article, content):
        timed(client, url)
    timed(client, chooser, q="くれよん")

    rows = {"article editor": [], "content editor": [], "chooser search": []}
    sizes = {}
    for _ in range(args.rounds):
        for name, url, params in (
            ("article editor", article, {}),
            ("content editor", content, {}),
            ("chooser search", chooser, {"q": "さがみはら"}),
        ):
            elapsed, size = timed(client, url, **params)
            rows[name].append(elapsed)
            sizes[name] = size

    base = statistics.median(rows["content editor"])
    print(f"{offices:,} offices, {args.rounds} rounds (server time, median)")
    for name, values in rows.items():
        median = statistics.median(values)
        print(f"  {name:15} {median:7.1f} ms  {median / base:4.2f}×  {sizes[name] / 1000:7.1f} KB")
    ratio = sizes["article editor"] / sizes["content editor"]
    ok = sizes["article editor"] < TARGET_BYTES
    print(
        f"Article editor: {sizes['article editor'] / 1000:.1f} KB, "
        f"{ratio:.2f}× the content editor's size (target < {TARGET_BYTES // 1000} KB): "
        + ("OK" if ok else "OVER")
    )


if __name__ == "__main__":
    main()
