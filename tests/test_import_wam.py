"""`import_wam`: the real open data files, re-imports, hand edits, and broken copies."""

import csv
import datetime
from io import StringIO
from pathlib import Path

import pytest

from django.core.management import CommandError, call_command

from facilities.directory import search
from facilities.models import FacilityHours, FacilityPage, WorkType
from facilities.opendata.imports import date_from_filename
from facilities.opendata.wam import ATTRIBUTION, COLUMNS, HOURS_COLUMNS
from tests.conftest import sign_in

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "wam"
FILES = {"wam_202503_045.csv": 4607, "wam_202503_060.csv": 3418, "wam_202503_062.csv": 1859}
A_TYPE = "wam_202503_045.csv"

pytestmark = pytest.mark.django_db


def run(*paths, **options):
    out, err = StringIO(), StringIO()
    call_command("import_wam", *map(str, paths), stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def summary_line(out):
    return [line for line in out.splitlines() if " rows in " in line][-1]


def lines(name=A_TYPE):
    return (DATA / name).read_text(encoding="utf-8-sig").splitlines(keepends=True)


def write(tmp_path, name, lines_, encoding="utf-8-sig"):
    path = tmp_path / name
    path.write_bytes("".join(lines_).encode(encoding))
    return path


def edit(line, column, value):
    """A CSV line with one column changed, quoted as the open data quotes it."""
    values = next(csv.reader([line]))
    values[COLUMNS.index(column)] = value
    return ",".join(f'"{v}"' for v in values) + "\n"


def imported():
    return FacilityPage.objects.exclude(source_id="")


def state():
    """What a re-import could change, for every imported page."""
    return sorted(
        imported().values_list(
            "pk", "title", "phone", "source_facts", "source_date", "source_missing_since"
        )
    ), sorted(FacilityHours.objects.values_list("page_id", "day_type", "opens_at", "closes_at"))


def test_the_three_real_files_import_whole_and_a_re_import_changes_nothing(demo_site):
    before = FacilityPage.objects.count()
    for name, count in FILES.items():
        out, err = run(DATA / name, no_index=True)
        assert err == ""
        assert f"created {count:,}, updated 0, unchanged 0, flagged 0, rejected 0" in summary_line(
            out
        )
    assert FacilityPage.objects.count() == before + sum(FILES.values())
    assert imported().filter(live=True).count() == 9884
    assert imported().filter(service_type="a").count() == 4607
    assert imported().filter(service_type="transition").count() == 3418
    assert imported().filter(service_type="retention").count() == 1859

    snapshot = state()
    for name, count in FILES.items():
        out, _ = run(DATA / name, no_index=True)
        assert f"created 0, updated 0, unchanged {count:,}, flagged 0, rejected 0" in summary_line(
            out
        )
    assert state() == snapshot

    page = imported().get(source_id="A0000003583", service_type="a")
    assert page.title == "hibino−shigoto"  # full-width letters normalised
    assert page.corporation_name == "reward株式会社"
    assert (page.prefecture, page.city) == ("01", "札幌市中央区")
    assert page.source_name == ATTRIBUTION
    assert page.source_date == datetime.date(2025, 3, 31)
    assert [h.day_type for h in page.hours.all()] == ["weekday", "saturday", "sunday", "holiday"]
    # The tree is sound: Wagtail can add a page after the bulk-inserted ones.
    assert page.get_parent().specific_class.__name__ == "DirectoryPage"
    assert page.url == f"/facilities/{page.slug}/"


def test_an_imported_office_has_its_page_with_the_attribution(client, demo_site, tmp_path):
    path = write(tmp_path, "wam_202503_045.csv", lines()[:6])
    run(path, no_index=True)
    response = client.get("/facilities/wam-a0000003583-a/")
    text = response.content.decode()
    assert response.status_code == 200
    assert "hibino−shigoto" in text
    assert (
        "出典: WAM NET 障害福祉サービス等情報公表システム オープンデータ (2025年3月末時点)" in text
    )


def test_imported_offices_are_found_by_name_kana_corporation_and_address(
    client, demo_site, tmp_path
):
    path = write(tmp_path, "wam_202503_045.csv", lines()[:30])
    out, _ = run(path)
    assert "Indexed" in out
    for query in [
        "hibino",
        "ひびのしごと",
        "ヒビノシゴト",
        "reward株式会社",
        "りわーど",
        "南七条西",
    ]:
        response = client.get("/facilities/", {"q": query, "service": "a"})
        assert "hibino−shigoto" in response.content.decode(), query
    assert search.document_count() == FacilityPage.objects.live().count()


def test_an_import_without_its_own_index_run_is_found_by_the_site_and_the_admin(
    client, demo_site, tmp_path
):
    """The import leaves the keyword index alone (as one on another server would): the
    directory and the admin's list of offices take the new offices in from the database."""
    from django.contrib.auth import get_user_model

    run(write(tmp_path, "wam_202503_045.csv", lines()[:30]), no_index=True)
    response = client.get("/facilities/", {"q": "ひびのしごと", "service": "all"})
    assert "hibino−shigoto" in response.content.decode()

    sign_in(client, get_user_model().objects.create_superuser("operator", "o@example.jp", "x"))
    for query in ("hibino−shigoto", "ひびのしごと", "南七条西"):
        listing = client.get("/admin/facility_pages/", {"q": query}).content.decode()
        assert "hibino−shigoto" in listing, query
    listing = client.get("/admin/facility_pages/", {"q": "ひだまり工房"}).content.decode()
    assert "hibino−shigoto" not in listing and "ひだまり工房" in listing


def test_hand_edits_survive_and_changed_official_facts_are_updated(demo_site, tmp_path):
    original = lines()[:6]
    run(write(tmp_path, "wam_202503_045.csv", original), no_index=True)
    page = imported().get(source_id="A0000003583")
    # Staff correct the phone number and write what the data does not have.
    page.phone = "011-999-0000"
    page.introduction = "<p>職員が書いた紹介文です。</p>"
    page.wage_monthly_average = 91000
    page.wage_fiscal_year = 2024
    page.work_types.set([WorkType.objects.first()])
    page.save_revision().publish()

    out, _ = run(write(tmp_path, "wam_202503_045.csv", original), no_index=True)
    assert "updated 0, unchanged 5" in summary_line(out)
    page.refresh_from_db()
    assert page.phone == "011-999-0000"

    # A newer file changes the office's name and hours; the phone is as before.
    changed = list(original)
    changed[1] = edit(changed[1], "事業所の名称", "ｈｉｂｉｎｏ−ｓｈｉｇｏｔｏ本店")
    for column in HOURS_COLUMNS.values():
        changed[1] = edit(changed[1], column, "")
    changed[1] = edit(changed[1], HOURS_COLUMNS["weekday"], "10:00-16:00")
    out, _ = run(write(tmp_path, "wam_202509_045.csv", changed), no_index=True)
    assert "created 0, updated 1, unchanged 4" in summary_line(out)
    page = FacilityPage.objects.get(pk=page.pk)
    assert page.title == "hibino−shigoto本店"
    assert page.source_date == datetime.date(2025, 9, 30)
    assert [(h.day_type, h.opens_at, h.closes_at) for h in page.hours.all()] == [
        ("weekday", datetime.time(10), datetime.time(16))
    ]
    assert page.phone == "011-999-0000"
    assert page.introduction == "<p>職員が書いた紹介文です。</p>"
    assert (page.wage_monthly_average, page.wage_fiscal_year) == (91000, 2024)
    assert list(page.work_types.all()) == [WorkType.objects.first()]


def test_an_office_missing_from_a_newer_file_is_flagged_not_deleted(client, demo_site, tmp_path):
    original = lines()[:6]
    run(write(tmp_path, "wam_202503_045.csv", original), no_index=True)
    without_first = [original[0], *original[2:]]

    # An older file without it is no news: nothing is flagged.
    out, _ = run(write(tmp_path, "wam_202409_045.csv", without_first), no_index=True)
    assert "flagged 0" in summary_line(out)

    out, _ = run(write(tmp_path, "wam_202509_045.csv", without_first), no_index=True)
    assert "flagged 1" in summary_line(out)
    assert "flagged (not in this file): hibino−shigoto" in out
    page = imported().get(source_id="A0000003583")
    assert page.live
    assert page.source_missing_since == datetime.date(2025, 9, 30)
    text = client.get(page.url).content.decode()
    assert "2025年9月時点のオープンデータに載っていません" in text

    out, _ = run(write(tmp_path, "wam_202509_045.csv", without_first), no_index=True)
    assert "flagged 0 (+1 still missing)" in summary_line(out)

    # The operator finds flagged offices in the admin's list of offices.
    from django.contrib.auth import get_user_model

    sign_in(client, get_user_model().objects.create_superuser("operator", "o@example.jp", "x"))
    listing = client.get("/admin/facility_pages/", {"missing_from_open_data": "true"})
    text = listing.content.decode()
    assert listing.status_code == 200
    assert "hibino−shigoto" in text
    assert "hibino-kagayaki" not in text
    assert "hibino-kagayaki" in client.get("/admin/facility_pages/").content.decode()

    # It comes back in a later file: the flag is cleared.
    out, _ = run(write(tmp_path, "wam_202603_045.csv", original), no_index=True)
    assert "updated 1" in summary_line(out)
    page.refresh_from_db()
    assert page.source_missing_since is None


def test_bad_rows_are_reported_with_their_line_numbers_and_the_rest_imported(demo_site, tmp_path):
    rows = lines()[:11]
    rows[2] = edit(rows[2], "事業所番号", "")  # line 3
    rows[4] = edit(rows[4], "事業所緯度", "430.05")  # line 5
    rows[6] = rows[6].rstrip("\n").rsplit(",", 1)[0] + "\n"  # a column short (line 7)
    path = write(tmp_path, "wam_202503_045.csv", rows)
    out, err = run(path, no_index=True)
    assert "created 7, updated 0, unchanged 0, flagged 0, rejected 3" in summary_line(out)
    assert "line 3: 事業所番号 is missing" in err
    assert "line 5: broken coordinates" in err
    assert "line 7: 28 columns instead of 29" in err
    assert imported().count() == 7


def test_a_file_in_another_encoding_imports_nothing(demo_site, tmp_path):
    path = write(tmp_path, "wam_202503_045.csv", lines()[:20], encoding="cp932")
    with pytest.raises(CommandError, match="Nothing was imported"):
        run(path, no_index=True)
    assert imported().count() == 0


def test_a_page_made_by_hand_is_adopted_not_duplicated(demo_site, directory, tmp_path):
    from tests.conftest import make_facility

    page = make_facility(
        directory,
        "ひびのしごと（手入力）",
        "hibino",
        office_number="0110103389",
        service_type="a",
        phone="011-000-0000",
    )
    out, _ = run(write(tmp_path, "wam_202503_045.csv", lines()[:3]), no_index=True)
    assert "created 1, updated 1" in summary_line(out)
    page.refresh_from_db()
    assert page.source_id == "A0000003583"
    assert page.title == "ひびのしごと（手入力）"  # what staff wrote stays
    assert page.phone == "011-000-0000"
    assert page.corporation_name == "reward株式会社"  # what was empty is filled


def test_the_date_comes_from_the_file_name_or_the_option(demo_site, tmp_path):
    assert date_from_filename("wam_202502_046.csv") == datetime.date(2025, 2, 28)
    assert date_from_filename("offices.csv") is None
    path = write(tmp_path, "offices.csv", lines()[:3])
    with pytest.raises(CommandError, match="--date"):
        run(path, no_index=True)
    run(path, no_index=True, date="2025-04-01")
    assert imported().get(source_id="A0000003583").source_date == datetime.date(2025, 4, 1)


def test_an_office_with_several_services_links_them(client, demo_site, tmp_path):
    a_rows, transition_rows = lines(A_TYPE), lines("wam_202503_060.csv")
    number = COLUMNS.index("事業所番号")

    def office(line):
        return next(csv.reader([line]))[number]

    transition_numbers = {office(line): line for line in transition_rows[1:]}
    shared = next(line for line in a_rows[1:] if office(line) in transition_numbers)
    run(write(tmp_path, "wam_202503_045.csv", [a_rows[0], shared]), no_index=True)
    run(
        write(tmp_path, "wam_202503_060.csv", [a_rows[0], transition_numbers[office(shared)]]),
        no_index=True,
    )
    a_page, transition_page = imported().order_by("service_type")
    assert (a_page.service_type, transition_page.service_type) == ("a", "transition")
    text = client.get(a_page.url).content.decode()
    assert "同じ事業所のほかのサービス" in text
    assert f'<a href="{transition_page.url}">{transition_page.title}（就労移行支援）</a>' in text
