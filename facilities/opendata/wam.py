"""Reading the national open data (WAM NET 障害福祉サービス等情報公表システム) CSV files.

This module only reads and checks: it turns a file into clean rows and a list of problems
with their line numbers, and never raises on bad input. Writing facility pages from the rows
is the importer's job. The format (shared/data/wam/README.md): UTF-8 with a byte-order mark,
29 quoted columns, one header row, full-width letters and digits (normalised here with NFKC).
"""

import csv
import datetime
import io
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from ..choices import DayType, ServiceType, split_prefecture

ATTRIBUTION = "WAM NET 障害福祉サービス等情報公表システム オープンデータ"

COLUMNS = [
    "都道府県コード又は市区町村コード",
    "NO（※システム内の固有の番号、連番）",
    "指定機関名",
    "法人の名称",
    "法人の名称_かな",
    "法人番号",
    "法人住所（市区町村）",
    "法人住所（番地以降）",
    "法人電話番号",
    "法人FAX番号",
    "法人URL",
    "サービス種別",
    "事業所の名称",
    "事業所の名称_かな",
    "事業所番号",
    "事業所住所（市区町村）",
    "事業所住所（番地以降）",
    "事業所電話番号",
    "事業所FAX番号",
    "事業所URL",
    "事業所緯度",
    "事業所経度",
    "利用可能な時間帯（平日）",
    "利用可能な時間帯（土曜）",
    "利用可能な時間帯（日曜）",
    "利用可能な時間帯（祝日）",
    "定休日",
    "利用可能曜日特記事項（留意事項）",
    "定員",
]
SERVICE_TYPES = {label: value for value, label in ServiceType.choices}
HOURS_COLUMNS = {
    DayType.WEEKDAY: "利用可能な時間帯（平日）",
    DayType.SATURDAY: "利用可能な時間帯（土曜）",
    DayType.SUNDAY: "利用可能な時間帯（日曜）",
    DayType.HOLIDAY: "利用可能な時間帯（祝日）",
}
_HOURS = re.compile(r"^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$")
_OFFICE_NUMBER = re.compile(r"^\d{10}$")
# Japan lies within these bounds; a coordinate outside them is a broken one.
LATITUDES = (Decimal("20"), Decimal("46"))
LONGITUDES = (Decimal("122"), Decimal("154"))


@dataclass
class Row:
    """One office listing, cleaned: official facts only."""

    line: int
    listing_number: str  # NO: one per office, site and service
    office_number: str  # 事業所番号
    service_type: str
    name: str
    name_kana: str
    corporation_name: str
    corporation_kana: str
    corporation_number: str
    prefecture: str
    city: str
    address_rest: str
    phone: str
    fax: str
    website: str
    latitude: Decimal | None
    longitude: Decimal | None
    hours: dict = field(default_factory=dict)  # DayType -> (opens, closes)
    closed_days: str = ""
    hours_note: str = ""
    capacity: int | None = None


@dataclass
class Problem:
    line: int  # 0 for the file as a whole
    message: str

    def __str__(self):
        return f"line {self.line}: {self.message}" if self.line else self.message


@dataclass
class Result:
    rows: list
    problems: list

    @property
    def rejected_lines(self):
        return sorted({p.line for p in self.problems if p.line})


def clean(text):
    """NFKC (ｒｅｗａｒｄ → reward, ４階 → 4階) and trimmed white space."""
    return " ".join(unicodedata.normalize("NFKC", text or "").split())


def _time(hours, minutes):
    try:
        return datetime.time(int(hours), int(minutes))
    except ValueError:
        return None


def parse_hours(text):
    """(opens, closes) from "09:30-18:30"; None when empty or not in that form."""
    match = _HOURS.match(clean(text).replace(" ", ""))
    if not match:
        return None
    opens, closes = _time(*match.group(1, 2)), _time(*match.group(3, 4))
    return (opens, closes) if opens and closes else None


def clean_website(text):
    """A usable web address, or "" for the few broken ones in the data ("https://npocanvas").

    A broken address is left out rather than rejecting the office: it would otherwise stop
    staff from saving the page in the admin, whose form checks addresses.
    """
    text = clean(text)
    if text.startswith("www."):
        text = f"http://{text}"
    try:
        _URL(text)
    except ValidationError:
        return ""
    return text if len(text) <= 300 else ""


