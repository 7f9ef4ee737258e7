"""A user's own email address changes only through a link mailed to the new address (the
account page's 「メールアドレス」); the old address is told, without a link."""

import re
import time

import pytest

from django.contrib.auth import get_user_model
from django.core import signing
from django.test import Client

from home import accounts
from inquiries import outbox
from inquiries.models import OutboxMessage
from tests.conftest import sign_in
from tests.forms import form_data

pytestmark = pytest.mark.django_db
ACCOUNT = "/admin/account/"


@pytest.fixture
def staff(db):
    from django.contrib.auth.models import Group, Permission

    group, _ = Group.objects.get_or_create(name="事業所の職員")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user = get_user_model().objects.create_user(
        "hanako", "hanako@office6.example.jp", "pw", first_name="花子", last_name="山田"
    )
    user.groups.add(group)
    return user


def ask_for(client, email):
    page = client.get(ACCOUNT).text
    data = form_data(page, "w-editor-form")
    data["email_change-new_email"] = [email]
    return client.post(ACCOUNT, data)


def link_path(body):
    return re.search(r"https?://[^/\s]+(/admin/account/email/confirm/\S+/)", body).group(1)


def test_the_link_mailed_to_the_new_address_changes_it(client, staff, smtp):
    sign_in(client, staff)
    page = client.get(ACCOUNT).text
    # Wagtail's own email field (changed without confirmation) is gone; ours says how it works.
    assert 'name="name_email-email"' not in page
    assert "今のメールアドレス" in page and "hanako@office6.example.jp" in page
    assert "メールのリンクを開くまで、メールアドレスは変わりません" in page

    assert ask_for(client, "hanako@new.example.jp").status_code == 302
    staff.refresh_from_db()
    assert staff.email == "hanako@office6.example.jp"  # nothing changes yet
    mail = OutboxMessage.objects.get(purpose=outbox.EMAIL_CHANGE)
    assert mail.to == "hanako@new.example.jp"

    inbox = smtp()
    assert outbox.send_due() == (1, 0)
    (confirmation,) = inbox.messages
    assert confirmation["to"] == ["hanako@new.example.jp"]
    assert confirmation["subject"] == "【B型ナビ】メールアドレスの変更の確認"
    path = link_path(confirmation["body"])
    mail.refresh_from_db()
    assert "/email/confirm/" not in mail.body  # the link is erased from the outbox once sent

    # Someone else signed in cannot use it.
    other = get_user_model().objects.create_user("taro", "taro@office12.example.jp", "pw")
    other.groups.set(staff.groups.all())
    foreign = sign_in(Client(), other).get(path)
    assert foreign.status_code == 400 and "このリンクは使えません" in foreign.text

    shown = client.get(path)
    assert shown.status_code == 200 and "hanako@new.example.jp" in shown.text
    staff.refresh_from_db()
    assert staff.email == "hanako@office6.example.jp"  # opening shows; the button changes
    done = client.post(path)
    assert done.status_code == 302 and done["Location"] == ACCOUNT
    staff.refresh_from_db()
    assert staff.email == "hanako@new.example.jp"

    # The old address is told, without a link.
    assert outbox.send_due() == (1, 0)
    notice = inbox.messages[-1]
    assert notice["to"] == ["hanako@office6.example.jp"]
    assert "hanako@new.example.jp に変わりました" in notice["body"]
    assert "http" not in notice["body"]

    # Used: the link names the old address, so it no longer works.
    again = client.get(path)
    assert again.status_code == 400 and "このリンクは使えません" in again.text


def test_an_expired_or_older_link_changes_nothing(client, staff):
    sign_in(client, staff)

    class DayOld(signing.TimestampSigner):
        def timestamp(self):
            return signing.b62_encode(int(time.time()) - 25 * 60 * 60)

    expired = DayOld(salt=accounts.EMAIL_CHANGE_SALT).sign_object(
        {"user": staff.pk, "old": staff.email, "new": "late@example.jp"}
    )
    response = client.post(f"/admin/account/email/confirm/{expired}/")
    assert response.status_code == 400
    staff.refresh_from_db()
    assert staff.email == "hanako@office6.example.jp"

    # Two requests: once the second is confirmed, the first stops working.
    first = accounts.email_change_token(staff, "first@example.jp")
    second = accounts.email_change_token(staff, "second@example.jp")
    assert client.post(f"/admin/account/email/confirm/{second}/").status_code == 302
    assert client.post(f"/admin/account/email/confirm/{first}/").status_code == 400
    staff.refresh_from_db()
    assert staff.email == "second@example.jp"

    # A forged or altered token is refused.
    assert client.get(f"/admin/account/email/confirm/{second[:-2]}xx/").status_code == 400


def test_another_accounts_address_cannot_be_taken(client, staff):
    get_user_model().objects.create_user("manager12", "Manager@office12.example.jp", "pw")
    sign_in(client, staff)
    response = ask_for(client, "manager@OFFICE12.example.jp")
    assert response.status_code == 200
    assert "ほかのアカウントで使われています" in response.text
    assert not OutboxMessage.objects.filter(purpose=outbox.EMAIL_CHANGE).exists()
    staff.refresh_from_db()
    assert staff.email == "hanako@office6.example.jp"
