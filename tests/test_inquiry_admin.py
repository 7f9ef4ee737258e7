"""The inbox in the admin: who sees what, status changes, the audit log, and retention."""

import re
from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from facilities.models import FacilityPage
from inquiries.models import (
    Inquiry,
    InquiryAccess,
    InquiryLogEntry,
    OutboxMessage,
    new_reference,
)
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db
INBOX = "/admin/inquiries/"
OUTBOX = "/admin/outbox/"


def staff_group():
    group, _ = Group.objects.get_or_create(name="事業所の職員")
    group.permissions.set(
        Permission.objects.filter(
            codename__in=["access_admin", "view_inquiry", "change_inquiry", "delete_inquiry"]
        )
    )
    return group


def staff_for(facility, username):
    user = get_user_model().objects.create_user(username, f"{username}@example.jp", "pw")
    user.groups.add(staff_group())
    InquiryAccess.objects.create(facility=facility, user=user)
    return user


def inquiry(facility, **fields):
    values = {
        "reference": new_reference("visit"),
        "kind": "visit",
        "facility": facility,
        "audience": "office",  # sent to the office's staff (the desk's are tested apart)
        "writer": "supporter",
        "name": "佐藤 一郎",
        "organisation": "相談支援センターみらい",
        "email": "sato@example.jp",
        "support_needs": "人の多い場所が苦手です。",
        "consent": True,
        "client_consent": True,
        "form_token": f"token-{new_reference('visit')}",
    }
    values.update(fields)
    return Inquiry.objects.create(**values)


def mail_for(inquiry):
    return OutboxMessage.objects.create(
        inquiry=inquiry,
        purpose="confirmation",
        to=inquiry.email,
        subject=f"受付番号 {inquiry.reference}",
        body=f"{inquiry.name} 様",
    )


@pytest.fixture
def offices(demo_site):
    first, second = FacilityPage.objects.filter(slug__in=["demo-01", "demo-02"]).order_by("slug")
    return {
        "first": (first, staff_for(first, "staff-first"), inquiry(first)),
        "second": (second, staff_for(second, "staff-second"), inquiry(second)),
        "general": inquiry(None, kind="general", facility_name=""),
    }


def listed(client):
    text = client.get(INBOX).content.decode()
    return {i.reference for i in Inquiry.objects.all() if i.reference in text}


def test_staff_see_only_their_office_and_the_operator_sees_all(client, offices):
    _, first_staff, first_inquiry = offices["first"]
    _, _, second_inquiry = offices["second"]
    sign_in(client, first_staff)
    assert listed(client) == {first_inquiry.reference}
    assert client.get(f"{INBOX}inspect/{first_inquiry.pk}/").status_code == 200
    for view in ("inspect", "edit", "delete", "history", "usage"):
        response = client.get(f"{INBOX}{view}/{second_inquiry.pk}/")
        assert response.status_code in (302, 403, 404), view
        assert second_inquiry.name not in response.content.decode()

    operator = get_user_model().objects.create_superuser("operator", "op@example.jp", "pw")
    sign_in(client, operator)
    assert listed(client) == {i.reference for i in Inquiry.objects.all()}
    assert client.get(f"{INBOX}new/").status_code in (302, 403)  # made by visitors only


def test_staff_see_only_their_offices_mails_and_looking_is_logged(client, offices):
    _, first_staff, first_inquiry = offices["first"]
    _, _, second_inquiry = offices["second"]
    mine, theirs = mail_for(first_inquiry), mail_for(second_inquiry)
    OutboxMessage.objects.filter(pk=theirs.pk).update(to="other-office-person@example.jp")
    first_staff.groups.first().permissions.add(
        Permission.objects.get(codename="view_outboxmessage")
    )
    sign_in(client, first_staff)
    listing = client.get(OUTBOX).content.decode()
    assert mine.subject in listing and theirs.subject not in listing
    assert "other-office-person@example.jp" not in listing
    for view in ("inspect", "edit", "delete", "history", "usage"):
        response = client.get(f"{OUTBOX}{view}/{theirs.pk}/")
        assert response.status_code in (302, 403, 404), view
        assert "other-office-person" not in response.content.decode()
    assert client.get(f"{OUTBOX}inspect/{mine.pk}/").status_code == 200
    entry = InquiryLogEntry.objects.get(action="inquiries.outbox_view")
    assert (entry.user, entry.object_id) == (first_staff, str(mine.pk))