_URL = URLValidator(schemes=["http", "https"])


def _coordinate(text, bounds):
    text = clean(text)
    if not text:
        return None, False
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None, True
    if not value.is_finite() or not bounds[0] <= value <= bounds[1]:
        return None, True
    return value.quantize(Decimal("0.000001")), False


def _row(line, values):
    """A Row from one record's 29 values, or the list of what is wrong with it."""
    data = dict(zip(COLUMNS, values, strict=True))
    errors = []
    office_number = clean(data["事業所番号"])
    if not office_number:
        errors.append("事業所番号 is missing")
    elif not _OFFICE_NUMBER.match(office_number):
        errors.append(f"事業所番号 {office_number!r} is not 10 digits")
    service_type = SERVICE_TYPES.get(clean(data["サービス種別"]))
    if service_type is None:
        errors.append(f"unknown サービス種別 {clean(data['サービス種別'])!r}")
    latitude, bad_latitude = _coordinate(data["事業所緯度"], LATITUDES)
    longitude, bad_longitude = _coordinate(data["事業所経度"], LONGITUDES)
    if bad_latitude or bad_longitude or (latitude is None) != (longitude is None):
        errors.append(
            f"broken coordinates {clean(data['事業所緯度'])!r}, {clean(data['事業所経度'])!r}"
        )
    capacity_text = clean(data["定員"])
    capacity = int(capacity_text) if capacity_text.isdigit() else None
    if capacity_text and capacity is None:
        errors.append(f"定員 {capacity_text!r} is not a number")
    if not clean(data["事業所の名称"]):
        errors.append("事業所の名称 is missing")
    if errors:
        return None, errors

    prefecture, city = split_prefecture(clean(data["事業所住所（市区町村）"]))
    hours = {}
    for day, column in HOURS_COLUMNS.items():
        parsed = parse_hours(data[column])
        if parsed:
            hours[day] = parsed
    return (
        Row(
            line=line,
            listing_number=clean(data["NO（※システム内の固有の番号、連番）"]),
            office_number=office_number,
            service_type=service_type,
            name=clean(data["事業所の名称"]),
            name_kana=clean(data["事業所の名称_かな"]),
            corporation_name=clean(data["法人の名称"]),
            corporation_kana=clean(data["法人の名称_かな"]),
            corporation_number=clean(data["法人番号"]),
            prefecture=prefecture,
            city=city,
            address_rest=clean(data["事業所住所（番地以降）"]),
            phone=clean(data["事業所電話番号"]),
            fax=clean(data["事業所FAX番号"]),
            website=clean_website(data["事業所URL"]),
            latitude=latitude,
            longitude=longitude,
            hours=hours,
            closed_days=clean(data["定休日"]),
            hours_note=clean(data["利用可能曜日特記事項（留意事項）"]),
            capacity=capacity,
        ),
        [],
    )


def read(raw):
    """Read a whole file's bytes; a file that is not UTF-8 gives no rows at all."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return Result(
            rows=[],
            problems=[
                Problem(
                    0,
                    f"the file is not UTF-8 (byte {error.start}): nothing was read. "
                    "Save it as UTF-8 (with or without BOM) and try again.",
                )
            ],
        )
    records = csv.reader(io.StringIO(text, newline=""))
    header = next(records, None)
    if header is None or [clean(h) for h in header] != [clean(c) for c in COLUMNS]:
        return Result(
            rows=[], problems=[Problem(1, "the header row is not the WAM open data's 29 columns")]
        )
    rows, problems = [], []
    end_of_previous = records.line_num
    for values in records:
        # The line a record starts on (a quoted field may span several lines).
        line, end_of_previous = end_of_previous + 1, records.line_num
        if not any(v.strip() for v in values):
            continue
        if len(values) != len(COLUMNS):
            problems.append(Problem(line, f"{len(values)} columns instead of {len(COLUMNS)}"))
            continue
        row, errors = _row(line, values)
        if row is None:
            problems.extend(Problem(line, message) for message in errors)
        else:
            rows.append(row)
    return Result(rows=rows, problems=problems)
