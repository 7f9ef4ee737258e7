"""A user's own email address changes only through a link mailed to the new address (the
account page's 「メールアドレス」); the old address is told, without a link. An account whose
login name is its address (a claim's) takes the new one as its name, and the offices it reads
that send their inquiries to the old address follow it."""

import re
import time

import pytest

from django.contrib.auth import get_user_model
from django.core import signing
from django.test import Client

from facilities.models import FacilityPage
from home import accounts
from inquiries import claims, outbox
from inquiries.models import Inquiry, InquiryAccess, InquiryRoute, OfficeClaim, OutboxMessage
from tests.conftest import make_facility, sign_in
from tests.forms import form_data
from tests.test_inquiries import post as send_inquiry

pytestmark = pytest.mark.django_db
ACCOUNT = "/admin/account/"
LOGIN = "/admin/login/"
OLD = "suzuki@ls-sagamihara.example.jp"
NEW = "suzuki.ichiro@mail.example.jp"
PASSWORD = "sagamihara-2026!"  # noqa: S105


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
    assert confirmation["subject"] == "[B型ナビ] メールアドレスの変更の確認"
    assert confirmation["body"].splitlines()[0] == "山田 花子 様"  # the name, in Japanese order
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
    # Her login name is not her address: it stays, and the page says so beforehand.
    assert "ログインするときの名前（hanako）は変わりません" in shown.text
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


# An account made by a claim: the address is its login name and the office's inquiry address.


def add_route(facility, email, label="管理者"):
    """An inquiry address added in the editor and published (from the live page: the demo's
    routes are live rows only)."""
    page = FacilityPage.objects.get(pk=facility.pk)
    page.inquiry_routes.add(InquiryRoute(email=email, label=label))
    page.save_revision().publish()


def addresses(page):
    return sorted(route.email for route in page.inquiry_routes.all())


def confirm_path(user, new_email):
    return f"/admin/account/email/confirm/{accounts.email_change_token(user, new_email)}/"


def signs_in(username, password=PASSWORD):
    response = Client().post(LOGIN, {"username": username, "password": password})
    return response.status_code == 302


@pytest.fixture
def claimed(directory):
    """An imported office claimed by 鈴木 一郎 and approved by the operator
    (inquiries.claims.approve), who has since set a password."""
    office = make_facility(
        directory,
        "ライフサポートさがみはら",
        "ls-sagamihara",
        phone="042-555-0101",
        prefecture="14",
        city="相模原市南区",
        source_name="WAM NET 2025年3月",
        source_id="A0000001401",
    )
    operator = get_user_model().objects.create_superuser("unei", "unei@example.jp", "pw")
    claim = OfficeClaim.objects.create(facility=office, name="鈴木 一郎", role="管理者", email=OLD)
    user = claims.approve(claim, by=operator, note="代表電話で確認")
    user.set_password(PASSWORD)
    user.save()
    OutboxMessage.objects.all().delete()  # the invitation and the operator's notice
    assert user.username == OLD and addresses(office) == [OLD]
    return FacilityPage.objects.get(pk=office.pk), user


