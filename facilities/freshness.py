"""What an office's staff should look at: facts the page lacks and facts that have not been
confirmed for a while. Read by the staff dashboard panel and the monthly reminder mail."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from .profile import FACTS, edit_anchors, profile


def openings_max_age():
    return timedelta(days=getattr(settings, "OPENINGS_MAX_AGE_DAYS", 30))


def page_max_age():
    return timedelta(days=getattr(settings, "PAGE_MAX_AGE_DAYS", 180))


@dataclass
class Item:
    label: str
    url: str


@dataclass
class Review:
    page: object
    edit_url: str
    missing: list = field(default_factory=list)  # Items
    stale: list = field(default_factory=list)  # Items
    known: int = 0
    total: int = len(FACTS)

    @property
    def needs_attention(self):
        return bool(self.missing or self.stale)


def review(page, today=None):
    """The page's missing facts and stale ones, each with a link to where it is edited."""
    from home.dates import japanese_date

    today = today or timezone.localdate()
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    anchors = edit_anchors()
    facts = profile(page)
    result = Review(page, edit_url)
    for fact in FACTS:
        if facts.known[fact.key]:
            result.known += 1
        else:
            result.missing.append(Item(fact.label, f"{edit_url}#{anchors[fact.key]}"))
    openings_url = f"{edit_url}#{anchors['openings']}"
    confirmed = page.openings_confirmed_on
    if page.openings and (confirmed is None or today - confirmed > openings_max_age()):
        when = f"{japanese_date(confirmed)}に確認" if confirmed else "確認日がありません"
        result.stale.append(Item(f"空き状況（{when}）", openings_url))
    published = page.last_published_at
    if published and today - timezone.localdate(published) > page_max_age():
        when = japanese_date(published, weekday=False)
        result.stale.append(Item(f"ページ全体（最後の公開：{when}）", edit_url))
    return result