def test_the_site_history_shows_staff_only_their_offices_entries(client, offices):
    _, first_staff, first_inquiry = offices["first"]
    _, second_staff, second_inquiry = offices["second"]
    sign_in(client, second_staff)
    client.get(f"{INBOX}inspect/{second_inquiry.pk}/")  # an entry about office B
    sign_in(client, first_staff)
    client.get(f"{INBOX}inspect/{first_inquiry.pk}/")
    report = client.get("/admin/reports/site-history/").content.decode()
    assert first_inquiry.reference in report
    assert second_inquiry.reference not in report
    export = client.get("/admin/reports/site-history/", {"export": "csv"})
    body = b"".join(export.streaming_content).decode("utf-8-sig")
    assert first_inquiry.reference in body and second_inquiry.reference not in body
    operator = get_user_model().objects.create_superuser("operator", "op@example.jp", "pw")
    sign_in(client, operator)
    report = client.get("/admin/reports/site-history/").content.decode()
    assert first_inquiry.reference in report and second_inquiry.reference in report


def test_reading_an_inquiry_is_logged(client, offices):
    _, staff, item = offices["first"]
    sign_in(client, staff)
    text = client.get(f"{INBOX}inspect/{item.pk}/").content.decode()
    assert "人の多い場所が苦手です。" in text
    # Every label and value in Japanese (no "Office", "False" or "None" from Python).
    assert not re.search(r">\s*(Office|False|True|None)\s*<", text)
    assert re.search(r">\s*いいえ\s*<", text)  # needs_review
    entry = InquiryLogEntry.objects.get(action="inquiries.view", object_id=str(item.pk))
    assert entry.user == staff


