"""An invited staff member's first password: its own pages (「パスワードを決める」), and a new
link through 「パスワードを忘れた」 when the invitation's day has passed."""

import re

import pytest
from axes.models import AccessAttempt

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from facilities.models import FacilityPage
from inquiries import outbox
from inquiries.models import ClaimStatus, OfficeClaim, OutboxMessage

pytestmark = pytest.mark.django_db
RESET = "/admin/password_reset/"


@pytest.fixture
def invitee(db):
    """An account made by an approved claim, as inquiries.claims.approve makes it."""
    user = get_user_model().objects.create_user(
        "suzuki@office.example.jp", "suzuki@office.example.jp"
    )
    user.set_unusable_password()
    user.save()
    OfficeClaim.objects.create(
        facility=FacilityPage.objects.first(),
        name="鈴木 花子",
        role="サービス管理責任者",
        email="suzuki@office.example.jp",
        status=ClaimStatus.APPROVED,
        account=user,
    )
    return user


def link_for(user):
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return reverse("first_password", args=[uid, default_token_generator.make_token(user)])


def choose(client, path, password="hajimete-no-2026"):  # noqa: S107
    form = client.get(path, follow=True)
    return form, client.post(
        form.redirect_chain[-1][0] if form.redirect_chain else path,
        {"new_password1": password, "new_password2": password},
        follow=True,
    )


def test_the_first_password_is_chosen_not_reset(client, invitee):
    path = link_for(invitee)
    assert path.startswith("/admin/first-password/")
    # Failures on the account (someone tried it) are lifted by the first password.
    for _ in range(3):
        client.post("/admin/login/", {"username": invitee.username, "password": "x"})
    assert AccessAttempt.objects.filter(username=invitee.username).exists()

    form, done = choose(client, path)
    assert form.status_code == 200
    assert "<h1>パスワードを決める</h1>" in form.text and "再設定" not in form.text
    assert done.status_code == 200
    assert "パスワードを決めました" in done.text and "認証アプリ" in done.text
    assert "パスワードは変更されました" not in done.text
    invitee.refresh_from_db()
    assert invitee.check_password("hajimete-no-2026")
    assert not AccessAttempt.objects.filter(username=invitee.username).exists()
    signed_in = client.post(
        "/admin/login/", {"username": invitee.username, "password": "hajimete-no-2026"}
    )
    assert signed_in.status_code == 302

    # The link is used up: a clear page offers a new one.
    client.post("/admin/logout/")
    again = client.get(path, follow=True)
    assert "このリンクは使えません" in again.text and "すでに使われています" in again.text
    assert reverse("wagtailadmin_password_reset") in again.text


def test_an_expired_link_offers_a_new_one(client, invitee, settings):
    path = link_for(invitee)
    settings.PASSWORD_RESET_TIMEOUT = -1  # every link is past its day
    page = client.get(path, follow=True)
    assert "このリンクは使えません" in page.text and "新しいリンクを受け取る" in page.text
    invitee.refresh_from_db()
    assert not invitee.has_usable_password()


def test_an_invitee_who_missed_the_window_gets_a_new_link(client, invitee, smtp):
    # Accounts without a password that no claim made (an operator's, say) get nothing.
    other = get_user_model().objects.create_user("nopass", "nopass@example.jp")
    other.set_unusable_password()
    other.save()
    client.post(RESET, {"email": "nopass@example.jp"})
    assert not OutboxMessage.objects.exists()

    inbox = smtp()
    response = client.post(RESET, {"email": "SUZUKI@office.example.jp"})
    assert response.status_code == 302
    assert outbox.send_due() == (1, 0)
    (mail,) = inbox.messages
    assert mail["to"] == ["suzuki@office.example.jp"]
    assert mail["subject"] == "[B型ナビ] 管理画面のパスワードを決めるためのご案内"
    assert "パスワードを決めてください" in mail["body"] and "再設定" not in mail["body"]
    path = re.search(r"https?://[^/\s]+(/admin/first-password/\S+)", mail["body"]).group(1)
    assert "/admin/first-password/" not in OutboxMessage.objects.get().body  # erased once sent
    _, done = choose(client, path)
    assert "パスワードを決めました" in done.text
    invitee.refresh_from_db()
    assert invitee.has_usable_password()
