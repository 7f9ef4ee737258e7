"""An office's staff claim its page: the public form, the operator's check and decision, the
invitation through a real SMTP server, and an account that reaches that office only."""

import re
from urllib.parse import urlsplit

import pytest

from django.contrib.auth import get_user_model
from django.test import Client

from facilities.models import FacilityPage
from inquiries import claims, outbox
from inquiries.models import InquiryAccess, InquiryLogEntry, OfficeClaim, OutboxMessage
from tests.conftest import make_imported_office, sign_in
from tests.test_inquiry_admin import inquiry, staff_group

pytestmark = pytest.mark.django_db

CLAIM = {
    "name": "中村　陽子",
    "role": "サービス管理責任者",
    "email": "ｙｏｕｋｏ＠ｋｕｒｅｙｏｎ．ｅｘａｍｐｌｅ．ｊｐ",  # typed in full width
    "phone": "",
    "message": "写真と作業内容を載せたいです。",
    "staff": "on",
}


@pytest.fixture
def imported(directory):
    return make_imported_office(directory)


def test_the_claim_form_asks_little_and_answers_in_japanese(client, imported):
    page = client.get(imported.url).text
    assert "この事業所の方へ" in page and f"/for-offices/{imported.pk}/" in page

    form = client.get(f"/for-offices/{imported.pk}/")
    assert form.status_code == 200
    assert "011-555-0123" in form.text  # the official phone the operator will call
    assert "noindex" in form.text

    refused = client.post(f"/for-offices/{imported.pk}/", {"name": "", "email": "abc"})
    assert refused.status_code == 200
    text = refused.text
    assert "まだ送信していません。4か所を確認してください" in text
    assert "お名前：入力してください。" in text
    assert "メールアドレスの形が正しくありません（半角で" in text
    assert "事業所の職員の方だけが申請できます。" in text
    assert not OfficeClaim.objects.exists()

    assert client.get("/for-offices/999999/").status_code == 404
    assert client.get("/for-offices/abc/").status_code == 404


def test_a_claim_becomes_an_account_for_that_office_only(client, directory, imported, smtp):
    inbox = smtp()
    other = FacilityPage.objects.get(title="ひだまり工房さがみ")
    mine_inquiry, others_inquiry = inquiry(imported), inquiry(other, name="別の 人")

    sent = client.post(f"/for-offices/{imported.pk}/", CLAIM, follow=True)
    assert "申請を受け付けました" in sent.text
    claim = OfficeClaim.objects.get()
    assert claim.email == "youko@kureyon.example.jp" and claim.name == "中村 陽子"
    assert claim.status == "pending"
    assert "中村" not in client.get(imported.url).text  # nothing about the claim is public

    operator = get_user_model().objects.create_superuser("operator", "op@example.jp", "pw")
    admin = sign_in(Client(), operator)
    listing = admin.get("/admin/office_claims/").content.decode()
    assert "中村 陽子" in listing and "くれよん工房" in listing
    detail = admin.get(f"/admin/office_claims/inspect/{claim.pk}/").content.decode()
    assert "<strong>011-555-0123</strong>" in detail
    assert "未登録：承認すると" in detail

    response = admin.post(
        f"/admin/office_claims/decide/{claim.pk}/",
        {"approve": "1", "decision_note": "11/23 代表電話で管理者の方に確認"},
        follow=True,
    )
    assert "中村 陽子 さんの申請を承認しました" in response.content.decode()
    claim.refresh_from_db()
    staff = claim.account
    assert claim.status == "approved" and staff.email == "youko@kureyon.example.jp"
    assert not staff.has_usable_password()
    assert InquiryAccess.objects.filter(user=staff).get().facility == imported
    imported.refresh_from_db()
    assert [r.email for r in imported.inquiry_routes.all()] == ["youko@kureyon.example.jp"]
    assert InquiryLogEntry.objects.filter(action="inquiries.claim_approve").count() == 1
    # The decided claim no longer speaks of what approving would do.
    decided = admin.get(f"/admin/office_claims/inspect/{claim.pk}/").content.decode()
    assert "youko@kureyon.example.jp" in decided
    assert "承認しても宛先は変わりません" not in decided and "承認する" not in decided
    # Deciding twice is refused.
    again = admin.post(f"/admin/office_claims/decide/{claim.pk}/", {"reject": "1"}, follow=True)
    assert "この申請はすでに「承認済み」です。" in again.content.decode()

    # The mails go through the outbox to a real SMTP server.
    assert outbox.send_due() == (2, 0)
    received = {m["to"][0]: m for m in inbox.messages}
    invitation = received["youko@kureyon.example.jp"]
    assert "編集アカウントのご案内（くれよん工房）" in invitation["subject"]
    assert "011-555-0123" in received["uketsuke@example.jp"]["body"]  # the operator's notice
    link = re.search(r"http://\S+/admin/first-password/\S+", invitation["body"])[0]
    # Once sent, the outbox keeps no usable copy of the link.
    stored = OutboxMessage.objects.get(purpose="claim_invitation")
    assert stored.sent_at and urlsplit(link).path not in stored.body
    assert stored.body == outbox.ERASED

    # The person sets a password from the link, as in a browser.
    person = Client()
    form_page = person.get(urlsplit(link).path, follow=True)
    assert "パスワードを決める" in form_page.content.decode()
    assert "再設定" not in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]  # Django moves the token into the session
    person.post(
        set_url, {"new_password1": "kureyon-Sapporo-2026", "new_password2": "kureyon-Sapporo-2026"}
    )
    staff.refresh_from_db()
    assert staff.check_password("kureyon-Sapporo-2026")

    # The account edits its own office and nothing else, and reads its inquiries only.
    sign_in(person, staff)
    assert person.get(f"/admin/pages/{imported.pk}/edit/").status_code == 200
    refused = person.get(f"/admin/pages/{other.pk}/edit/")
    assert refused.status_code in (302, 403)
    assert "ひだまり工房さがみ" not in refused.content.decode()
    inbox_page = person.get("/admin/inquiries/").content.decode()
    assert mine_inquiry.reference in inbox_page
    assert others_inquiry.reference not in inbox_page
    shown = person.get(f"/admin/inquiries/inspect/{others_inquiry.pk}/")
    assert "別の 人" not in shown.content.decode()


