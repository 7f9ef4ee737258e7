"""The rows of a side-by-side comparison: the facts a referral depends on, one column per office.

Every cell is a list of short lines; a fact nobody has entered is 未登録 (never a blank, which
could be read as "none"). A row is marked when the offices differ in it, so differences can be
shown in words and layout, not by colour alone.
"""

from dataclasses import dataclass

from django.contrib.humanize.templatetags.humanize import intcomma
from django.db.models import Prefetch

from ..models import FacilityHours, FacilityPage

MISSING = "未登録"


@dataclass
class Cell:
    lines: list

    @property
    def missing(self):
        return not self.lines

    @property
    def key(self):
        return tuple(self.lines)


@dataclass
class Row:
    label: str
    cells: list

    @property
    def differs(self):
        return len({cell.key for cell in self.cells}) > 1


@dataclass
class Section:
    title: str
    rows: list


def _names(related):
    return [term.name for term in related.all()]


def _yen(value, unit):
    return f"{unit}{intcomma(value)}円" if value is not None else None


def _wage(page):
    lines = []
    if page.wage_monthly_average is not None:
        year = f"（{page.wage_fiscal_year}年度）" if page.wage_fiscal_year else "（年度未登録）"
        lines.append(f"月額平均 {intcomma(page.wage_monthly_average)}円{year}")
    lines += [v for v in (_yen(page.wage_daily, "日額 "), _yen(page.wage_hourly, "時給 ")) if v]
    return lines


def _hours(page):
    lines = []
    for hours in page.hours.all():
        if hours.opens_at and hours.closes_at:
            span = f"{hours.opens_at:%-H:%M}〜{hours.closes_at:%-H:%M}"
        else:
            span = MISSING
        lines.append(
            f"{hours.get_day_type_display()} {span}{f'（{hours.note}）' if hours.note else ''}"
        )
    if page.closed_days:
        lines.append(f"定休日：{page.closed_days}")
    if page.hours_note:
        lines.append(page.hours_note)
    return lines


def _stations(page):
    lines = [station.summary for station in page.station_facts]
    if page.bus_access:
        lines.append(f"バス：{page.bus_access}")
    return lines


def _with_details(page, field, *details):
    """「あり」/「なし」 and the details that go with it; nothing when unknown."""
    value = getattr(page, field)
    if not value:
        return []
    return [getattr(page, f"get_{field}_display")(), *(d for d in details if d)]


def _costs(page):
    return [
        f"{label}：{value}"
        for label, value in (
            ("利用者負担", page.cost_self_pay),
            ("昼食", page.cost_lunch),
            ("その他", page.cost_other),
        )
        if value
    ]


def _openings(page):
    if not page.openings:
        return []
    confirmed = (
        f"{page.openings_confirmed_on:%Y年%-m月%-d日}確認"
        if page.openings_confirmed_on
        else "確認日未登録"
    )
    return [page.get_openings_display(), confirmed]


def _people(page):
    return [
        text
        for text in (
            f"定員 {page.capacity}名" if page.capacity is not None else "",
            f"職員 {page.staff_count}名" if page.staff_count is not None else "",
        )
        if text
    ]


# (section, [(row label, function of a page giving its lines)]).
LAYOUT = [
    (
        "基本情報",
        [
            ("サービスの種類", lambda p: [p.get_service_type_display()]),
            ("所在地", lambda p: [p.address] if p.city or p.address_rest else []),
            ("電話", lambda p: [p.phone] if p.phone else []),
            ("運営法人", lambda p: [p.corporation_name] if p.corporation_name else []),
            ("定員・職員", _people),
        ],
    ),
    (
        "作業と工賃",
        [
            ("作業内容", lambda p: _names(p.work_types)),
            ("工賃", _wage),
        ],
    ),
    (
        "時間と通所",
        [
            ("利用できる時間", _hours),
            ("最寄り駅", _stations),
            ("送迎", lambda p: _with_details(p, "pickup", p.pickup_area, p.pickup_times)),
        ],
    ),
    (
        "支援と職員",
        [
            ("支援内容", lambda p: _names(p.supports)),
            ("職員の資格", lambda p: _names(p.qualifications)),
            ("対象となる障害", lambda p: _names(p.target_disabilities)),
        ],
    ),
    ("費用", [("費用", _costs)]),
    (
        "見学・体験・空き",
        [
            ("見学", lambda p: _with_details(p, "visit", p.visit_lead_time, p.visit_duration)),
            ("体験利用", lambda p: _with_details(p, "trial", p.trial_lead_time, p.trial_duration)),
            ("空き状況", _openings),
        ],
    ),
]


def facilities(ids):
    """The live facilities with these ids, in the order given, with what the rows read."""
    pages = (
        FacilityPage.objects.live()
        .filter(pk__in=ids)
        .prefetch_related(
            "work_types",
            "supports",
            "qualifications",
            "target_disabilities",
            *FacilityPage.station_prefetches(),
            Prefetch("hours", queryset=FacilityHours.objects.order_by("sort_order", "pk")),
        )
    )
    by_pk = {page.pk: page for page in pages}
    return [by_pk[pk] for pk in ids if pk in by_pk]


def compare(pages):
    """The sections of rows comparing `pages` (one cell per page, in their order)."""
    return [
        Section(title, [Row(label, [Cell(read(page)) for page in pages]) for label, read in rows])
        for title, rows in LAYOUT
    ]


def differences(sections):
    """Only the rows where the offices differ (sections left empty are dropped)."""
    kept = [Section(s.title, [row for row in s.rows if row.differs]) for s in sections]
    return [s for s in kept if s.rows]
