"""Office staff in the real admin: claiming an office from its public page to an account
that edits only that office (mails through a real SMTP server), 空き状況 dated on change,
and the blog editor's facility chooser finding an office by kana."""

import re
from urllib.parse import urlsplit

import pytest

from django.contrib.auth import get_user_model
from django.utils import timezone

from tests.browser.conftest import sign_in_to_admin
from tests.conftest import make_imported_office

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def imported(site_url):
    from facilities.models import DirectoryPage

    return make_imported_office(DirectoryPage.objects.get())


HEALTH = "統合失調症。午前は体調が不安定。"


def ask_for_a_visit(page, site_url, office, name, health):
    """A family member asks for a visit from the office's page (labels as a person reads them)."""
    page.goto(site_url + office.url)
    page.get_by_role("link", name="見学を申し込む").first.click()
    page.get_by_label("家族", exact=True).check()
    page.get_by_label(re.compile("^お名前")).fill(name)
    page.get_by_label(re.compile("^メールアドレス")).fill("hanako@example.jp")
    page.get_by_label(re.compile("^配慮してほしいこと")).fill(health)
    page.get_by_label(re.compile("^個人情報の取り扱いに同意します")).check()
    page.wait_for_timeout(3100)  # a person takes longer than the robot check's 3 seconds
    page.get_by_role("button", name="送信する").click()
    page.get_by_role("heading", name="送信しました").wait_for()


def test_an_imported_offices_life_from_a_desk_request_to_staff_at_work(
    page, browser, site_url, imported, smtp, assert_accessible
):
    """Imported → a request through the desk → claimed → approved → staff at work: the
    request promised to the desk stays out of their sight everywhere; the next one reaches
    them, they change its status in one step and publish their office's news."""
    from facilities.models import FacilityPage
    from inquiries import outbox
    from inquiries.models import Inquiry

    inbox = smtp()
    # A family member asks the unclaimed office for a visit: the desk will read it.
    family = browser.new_page()
    family.goto(site_url + imported.url)
    family.get_by_role("link", name="見学を申し込む").first.click()
    help_text = family.locator("#id_support_needs-help").inner_text()
    assert "相談窓口" in help_text and "事業所の担当者だけ" not in help_text
    assert_accessible(family)
    ask_for_a_visit(family, site_url, imported, "山田 花子", HEALTH)
    assert "相談窓口" in family.locator("main").inner_text()
    early = Inquiry.objects.get()
    assert early.audience == "desk"

    # The office's staff member finds the offer on the office's page.
    page.goto(site_url + imported.url)
    page.get_by_role("link", name="編集アカウントを申請する").click()
    assert "011-555-0123" in page.locator("main").inner_text()
    assert_accessible(page)
    page.get_by_role("button", name="申請する").click()
    summary = page.locator("#error-summary")
    assert "まだ送信していません" in summary.inner_text()
    assert_accessible(page)
    page.get_by_label("お名前").fill("中村 陽子")
    page.get_by_label("役職・担当").fill("サービス管理責任者")
    page.get_by_label("メールアドレス").fill("youko@kureyon.example.jp")
    page.get_by_label("この事業所の職員で").check()
    page.wait_for_timeout(3100)  # a person takes longer than the robot check's 3 seconds
    page.get_by_role("button", name="申請する").click()
    page.get_by_role("heading", name="申請を受け付けました").wait_for()
    assert_accessible(page)

    # The operator sees the claim waiting on the dashboard, calls the office and approves.
    get_user_model().objects.create_superuser("operator", "op@example.jp", "kanri-2026!")
    operator = browser.new_page()
    sign_in_to_admin(operator, site_url, "operator", "kanri-2026!")
    operator.goto(site_url + "/admin/office_claims/")
    operator.get_by_role("link", name="中村 陽子").click()
    assert "011-555-0123" in operator.locator("main").inner_text()
    operator.get_by_label("確認の記録").fill("代表電話で管理者の方に確認しました")
    operator.get_by_role("button", name="承認する").click()
    operator.get_by_text("中村 陽子 さんの申請を承認しました").wait_for()

    # The invitation arrives by mail; the person sets their first password and signs in.
    assert outbox.send_due()[1] == 0
    invitation = next(m for m in inbox.messages if m["to"] == ["youko@kureyon.example.jp"])
    link = re.search(r"http://\S+/admin/first-password/\S+", invitation["body"])[0]
    page.goto(site_url + urlsplit(link).path)
    assert "パスワードを決める" in page.locator("h1").inner_text()
    page.locator("input[name=new_password1]").fill("kureyon-Sapporo-2026")
    page.locator("input[name=new_password2]").fill("kureyon-Sapporo-2026")
    page.locator("form button[type=submit], form input[type=submit]").first.click()
    page.wait_for_load_state()
    assert "パスワードを決めました" in page.locator("main").inner_text()
    sign_in_to_admin(page, site_url, "youko@kureyon.example.jp", "kureyon-Sapporo-2026")

    # The request sent to the desk before the claim is nowhere in their admin.
    for url in [
        "/admin/",
        "/admin/inquiries/",
        "/admin/inquiries/?q=山田",
        "/admin/reports/site-history/",
        "/admin/outbox/",
    ]:
        page.goto(site_url + url)
        text = page.locator("main").inner_text()
        assert early.reference not in text and HEALTH not in text, url
    page.goto(site_url + f"/admin/inquiries/inspect/{early.pk}/")
    assert HEALTH not in page.locator("body").inner_text()
    export = page.request.get(site_url + "/admin/inquiries/?export=csv")
    assert export.ok and early.reference not in export.text()

    # A request sent now reaches them, health note and all.
    family = browser.new_context().new_page()
    ask_for_a_visit(family, site_url, imported, "佐藤 次郎", "てんかんの発作があります。")
    later = Inquiry.objects.get(name="佐藤 次郎")
    assert later.audience == "office"
    page.goto(site_url + "/admin/inquiries/")
    assert later.reference in page.locator("main").inner_text()
    assert_accessible(page)
    # They change its status in one step from the list (CSRF checked, as in production).
    page.get_by_label(f"受付番号 {later.reference} の状況").select_option(label="連絡済み")
    page.locator(f"form[action$='/status/{later.pk}/']").get_by_role(
        "button", name="変える"
    ).click()
    page.get_by_text(f"受付番号 {later.reference} の状況を「連絡済み」にしました。").wait_for()
    later.refresh_from_db()
    assert later.status == "contacted"
    page.goto(site_url + f"/admin/inquiries/inspect/{later.pk}/")
    assert "てんかんの発作があります。" in page.locator("main").inner_text()

    # 空き状況 changed without touching its date: the date moves to today; they land back
    # on their page, not on a listing they cannot see.
    page.goto(site_url + f"/admin/pages/{imported.pk}/edit/")
    page.get_by_role("tab", name="見学・体験・空き").click()
    page.get_by_label("空き状況", exact=True).select_option(label="空きあり")
    publish(page)
    page.get_by_text("公開されました").first.wait_for()
    assert page.url.endswith(f"/admin/pages/{imported.pk}/edit/")
    imported.refresh_from_db()
    assert imported.openings == "open"
    assert imported.openings_confirmed_on == timezone.localdate()

    # They publish their office's news from the dashboard.
    page.goto(site_url + "/admin/")
    page.get_by_role("link", name="お知らせを書く").click()
    page.locator("#id_title").fill("秋の収穫祭のお知らせ")
    page.locator("#id_summary").fill("畑でとれたさつまいもで、収穫祭を開きます。")
    page.locator("button.c-sf-add-button").first.click()
    page.get_by_role("option", name="段落").first.click()
    page.locator(".Draftail-Editor [contenteditable=true]").first.fill("焼きいもを作ります。")
    publish(page)
    page.get_by_text("公開されました").first.wait_for()
    visitor = browser.new_context().new_page()
    visitor.goto(site_url + imported.url)
    visitor.get_by_role("link", name="秋の収穫祭のお知らせ").click()
    assert "焼きいもを作ります。" in visitor.locator("main").inner_text()
    assert visitor.url.startswith(site_url + imported.url)
    assert_accessible(visitor)

    # Another office's page is not theirs to open.
    other = FacilityPage.objects.get(slug="demo-01")
    page.goto(site_url + f"/admin/pages/{other.pk}/edit/")
    assert not page.url.endswith(f"/admin/pages/{other.pk}/edit/")
    assert page.get_by_label("空き状況", exact=True).count() == 0