def test_rejecting_needs_a_reason_and_tells_the_person(client, imported, smtp):
    inbox = smtp()
    client.post(f"/for-offices/{imported.pk}/", CLAIM)
    claim = OfficeClaim.objects.get()
    operator = get_user_model().objects.create_superuser("operator", "op@example.jp", "pw")
    admin = sign_in(Client(), operator)
    url = f"/admin/office_claims/decide/{claim.pk}/"
    response = admin.post(url, {"reject": "1", "decision_note": ""}, follow=True)
    assert "お断りする理由（確認の記録）を入力してください。" in response.content.decode()
    admin.post(url, {"reject": "1", "decision_note": "代表電話でこの方はいないとのこと"})
    claim.refresh_from_db()
    assert claim.status == "rejected" and claim.account is None
    assert not get_user_model().objects.filter(email=claim.email).exists()
    assert InquiryLogEntry.objects.filter(action="inquiries.claim_reject").count() == 1
    outbox.send_due()
    mail = next(m for m in inbox.messages if m["to"] == [claim.email])
    assert "アカウントをお作りできませんでした" in mail["body"]
    assert "いないとのこと" not in mail["body"]  # the operator's note stays inside


def test_staff_cannot_see_claims(client, imported):
    client.post(f"/for-offices/{imported.pk}/", CLAIM)
    staff = get_user_model().objects.create_user("staff", "s@example.jp", "pw")
    staff.groups.add(staff_group())
    sign_in(client, staff)
    response = client.get("/admin/office_claims/")
    assert response.status_code in (302, 403)
    assert "中村" not in response.content.decode()
    assert OutboxMessage.objects.filter(purpose="claim_received").count() == 1


def test_claims_from_one_address_are_limited_and_nothing_typed_is_lost(client, imported):
    for n in range(5):
        assert client.post(f"/for-offices/{imported.pk}/", CLAIM).status_code == 302, n
    refused = client.post(f"/for-offices/{imported.pk}/", {**CLAIM, "message": "6通目です"})
    assert refused.status_code == 429
    assert "短い時間に続けて送信されたため、まだ送信していません" in refused.text
    assert "6通目です" in refused.text  # what was typed is still in the form
    assert OfficeClaim.objects.count() == 5
    # Another address may still claim.
    other = client.post(f"/for-offices/{imported.pk}/", CLAIM, REMOTE_ADDR="198.51.100.20")
    assert other.status_code == 302 and OfficeClaim.objects.count() == 6


def test_approving_with_a_draft_waiting_routes_now_and_the_draft_keeps_it(imported):
    draft = imported.get_latest_revision_as_object()
    draft.title = "くれよん工房（下書き）"
    draft.save_revision()
    claim = OfficeClaim.objects.create(
        facility=imported, name="中村 陽子", role="管理者", email="youko@kureyon.example.jp"
    )
    operator = get_user_model().objects.create_superuser("operator", "op@example.jp", "pw")
    claims.approve(claim, by=operator)
    imported = FacilityPage.objects.get(pk=imported.pk)
    # Live at once, and the editor's draft is left waiting, with the address in it.
    assert [r.email for r in imported.inquiry_routes.all()] == ["youko@kureyon.example.jp"]
    assert imported.title == "くれよん工房" and imported.has_unpublished_changes
    waiting = imported.get_latest_revision_as_object()
    assert waiting.title == "くれよん工房（下書き）"
    assert [r.email for r in waiting.inquiry_routes.all()] == ["youko@kureyon.example.jp"]
    imported.get_latest_revision().publish()
    published = FacilityPage.objects.get(pk=imported.pk)
    assert [r.email for r in published.inquiry_routes.all()] == ["youko@kureyon.example.jp"]
