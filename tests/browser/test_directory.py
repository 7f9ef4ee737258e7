"""Finding an office the way a person does: by the form's labels, then opening a facility."""

import re

import pytest

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def result_names(page):
    return page.locator(".facility-card__name").all_inner_texts()


def test_search_by_area_and_work_then_open_a_facility(
    page, site_url, screenshot, assert_accessible
):
    page.goto(site_url + "/")
    page.get_by_role("navigation", name="メインメニュー").get_by_role(
        "link", name="事業所をさがす"
    ).click()
    assert page.locator("h1").inner_text() == "事業所をさがす"
    assert_accessible(page)

    page.get_by_label("都道府県").select_option(label="神奈川県（9件）")
    page.get_by_role("button", name="この条件でさがす").click()
    # The city list appears once a prefecture is chosen (no JavaScript needed).
    page.get_by_label("市区町村").select_option(label="相模原市南区（3件）")
    page.get_by_label(re.compile("^パン・菓子・調理補助")).check()
    page.get_by_role("button", name="この条件でさがす").click()

    heading = page.get_by_role("heading", level=2, name=re.compile("件の事業所が見つかりました"))
    assert heading.inner_text() == "1件の事業所が見つかりました"
    assert result_names(page) == ["ひだまり工房さがみ"]
    assert "pref=14" in page.url and "work=" in page.url
    screenshot(page, "directory-results")
    assert_accessible(page)

    page.get_by_role("link", name="ひだまり工房さがみ").click()
    assert page.locator("h1").inner_text() == "ひだまり工房さがみ"
    assert page.get_by_role("link", name="見学を申し込む").first.is_visible()
    screenshot(page, "facility")
    assert_accessible(page)


def test_keyword_in_kana_and_a_shared_url(page, site_url):
    page.goto(site_url + "/facilities/")
    page.get_by_label("キーワード").fill("さがみはら")
    page.get_by_label("キーワード").press("Enter")
    assert len(result_names(page)) == 6
    shared = page.url
    # A colleague opening the same address sees the same list.
    other = page.context.new_page()
    other.goto(shared)
    assert result_names(other) == result_names(page)
    assert other.get_by_label("キーワード").input_value() == "さがみはら"


def test_empty_result_offers_a_way_out(page, site_url, screenshot, assert_accessible):
    page.goto(site_url + "/facilities/?q=造花&pref=13&pickup=1")
    assert page.get_by_role("heading", name="条件に合う事業所は見つかりませんでした").is_visible()
    suggestion = page.get_by_role("link", name=re.compile("「送迎」の条件を外す"))
    screenshot(page, "directory-empty")
    assert_accessible(page)
    suggestion.click()
    assert result_names(page) == ["町田クラフトワークス"]


def test_directory_readable_at_320_pixels(page, site_url, assert_accessible):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(site_url + "/facilities/?pref=14")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert_accessible(page)
    page.goto(site_url + "/facilities/demo-01/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert_accessible(page)


def test_works_with_javascript_turned_off(browser, site_url):
    context = browser.new_context(java_script_enabled=False, locale="ja-JP")
    page = context.new_page()
    page.goto(site_url + "/facilities/")
    page.get_by_label("都道府県").select_option(label="東京都（4件）")
    page.get_by_label("キーワード").fill("パン")
    page.get_by_role("button", name="この条件でさがす").click()
    assert result_names(page) == ["八王子ひまわりファーム", "まちだベーカリーそら"]
    # The extra conditions open and close without script (details/summary).
    page.get_by_text("さらに条件をしぼる").click()
    page.get_by_label(re.compile("^送迎あり")).check()
    page.get_by_role("button", name="この条件でさがす").click()
    assert "pickup=1" in page.url
    assert len(result_names(page)) == 2
    context.close()


def test_on_a_phone_the_first_result_is_on_the_first_screen_after_a_search(
    page, site_url, assert_accessible
):
    page.set_viewport_size({"width": 375, "height": 667})
    page.goto(site_url + "/facilities/")
    page.get_by_label("駅名").fill("相模大野")
    page.get_by_role("button", name="この条件でさがす").click()
    page.wait_for_load_state()
    first = page.locator(".facility-card").first
    assert first.bounding_box()["y"] + 40 < 667  # its name is on the first screen
    assert page.get_by_role("heading", name=re.compile("件の事業所が見つかりました")).is_visible()
    assert not page.get_by_label("駅名").is_visible()  # the conditions are folded away
    assert_accessible(page)

    # A visible way back to the conditions, which opens them.
    page.get_by_role("link", name="検索の条件を変える").click()
    assert page.get_by_label("駅名").is_visible()
    assert page.get_by_label("駅名").input_value() == "相模大野"

    # On a wide screen the conditions stay beside the results.
    page.set_viewport_size({"width": 1280, "height": 800})
    page.reload()
    assert page.get_by_label("駅名").is_visible()


def test_the_folded_conditions_open_without_javascript(browser, site_url):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 667})
    page = context.new_page()
    page.goto(site_url + "/facilities/?station=相模大野")
    assert not page.get_by_label("駅名").is_visible()
    page.get_by_text(re.compile("^検索の条件を変える（いまの条件：1つ）")).click()
    assert page.get_by_label("駅名").is_visible()
    context.close()
