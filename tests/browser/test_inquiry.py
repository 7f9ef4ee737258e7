"""A visit request the way a person makes one: from a facility page, by keyboard only."""

import re

import pytest

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def tab_to(page, name, tag="INPUT|TEXTAREA|SELECT|BUTTON", limit=80):
    """Press Tab until a focused element of this kind has this name (as a keyboard user)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused_tag, focused = page.evaluate(
            """() => {
                 const e = document.activeElement;
                 const label = e.labels && e.labels[0] ? e.labels[0].innerText : '';
                 return [e.tagName, (label || e.innerText || e.value || '').trim()];
               }"""
        )
        if re.fullmatch(tag, focused_tag) and re.search(name, focused):
            return
    raise AssertionError(f"could not reach {name!r} with the Tab key")


def test_a_visit_request_by_keyboard_only(page, site_url, screenshot, assert_accessible):
    from inquiries.models import Inquiry

    page.goto(site_url + "/facilities/")
    page.get_by_role("link", name="ひだまり工房さがみ").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile("/facilities/demo-01/"))
    tab_to(page, "^見学を申し込む$", tag="A")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/contact/\?facility=\d+&kind=visit"))
    assert page.locator("h1").inner_text() == "見学の申し込み"
    assert page.get_by_text("ひだまり工房さがみ", exact=True).is_visible()
    assert_accessible(page)
    screenshot(page, "inquiry-form")

    # Sent too early: the error summary takes the focus and lists what to fix.
    tab_to(page, "^本人$")  # a radio group is one Tab stop; the arrow keys choose
    page.keyboard.press("ArrowDown")
    assert page.get_by_label("家族", exact=True).is_checked()
    tab_to(page, "^お名前")
    page.keyboard.type("山田 花子")
    tab_to(page, "^送信する$")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    summary = page.locator("#error-summary")
    assert summary.evaluate("e => e === document.activeElement")
    assert "まだ送信していません" in summary.inner_text()
    assert "同意いただけないと送信できません" in summary.inner_text()
    assert page.get_by_label(re.compile("^お名前")).input_value() == "山田 花子"
    assert_accessible(page)
    screenshot(page, "inquiry-errors")

    tab_to(page, "^メールアドレス")
    page.keyboard.type("hanako@example.jp")
    tab_to(page, "^メッセージ")
    page.keyboard.type("息子と一緒に見学したいです。")
    tab_to(page, "^個人情報の取り扱いに同意します")
    page.keyboard.press("Space")
    page.wait_for_timeout(3000)  # a person takes longer than the robot check's minimum
    tab_to(page, "^送信する$")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile("/contact/thanks/"))
    reference = Inquiry.objects.get().reference
    assert page.get_by_text(reference).is_visible()
    assert page.locator("h1").inner_text() == "送信しました"
    assert_accessible(page)
    screenshot(page, "inquiry-thanks")
    inquiry = Inquiry.objects.get()
    assert (inquiry.kind, inquiry.facility.slug, inquiry.needs_review) == (
        "visit",
        "demo-01",
        False,
    )
    # Reloading the thank-you page sends nothing again.
    page.reload()
    assert Inquiry.objects.count() == 1


def test_the_form_works_without_javascript(browser, site_url):
    from inquiries.models import Inquiry

    context = browser.new_context(java_script_enabled=False, locale="ja-JP")
    page = context.new_page()
    page.goto(site_url + "/contact/?kind=trial")
    page.get_by_label("支援者（相談支援専門員・ソーシャルワーカーなど）").check()
    page.get_by_label(re.compile("^お名前")).fill("佐藤 一郎")
    page.get_by_label(re.compile("^所属")).fill("相談支援センターみらい")
    page.get_by_label(re.compile("^電話番号")).fill("045-000-0000")
    page.get_by_label(re.compile("^個人情報の取り扱いに同意します")).check()
    page.get_by_label(re.compile("^ご本人から")).check()
    page.wait_for_timeout(3000)
    page.get_by_role("button", name="送信する").click()
    assert page.locator("h1").inner_text() == "送信しました"
    assert Inquiry.objects.get().organisation == "相談支援センターみらい"
    context.close()