def test_a_status_change_is_logged_and_the_social_worker_is_told(client, offices):
    _, staff, item = offices["first"]
    sign_in(client, staff)
    response = client.post(
        f"{INBOX}edit/{item.pk}/",
        {
            "status": "scheduling",
            "status_reason": "",
            "assignee": str(staff.pk),
            "new_note": "電話済み",
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == "scheduling" and item.assignee == staff
    assert item.notes.get().text == "電話済み"
    entry = InquiryLogEntry.objects.get(action="inquiries.status", object_id=str(item.pk))
    assert entry.data == {"from": "new", "to": "scheduling"}
    # The detail offers the edit form in plain sight, and names people, not user names.
    detail = client.get(f"{INBOX}inspect/{item.pk}/").content.decode()
    assert "メモを追加する・担当者を決める" in detail
    staff.last_name, staff.first_name = "田中", "一郎"
    staff.save()
    assert "田中 一郎（staff-first）" in client.get(f"{INBOX}edit/{item.pk}/").content.decode()
    # The note and the new person in charge are in its history too.
    assigned = InquiryLogEntry.objects.get(action="inquiries.assign", object_id=str(item.pk))
    assert assigned.data == {"from": None, "to": staff.pk} and assigned.user == staff
    history = client.get(f"{INBOX}history/{item.pk}/").content.decode()
    assert "対応メモを追加しました" in history and "担当者を変更しました" in history
    assert "電話済み" not in history  # the note's text stays on the note
    mail = item.mails.get(purpose="status")
    assert mail.to == "sato@example.jp"
    assert "日程調整中" in mail.subject
    assert "人の多い場所" not in mail.body


def test_declining_needs_a_reason_and_closing_is_dated(client, offices):
    _, staff, item = offices["first"]
    sign_in(client, staff)
    response = client.post(f"{INBOX}edit/{item.pk}/", {"status": "declined", "status_reason": ""})
    assert "見送りにするときは、理由を入力してください。" in response.content.decode()
    client.post(f"{INBOX}edit/{item.pk}/", {"status": "done", "status_reason": ""})
    item.refresh_from_db()
    assert item.status == "done" and item.closed_at is not None


def test_export_and_deletion_are_logged(client, offices):
    _, staff, item = offices["first"]
    sign_in(client, staff)
    response = client.get(INBOX, {"export": "csv"})
    assert response.status_code == 200
    assert item.reference in b"".join(response.streaming_content).decode("utf-8-sig")
    assert InquiryLogEntry.objects.filter(action="inquiries.export", user=staff).count() == 1
    mail_for(item)
    client.post(f"{INBOX}delete/{item.pk}/")
    assert not Inquiry.objects.filter(pk=item.pk).exists()
    assert not OutboxMessage.objects.filter(to=item.email).exists()  # its mails went with it
    assert InquiryLogEntry.objects.filter(action="wagtail.delete", object_id=str(item.pk)).exists()


def test_closed_inquiries_are_anonymised_after_the_retention_period(offices):
    _, _, old = offices["first"]
    _, _, recent = offices["second"]
    long_ago = timezone.now() - timedelta(days=400)
    Inquiry.objects.filter(pk=old.pk).update(status="done", closed_at=long_ago)
    Inquiry.objects.filter(pk=recent.pk).update(
        status="done", closed_at=timezone.now() - timedelta(days=30)
    )
    Inquiry.objects.filter(pk=old.pk).update(certificate="applying")
    mail_for(old)
    out = StringIO()
    call_command("purge_inquiries", stdout=out)
    assert "Anonymised 1 inquiries closed more than 365 days ago" in out.getvalue()
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.name, old.email, old.support_needs) == ("（削除済み）", "", "")
    assert old.certificate == ""  # the 受給者証 answer says something about health too
    assert [(m.to, m.body) for m in old.mails.all()] == [("deleted@invalid", "")]
    assert old.anonymised_at is not None and old.reference
    assert recent.name == "佐藤 一郎"
    assert InquiryLogEntry.objects.filter(action="inquiries.anonymise").count() == 1


def test_the_export_opens_in_excel_as_a_person_reads_it(client, offices, django_user_model):
    typed = inquiry(
        None,
        kind="trial",
        facility_name='=HYPERLINK("http://evil.example/","開く")',
        status="scheduling",
    )
    Inquiry.objects.filter(pk=typed.pk).update(
        created_at=datetime(2026, 11, 22, 13, 55, tzinfo=UTC)
    )
    admin = django_user_model.objects.create_superuser("boss", "boss@example.jp", "pw")
    sign_in(client, admin)
    body = b"".join(client.get(INBOX, {"export": "csv"}).streaming_content).decode("utf-8")
    assert body.startswith("\ufeff受付番号,種類,事業所,状況,受付日時,要確認")
    row = next(line for line in body.splitlines() if typed.reference in line)
    assert "'=HYPERLINK" in row and ",=HYPERLINK" not in row
    assert ",体験利用," in row and ",日程調整中," in row and "scheduling" not in row
    assert "2026-11-22 22:55" in row  # JST
    assert row.endswith(",いいえ")


def test_inquiries_nobody_closed_are_anonymised_too(offices):
    _, _, forgotten = offices["first"]
    _, _, waiting = offices["second"]
    Inquiry.objects.filter(pk=forgotten.pk).update(
        created_at=timezone.now() - timedelta(days=800), status="new"
    )
    call_command("purge_inquiries", stdout=StringIO())
    forgotten.refresh_from_db()
    waiting.refresh_from_db()
    assert forgotten.name == "（削除済み）" and forgotten.anonymised_at is not None
    assert waiting.anonymised_at is None


def test_hostile_text_is_shown_escaped_in_the_admin(client, offices):
    _, staff, item = offices["first"]
    Inquiry.objects.filter(pk=item.pk).update(message="<script>alert('x')</script>😀")
    sign_in(client, staff)
    text = client.get(f"{INBOX}inspect/{item.pk}/").content.decode()
    assert "<script>alert(" not in text
    assert "&lt;script&gt;alert(" in text and "😀" in text


def test_only_the_offices_handlers_can_be_put_in_charge(client, offices):
    _, staff, item = offices["first"]
    _, other_staff, _ = offices["second"]
    sign_in(client, staff)
    text = client.get(f"{INBOX}edit/{item.pk}/").content.decode()
    assert "staff-first" in text
    assert "staff-second" not in text


def row_form_token(page, pk):
    """The CSRF token inside the list's one-step status form of inquiry `pk`."""
    form = re.search(rf'action="{INBOX}status/{pk}/"(.*?)</form>', page, re.S)[1]
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]*)"', form)[1]


