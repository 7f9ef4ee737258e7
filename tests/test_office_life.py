"""An imported office's life, followed through the site: a request promised to the desk, a
claim, approval, staff at work. The promise made on the form holds whatever happens after."""

import re
import time

import pytest

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core import signing
from django.test import Client

from wagtail.models import ReferenceIndex

from inquiries import claims, outbox, spam
from inquiries.claims import office_group
from inquiries.models import Inquiry, InquiryAccess, InquiryLogEntry, OfficeClaim, OutboxMessage
from tests.conftest import make_facility, make_imported_office, sign_in

pytestmark = pytest.mark.django_db

CONTACT = "/contact/"
HEALTH = "統合失調症。午前は体調が不安定。"
MANAGER = "kanri@kureyon.example.jp"


@pytest.fixture
def office(directory):
    return make_imported_office(directory)


@pytest.fixture
def operator(db):
    return get_user_model().objects.create_superuser("operator", "op@example.jp", "pw")


def form_ticket(client, office):
    """The ticket of the visit form as a browser gets it, aged past the too-fast check."""
    page = client.get(f"{CONTACT}?kind=visit&facility={office.pk}").content.decode()
    value = re.search(r'name="ticket" value="([^"]+)"', page)[1]
    data = signing.loads(value, salt=spam.SALT)
    return page, signing.dumps({**data, "t": time.time() - 60}, salt=spam.SALT)