def test_a_claims_account_takes_the_new_address_as_login_name_and_office_address(
    client, claimed, directory, smtp
):
    office, user = claimed
    add_route(office, "kanri@ls-sagamihara.example.jp")  # another address of the office
    # Another office sends to the same address, but this account does not read its inquiries.
    other = make_facility(directory, "さがみ作業所", "sagami-sagyousho")
    add_route(other, OLD)
    sign_in(client, user)
    ask_for(client, NEW)

    inbox = smtp()
    assert outbox.send_due() == (1, 0)
    (confirmation,) = inbox.messages
    assert confirmation["subject"] == "[B型ナビ] メールアドレスの変更の確認"
    assert confirmation["body"].splitlines()[0] == "鈴木 一郎 様"
    path = link_path(confirmation["body"])

    # Before the button, the page says what follows the change.
    shown = client.get(path).text
    assert f"ログインするときの名前も、新しいメールアドレス（{NEW}）になります" in shown
    assert (
        f"事業所「ライフサポートさがみはら」のお問い合わせの宛先（{OLD}）も、"
        "新しいアドレスに変わります" in shown
    )
    assert "さがみ作業所" not in shown
    user.refresh_from_db()
    assert user.username == OLD and addresses(FacilityPage.objects.get(pk=office.pk)) == [
        "kanri@ls-sagamihara.example.jp",
        OLD,
    ]

    done = client.post(path, follow=True)
    assert "ログインするときの名前も新しいメールアドレスになりました" in done.text
    assert f"次からは「{NEW}」でログインしてください" in done.text
    assert "事業所「ライフサポートさがみはら」のお問い合わせの宛先も、新しいアドレスに" in done.text
    user.refresh_from_db()
    assert (user.username, user.email) == (NEW, NEW)
    assert signs_in(NEW) and not signs_in(OLD)

    # The office's route moved, live and in its latest revision; nothing waits as a draft.
    office = FacilityPage.objects.get(pk=office.pk)
    assert addresses(office) == ["kanri@ls-sagamihara.example.jp", NEW]
    assert addresses(office.get_latest_revision_as_object()) == addresses(office)
    assert not office.has_unpublished_changes
    # The office this account does not read keeps its address.
    other = FacilityPage.objects.get(pk=other.pk)
    assert addresses(other) == [OLD] == addresses(other.get_latest_revision_as_object())

    # The old address is told what changed.
    assert outbox.send_due() == (1, 0)
    notice = inbox.messages[-1]
    assert notice["to"] == [OLD] and notice["body"].splitlines()[0] == "鈴木 一郎 様"
    assert notice["subject"] == "[B型ナビ] メールアドレスが変わりました"
    assert "ログインするときの名前も新しいメールアドレスになりました" in notice["body"]
    assert "「ライフサポートさがみはら」のお問い合わせの宛先も" in notice["body"]

    # The next inquiry reaches the new address (and the other one), not the old.
    send_inquiry(Client(), f"?kind=visit&facility={office.pk}")
    inquiry = Inquiry.objects.get()
    assert sorted(inquiry.mails.filter(purpose="staff").values_list("to", flat=True)) == [
        "kanri@ls-sagamihara.example.jp",
        NEW,
    ]
    before = len(inbox.messages)
    assert outbox.send_due() == (3, 0)  # two staff notices and the writer's confirmation
    delivered = [m["to"][0] for m in inbox.messages[before:]]
    assert NEW in delivered and OLD not in delivered


def test_with_a_draft_waiting_the_new_address_is_live_and_stays_when_it_is_published(
    client, demo_site
):
    office = FacilityPage.objects.get(slug="demo-01")  # routes: kanri01@, sabikan01@
    user = get_user_model().objects.create_user(OLD, OLD, PASSWORD)
    user.groups.add(claims.office_group(office))
    InquiryAccess.objects.create(facility=office, user=user)
    add_route(office, OLD.upper())  # typed in capitals: the same address
    draft = FacilityPage.objects.get(pk=office.pk).get_latest_revision_as_object()
    draft.title = "デモ事業所（下書き）"
    draft.save_revision()
    live_title = FacilityPage.objects.get(pk=office.pk).title

    sign_in(client, user)
    assert client.post(confirm_path(user, NEW))["Location"] == ACCOUNT

    office = FacilityPage.objects.get(pk=office.pk)
    expected = sorted(["kanri01@example.jp", "sabikan01@example.jp", NEW])
    assert addresses(office) == expected and office.title == live_title
    latest = office.get_latest_revision_as_object()
    assert addresses(latest) == expected and latest.title == "デモ事業所（下書き）"
    assert office.has_unpublished_changes  # the draft still waits for its editor

    # Publishing the draft later does not bring the old address back.
    office.get_latest_revision().publish()
    office = FacilityPage.objects.get(pk=office.pk)
    assert addresses(office) == expected and office.title == "デモ事業所（下書き）"


def test_a_login_name_another_account_has_is_not_taken(client, claimed):
    office, user = claimed
    user.first_name = user.last_name = ""  # no name: mails greet the login name
    user.save()
    someone = get_user_model().objects.create_user(NEW, "someone@example.jp", "their-password")
    sign_in(client, user)

    shown = client.get(confirm_path(user, NEW)).text
    assert f"ログインするときの名前は「{OLD}」のまま変わりません" in shown
    assert "新しいアドレスと同じ名前のアカウントがほかにあるため" in shown
    done = client.post(confirm_path(user, NEW), follow=True)
    assert f"次からも「{OLD}」でログインしてください" in done.text

    user.refresh_from_db()
    someone.refresh_from_db()
    assert (user.username, user.email) == (OLD, NEW)
    assert (someone.username, someone.email) == (NEW, "someone@example.jp")
    assert signs_in(OLD) and signs_in(NEW, "their-password")
    # The office's address still follows the person's mailbox.
    assert addresses(FacilityPage.objects.get(pk=office.pk)) == [NEW]
    notice = OutboxMessage.objects.get(purpose=accounts.EMAIL_CHANGE_NOTICE)
    assert notice.body.splitlines()[0] == f"{OLD} 様"
    assert f"ログインするときの名前は「{OLD}」のままです" in notice.body
