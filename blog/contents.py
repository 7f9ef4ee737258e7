"""Pure functions over articles: the table of contents and the monthly archive."""

from collections import Counter
from dataclasses import dataclass


@dataclass(frozen=True)
class Entry:
    anchor: str
    text: str
    level: str  # "h2" or "h3"


def anchor(position):
    """The id of the heading that is the `position`-th block (1-based) of a body."""
    return f"section-{position}"


def table_of_contents(body):
    """One entry per heading block, in order, linked by the block's position."""
    return [
        Entry(anchor(position), block.value["text"], block.value["level"])
        for position, block in enumerate(body, 1)
        if block.block_type == "heading"
    ]


@dataclass(frozen=True)
class Month:
    year: int
    month: int
    count: int

    @property
    def label(self):
        return f"{self.year}年{self.month}月"


def archive(dates):
    """Months with articles, newest first, and how many each: 「2026年11月（3）」."""
    counts = Counter((d.year, d.month) for d in dates)
    return [Month(y, m, counts[(y, m)]) for y, m in sorted(counts, reverse=True)]


@dataclass(frozen=True)
class Day:
    day: int  # 0 for the cells before the 1st and after the last day
    count: int = 0


WEEKDAY_HEADINGS = ["日", "月", "火", "水", "木", "金", "土"]


def month_calendar(year, month, dates):
    """The weeks of a month, Sunday first as Japanese calendars are, each day with how many
    of `dates` fall on it."""
    import calendar

    counts = Counter(d.day for d in dates if (d.year, d.month) == (year, month))
    weeks = calendar.Calendar(firstweekday=6).monthdayscalendar(year, month)
    return [[Day(day, counts.get(day, 0)) for day in week] for week in weeks]


def calendar_month(months, year=None, month=None, today=None):
    """Which month the side calendar shows: the one asked for, else the newest with articles,
    else this month; with the months with articles before and after it."""
    if year is None:
        if months:
            year, month = months[0].year, months[0].month
        else:
            year, month = today.year, today.month
    older = [m for m in months if (m.year, m.month) < (year, month)]
    newer = [m for m in months if (m.year, m.month) > (year, month)]
    return year, month, (older[0] if older else None), (newer[-1] if newer else None)
