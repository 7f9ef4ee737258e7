"""The public pages as a person uses them: keyboard, small screens, axe-core."""

import pytest

from django.template.loader import render_to_string

# Wagtail's tree root must survive the flush between transactional tests.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_home_page_skip_link_works_by_keyboard(page, site_url, screenshot, assert_accessible):
    page.goto(site_url + "/")
    assert page.locator("h1").inner_text() == "自分のペースで働ける場所を、いっしょに探しましょう"

    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert page.evaluate("document.activeElement.textContent") == "本文へスキップ"
    box = skip.bounding_box()
    assert box is not None and box["y"] >= 0, "the focused skip link is on screen"
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"

    page.keyboard.press("Enter")
    assert page.url.endswith("#main")
    assert page.evaluate("document.activeElement.id") == "main"
    # The next Tab lands inside the main content, past the header and menu.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")

    path = screenshot(page, "home")
    assert path.stat().st_size > 10_000
    assert_accessible(page)


def test_home_page_shows_help_and_operator(page, site_url):
    page.goto(site_url + "/")
    help_block = page.get_by_role("complementary", name="ご相談窓口")
    assert "045-000-1234" in help_block.inner_text()
    assert "平日 9:00〜17:00" in help_block.inner_text()
    footer = page.locator("footer")
    assert "一般社団法人ひだまり就労サポート協会" in footer.inner_text()
    footer.get_by_role("link", name="管理画面（事業所職員の方）").click()
    assert "/admin/login/" in page.url


def test_menu_leads_to_a_standard_page(page, site_url, screenshot, assert_accessible):
    page.goto(site_url + "/")
    page.get_by_role("navigation", name="メインメニュー").get_by_role(
        "link", name="このサイトについて"
    ).click()
    assert page.locator("h1").inner_text() == "このサイトについて"
    crumbs = page.get_by_role("navigation", name="現在の位置")
    assert crumbs.get_by_role("link").first.inner_text() == "ホーム"
    screenshot(page, "standard-page")
    assert_accessible(page)


def test_privacy_policy_page_is_accessible(page, site_url, assert_accessible):
    page.goto(site_url + "/")
    page.get_by_role("link", name="プライバシーポリシー（個人情報の取り扱い）").click()
    assert page.locator("h1").inner_text() == "プライバシーポリシー"
    assert_accessible(page)


def test_404_page_is_friendly_and_accessible(page, site_url, screenshot, assert_accessible):
    response = page.goto(site_url + "/no-such-page/")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "ページが見つかりません"
    screenshot(page, "404")
    assert_accessible(page)


@pytest.mark.parametrize("path", ["/", "/about/", "/no-such-page/"])
def test_readable_at_320_pixels(page, site_url, path, assert_accessible):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(site_url + path)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    body_size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert body_size >= 16
    assert_accessible(page)


def test_500_page_is_accessible(page, assert_accessible):
    page.set_content(render_to_string("500.html"))
    assert page.locator("h1").inner_text() == "ただいまページを表示できません"
    assert_accessible(page)


@pytest.mark.parametrize(
    "path",
    [
        "/blog/",
        "/blog/certificate-steps/",
        "/faq/",
        "/contact/?kind=visit",
        "/search/?q=パン",
        "/facilities/compare/?o=5&o=6&o=7",
        "/facilities/shortlist/",
    ],
)
def test_pages_of_issues_4_to_6_fit_a_320_pixel_screen(page, site_url, assert_accessible, path):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(site_url + path)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320, path
    assert_accessible(page)
