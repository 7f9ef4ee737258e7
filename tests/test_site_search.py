"""The site-wide search: facilities, articles and FAQ answers, each labelled by its kind."""

import pytest

import site_search
from blog.models import BlogPage

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_documents():
    site_search.clear()
    yield
    site_search.clear()


def kinds_and_titles(query):
    return [(d.kind, d.title) for d in site_search.search_content(query)]


def test_articles_and_faq_are_found_with_japanese_aware_matching(demo_site):
    found = kinds_and_titles("工賃")
    assert ("記事", "工賃のしくみと、月ごとの金額の決まり方") in found
    assert ("よくある質問", "工賃はどのくらいもらえますか？") in found
    # Katakana, hiragana, full-width: the same words.
    assert kinds_and_titles("こうちん") == kinds_and_titles("コウチン")
    assert ("記事", "工賃のしくみと、月ごとの金額の決まり方") in kinds_and_titles("こうちん")
    assert ("記事", "パン工房の一日") in kinds_and_titles("ﾊﾟﾝ")
    # Every word must match.
    assert kinds_and_titles("工賃 収穫祭") == []


def test_new_and_withdrawn_articles_are_seen_at_once(demo_site):
    assert kinds_and_titles("収穫祭")
    BlogPage.objects.get(slug="harvest-festival").unpublish()
    assert kinds_and_titles("収穫祭") == []


def test_the_search_page_lists_every_kind(client, demo_site):
    html = client.get("/search/", {"q": "パン"}).content.decode()
    assert (
        '<span class="search-results__kind">事業所</span> <a href="/facilities/demo-01/">' in html
    )
    assert (
        '<span class="search-results__kind">記事</span> <a href="/blog/a-day-at-the-bakery/">'
        in html
    )
    assert "「パン」で、事業所" in html


def test_any_office_type_is_found_from_the_header(client, demo_site):
    html = client.get("/search/", {"q": "ジョブサポート"}).content.decode()
    assert ">ジョブサポートあさひ</a>（就労移行支援" in html


@pytest.mark.parametrize("q", ["", " ", "あ" * 500, "<script>", "\x00", "AND OR NOT *"])
def test_odd_queries_answer_with_a_page(client, demo_site, q):
    response = client.get("/search/", {"q": q})
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("<main")[1]