def send_visit(client, office, ticket, name="山田 花子", support_needs=HEALTH):
    response = client.post(
        f"{CONTACT}?kind=visit&facility={office.pk}",
        {
            "writer": "family",
            "name": name,
            "email": "hanako@example.jp",
            "contact_method": "either",
            "support_needs": support_needs,
            "certificate": "has",
            "message": "息子の見学をお願いしたいです。午前中は難しいです。",
            "consent": "on",
            "ticket": ticket,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return Inquiry.objects.get(name=name)


def approve_claim(office, operator, email=MANAGER, account="new"):
    claim = OfficeClaim.objects.create(
        facility=office, name="中村 陽子", role="管理者", email=email
    )
    admin = sign_in(Client(), operator)
    admin.post(
        f"/admin/office_claims/decide/{claim.pk}/",
        {"approve": "1", "decision_note": "代表電話で確認", "account": account},
    )
    claim.refresh_from_db()
    assert claim.status == "approved"
    return claim.account


def everything_staff_see(client, inquiry):
    """Every admin page where staff could meet a request: inbox, its search, detail, edit,
    history, export, dashboard, site history, outbox."""
    pages = [
        "/admin/",
        "/admin/inquiries/",
        f"/admin/inquiries/?q={inquiry.name}",
        f"/admin/inquiries/inspect/{inquiry.pk}/",
        f"/admin/inquiries/edit/{inquiry.pk}/",
        f"/admin/inquiries/history/{inquiry.pk}/",
        "/admin/inquiries/?export=csv",
        "/admin/reports/site-history/",
        "/admin/outbox/",
    ]
    seen = {}
    for url in pages:
        response = client.get(url)
        body = b"".join(response) if response.streaming else response.content
        seen[url] = (response.status_code, body.decode("utf-8-sig"))
    return seen


def test_a_request_promised_to_the_desk_stays_with_the_desk_after_a_claim(client, office, operator):
    page, ticket = form_ticket(client, office)
    # The form tells one audience in every line, the health field included.
    assert "相談窓口" in page and "事業所の担当者だけが読みます" not in page
    assert re.search(
        r"相談窓口[^。<]*の担当者だけが読みます。事業所には、あなたに確かめてから", page
    )
    early = send_visit(client, office, ticket)
    assert early.audience == "desk"
    # A form shown before the claim and sent after it keeps what it said.
    _, shown_before = form_ticket(client, office)

    staff = approve_claim(office, operator)
    assert staff.username == MANAGER and not staff.has_usable_password()
    late_but_promised = send_visit(client, office, shown_before, name="鈴木 一郎")
    assert late_but_promised.audience == "desk"
    page, ticket = form_ticket(client, office)
    assert "くれよん工房の担当者だけが読みます。" in page
    after = send_visit(
        client, office, ticket, name="佐藤 次郎", support_needs="てんかんの発作があります。"
    )
    assert after.audience == "office"
    # Each was mailed as it was promised: the desk, the desk, then the office's address.
    notices = OutboxMessage.objects.filter(purpose="staff")
    assert notices.get(inquiry=early).to == notices.get(inquiry=late_but_promised).to != MANAGER
    assert notices.get(inquiry=after).to == MANAGER

    staff_client = sign_in(Client(), staff)
    seen = everything_staff_see(staff_client, early)
    for url, (_status, html) in seen.items():
        for hidden in (early, late_but_promised):
            assert f"/inspect/{hidden.pk}/" not in html, url
            if "?q=" not in url:  # the search box repeats what was searched for
                assert hidden.reference not in html, url
                assert hidden.name not in html, url
        assert HEALTH not in html, url
    assert seen[f"/admin/inquiries/inspect/{early.pk}/"][0] in (302, 403, 404)
    assert seen[f"/admin/inquiries/edit/{early.pk}/"][0] in (302, 403, 404)
    assert staff_client.post(
        f"/admin/inquiries/status/{early.pk}/", {"status": "contacted"}
    ).status_code in (302, 403, 404)
    early.refresh_from_db()
    assert early.status == "new"
    # Nor does the office page's usage view (「…か所から参照」) tell them a request exists.
    usage = staff_client.get(f"/admin/pages/{office.pk}/usage/").content.decode()
    main = usage[usage.index("<main") : usage.index("</main>")]
    assert "inquir" not in main and "お問い合わせ" not in main
    assert not ReferenceIndex.get_references_to(office).filter(
        base_content_type__app_label="inquiries"
    )
    # …and the request sent to the office after the claim is theirs, health note included.
    inbox = seen["/admin/inquiries/"][1]
    assert after.reference in inbox
    assert (
        "てんかんの発作があります。"
        in staff_client.get(f"/admin/inquiries/inspect/{after.pk}/").content.decode()
    )
    # The operator still lists all three, but reads the health details only of the two the
    # desk was named for: the third was promised to the office's staff alone.
    admin = sign_in(Client(), operator)
    admin_inbox = admin.get("/admin/inquiries/").content.decode()
    assert all(i.reference in admin_inbox for i in (early, late_but_promised, after))
    assert HEALTH in admin.get(f"/admin/inquiries/inspect/{early.pk}/").content.decode()
    office_only = admin.get(f"/admin/inquiries/inspect/{after.pk}/").content.decode()
    assert "てんかんの発作があります。" not in office_only
    assert "事業所の職員だけが読みます。申し込んだ方にそう伝えてあります" in office_only


def test_the_desk_hands_a_request_on_without_the_health_details_unless_agreed(
    client, office, operator, smtp
):
    inbox = smtp()
    _, ticket = form_ticket(client, office)
    request = send_visit(client, office, ticket)
    _, ticket = form_ticket(client, office)
    agreed = send_visit(client, office, ticket, name="鈴木 一郎", support_needs="難聴があります。")
    staff = approve_claim(office, operator)
    admin = sign_in(Client(), operator)
    _, ticket = form_ticket(client, office)
    to_office = send_visit(client, office, ticket, name="佐藤 次郎")
    # The desk finds what waits to be handed on.
    waiting = admin.get("/admin/inquiries/?desk=waiting").content.decode()
    assert request.reference in waiting and agreed.reference in waiting
    assert to_office.reference not in waiting
    detail = admin.get(f"/admin/inquiries/inspect/{request.pk}/").content.decode()
    assert "事業所に引き継ぐ" in detail and HEALTH in detail

    response = admin.post(
        f"/admin/inquiries/hand-on/{request.pk}/",
        {"handover_note": "午後の見学を希望。電話は夕方が良いそうです。"},
        follow=True,
    )
    assert "を「くれよん工房」の職員に引き継ぎました" in response.content.decode()
    admin.post(f"/admin/inquiries/hand-on/{agreed.pk}/", {"health_shared": "1"})
    assert request.reference not in admin.get("/admin/inquiries/?desk=waiting").content.decode()
    # Handing on twice is refused, in Japanese.
    again = admin.post(f"/admin/inquiries/hand-on/{request.pk}/", follow=True)
    assert "すでに事業所に引き継いであります" in again.content.decode()
    entry = InquiryLogEntry.objects.get(action="inquiries.hand_on", object_id=str(request.pk))
    assert entry.user == operator and entry.data["health_shared"] is False

    staff_client = sign_in(Client(), staff)
    shown = staff_client.get(f"/admin/inquiries/inspect/{request.pk}/").content.decode()
    assert "山田 花子" in shown and "午後の見学を希望" in shown
    assert HEALTH not in shown and "午前中は難しいです" not in shown
    assert "持っている" not in shown  # the 受給者証 answer is disability information too
    assert "ご本人の同意がないため、事業所には表示しません" in shown
    assert (
        "難聴があります。"
        in staff_client.get(f"/admin/inquiries/inspect/{agreed.pk}/").content.decode()
    )
    # Staff are told by mail, without the details; the desk's earlier mails stay the desk's.
    outbox.send_due()
    told = [m for m in inbox.messages if m["to"] == [MANAGER] and "引き継ぎ" in m["subject"]]
    assert len(told) == 2 and all(
        "相談窓口から見学の申し込みを引き継ぎました" in m["subject"] for m in told
    )
    assert not any(HEALTH in m["body"] for m in told)
    mails = staff_client.get("/admin/outbox/").content.decode()
    assert "hanako@example.jp" not in mails  # the confirmation went out before the hand-on

    # Staff can neither hand on nor see the hand-on form.
    assert "事業所に引き継ぐ" not in shown
    refused = staff_client.post(f"/admin/inquiries/hand-on/{request.pk}/", {"health_shared": "1"})
    assert refused.status_code in (302, 403)
    request.refresh_from_db()
    assert request.health_shared is False


def test_a_claim_never_takes_over_an_existing_account(client, office, operator, directory):
    other = make_facility(directory, "ひまわり舎", "himawari-sha")
    # Another office's staff member whose address is (now) the claimant's.
    staffb = get_user_model().objects.create_user("staffb", MANAGER, "staffb-password")
    staffb.groups.add(office_group(other))
    InquiryAccess.objects.create(facility=other, user=staffb)
    # A deactivated operator with the same address, and an editor with other rights.
    retired = get_user_model().objects.create_superuser("retired", MANAGER.upper(), "old-pw")
    retired.is_active = False
    retired.save()
    editor = get_user_model().objects.create_user("editor", MANAGER, "pw")
    editor.groups.add(Group.objects.get_or_create(name="編集者")[0])

    claim = OfficeClaim.objects.create(
        facility=office, name="中村 陽子", role="管理者", email=MANAGER
    )
    admin = sign_in(Client(), operator)
    detail = admin.get(f"/admin/office_claims/inspect/{claim.pk}/").content.decode()
    # The page shows who the one attachable account is, and a new account is the default.
    assert 'value="new" id="account-new" checked' in detail
    assert "staffb" in detail and "ひまわり舎" in detail
    assert f'value="{retired.pk}"' not in detail and f'value="{editor.pk}"' not in detail

    response = admin.post(
        f"/admin/office_claims/decide/{claim.pk}/",
        {"approve": "1", "decision_note": "確認"},
        follow=True,
    )
    text = response.content.decode()
    claim.refresh_from_db()
    new = claim.account
    assert new not in (staffb, retired, editor)
    assert (
        f"アカウント「{new.username}」を作り" in text
        and "staffb" not in text.split("承認しました")[1][:80]
    )
    assert not InquiryAccess.objects.filter(user=staffb, facility=office).exists()
    assert not staffb.groups.filter(name__contains="くれよん工房").exists()
    retired.refresh_from_db()
    assert retired.is_active is False and retired.is_superuser
    invitation = OutboxMessage.objects.get(purpose=outbox.CLAIM_INVITATION)
    assert new.username in invitation.body and "staffb" not in invitation.body


def test_only_an_office_staff_account_is_attached_and_only_when_chosen(office, operator, directory):
    other = make_facility(directory, "ひまわり舎", "himawari-sha")
    same_person = get_user_model().objects.create_user("nakamura", MANAGER, "her-password")
    same_person.groups.add(office_group(other))
    retired = get_user_model().objects.create_superuser("retired", MANAGER, "old-pw")
    retired.is_active = False
    retired.save()

    claim = OfficeClaim.objects.create(
        facility=office, name="中村 陽子", role="管理者", email=MANAGER
    )
    assert list(claims.attachable_accounts(claim)) == [same_person]
    with pytest.raises(claims.ClaimError):
        claims.approve(claim, by=operator, account=retired)
    # A grant of its own (beyond offices' groups) makes an account unattachable too.
    same_person.user_permissions.add(Permission.objects.get(codename="view_all_inquiries"))
    assert not claims.attachable_accounts(claim).exists()
    same_person.user_permissions.clear()

    admin = sign_in(Client(), operator)
    response = admin.post(
        f"/admin/office_claims/decide/{claim.pk}/",
        {"approve": "1", "decision_note": "同じ方と電話で確認", "account": str(same_person.pk)},
        follow=True,
    )
    assert (
        "これまでのアカウント「nakamura」でこの事業所も編集できるようにし"
        in response.content.decode()
    )
    assert InquiryAccess.objects.filter(user=same_person, facility=office).exists()
    invitation = OutboxMessage.objects.get(purpose=outbox.CLAIM_INVITATION)
    assert "password_reset" not in invitation.body and "いつものパスワード" in invitation.body
    entry = InquiryLogEntry.objects.get(action="inquiries.claim_approve")
    assert entry.data["new_account"] is False and entry.data["account"] == same_person.pk