def test_the_list_shows_name_and_writer_and_changes_status_in_one_step(offices):
    _, staff, item = offices["first"]
    _, _, other = offices["second"]
    # As a browser does it: Django's CSRF check on, the token taken from the row's own form.
    client = sign_in(Client(enforce_csrf_checks=True), staff)
    page = client.get(INBOX).content.decode()
    assert "佐藤 一郎" in page and "支援者" in page
    assert "紹介した支援者（佐藤 一郎 様・sato@example.jp）に" in page  # told before saving
    token = row_form_token(page, item.pk)
    assert token

    response = client.post(
        f"{INBOX}status/{item.pk}/",
        {"status": "contacted", "next": INBOX, "csrfmiddlewaretoken": token},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == INBOX
    text = response.content.decode()
    assert f"受付番号 {item.reference} の状況を「連絡済み」にしました。" in text
    assert "支援者にメールでお知らせします。" in text
    item.refresh_from_db()
    assert item.status == "contacted"
    assert item.mails.get(purpose="status").to == "sato@example.jp"
    assert InquiryLogEntry.objects.filter(action="inquiries.status", user=staff).count() == 1

    # Another office's inquiry cannot be changed by guessing its number.
    refused = client.post(
        f"{INBOX}status/{other.pk}/", {"status": "done", "csrfmiddlewaretoken": token}
    )
    assert refused.status_code in (302, 403, 404) and refused.get("Location") != INBOX
    other.refresh_from_db()
    assert other.status == "new"

    # Without the token: refused, on a page in Japanese that says nothing was sent.
    stale = client.post(f"{INBOX}status/{item.pk}/", {"status": "done"})
    assert stale.status_code == 403
    assert "まだ送信していません" in stale.content.decode()
    assert "CSRF" not in stale.content.decode()
    item.refresh_from_db()
    assert item.status == "contacted"


def test_the_detail_changes_status_with_a_reason_and_refuses_declining_without_one(client, offices):
    _, staff, item = offices["first"]
    sign_in(client, staff)
    detail = client.get(f"{INBOX}inspect/{item.pk}/").content.decode()
    assert "状況を変える" in detail and 'name="status_reason"' in detail

    response = client.post(
        f"{INBOX}status/{item.pk}/", {"status": "declined", "status_reason": ""}, follow=True
    )
    assert "見送りにするときは、理由を入力してください。" in response.content.decode()
    item.refresh_from_db()
    assert item.status == "new" and not item.mails.filter(purpose="status").exists()

    client.post(f"{INBOX}status/{item.pk}/", {"status": "declined", "status_reason": "定員のため"})
    item.refresh_from_db()
    assert item.status == "declined" and item.status_reason == "定員のため"
    assert item.closed_at is not None


def test_a_family_inquiry_says_no_mail_is_sent(client, offices):
    first, staff, _ = offices["first"]
    family = inquiry(first, writer="family", name="山本 花")
    sign_in(client, staff)
    detail = client.get(f"{INBOX}inspect/{family.pk}/").content.decode()
    assert "状況を変えても、申し込んだ方にメールは送られません。" in detail
    client.post(f"{INBOX}status/{family.pk}/", {"status": "contacted"})
    assert not family.mails.filter(purpose="status").exists()


def test_the_detail_shows_times_in_jst_and_dates_with_weekdays(client, offices):
    first, staff, _ = offices["first"]
    item = inquiry(
        first,
        created_at=datetime(2026, 11, 22, 13, 55, tzinfo=UTC),
        preferred_dates=[{"date": "2026-11-24", "time": "am"}],
    )
    sign_in(client, staff)
    detail = client.get(f"{INBOX}inspect/{item.pk}/").content.decode()
    assert "2026年11月22日（日） 22:55" in detail
    assert "13:55" not in detail
    assert "2026年11月24日（火） 午前" in detail


def test_the_dashboard_counts_inquiries_by_status_for_the_reader(client, offices):
    _, staff, item = offices["first"]
    sign_in(client, staff)
    dashboard = client.get("/admin/").content.decode()
    panel = dashboard[dashboard.index('id="inquiry-panel-title"') :]
    assert re.search(r"新規</a></th><td>1件", panel)
    assert item.reference in panel
    assert offices["second"][2].reference not in dashboard

    operator = get_user_model().objects.create_superuser("operator", "op@example.jp", "pw")
    sign_in(client, operator)
    panel = client.get("/admin/").content.decode()
    assert re.search(r"新規</a></th><td>3件", panel)
