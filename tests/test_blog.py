"""The blog and the FAQ: page tree, contents, archive, category/tag/month URLs, feeds."""

import datetime
import json
import re
import xml.etree.ElementTree as ET

import pytest

from django.utils import timezone

from blog.contents import Day, archive, month_calendar, table_of_contents
from blog.models import BlogIndexPage, BlogPage
from facilities.models import FacilityPage
from home.models import FAQPage, HomePage, StandardPage

pytestmark = pytest.mark.django_db
BLOG = "/blog/"


@pytest.fixture
def blog(demo_site):
    return BlogIndexPage.objects.get()


def titles(html):
    return [a.title for a in BlogPage.objects.all() if f">{a.title}</a></h3>" in html]


def listed_in_order(html):
    found = [
        (html.index(f">{a.title}</a></h3>"), a.title)
        for a in BlogPage.objects.all()
        if f">{a.title}</a></h3>" in html
    ]
    return [title for _, title in sorted(found)]


def test_page_tree_rules():
    # The blog's own articles, and each office's news under its page.
    assert BlogPage.allowed_parent_page_models() == [BlogIndexPage, FacilityPage]
    assert FacilityPage.allowed_subpage_models() == [BlogPage]
    assert BlogIndexPage.allowed_parent_page_models() == [HomePage]
    assert FAQPage.allowed_parent_page_models() == [HomePage]
    assert BlogPage.allowed_subpage_models() == []
    assert BlogIndexPage not in StandardPage.allowed_subpage_models()


def test_the_demo_has_eight_articles_in_three_categories_and_a_faq(blog):
    articles = BlogPage.objects.live().child_of(blog)
    assert articles.count() >= 8
    assert {c.slug for a in articles for c in a.categories.all()} >= {"start", "support", "daily"}
    kinds = {block.block_type for a in articles for block in a.body}
    assert {"heading", "table", "checklist", "questions", "call_to_action"} <= kinds
    faq = FAQPage.objects.get()
    assert faq.questions.count() >= 15
    assert len(faq.themes()) == 7


def test_table_of_contents_from_headings(blog):
    article = BlogPage.objects.get(slug="before-your-visit")
    toc = table_of_contents(article.body)
    assert [(e.text, e.level) for e in toc] == [
        ("見学ではなにをするの？", "h2"),
        ("持っていくと安心なもの", "h2"),
        ("聞いておきたいこと", "h3"),
    ]
    assert toc[0].anchor == "section-1"
    assert toc[1].anchor == "section-3"  # the second heading is the third block


def test_the_article_shows_its_contents_and_links_them(client, blog):
    html = client.get("/blog/before-your-visit/").content.decode()
    assert "この記事の目次" in html
    assert '<a href="#section-3">持っていくと安心なもの</a>' in html
    assert '<h2 id="section-3">持っていくと安心なもの</h2>' in html
    assert '<h3 id="section-5">聞いておきたいこと</h3>' in html
    assert "筆記用具とメモ帳" in html
    article = BlogPage.objects.get(slug="before-your-visit")
    article.show_toc = False
    article.save_revision().publish()
    assert "この記事の目次" not in client.get("/blog/before-your-visit/").content.decode()


def test_a_table_has_a_header_row_and_scrolls_on_a_phone(client, blog):
    html = client.get("/blog/certificate-steps/").content.decode()
    assert '<th scope="col">段階</th>' in html
    assert 'class="table-scroll" role="region" tabindex="0"' in html
    assert "<caption>利用開始までの流れ（目安）</caption>" in html
    assert "申請に本人が行けないときは？" in html  # the Q&A block


def test_archive_counts():
    dates = [datetime.date(2026, 11, 1), datetime.date(2026, 11, 20), datetime.date(2026, 9, 3)]
    assert [(m.label, m.count) for m in archive(dates)] == [("2026年11月", 2), ("2026年9月", 1)]


def test_the_index_lists_newest_first_with_its_archive(client, blog):
    html = client.get(BLOG).content.decode()
    newest = list(BlogPage.objects.live().order_by("-date").values_list("title", flat=True))
    assert listed_in_order(html) == newest
    assert '<a href="/blog/2026/11/">2026年11月（3）</a>' in html
    assert '<a href="/blog/category/daily/">事業所の日々</a>' in html


def test_category_tag_and_month_have_their_own_urls(client, blog):
    daily = client.get(f"{BLOG}category/daily/").content.decode()
    assert "カテゴリー：事業所の日々" in daily
    assert set(titles(daily)) == {
        "秋の収穫祭を開きました",
        "パン工房の一日",
        "ご家族向けの相談会をひらきます",
    }
    tag = client.get(f"{BLOG}tag/工賃/").content.decode()
    assert titles(tag) == ["工賃のしくみと、月ごとの金額の決まり方"]
    september = client.get(f"{BLOG}2026/9/").content.decode()
    assert set(titles(september)) == {
        "受給者証の申請から利用開始までの流れ",
        "個別支援計画ってなに？",
    }
    for bad in ("category/nothing/", "2026/13/", "2026/0/", "0000/01/", "0000/1/"):
        assert client.get(BLOG + bad).status_code == 404, bad
    assert client.get(BLOG, {"page": "abc"}).status_code == 200
    assert client.get(BLOG, {"page": "999"}).status_code == 200


