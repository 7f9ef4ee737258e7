"""The admin's sign-in pages in a real browser: the two steps, recovery codes, the lockout.

Each page a staff member meets on the way in is checked with axe-core (WCAG 2.2 AA).
"""

import re

import pytest

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from tests.browser.conftest import sign_in_to_admin
from tests.test_admin_signin import app_code

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
# The sign-in button: 「ログイン」 in the project's translation, 「サインイン」 in Wagtail's own.
SIGN_IN = re.compile(r"^(ログイン|サインイン)$")


@pytest.fixture
def staff(site_url):
    group, _ = Group.objects.get_or_create(name="事業所の職員")
    group.permissions.set(Permission.objects.filter(codename__in=["access_admin", "view_inquiry"]))
    user = get_user_model().objects.create_user("kanri02", "kanri02@example.jp", "shokuin-2026!")
    user.groups.add(group)
    return user


def test_two_steps_in_and_every_page_on_the_way_is_accessible(
    page, site_url, staff, assert_accessible
):
    page.goto(site_url + "/admin/login/")
    assert_accessible(page)
    page.get_by_label("ユーザー名").fill("kanri02")
    page.get_by_label("パスワード").fill("shokuin-2026!")
    page.get_by_role("button", name=SIGN_IN).click()
    page.wait_for_url("**/admin/two-factor/setup/**")
    assert page.get_by_role("img", name="認証アプリで読み取るQRコード").is_visible()
    assert_accessible(page)

    # A wrong number: the error is named in the summary and at the field.
    page.get_by_label("アプリに表示された6桁の数字").fill("000000")
    page.get_by_role("button", name="設定を完了する").click()
    page.get_by_role("status").get_by_text("数字が一致しませんでした").wait_for()
    assert page.get_by_label("アプリに表示された6桁の数字").get_attribute("aria-invalid") == "true"
    assert_accessible(page)

    page.wait_for_timeout(1100)  # the pause after one wrong code
    key = page.locator(".two-factor-key").inner_text()
    page.get_by_label("アプリに表示された6桁の数字").fill(app_code(key))
    page.get_by_role("button", name="設定を完了する").click()
    page.get_by_role("heading", name="予備コード").wait_for()
    codes = page.locator(".two-factor-codes code").all_inner_texts()
    assert len(codes) == 10
    assert_accessible(page)
    page.get_by_role("link", name="保管しました。管理画面へ進む").click()
    page.wait_for_url(site_url + "/admin/")

    page.goto(site_url + "/admin/two-factor/")
    page.get_by_role("heading", name="二段階認証").first.wait_for()
    assert "残っている予備コード" in page.content()
    assert_accessible(page)

    # Signing in again asks for the code; a recovery code (as written down) works.
    page.context.clear_cookies()  # as when the browser is closed
    page.goto(site_url + "/admin/login/")
    page.get_by_label("ユーザー名").fill("kanri02")
    page.get_by_label("パスワード").fill("shokuin-2026!")
    page.get_by_role("button", name=SIGN_IN).click()
    page.wait_for_url("**/admin/two-factor/verify/**")
    assert_accessible(page)
    # Signing out from the second step is a button (a POST), and it works.
    page.get_by_role("button", name="別のアカウントでログインする（ログアウト）").click()
    page.wait_for_url("**/admin/login/**")
    page.get_by_label("ユーザー名").fill("kanri02")
    page.get_by_label("パスワード").fill("shokuin-2026!")
    page.get_by_role("button", name=SIGN_IN).click()
    page.wait_for_url("**/admin/two-factor/verify/**")
    page.get_by_label("確認コード").fill(codes[0].upper())
    page.get_by_role("button", name="確認する").click()
    page.wait_for_url(site_url + "/admin/")
    assert "予備コードを1つ使いました（残り9個）" in page.content()


