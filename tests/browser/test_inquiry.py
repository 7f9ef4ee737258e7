"""A visit request the way a person makes one: from a facility page, by keyboard only."""

import re

import pytest

from tests.browser.conftest import sign_in_to_admin

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


def send_as_social_worker(page, **fields):
    """Fill the form as a social worker writing for a client (labels as a person reads them)."""
    page.get_by_label("支援者（相談支援専門員・ソーシャルワーカーなど）").check()
    page.get_by_label(re.compile("^お名前")).fill("佐藤 一郎")
    page.get_by_label(re.compile("^所属")).fill("相談支援センターみらい")
    for label, value in fields.items():
        page.get_by_label(re.compile(f"^{label}")).fill(value)
    page.get_by_label(re.compile("^個人情報の取り扱いに同意します")).check()
    page.get_by_label(re.compile("^ご本人から")).check()
    page.wait_for_timeout(3000)  # a person takes longer than the robot check's minimum
    page.get_by_role("button", name="送信する").click()
    assert page.locator("h1").inner_text() == "送信しました"


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
    # Only the questions for a family member show (with JavaScript).
    assert page.get_by_label(re.compile("^利用を考えている方のお名前")).is_visible()
    assert not page.get_by_label(re.compile("^所属")).is_visible()
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
    send_as_social_worker(page, 電話番号="045-000-0000")
    assert Inquiry.objects.get().organisation == "相談支援センターみらい"
    context.close()


def test_done_when_a_referral_reaches_everyone_and_survives_a_mail_outage(
    page, browser, site_url, smtp
):
    """A social worker asks for a visit; staff get it, move it on; the social worker is told."""
    from datetime import timedelta

    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group, Permission
    from django.utils import timezone

    from facilities.models import FacilityPage
    from inquiries import outbox
    from inquiries.models import Inquiry, InquiryAccess

    # 1. The request, made in the browser while the mail server is down.
    page.goto(site_url + "/facilities/demo-01/")
    page.get_by_role("link", name="見学を申し込む").first.click()
    send_as_social_worker(
        page, メールアドレス="sato@example.jp", 配慮してほしいこと="大きな音が苦手です。"
    )
    inquiry = Inquiry.objects.get()
    assert outbox.send_due() == (0, 2)  # nothing delivered, nothing lost

    # 2. The mail server is back: the staff and the social worker get their mails.
    inbox = smtp()
    assert outbox.send_due(now=timezone.now() + timedelta(minutes=2)) == (2, 0)
    to = {m["to"][0]: m for m in inbox.messages}
    assert set(to) == {"kanri01@example.jp", "sato@example.jp"}  # visits go to the manager
    assert inquiry.reference in to["sato@example.jp"]["subject"]
    assert "大きな音" not in to["kanri01@example.jp"]["body"]

    # 3. A staff member of the office signs in and moves it on.
    staff = get_user_model().objects.create_user("kanri01", "kanri01@example.jp", "shokuin-2026!")
    group = Group.objects.create(name="事業所の職員")
    group.permissions.set(
        Permission.objects.filter(codename__in=["access_admin", "view_inquiry", "change_inquiry"])
    )
    staff.groups.add(group)
    InquiryAccess.objects.create(facility=FacilityPage.objects.get(slug="demo-01"), user=staff)
    admin = browser.new_context(locale="ja-JP").new_page()
    sign_in_to_admin(admin, site_url, "kanri01", "shokuin-2026!")
    admin.goto(site_url + "/admin/inquiries/")
    admin.get_by_role("link", name=inquiry.reference).click()
    admin.wait_for_url(re.compile(f"/admin/inquiries/inspect/{inquiry.pk}/"))
    admin.get_by_text("大きな音が苦手です。").wait_for()  # read behind the login
    admin.goto(site_url + f"/admin/inquiries/edit/{inquiry.pk}/")
    admin.get_by_role("combobox", name="状況").select_option(label="日程調整中")
    admin.get_by_role("textbox", name="対応メモを追加").fill(
        "佐藤さんに電話し、候補日を3つ伝えた。"
    )
    admin.get_by_role("button", name="保存").click()
    admin.wait_for_url(re.compile("/admin/inquiries/"))
    inquiry.refresh_from_db()
    assert inquiry.status == "scheduling"

    # 4. The social worker is told.
    assert outbox.send_due() == (1, 0)
    status_mail = inbox.messages[-1]
    assert status_mail["to"] == ["sato@example.jp"]
    assert "日程調整中" in status_mail["subject"]


@pytest.mark.parametrize("width", [1280, 375])
def test_an_error_summary_link_shows_the_fields_label_and_message(page, site_url, width):
    page.set_viewport_size({"width": width, "height": 800 if width > 400 else 667})
    page.goto(site_url + "/contact/?kind=general")
    page.get_by_role("button", name="送信する").click()
    page.wait_for_load_state()
    summary = page.locator("#error-summary")
    for text in ("お名前", "メールアドレス"):
        summary.get_by_role("link", name=re.compile(f"^{text}")).click()
        label = page.locator(f"label[for=id_{'name' if text == 'お名前' else 'email'}]")
        error = page.locator(f"#id_{'name' if text == 'お名前' else 'email'}-error")
        for part in (label, error):
            box = part.bounding_box()
            assert box["y"] >= 0, (text, width, box)
        page.evaluate("window.scrollTo(0, 0)")