def test_the_blog_editor_chooses_an_imported_office_by_kana(page, site_url, imported):
    from blog.models import BlogIndexPage

    get_user_model().objects.create_superuser("operator", "op@example.jp", "kanri-2026!")
    sign_in_to_admin(page, site_url, "operator", "kanri-2026!")
    index = BlogIndexPage.objects.get()
    response = page.goto(site_url + f"/admin/pages/add/blog/blogpage/{index.pk}/")
    assert len(response.body()) < 300_000
    page.get_by_label("事業所を探す").fill("クレヨン")
    page.get_by_role("button", name="探す", exact=True).click()
    page.get_by_role("button", name="くれよん工房を選ぶ").click()
    chosen = page.get_by_role("checkbox", name=re.compile("くれよん工房"))
    assert chosen.is_checked()
    assert "北海道札幌市中央区" in page.locator("[data-chosen]").inner_text()


def test_an_article_with_a_japanese_title_is_published_at_a_readable_url(page, site_url):
    from blog.models import BlogIndexPage

    get_user_model().objects.create_superuser("operator", "op@example.jp", "kanri-2026!")
    sign_in_to_admin(page, site_url, "operator", "kanri-2026!")
    index = BlogIndexPage.objects.get()
    page.goto(site_url + f"/admin/pages/add/blog/blogpage/{index.pk}/")
    page.locator("#id_title").fill("秋の収穫祭のお知らせ")
    page.locator("button.c-sf-add-button").first.click()
    page.get_by_role("option", name="段落").first.click()
    body = page.locator(".Draftail-Editor [contenteditable=true]").first
    body.fill("畑のとなりの広場で開きます。")

    # Published from the other tab with the summary left empty: the message is Japanese and
    # the tab holding the error says so.
    page.get_by_role("tab", name="プロモート").click()
    publish(page)
    message = page.locator("body").inner_text()
    assert "入力にエラーがあるため、ページを作成できませんでした" in message
    content_tab = page.get_by_role("tab", name=re.compile("コンテンツ"))
    assert "1" in content_tab.inner_text()
    content_tab.click()
    page.locator("#id_summary").fill("10月の土曜日に、畑のとなりの広場で収穫祭を開きます。")
    publish(page)
    page.goto(site_url + "/blog/aki-no-shuukakusai-no-oshirase/")
    assert page.get_by_role("heading", level=1).inner_text() == "秋の収穫祭のお知らせ"


def publish(page):
    # Let the editor's autosave (every 500 ms of typing) finish first: the live server's
    # in-memory SQLite refuses a second writer at once ("table is locked") where a file
    # database waits.
    page.wait_for_timeout(1000)
    page.wait_for_load_state("networkidle")
    page.locator("footer [data-w-dropdown-target=toggle]").first.click()
    page.locator("button[name=action-publish]").click()
    page.wait_for_load_state()