def test_going_back_to_the_set_up_page_leads_to_the_manage_page_where_the_app_can_be_replaced(
    page, site_url, staff, assert_accessible
):
    page.goto(site_url + "/admin/login/")
    page.get_by_label("ユーザー名").fill("kanri02")
    page.get_by_label("パスワード").fill("shokuin-2026!")
    page.get_by_role("button", name=SIGN_IN).click()
    page.wait_for_url("**/admin/two-factor/setup/**")
    key = page.locator(".two-factor-key").inner_text()
    page.get_by_label("アプリに表示された6桁の数字").fill(app_code(key))
    page.get_by_role("button", name="設定を完了する").click()
    page.get_by_role("heading", name="予備コード").wait_for()

    # The browser's Back button: not a fresh key with 「あとで設定する（ログアウト）」, as if
    # set-up had failed, but the manage page saying it is done and how to replace the app.
    page.go_back()
    page.wait_for_url(site_url + "/admin/two-factor/")
    page.get_by_text("認証アプリはもう設定してあります").wait_for()
    assert page.locator(".two-factor-key").count() == 0
    assert page.get_by_role("button", name="あとで設定する（ログアウト）").count() == 0
    assert_accessible(page)

    # Replacing the app stays possible from there.
    page.get_by_role("link", name="新しい認証アプリを登録する").click()
    page.wait_for_url(site_url + "/admin/two-factor/setup/")
    new_key = page.locator(".two-factor-key").inner_text()
    assert new_key != key
    page.get_by_label("アプリに表示された6桁の数字").fill(app_code(new_key))
    page.get_by_role("button", name="設定を完了する").click()
    page.get_by_role("heading", name="予備コード").wait_for()


def test_the_lockout_page_is_clear_and_accessible(
    page, site_url, staff, settings, assert_accessible
):
    settings.AXES_FAILURE_LIMIT = 3
    page.goto(site_url + "/admin/login/")
    for _ in range(3):
        page.get_by_label("ユーザー名").fill("kanri02")
        page.get_by_label("パスワード").fill("machigai")
        page.get_by_role("button", name=SIGN_IN).click()
        page.wait_for_load_state()
    page.get_by_role("heading", name="ログインを一時的に止めています").wait_for()
    assert "30分たってから" in page.content()
    assert_accessible(page)


def test_the_password_reset_form_is_accessible(page, site_url, staff, assert_accessible):
    page.goto(site_url + "/admin/password_reset/")
    assert_accessible(page)
    page.get_by_role("textbox").first.fill("kanri02@example.jp")
    page.get_by_role("button").last.click()
    page.wait_for_url("**/password_reset/done/")
    assert_accessible(page)


def test_signing_in_still_works_with_the_shared_helper(page, site_url, staff):
    codes = sign_in_to_admin(page, site_url, "kanri02", "shokuin-2026!")
    assert len(codes) == 10


def test_the_first_password_pages_are_clear_and_accessible(
    page, site_url, staff, assert_accessible
):
    from django.contrib.auth.tokens import default_token_generator
    from django.urls import reverse
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    staff.set_unusable_password()
    staff.save()
    uid = urlsafe_base64_encode(force_bytes(staff.pk))
    link = reverse("first_password", args=[uid, default_token_generator.make_token(staff)])
    page.goto(site_url + link)
    page.get_by_role("heading", name="パスワードを決める").wait_for()
    assert_accessible(page)
    fields = page.get_by_label("新しいパスワード")  # the password and its confirmation
    assert fields.count() == 2
    fields.nth(0).fill("hajimete-no-2026")
    fields.nth(1).fill("hajimete-no-2026")
    page.get_by_role("button", name="このパスワードに決める").click()
    page.get_by_role("heading", name="パスワードを決めました").wait_for()
    assert "認証アプリ" in page.content()
    assert_accessible(page)
    # The link is used up: the page says so and offers a new one.
    page.goto(site_url + link)
    page.get_by_role("heading", name="このリンクは使えません").wait_for()
    assert page.get_by_role("link", name="新しいリンクを受け取る").is_visible()
    assert_accessible(page)
    # The next step, as the page says: sign in, then the authenticator app.
    sign_in_to_admin(page, site_url, "kanri02", "hajimete-no-2026")


def test_operators_lift_a_lockout_with_a_button(page, site_url, staff, settings, assert_accessible):
    from django.test import Client

    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        Client().post(
            "/admin/login/",
            {"username": "kanri02", "password": "machigai"},
            REMOTE_ADDR="203.0.113.9",
        )
    get_user_model().objects.create_superuser("unei", "unei@example.jp", "unei-no-2026!")
    sign_in_to_admin(page, site_url, "unei", "unei-no-2026!")
    page.goto(site_url + "/admin/signin-lockouts/")
    page.get_by_role("heading", name="ログインの制限").first.wait_for()
    row = page.get_by_role("row").filter(has_text="203.0.113.9").filter(has_text="kanri02")
    assert row.first.is_visible()
    assert_accessible(page)
    row.first.get_by_role("button", name="解除する").click()
    page.get_by_text("今、止めているものはありません").wait_for()
    assert "ログインの制限を解除しました" in page.content()
