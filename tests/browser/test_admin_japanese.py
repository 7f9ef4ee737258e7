"""The admin in a real browser: the 編集ガイド passes axe, and a facility page's many editor
tabs stay on the screen at 1280 px and are reached with the keyboard."""

import pytest
from playwright.sync_api import expect

from django.contrib.auth import get_user_model

from facilities.models import FacilityPage
from inquiries.claims import office_group
from inquiries.models import InquiryAccess
from tests.browser.conftest import sign_in_to_admin
from tests.english import english_phrases, english_words

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def office_staff(site_url):
    office = FacilityPage.objects.get(title="アトリエはなみずき")
    staff = get_user_model().objects.create_user("hanamizuki", "h@example.jp", "hana-2026!")
    staff.groups.add(office_group(office))
    InquiryAccess.objects.create(facility=office, user=staff)
    return office


def overlap(a, b):
    """Whether two bounding boxes share any area (None: the second is not shown)."""
    if b is None:
        return False
    return (
        a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"]
        and b["y"] < a["y"] + a["height"]
    )


def test_the_guide_is_reached_from_the_help_menu_and_passes_axe(
    page, site_url, office_staff, assert_accessible
):
    sign_in_to_admin(page, site_url, "hanamizuki", "hana-2026!")
    page.get_by_role("button", name="ヘルプ").click()
    page.get_by_role("list", name="ヘルプ").get_by_role("link", name="編集ガイド").click()
    page.wait_for_url(site_url + "/admin/guide/")
    assert page.get_by_role("heading", name="編集ガイド", level=1).is_visible()
    page.get_by_role("link", name="お問い合わせに答える").click()
    assert page.get_by_role("heading", name="お問い合わせに答える").is_visible()
    # What the admin's scripts draw (the sidebar, its menus) is Japanese too: the text shown
    # and read out (visually hidden text included), as the browser lays it out.
    page.get_by_role("button", name="ヘルプ").click()
    shown = f"<p>{page.locator('body').inner_text()}</p>"
    assert not english_words(shown, {"hanamizuki"}), english_phrases(shown)
    assert_accessible(page)


def test_the_facility_editors_tabs_fit_at_1280_and_work_with_the_keyboard(
    page, site_url, office_staff, assert_accessible, screenshot
):
    # The operator sees every tab of the page.
    get_user_model().objects.create_superuser("operator", "op@example.jp", "kanri-2026!")
    page.set_viewport_size({"width": 1280, "height": 800})
    sign_in_to_admin(page, site_url, "operator", "kanri-2026!")
    page.goto(f"{site_url}/admin/pages/{office_staff.pk}/edit/")
    tabs = page.get_by_role("tablist")
    box = tabs.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 1280, box
    names = [name.strip() for name in tabs.get_by_role("tab").all_inner_texts()]
    assert len(names) >= 9 and names[0] == "基本情報", names
    # No tab runs off the screen or under the minimap's floating 「すべて折りたたむ」 button.
    collapse = page.locator(".w-minimap__collapse-all").bounding_box()
    for tab in tabs.get_by_role("tab").all():
        tab_box = tab.bounding_box()
        assert tab_box["x"] + tab_box["width"] <= 1280, (tab.inner_text(), tab_box)
        assert not overlap(tab_box, collapse), (tab.inner_text(), tab_box, collapse)
    # Wagtail's tabs: Tab reaches the selected tab, the arrow keys and End move between them.
    tabs.get_by_role("tab", name="基本情報").focus()
    page.keyboard.press("End")
    last = tabs.get_by_role("tab", name=names[-1], exact=True)
    # Wagtail's tab script selects and focuses asynchronously: wait for it (a one-shot read
    # once found the tab selected a moment before the focus moved).
    expect(last).to_have_attribute("aria-selected", "true")
    expect(last).to_be_focused()
    page.keyboard.press("ArrowLeft")
    before = tabs.get_by_role("tab", name=names[-2], exact=True)
    expect(before).to_have_attribute("aria-selected", "true")
    expect(before).to_be_focused()
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    # What the editor's scripts draw (minimap, block editors, side panels) is Japanese too.
    shown = f"<p>{page.locator('body').inner_text()}</p>"
    assert not english_words(shown, {"operator"}), english_phrases(shown)
    screenshot(page, "admin-facility-editor-tabs-1280")
    assert_accessible(page)
