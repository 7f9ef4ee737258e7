"""The operator's dashboard counts the 編集アカウントの申請 that wait for a decision and links
the newest; staff, who may not decide claims, never see the panel."""

import re

import pytest

from django.contrib.auth import get_user_model

from facilities.models import FacilityPage
from inquiries.claims import office_group
from inquiries.models import ClaimStatus, InquiryAccess, OfficeClaim
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db


def claim(office, name, **fields):
    return OfficeClaim.objects.create(
        facility=office, name=name, role="管理者", email=f"{len(name)}@example.jp", **fields
    )


def panel(html):
    start = html.index('id="claim-panel-title"')
    return html[start : html.index("</section>", start)]


def test_the_operator_sees_how_many_claims_wait_and_the_newest(client, demo_site):
    office = FacilityPage.objects.get(title="アトリエはなみずき")
    waiting = [claim(office, "森 さくら"), claim(office, "林 はると")]
    decided = claim(office, "川口 みどり", status=ClaimStatus.APPROVED)
    operator = get_user_model().objects.create_superuser("operator", "op@example.jp", "pw")
    sign_in(client, operator)

    shown = panel(client.get("/admin/").content.decode())
    assert "確認待ちの申請が2件あります" in shown
    assert 'href="/admin/office_claims/?status=pending"' in shown
    for item in waiting:
        assert f'href="/admin/office_claims/inspect/{item.pk}/"' in shown
        assert item.name in shown
    assert decided.name not in shown and f"/inspect/{decided.pk}/" not in shown

    OfficeClaim.objects.filter(status=ClaimStatus.PENDING).update(status=ClaimStatus.REJECTED)
    assert "確認待ちの申請はありません。" in panel(client.get("/admin/").content.decode())


def test_staff_do_not_see_the_claims_panel(client, demo_site):
    office = FacilityPage.objects.get(title="アトリエはなみずき")
    claim(office, "森 さくら")
    staff = get_user_model().objects.create_user("hanamizuki", "h@example.jp", "pw")
    staff.groups.add(office_group(office))
    InquiryAccess.objects.create(facility=office, user=staff)
    sign_in(client, staff)

    dashboard = client.get("/admin/").content.decode()
    assert "お問い合わせ" in dashboard  # the dashboard itself was served
    assert not re.search("編集アカウントの申請|claim-panel|森 さくら", dashboard)