def test_unpublished_and_future_articles_are_hidden(client, blog):
    hidden = BlogPage.objects.get(slug="harvest-festival")
    hidden.unpublish()
    future = BlogPage.objects.get(slug="a-day-at-the-bakery")
    future.date = timezone.localdate() + datetime.timedelta(days=10)
    future.save_revision().publish()
    html = client.get(BLOG).content.decode()
    feed = client.get(f"{BLOG}feed/").content.decode()
    for title in ("秋の収穫祭を開きました", "パン工房の一日"):
        assert f">{title}</a></h3>" not in html
        assert f"<title>{title}</title>" not in feed
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/blog/harvest-festival/" not in sitemap
    assert "/blog/five-things-in-a-trial/" in sitemap


def test_feeds_are_valid_rss(client, blog):
    for url in (f"{BLOG}feed/", f"{BLOG}category/start/feed/"):
        response = client.get(url)
        assert response["Content-Type"].startswith("application/rss+xml")
        channel = ET.fromstring(response.content).find("channel")  # noqa: S314 (our own feed)
        items = channel.findall("item")
        assert items and all(
            i.find("link").text.startswith("http://testserver/blog/") for i in items
        )
    start = ET.fromstring(client.get(f"{BLOG}category/start/feed/").content)  # noqa: S314
    assert {i.find("title").text for i in start.iter("item")} == {
        "見学の前に準備しておくと安心なこと",
        "受給者証の申請から利用開始までの流れ",
        "体験利用で確かめたい5つのこと",
    }
    assert client.get(f"{BLOG}category/nothing/feed/").status_code == 404


def test_articles_appear_on_the_facilities_they_are_about(client, blog):
    bakery = FacilityPage.objects.get(slug="demo-01")
    html = client.get(bakery.url).content.decode()
    assert "この事業所の記事" in html
    assert ">パン工房の一日</a>" in html


def test_faq_has_themes_anchors_and_structured_data(client, blog):
    faq = FAQPage.objects.get()
    html = client.get(faq.url).content.decode()
    first = faq.questions.first()
    assert f'<details class="faq" id="faq-{first.pk}">' in html
    assert '<h2 id="theme-conditions">利用条件</h2>' in html
    data = json.loads(html.split('<script type="application/ld+json">')[1].split("</script>")[0])
    assert data["@type"] == "FAQPage"
    assert len(data["mainEntity"]) == faq.questions.count()
    assert data["mainEntity"][0]["acceptedAnswer"]["text"].startswith("障害や病気があり")


def test_calls_to_action_open_the_inquiry_form(client, blog):
    bakery = FacilityPage.objects.get(slug="demo-01")
    html = client.get("/blog/a-day-at-the-bakery/").content.decode()
    assert f'href="/contact/?facility={bakery.pk}&amp;kind=visit"' in html
    general = client.get("/blog/family-consultation-day/").content.decode()
    assert 'href="/contact/?kind=general"' in general


def test_the_month_calendar_starts_on_sunday_and_counts_articles():
    dates = [datetime.date(2026, 11, 1), datetime.date(2026, 11, 1), datetime.date(2026, 10, 31)]
    weeks = month_calendar(2026, 11, dates)
    assert weeks[0][0] == Day(1, 2)  # 1 November 2026 is a Sunday
    assert [d.day for d in weeks[-1]] == [29, 30, 0, 0, 0, 0, 0]
    assert sum(d.count for week in weeks for d in week) == 2


def test_the_posting_calendar_links_days_with_articles(client, blog):
    html = client.get(BLOG).content.decode()
    calendar = html[html.index('id="calendar-title"') : html.index('id="archive-title"')]
    assert "<caption>2026年11月（記事のある日にリンクがあります）</caption>" in calendar
    assert re.findall(r'href="/blog/2026/11/(\d+)/"', calendar) == ["6", "12", "18"]
    assert 'aria-label="11月6日の記事（1件）"' in calendar
    assert "前の月（2026年10月）" in calendar and "次の月" not in calendar

    october = client.get(f"{BLOG}2026/10/").content.decode()
    october_calendar = october[october.index('id="calendar-title"') :]
    assert re.findall(r'href="/blog/2026/10/(\d+)/"', october_calendar)[:2] == ["2", "24"]
    assert "次の月（2026年11月）" in october_calendar

    day = client.get(f"{BLOG}2026/11/6/").content.decode()
    assert titles(day) == ["パン工房の一日"]
    assert "2026年11月6日（金）の記事" in day
    for bad in ("2026/2/30/", "2026/11/0/", "2026/11/32/", "2026/13/1/"):
        assert client.get(BLOG + bad).status_code == 404, bad
