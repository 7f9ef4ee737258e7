"""Reading the national open data: the real files, and broken copies made from them."""

import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from facilities.opendata.wam import clean, parse_hours, read

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "wam"
FILES = {"wam_202503_045.csv": 4607, "wam_202503_060.csv": 3418, "wam_202503_062.csv": 1859}


@pytest.fixture(autouse=True)
def open_data_is_there():
    assert DATA.is_dir(), f"the national open data is expected at {DATA} (../shared/data/wam)"


def lines(name):
    return (DATA / name).read_text(encoding="utf-8-sig").splitlines(keepends=True)


def read_text(text, encoding="utf-8-sig"):
    return read(text.encode(encoding))


@pytest.mark.parametrize(("name", "count"), FILES.items())
def test_the_real_files_read_without_a_rejected_row(name, count):
    result = read((DATA / name).read_bytes())
    assert result.problems == []
    assert len(result.rows) == count


def test_a_row_is_cleaned():
    result = read((DATA / "wam_202503_045.csv").read_bytes())
    row = result.rows[0]
    assert row.line == 2
    assert (row.office_number, row.listing_number) == ("0110103389", "A0000003583")
    assert row.service_type == "a"
    assert row.corporation_name == "reward株式会社"  # ｒｅｗａｒｄ in the file
    assert (row.prefecture, row.city) == ("01", "札幌市中央区")
    assert row.latitude == Decimal("43.052108")
    assert row.hours["weekday"] == (datetime.time(9, 30), datetime.time(18, 30))
    assert row.capacity == 20
    services = {r.service_type for r in read((DATA / "wam_202503_062.csv").read_bytes()).rows}
    assert services == {"retention"}


def test_bad_rows_are_reported_with_their_line_numbers_and_skipped():
    text = lines("wam_202503_060.csv")[:8]
    fields = text[2].rstrip("\n").split('","')
    text[2] = '","'.join(fields[:14] + [""] + fields[15:]) + "\n"  # no 事業所番号 (line 3)
    fields = text[4].rstrip("\n").split(",")
    fields[20] = '"北緯"'
    text[4] = ",".join(fields) + "\n"  # broken latitude (line 5)
    text[6] = text[6].rstrip("\n").rsplit(",", 1)[0] + "\n"  # 28 columns (line 7)
    result = read_text("".join(text))
    assert len(result.rows) == 4
    assert result.rejected_lines == [3, 5, 7]
    messages = {p.line: str(p) for p in result.problems}
    assert "事業所番号 is missing" in messages[3]
    assert "broken coordinates" in messages[5]
    assert "28 columns instead of 29" in messages[7]


def test_a_file_in_another_encoding_is_refused_whole():
    text = "".join(lines("wam_202503_062.csv")[:5])
    result = read(text.encode("cp932"))
    assert result.rows == []
    assert len(result.problems) == 1
    assert "not UTF-8" in str(result.problems[0])


def test_a_file_that_is_not_the_open_data_is_refused():
    result = read_text("名前,住所\nひだまり,相模原\n")
    assert result.rows == []
    assert "header row" in str(result.problems[0])
    empty = read(b"")
    assert empty.rows == []
    assert "header row" in str(empty.problems[0])


def test_hours_and_cleaning():
    # Full-width digits and punctuation (as the open data uses elsewhere) read the same.
    assert parse_hours("０９：３０－１８：３０") == (datetime.time(9, 30), datetime.time(18, 30))
    assert parse_hours("09:30-18:30") == (datetime.time(9, 30), datetime.time(18, 30))
    assert parse_hours("") is None
    assert parse_hours("25:00-26:00") is None
    assert parse_hours("シフト制") is None
    assert clean("  ４階　Ａ型 ") == "4階 A型"
