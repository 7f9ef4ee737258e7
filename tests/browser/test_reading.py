"""Reading support in a real browser: furigana on and remembered (with and without scripts),
the largest text and a 320 px screen on every page type, axe-core in each of those states."""

import re

import pytest

from tests.test_import_wam import lines, run, write

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

IMPORTED = "/facilities/wam-a0000003583-a/"


def page_types():
    """(name, path) of every public page type, an imported office and a form's error state."""
    from facilities.models import FacilityPage

    offices = FacilityPage.objects.live().order_by("pk").values_list("pk", flat=True)[:5]
    demo = FacilityPage.objects.get(slug="demo-01")
    return [
        ("home", "/"),
        ("standard page", "/about/"),
        ("FAQ", "/faq/"),
        ("blog", "/blog/"),
        ("article", "/blog/certificate-steps/"),
        ("blog category", "/blog/category/" + _category_slug() + "/"),
        ("directory", "/facilities/"),
        ("directory results", "/facilities/?q=パン&station=相模大野"),
        ("demo office", demo.url),
        ("imported office", IMPORTED),
        ("comparison of five", "/facilities/compare/?" + "&".join(f"o={pk}" for pk in offices)),
        ("shortlist", "/facilities/shortlist/"),
        ("inquiry form", "/contact/?kind=visit"),
        ("site search", "/search/?q=工賃"),
        ("glossary", "/glossary/"),
        ("for offices", f"/for-offices/{demo.pk}/"),
        ("not found", "/no-such-page/"),
    ]


def _category_slug():
    from blog.models import BlogCategory

    return BlogCategory.objects.order_by("pk").first().slug


@pytest.fixture
def site(site_url, tmp_path):
    """The demo site plus a few offices imported from the real open data file."""
    run(write(tmp_path, "wam_202503_045.csv", lines()[:6]))
    return site_url


def prefer(page, site, **cookies):
    page.context.add_cookies([{"name": k, "value": v, "url": site} for k, v in cookies.items()])


def rubies(page, selector="main"):
    return page.locator(f"{selector} ruby").count()


def sideways(page):
    return page.evaluate(
        "document.scrollingElement.scrollWidth - document.scrollingElement.clientWidth"
    )


def spoken(page, role):
    """The names Chromium gives screen readers for `role` (its own accessibility tree)."""
    session = page.context.new_cdp_session(page)
    nodes = session.send("Accessibility.getFullAXTree")["nodes"]
    session.detach()
    return [
        n["name"]["value"]
        for n in nodes
        if n.get("role", {}).get("value") == role and n.get("name", {}).get("value")
    ]


def turn_furigana_on_and_browse(page, site):
    from facilities.models import FacilityPage

    office = FacilityPage.objects.get(slug="demo-01")
    page.goto(site + office.url)
    assert rubies(page, "body") == 0
    page.get_by_role("link", name="ふりがなをつける").click()
    # Back on the same page, with readings over its kanji, in the FAQ answers too.
    assert page.url == site + office.url
    assert rubies(page, "main h1") >= 1
    assert page.locator("#faq ruby").count() > 0
    assert page.locator("#faq rt").first.get_attribute("aria-hidden") == "true"
    # A screen reader reads each word once: the readings are not in the accessible names.
    headings = spoken(page, "heading")
    assert office.title in headings and "よくある質問" in headings
    assert "ふりがなを消す" in spoken(page, "link")

    # Remembered on the next page, a page of another type.
    page.locator('nav[aria-label="メインメニュー"] a[href="/faq/"]').click()
    assert page.url == site + "/faq/"
    assert rubies(page) > 10
    page.goto(site + IMPORTED)
    assert rubies(page) > 10

    page.locator(".reading-tools__furigana").click()
    assert rubies(page, "body") == 0
    page.goto(site + "/faq/")
    assert rubies(page, "body") == 0

    # The text size too, with or without scripts.
    page.get_by_role("link", name="特大", exact=True).click()
    assert page.evaluate("document.documentElement.className") == "text-larger"
    page.goto(site + "/blog/")
    assert page.evaluate("document.documentElement.className") == "text-larger"


def test_furigana_switch_with_javascript(page, site):
    turn_furigana_on_and_browse(page, site)


def test_furigana_switch_without_javascript(browser, site):
    context = browser.new_context(java_script_enabled=False, locale="ja-JP")
    turn_furigana_on_and_browse(context.new_page(), site)
    context.close()


