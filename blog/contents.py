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
