"""Signing in to the admin the way a person does, and the way an attacker tries to."""

import re
import subprocess
import sys
import time
from base64 import b32decode
from datetime import timedelta
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django_otp.oath import TOTP

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db.models import F
from django.test import Client
from django.utils import timezone

from home import lockouts, signin, twofactor
from inquiries import outbox
from inquiries.models import OutboxMessage

pytestmark = pytest.mark.django_db
LOGIN = "/admin/login/"
RESET = "/admin/password_reset/"
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def staff(db):
    group, _ = Group.objects.get_or_create(name="事業所の職員")
    group.permissions.add(*Permission.objects.filter(codename__in=["access_admin", "view_inquiry"]))
    user = get_user_model().objects.create_user("hanako", "hanako@example.jp", "correct-horse")
    user.groups.add(group)
    return user


def password_step(client, username="hanako", password="correct-horse", **extra):  # noqa: S107
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


def app_code(key_text, offset=0):
    """What the person's authenticator app shows for the key the set-up page printed."""
    key = b32decode(key_text.replace(" ", "") + "=" * (-len(key_text.replace(" ", "")) % 8))
    totp = TOTP(key)
    totp.time = time.time() + offset
    return f"{totp.token():06d}"


def test_first_sign_in_sets_up_the_app_and_later_ones_ask_for_its_code(client, staff):
    assert password_step(client).status_code == 302
    # The inbox (any admin page) waits until the second factor is set up.
    response = client.get("/admin/inquiries/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/two-factor/setup/")

    page = client.get(response["Location"]).text
    assert "二段階認証の設定" in page
    assert 'role="img" aria-label="認証アプリで読み取るQRコード"' in page
    key = re.search(r'<code class="two-factor-key">([A-Z2-7 ]+)</code>', page).group(1)

    wrong = client.post("/admin/two-factor/setup/", {"code": "000000"})
    assert "数字が一致しませんでした" in wrong.text
    assert not twofactor.is_set_up(staff)
    too_soon = client.post("/admin/two-factor/setup/", {"code": app_code(key)})
    assert "秒待ってから入力してください" in too_soon.text
    time.sleep(1.1)  # the pause after one wrong code

    # Typed with a Japanese IME: full-width digits.
    code = app_code(key).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    done = client.post("/admin/two-factor/setup/", {"code": code, "next": "/admin/inquiries/"})
    assert done.status_code == 200
    assert "二段階認証の設定が終わりました" in done.text
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", done.text)
    assert len(set(codes)) == 10
    assert done["Cache-Control"].startswith("max-age=0")
    assert client.get("/admin/inquiries/").status_code == 200

    # The next sign-in asks for the app's code; a wrong one is refused in Japanese.
    client.post("/admin/logout/")
    password_step(client)
    assert client.get("/admin/")["Location"].startswith("/admin/two-factor/verify/")
    refused = client.post("/admin/two-factor/verify/", {"code": "123456"})
    assert "コードが正しくありません" in refused.text
    assert client.get("/admin/").status_code == 302
    # A recovery code works once.
    time.sleep(1.1)  # the throttle after one wrong code
    ok = client.post("/admin/two-factor/verify/", {"code": codes[0].upper(), "next": "/admin/"})
    assert ok.status_code == 302 and ok["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert twofactor.recovery_codes_left(staff) == 9
    client.post("/admin/logout/")
    password_step(client)
    again = client.post("/admin/two-factor/verify/", {"code": codes[0]})
    assert again.status_code in (200, 429)
    assert client.get("/admin/").status_code == 302


def test_after_set_up_the_set_up_page_leads_to_the_manage_page_and_replacing_stays_possible(
    client, staff
):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    setup = "/admin/two-factor/setup/"
    password_step(client)
    key = re.search(r'<code class="two-factor-key">([A-Z2-7 ]+)</code>', client.get(setup).text)
    done = client.post(setup, {"code": app_code(key.group(1))})
    assert "二段階認証の設定が終わりました" in done.text
    app = twofactor.app_device(staff)

    # Back to the set-up page (signed in, verified): no new key, and no 「あとで設定する」.
    again = client.get(setup)
    assert again.status_code == 302 and again["Location"] == "/admin/two-factor/"
    manage = client.get(again["Location"]).text
    assert "認証アプリはもう設定してあります" in manage
    assert "「新しい認証アプリを登録する」から登録し直せます" in manage
    assert "あとで設定する" not in manage
    assert not TOTPDevice.objects.filter(user=staff, confirmed=False).exists()
    # The old set-up form sent again changes nothing either.
    stale = client.post(setup, {"code": app_code(key.group(1))})
    assert stale.status_code == 302 and stale["Location"] == "/admin/two-factor/"
    assert twofactor.app_device(staff) == app

    # Replacing from the manage page (just shown) still works, with a new key.
    offered = client.get(setup)
    assert offered.status_code == 200 and "二段階認証の設定" in offered.text
    new_key = re.search(r'<code class="two-factor-key">([A-Z2-7 ]+)</code>', offered.text)
    assert new_key.group(1) != key.group(1)
    replaced = client.post(setup, {"code": app_code(new_key.group(1))})
    assert "二段階認証の設定が終わりました" in replaced.text
    assert twofactor.app_device(staff) != app
    assert TOTPDevice.objects.filter(user=staff).count() == 1
    # …and going back to that page afterwards leads to the manage page again.
    assert client.get(setup)["Location"] == "/admin/two-factor/"


def test_guessing_codes_is_slowed_down(client, staff):
    device = twofactor.pending_device(staff)
    assert twofactor.confirm(device, app_code(twofactor.readable_key(device))).device
    password_step(client)
    client.post("/admin/two-factor/verify/", {"code": "111111"})
    client.post("/admin/two-factor/verify/", {"code": "222222"})
    third = client.post("/admin/two-factor/verify/", {"code": "333333"})
    assert third.status_code == 429
    assert "秒待ってから入力してください" in third.text
    # Even the right code waits out the pause.
    right = client.post(
        "/admin/two-factor/verify/", {"code": app_code(twofactor.readable_key(device))}
    )
    assert right.status_code == 429
    assert client.get("/admin/").status_code == 302


def test_the_second_step_never_redirects_off_site(client, staff):
    device = twofactor.pending_device(staff)
    key = twofactor.readable_key(device)
    assert twofactor.confirm(device, app_code(key)).device
    password_step(client)
    response = client.post(
        "/admin/two-factor/verify/",
        {"code": app_code(key, offset=30), "next": "https://evil.example/admin/"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_wrong_passwords_lock_the_pair_and_then_the_address(client, staff, settings):
    settings.AXES_FAILURE_LIMIT = 5
    settings.SIGNIN_ADDRESS_FAILURE_LIMIT = 8
    for _ in range(4):
        assert password_step(client, password="wrong").status_code == 200
    fifth = password_step(client, password="wrong")
    assert fifth.status_code == 429  # the 5th locks this account from this address
    # Now even the right password is refused here, with a page in Japanese.
    locked = password_step(client)
    assert locked.status_code == 429
    assert "ログインを一時的に止めています" in locked.text
    assert "このアカウントへのこの接続元からのログインを30分間止めています" in locked.text
    # The same account from another address: not locked (a new browser there waits a
    # moment, see the next test).
    time.sleep(1.1)
    assert password_step(Client(), REMOTE_ADDR="198.51.100.7").status_code == 302

    # Other accounts from the first address: their own counts, until the address's limit.
    get_user_model().objects.create_user("taro", "taro@example.jp", "taro-password")
    assert password_step(client, "jiro", "x").status_code == 200
    assert password_step(client, "saburo", "x").status_code == 200
    third = password_step(client, "shiro", "x")  # the 8th from this address
    assert third.status_code == 429
    refused = password_step(client, "taro", "taro-password")
    assert refused.status_code == 429
    assert "この接続元（ネットワーク）から" in refused.text
    # …but that account signs in from its own address.
    assert (
        password_step(Client(), "taro", "taro-password", REMOTE_ADDR="198.51.100.8").status_code
        == 302
    )


def full_sign_in(client, user, key, **extra):
    """Password and the app's code, as the person does: the browser is then known."""
    assert password_step(client, user.username, "correct-horse", **extra).status_code == 302
    response = client.post("/admin/two-factor/verify/", {"code": app_code(key)}, **extra)
    assert response.status_code == 302, response.text
    return response


def test_an_attacker_guessing_elsewhere_cannot_lock_the_person_out(staff, settings):
    settings.AXES_FAILURE_LIMIT = 10
    device = twofactor.pending_device(staff)
    key = twofactor.readable_key(device)
    assert twofactor.confirm(device, app_code(key, offset=-30)).device
    usual = Client()  # hanako's own browser at the office, address B
    office = {"REMOTE_ADDR": "198.51.100.20"}
    full_sign_in(usual, staff, key, **office)
    assert lockouts.DEVICE_COOKIE in usual.cookies
    usual.post("/admin/logout/", **office)

    # Someone guesses hanako's password: 50 tries from address A, then 10 from each of
    # four more addresses.
    attacker = Client()
    statuses = [password_step(attacker, password=f"guess{n}").status_code for n in range(50)]
    assert statuses[:9] == [200] * 9 and set(statuses[9:]) == {429}
    for n in range(4):
        for _ in range(10):
            password_step(attacker, password="guess", REMOTE_ADDR=f"203.0.113.{n + 1}")
    assert lockouts.account_wait("hanako") > 0

    # hanako, from her usual browser: straight in, both steps.
    assert password_step(usual, **office).status_code == 302
    assert usual.get("/admin/", **office).status_code == 302  # to the second step

    # From a browser she never used (same office): a wait, said in Japanese, not a lock…
    new_browser = Client()
    waiting = password_step(new_browser, **office)
    assert waiting.status_code == 429
    assert (
        "このブラウザからは、あと" in waiting.text
        and "待ってからログインしてください" in waiting.text
    )
    # …and guessing during the wait is not even tried, nor counted.
    before = lockouts.account_wait("hanako")
    assert password_step(attacker, password="guess", REMOTE_ADDR="203.0.113.99").status_code == 429
    assert lockouts.account_wait("hanako") <= before
    # Once the delay has passed, the new browser signs in.
    AccessAttempt.objects.update(
        attempt_time=F("attempt_time")
        - timedelta(seconds=settings.SIGNIN_ACCOUNT_DELAY_MAX_SECONDS)
    )
    assert password_step(new_browser, **office).status_code == 302


def test_a_new_password_lifts_every_lock_on_the_account(client, staff, settings, smtp):
    settings.AXES_FAILURE_LIMIT = 3
    for address in ("203.0.113.1", "203.0.113.2"):
        for _ in range(3):
            password_step(client, password="wrong", REMOTE_ADDR=address)
    assert password_step(client, REMOTE_ADDR="203.0.113.1").status_code == 429
    assert lockouts.account_wait("hanako") > 0

    inbox = smtp()
    client.post(RESET, {"email": "hanako@example.jp"})
    assert outbox.send_due() == (1, 0)
    link = re.search(r"http\S+(/admin/password_reset/confirm/\S+)", inbox.messages[0]["body"])
    form = client.get(link.group(1), follow=True)
    assert form.status_code == 200
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "a-new-horse-2026", "new_password2": "a-new-horse-2026"},
    )
    assert done.status_code == 302
    assert not AccessAttempt.objects.filter(username="hanako").exists()
    assert lockouts.account_wait("hanako") == 0
    again = password_step(client, password="a-new-horse-2026", REMOTE_ADDR="203.0.113.1")
    assert again.status_code == 302


def test_behind_the_proxy_each_visitor_has_their_own_count(client, staff, settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for _ in range(3):
        password_step(client, "mallory", "x", HTTP_X_FORWARDED_FOR="203.0.113.66", **proxy)
    assert (
        password_step(
            client, "mallory", "x", HTTP_X_FORWARDED_FOR="203.0.113.66", **proxy
        ).status_code
        == 429
    )
    # A forged first entry does not give the attacker a fresh address.
    forged = "192.0.2.1, 203.0.113.66"
    assert (
        password_step(client, "mallory", "y", HTTP_X_FORWARDED_FOR=forged, **proxy).status_code
        == 429
    )
    # Another visitor behind the same proxy signs in.
    ok = password_step(client, HTTP_X_FORWARDED_FOR="203.0.113.10", **proxy)
    assert ok.status_code == 302


def test_reset_mail_goes_through_the_outbox_survives_an_outage_and_is_limited(client, staff, smtp):
    # The mail server is down: the request still succeeds and the mail waits.
    response = client.post(RESET, {"email": "hanako@example.jp"})
    assert response.status_code == 302
    mail = OutboxMessage.objects.get(purpose=outbox.PASSWORD_RESET)
    assert mail.to == "hanako@example.jp" and mail.inquiry is None
    assert outbox.send_due() == (0, 1)

    inbox = smtp()
    OutboxMessage.objects.update(next_attempt_at=timezone.now())
    assert outbox.send_due() == (1, 0)
    (delivered,) = inbox.messages
    assert delivered["subject"] == "[B型ナビ] 管理画面のパスワード再設定のご案内"
    assert "リンクは24時間使えます" in delivered["body"]
    link = re.search(r"http\S+/admin/password_reset/confirm/\S+", delivered["body"]).group(0)
    mail.refresh_from_db()
    assert "password_reset/confirm" not in mail.body  # erased once sent
    path = link.split("127.0.0.1:8000", 1)[-1]
    assert client.get(path).status_code == 302  # to the set-new-password form

    # Ten more requests for one account: two more mails (three an hour), the same page.
    for _ in range(10):
        assert client.post(RESET, {"email": "hanako@example.jp"}).status_code == 302
    assert OutboxMessage.objects.filter(purpose=outbox.PASSWORD_RESET).count() == 3


def test_reset_requests_are_limited_per_address(client, settings, db):
    settings.PASSWORD_RESET_ADDRESS_LIMIT = 4
    for i in range(6):
        get_user_model().objects.create_user(f"user{i}", f"user{i}@example.jp", "pw-pw-pw-pw")
    for i in range(6):
        client.post(RESET, {"email": f"user{i}@example.jp"})
    assert OutboxMessage.objects.filter(purpose=outbox.PASSWORD_RESET).count() == 4
    # From another address, a request goes through.
    client.post(RESET, {"email": "user5@example.jp"}, REMOTE_ADDR="198.51.100.9")
    assert OutboxMessage.objects.filter(to="user5@example.jp").count() == 1


def test_an_admin_session_ends_when_idle_and_after_its_hours(client, staff, settings):
    from tests.conftest import sign_in

    sign_in(client, staff)
    assert client.get("/admin/").status_code == 200

    session = client.session
    session[signin.SEEN_AT] -= settings.ADMIN_IDLE_MINUTES * 60 + 5
    session.save()
    response = client.get("/admin/pages/")
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)
    assert "しばらく操作がなかったため" in client.get(response["Location"]).text
    assert client.get("/admin/").status_code == 302

    sign_in(client, staff)
    session = client.session
    hours = timedelta(hours=settings.ADMIN_SESSION_HOURS, seconds=5).total_seconds()
    session[signin.SIGNED_IN_AT] -= hours
    session.save()
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "ログインしてから時間がたったため" in client.get(response["Location"]).text


def test_production_settings_never_let_an_account_skip_the_second_factor():
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "settings.production",
        "SECRET_KEY": "x" * 60,
        "ALLOWED_HOSTS": "example.jp",
        "BASE_URL": "https://example.jp",
        "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none",
        "DEMO_ADMIN_ACCOUNT": "true",
        "TWO_FACTOR_REQUIRED": "false",
        "TWO_FACTOR_SKIP_FOR": "admin",
    }
    code = (
        "import django; django.setup(); from django.conf import settings;"
        "print(settings.TWO_FACTOR_REQUIRED, settings.TWO_FACTOR_SKIP_FOR)"
    )
    out = subprocess.run(
        [sys.executable, "-c", f"import sys; sys.path[:0] = ['.', 'site']; {code}"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert out.strip() == "True ()"


def test_the_sign_in_pages_load_their_icons_before_the_second_step(client, staff):
    """The icon sprite and translations under /admin/ are not sent to the second step."""
    password_step(client)
    sprite = client.get("/admin/sprite/")
    assert sprite.status_code == 200
    assert b"<svg" in sprite.content and b"two-factor" not in sprite.content
    assert client.get("/admin/jsi18n/").status_code == 200


def test_the_operator_resets_a_lost_phone(client, staff):
    from io import StringIO

    from django.core.management import call_command

    device = twofactor.pending_device(staff)
    assert twofactor.confirm(device, app_code(twofactor.readable_key(device))).device
    twofactor.new_recovery_codes(staff)
    out = StringIO()
    call_command("reset_two_factor", "hanako", stdout=out)
    assert "removed" in out.getvalue()
    assert not twofactor.is_set_up(staff) and twofactor.recovery_codes_left(staff) == 0
    password_step(client)
    assert client.get("/admin/")["Location"].startswith("/admin/two-factor/setup/")


def test_operators_see_lockouts_and_lift_one(client, staff, settings, admin_user):
    from wagtail.models import ModelLogEntry

    from tests.conftest import sign_in

    settings.AXES_FAILURE_LIMIT = 3
    attacker = Client()
    for _ in range(3):
        password_step(attacker, password="wrong", REMOTE_ADDR="203.0.113.50")
    assert password_step(attacker, REMOTE_ADDR="203.0.113.50").status_code == 429

    # Staff cannot see the page; operators (superusers) can, and it is in their settings menu.
    sign_in(client, staff)
    assert "/admin/signin-lockouts/" not in client.get("/admin/").text
    refused = client.get("/admin/signin-lockouts/")
    assert refused.status_code == 302 and refused["Location"] == "/admin/"  # Wagtail's "no"
    sign_in(client, admin_user)
    assert "/admin/signin-lockouts/" in client.get("/admin/").text  # the menu item
    page = client.get("/admin/signin-lockouts/").text
    assert "アカウントと接続元の組" in page and "hanako" in page and "203.0.113.50" in page
    assert "3回" in page and "解除する" in page

    lifted = client.post(
        "/admin/signin-lockouts/",
        {"kind": "pair", "username": "hanako", "address": "203.0.113.50"},
        follow=True,
    )
    assert "アカウント「hanako」、203.0.113.50のログインの制限を解除しました" in lifted.text
    assert "今、止めているものはありません" in lifted.text
    entry = ModelLogEntry.objects.get(action="home.signin_lift")
    assert (
        entry.user == admin_user
        and entry.label == "ログインの制限：アカウント「hanako」、203.0.113.50"
    )
    assert entry.data["failures"] == 3
    assert password_step(attacker, REMOTE_ADDR="203.0.113.50").status_code == 302


def test_a_locked_office_address_still_lets_in_its_staffs_usual_browsers(staff, settings):
    settings.AXES_FAILURE_LIMIT = 5
    settings.SIGNIN_ADDRESS_FAILURE_LIMIT = 8
    device = twofactor.pending_device(staff)
    key = twofactor.readable_key(device)
    assert twofactor.confirm(device, app_code(key, offset=-30)).device
    office = {"REMOTE_ADDR": "198.51.100.30"}
    usual = Client()
    full_sign_in(usual, staff, key, **office)
    usual.post("/admin/logout/", **office)

    # Colleagues' typos (or one guesser) from the office's shared address lock it…
    others = Client()
    for n in range(8):
        password_step(others, f"colleague{n % 3}", "typo", **office)
    refused = password_step(Client(), **office)
    assert refused.status_code == 429 and "この接続元（ネットワーク）から" in refused.text
    # …but not for a browser that has signed in to its account before.
    assert password_step(usual, **office).status_code == 302