def test_text_size_steps_are_remembered_and_marked_without_colour(page, site):
    page.goto(site + "/faq/")
    sizes = page.get_by_role("group", name="読みやすさの設定")
    base = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert base >= 16
    seen = []
    for label in ("大", "特大", "最大"):
        sizes.get_by_role("link", name=label, exact=True).click()
        current = page.locator('.reading-tools a[aria-current="true"]')
        assert current.inner_text() == label
        assert current.evaluate("e => getComputedStyle(e).borderTopStyle") == "solid"
        seen.append(page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)"))
    assert seen == sorted(seen) and seen[-1] >= base * 2
    page.goto(site + "/blog/")  # remembered
    assert page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") == seen[-1]

    # With scripts the size changes in place: what a person typed into a form stays.
    page.goto(site + "/contact/?kind=visit")
    page.locator("textarea").first.fill("見学の日程を相談したいです")
    page.get_by_role("link", name="標準", exact=True).click()
    assert page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") == base
    assert page.locator("textarea").first.input_value() == "見学の日程を相談したいです"
    page.reload()
    assert page.locator('.reading-tools a[aria-current="true"]').inner_text() == "標準"


def test_every_page_type_at_the_largest_text_on_320_pixels_with_furigana(
    page, site, assert_accessible
):
    """Each page type, in the hardest state (largest text, 320 px, furigana), then furigana
    on a wide screen and the largest text without furigana: never wider than the screen, and
    axe finds nothing."""
    checked = []
    for name, path in page_types():
        for width, cookies in (
            (320, {"text_size": "largest", "furigana": "on"}),
            (1280, {"text_size": "standard", "furigana": "on"}),
            (1280, {"text_size": "largest", "furigana": "off"}),
        ):
            page.context.clear_cookies()
            prefer(page, site, **cookies)
            page.set_viewport_size({"width": width, "height": 800})
            response = page.goto(site + path)
            assert response.status == (404 if name == "not found" else 200), name
            state = f"{name} at {width}px with {cookies}"
            assert sideways(page) <= 0, state
            if cookies["furigana"] == "on":
                assert rubies(page) > 0, state
            assert_accessible(page)
            checked.append(state)
    assert len(checked) == 3 * 17


def test_a_form_with_errors_at_the_largest_text_with_furigana(page, site, assert_accessible):
    prefer(page, site, text_size="largest", furigana="on")
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(site + "/contact/?kind=visit")
    page.locator("form.inquiry-form button[type=submit]").click()
    summary = page.get_by_role("alert")
    assert summary.count() >= 1 and rubies(page, ".error-summary") > 0
    assert sideways(page) <= 0
    assert_accessible(page)


def test_glossary_terms_explained_where_they_appear(page, site, assert_accessible):
    page.goto(site + "/")
    link = page.locator("main a.term-link").first
    term = link.inner_text()
    link.click()
    assert re.search(r"/glossary/#term-\d+$", page.url)
    entry = page.locator(".glossary__entry:target")
    assert entry.locator(".glossary__term").inner_text() == term
    assert entry.locator("dd").inner_text().endswith("。")
    assert_accessible(page)

    # The terms of a results page (in its filters and cards) are listed under it.
    page.goto(site + "/facilities/?q=パン")
    terms = page.locator("details.page-terms")
    terms.locator("summary").click()
    assert terms.get_by_text("工賃", exact=True).is_visible()
    assert_accessible(page)


def test_result_cards_on_a_phone_read_label_and_value_on_one_line(page, site):
    page.set_viewport_size({"width": 375, "height": 700})
    page.goto(site + "/facilities/?q=パン")
    row = page.locator(".facility-card .facts--compact > div").first
    label, value = row.locator("dt"), row.locator("dd")
    assert label.inner_text() == "種類"
    # 「種類：就労継続支援B型」 on one line, not a label column beside a squeezed value.
    assert abs(label.bounding_box()["y"] - value.bounding_box()["y"]) < 2
    assert value.bounding_box()["x"] > label.bounding_box()["x"]
    assert (
        page.evaluate(
            "getComputedStyle(document.querySelector('.facts--compact dt'), '::after').content"
        )
        == '"："'
    )
    # The reading tools take one line above the header, and open with a tap.
    tools = page.get_by_role("group", name="読みやすさの設定")
    assert not tools.is_visible()
    page.get_by_text("文字の大きさ・ふりがな", exact=True).click()
    assert tools.is_visible() and tools.get_by_role("link", name="最大").is_visible()

    page.set_viewport_size({"width": 1280, "height": 800})
    assert row.evaluate("e => getComputedStyle(e).display") == "grid"
    assert not page.get_by_text("文字の大きさ・ふりがな", exact=True).is_visible()
