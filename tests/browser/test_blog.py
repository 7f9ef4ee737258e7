"""Reading the blog and the FAQ in a browser: finding articles, contents, answers by keyboard."""

import re

import pytest

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_find_an_article_by_category_and_read_it(page, site_url, screenshot, assert_accessible):
    page.goto(site_url + "/")
    page.get_by_role("navigation", name="メインメニュー").get_by_role("link", name="ブログ").click()
    assert page.locator("h1").inner_text() == "ブログ"
    assert_accessible(page)
    screenshot(page, "blog-index")

    # The posting calendar: a day with an article is a link, reached by the keyboard.
    page.get_by_role("link", name="11月6日の記事（1件）").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile("/blog/2026/11/6/$"))
    assert page.locator("h1").inner_text() == "2026年11月6日（金）の記事"
    assert "パン工房の一日" in page.locator("main").inner_text()
    page.go_back()

    page.get_by_role("complementary").get_by_role("link", name="利用のはじめ方").click()
    assert page.locator("h1").inner_text() == "カテゴリー：利用のはじめ方"
    page.get_by_role("link", name="受給者証の申請から利用開始までの流れ").click()
    assert page.get_by_role("table", name="利用開始までの流れ（目安）").is_visible()
    assert page.get_by_role("columnheader", name="日数の目安").is_visible()
    assert page.get_by_text("申請に本人が行けないときは？").is_visible()
    assert_accessible(page)
    screenshot(page, "blog-article")

    # The contents jump to the heading.
    page.get_by_role("navigation", name="この記事の目次").get_by_role(
        "link", name="よくある質問"
    ).click()
    assert page.url.endswith("#section-3")


def test_faq_answers_open_by_keyboard(page, site_url, screenshot, assert_accessible):
    page.goto(site_url + "/faq/")
    assert page.get_by_role("heading", level=2, name="利用条件").is_visible()
    question = page.locator("summary", has_text="利用するのにお金はかかりますか？")
    answer = page.get_by_text("利用料は世帯の収入によって決まり")
    assert not answer.is_visible()
    question.focus()
    page.keyboard.press("Enter")
    assert answer.is_visible()
    assert_accessible(page)
    screenshot(page, "faq")
    # Each question has its own address.
    anchor = question.locator("xpath=..").get_attribute("id")
    assert re.fullmatch(r"faq-\d+", anchor)


def test_the_header_search_finds_facilities_articles_and_faq(
    page, site_url, screenshot, assert_accessible
):
    page.goto(site_url + "/about/")
    page.get_by_role("search").get_by_label("サイト内検索").fill("パン")
    page.get_by_role("search").get_by_role("button", name="検索").click()
    assert page.locator("h1").inner_text() == "サイト内検索"
    kinds = page.locator(".search-results__kind").all_inner_texts()
    assert {"事業所", "記事"} <= set(kinds)
    assert page.get_by_role("link", name="パン工房の一日").is_visible()
    assert page.get_by_role("link", name="ひだまり工房さがみ").is_visible()
    assert_accessible(page)
    screenshot(page, "site-search")

    page.get_by_label("さがす言葉").fill("ジョブサポート")
    page.get_by_role("button", name="検索", exact=True).last.click()
    assert page.get_by_role("link", name="ジョブサポートあさひ").is_visible()  # 就労移行支援
