"""The directory page's server time at national scale, as a ratio of a plain content page.

    .venv/bin/python bench/directory.py [--facilities 20000] [--rounds 30]

Builds (once, then reuses) a database of demo content plus N synthetic facilities under
bench/var/, then requests a set of keyword + filter searches through Django's test client
in this process, interleaved with requests for a standard content page (/about/) so both
see the same machine noise. Server time is the time Django takes to answer: middleware,
view, queries and template, without a network. Target: directory ≤ 3 × content page.
"""

import argparse
import os
import statistics
import sys
import time

from benchenv import ROOT, configure_django

FACILITY_RATIO = 1.5
TARGET_RATIO = 3.0


def configure(facilities):
    var = ROOT / "bench" / "var" / f"directory-{facilities}"
    var.mkdir(parents=True, exist_ok=True)
    return configure_django(var)


def build(facilities):
    from django.core.management import call_command

    from facilities.models import FacilityPage

    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    synthetic = FacilityPage.objects.filter(slug__startswith="synthetic-").count()
    if synthetic < facilities:
        started = time.perf_counter()
        call_command("generate_facilities", facilities - synthetic, stdout=sys.stdout)
        print(f"Database built in {time.perf_counter() - started:.0f} s")


def queries():
    from facilities.models import Support, WorkType

    bread = WorkType.objects.get(name="パン・菓子・調理補助").pk
    pc = WorkType.objects.get(name="データ入力・PC作業").pk
    lunch = Support.objects.get(name="昼食提供").pk
    return [
        "",
        "?q=パン",
        "?q=さがみはら",
        "?q=造花&pref=14",
        "?q=支援",
        "?q=森",
        "?q=工房&openings=1&visit=1",
        "?q=ひだまり&wage=20000&page=2",
        "?pref=13&pickup=1",
        f"?work={bread}&support={lunch}&sort=wage",
        f"?work={pc}&pref=27&sort=walk",
        "?line=JR横浜線&sort=walk",
        "?pref=14&city=相模原市南区&trial=1",
        "?service=all&page=100",
        # Stations (staff-entered or estimated), and distances from a station or a city.
        "?station=相模大野&service=all",
        "?station=さがみおおの&sort=walk",
        "?near=相模大野駅",
        "?near=相模大野駅&km=5&service=all",
        "?near=相模原市南区&km=3&pickup=1",
        "?near=横浜市&service=all&page=3",
        "?q=パン作り&service=all",
    ]


def timed(client, url):
    started = time.perf_counter()
    response = client.get(url)
    elapsed = time.perf_counter() - started
    assert response.status_code == 200, (url, response.status_code)
    return elapsed * 1000


def p95(values):
    return statistics.quantiles(values, n=20)[-1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facilities", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--reindex", action="store_true", help="rebuild the keyword index first")
    args = parser.parse_args()

    configure(args.facilities)
    build(args.facilities)
    if args.reindex:
        from django.core.management import call_command

        call_command("rebuild_facility_index")

    from django.test import Client

    from facilities.directory import search
    from facilities.models import FacilityPage

    client = Client()
    urls = ["/facilities/" + q for q in queries()]
    baseline_url = "/about/"
    # A demo office (photos, FAQ, staff-entered stations) and a generated one.
    offices = FacilityPage.objects.live()
    facility_urls = [
        offices.get(slug="demo-01").url,
        offices.exclude(slug__startswith="demo-").order_by("pk").first().url,
    ]
    live = FacilityPage.objects.live().count()

    started = time.perf_counter()
    timed(client, urls[0])  # the first request builds the in-memory catalogue
    first = (time.perf_counter() - started) * 1000
    for url in [baseline_url, *urls, *facility_urls]:
        for _ in range(3):
            timed(client, url)

    directory = {url: [] for url in urls}
    facility = {url: [] for url in facility_urls}
    baseline = []
    for _ in range(args.rounds):
        for url in urls:
            directory[url].append(timed(client, url))
            baseline.append(timed(client, baseline_url))
        for url in facility_urls:
            facility[url].append(timed(client, url))
            baseline.append(timed(client, baseline_url))

    # The same keyword requests with nothing kept from earlier ones: the posting lists and
    # the catalogue's memos (verbatim words, word ranks) emptied before each.
    from facilities.directory import catalog

    cold = {}
    for url in urls:
        if "q=" in url:
            samples = []
            for _ in range(max(3, args.rounds // 3)):
                search.forget_postings()
                catalog.forget_memos()
                samples.append(timed(client, url))
            cold[url] = statistics.median(samples)

    keyword_ms = {}
    for url in urls:
        if "q=" in url:
            term = url.split("q=")[1].split("&")[0]
            samples = []
            for _ in range(args.rounds):
                started = time.perf_counter()
                search.search(term)
                samples.append((time.perf_counter() - started) * 1000)
            keyword_ms[url] = statistics.median(samples)

    all_directory = [ms for samples in directory.values() for ms in samples]
    base_median, base_p95 = statistics.median(baseline), p95(baseline)
    print()
    print(f"Live facilities: {live:,}   rounds: {args.rounds}   first request: {first:.0f} ms")
    print(f"{'query':<46}{'median ms':>10}{'p95 ms':>9}{'× page':>8}{'keyword ms':>12}")
    for url, samples in directory.items():
        median = statistics.median(samples)
        keyword = f"{keyword_ms[url]:.1f}" if url in keyword_ms else ""
        label = url.replace("/facilities/", "") or "(no conditions)"
        ratio = median / base_median
        print(f"{label:<46}{median:>10.1f}{p95(samples):>9.1f}{ratio:>8.2f}{keyword:>12}")
    print(f"{'content page /about/ (baseline)':<46}{base_median:>10.1f}{base_p95:>9.1f}{1:>8.2f}")
    ratio_median = statistics.median(all_directory) / base_median
    ratio_p95 = p95(all_directory) / base_p95
    print()
    print(
        f"Directory, all queries: median {statistics.median(all_directory):.1f} ms, "
        f"p95 {p95(all_directory):.1f} ms"
    )
    print(f"Ratio to the content page: median {ratio_median:.2f}×, p95 {ratio_p95:.2f}×")
    verdict = "meets" if ratio_median <= TARGET_RATIO and ratio_p95 <= TARGET_RATIO else "MISSES"
    print(f"Target ≤ {TARGET_RATIO:.0f}×: {verdict}")

    print()
    print(f"{'facility page':<46}{'median ms':>10}{'p95 ms':>9}{'× page':>8}")
    for url, samples in facility.items():
        ratio = statistics.median(samples) / base_median
        print(f"{url:<46}{statistics.median(samples):>10.1f}{p95(samples):>9.1f}{ratio:>8.2f}")
    all_facility = [ms for samples in facility.values() for ms in samples]
    facility_median = statistics.median(all_facility) / base_median
    facility_p95 = p95(all_facility) / base_p95
    print(
        f"Facility pages to the content page: median {facility_median:.2f}×, "
        f"p95 {facility_p95:.2f}×"
    )
    fits = facility_median <= FACILITY_RATIO and facility_p95 <= FACILITY_RATIO
    print(f"Target ≤ {FACILITY_RATIO}×: {'meets' if fits else 'MISSES'}")

    print()
    print("Keyword searches with nothing kept from earlier requests (not in the ratios above):")
    print(f"{'query':<46}{'median ms':>10}{'× page':>8}")
    for url, median in cold.items():
        label = url.replace("/facilities/", "")
        print(f"{label:<46}{median:>10.1f}{median / base_median:>8.2f}")


if __name__ == "__main__":
    main()
