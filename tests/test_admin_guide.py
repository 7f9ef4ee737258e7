"""The site's own 編集ガイド: the admin's help menu and the dashboard lead to it instead of
Wagtail's English guide, and it tells staff and the operator their work in plain Japanese."""

import json
import re

import pytest

from django.contrib.auth import get_user_model
from django.test import Client

from facilities.models import FacilityPage
from inquiries.claims import office_group
from inquiries.models import InquiryAccess
from tests.conftest import sign_in
from tests.english import english_phrases, english_words

pytestmark = pytest.mark.django_db
GUIDE = "/admin/guide/"


@pytest.fixture
def staff(demo_site):
    office = FacilityPage.objects.get(title="アトリエはなみずき")
    user = get_user_model().objects.create_user("hanamizuki", "h@example.jp", "pw")
    user.groups.add(office_group(office))
    InquiryAccess.objects.create(facility=office, user=user)
    return sign_in(Client(), user)


@pytest.fixture
def operator(demo_site):
    user = get_user_model().objects.create_superuser("operator", "op@example.jp", "pw")
    return sign_in(Client(), user)


def help_menu(html):
    """The items of the sidebar's ヘルプ menu, as (label, url)."""
    props = re.search(r'<script id="wagtail-sidebar-props"[^>]*>(.*?)</script>', html, re.S)

    def items(node):
        if isinstance(node, dict):
            args = node.get("_args")
            if node.get("_type") == "wagtail.sidebar.SubMenuItem" and args[0]["name"] == "help":
                return [(item["_args"][0]["label"], item["_args"][0]["url"]) for item in args[1]]
            node = list(node.values())
        if isinstance(node, list):
            for child in node:
                found = items(child)
                if found:
                    return found
        return []

    return items(json.loads(props.group(1)))


def test_the_help_menu_leads_to_the_sites_guide_not_wagtails(staff, operator):
    for client in (staff, operator):
        dashboard = client.get("/admin/").content.decode()
        items = help_menu(dashboard)
        assert ("編集ガイド", GUIDE) in items, items
        assert not any("wagtail.org" in url for _, url in items), items
        # The dashboard's account summary links the same guide.
        assert f'href="{GUIDE}"' in dashboard
        assert "guide.wagtail.org" not in dashboard


def test_the_editors_content_checks_do_not_link_wagtails_guide(operator):
    office = FacilityPage.objects.get(title="アトリエはなみずき")
    editor = operator.get(f"/admin/pages/{office.pk}/edit/").content.decode()
    assert "読みやすさ" in editor  # the content checks panel is there
    assert "wagtail.org" not in editor


def test_the_guide_tells_staff_their_work_in_plain_japanese(staff):
    response = staff.get(GUIDE)
    assert response.status_code == 200
    guide = response.content.decode()
    assert not english_words(guide, {"hanamizuki"}), english_phrases(guide)
    for said in [
        "認証アプリ",
        "予備コード",
        "空き状況の確認日",
        "写っているものを短い文で書いて",
        "「公開」",
        "「変える」",
        "対応メモ",
        "その支援者にメールが届きます",
        "お知らせ（ブログ記事）は事業所のページの下に作ります",
    ]:
        assert said in guide, said
    # The operator's part is not shown to staff.
    assert "運営者の方へ" not in guide and "お問い合わせの閲覧許可" not in guide


def test_the_guide_shows_the_operator_claims_access_and_the_outbox(operator):
    guide = operator.get(GUIDE).content.decode()
    assert not english_words(guide, {"operator"}), english_phrases(guide)
    operators_part = guide[guide.index('id="operator"') :]
    for said in ["編集アカウントの申請", "お問い合わせの閲覧許可", "送信メール", "電話して"]:
        assert said in operators_part, said


def test_the_guide_needs_a_signed_in_admin(demo_site):
    response = Client().get(GUIDE)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
