"""No English on the admin pages staff use in their daily flows: a walk through them as the
operator and as an office's staff member, failing on any Latin-letter word outside the
allow-list of names (tests/english.py)."""

import json

import pytest

from django.contrib.auth import get_user_model
from django.test import Client

from blog.models import BlogIndexPage, BlogPage
from facilities.models import FacilityPage
from inquiries.claims import office_group
from inquiries.models import InquiryAccess, OfficeClaim
from tests.conftest import sign_in
from tests.english import english_phrases, english_words
from tests.test_blog_admin import article_form
from tests.test_inquiry_admin import inquiry

pytestmark = pytest.mark.django_db
USERNAMES = {"operator", "hanamizuki"}


def assert_japanese(client, url, method="get", data=None):
    response = getattr(client, method)(url, data or {})
    assert response.status_code == 200, (url, response.status_code)
    html = response.content.decode()
    words = english_words(html, USERNAMES)
    assert not words, (url, sorted(words), english_phrases(html)[:10])
    return html


def test_the_operators_pages_are_japanese(demo_site):
    operator = sign_in(
        Client(), get_user_model().objects.create_superuser("operator", "op@example.jp", "pw")
    )
    office = FacilityPage.objects.get(title="アトリエはなみずき")
    item = inquiry(office)
    claim = OfficeClaim.objects.create(
        facility=office, name="森 さくら", role="管理者", email="mori@example.jp"
    )
    index = BlogIndexPage.objects.get()
    article = BlogPage.objects.live().first()
    for url in [
        "/admin/",
        "/admin/pages/",
        f"/admin/pages/{index.pk}/",
        f"/admin/pages/{office.pk}/edit/",
        f"/admin/pages/add/blog/blogpage/{index.pk}/",
        f"/admin/pages/{article.pk}/edit/",
        "/admin/facility_pages/?q=はなみずき",
        "/admin/inquiries/",
        f"/admin/inquiries/inspect/{item.pk}/",
        f"/admin/inquiries/edit/{item.pk}/",
        "/admin/office_claims/",
        f"/admin/office_claims/inspect/{claim.pk}/",
        "/admin/snippets/blog/blogauthor/add/",
        "/admin/images/",
    ]:
        assert_japanese(operator, url)

    # A Japanese-only title with an error elsewhere: the message is Japanese, by its field.
    form = article_form()
    form.update(title="秋の収穫祭のお知らせ", slug="", summary="", date="2026-13-40")
    html = assert_japanese(operator, f"/admin/pages/add/blog/blogpage/{index.pk}/", "post", form)
    assert "入力にエラーがあるため、ページを作成できませんでした。" in html


def test_an_office_staff_members_pages_are_japanese(demo_site):
    office = FacilityPage.objects.get(title="アトリエはなみずき")
    staff = get_user_model().objects.create_user("hanamizuki", "h@example.jp", "pw")
    staff.groups.add(office_group(office))
    InquiryAccess.objects.create(facility=office, user=staff)
    item = inquiry(office)
    client = sign_in(Client(), staff)
    for url in [
        "/admin/",
        f"/admin/pages/{office.pk}/edit/",
        "/admin/inquiries/",
        f"/admin/inquiries/inspect/{item.pk}/",
    ]:
        assert_japanese(client, url)
    login = assert_japanese(Client(), "/admin/login/")
    assert "管理画面にログイン" in login and "Wagtailへサインイン" not in login


def test_help_texts_read_naturally(demo_site):
    operator = sign_in(
        Client(), get_user_model().objects.create_superuser("operator", "op@example.jp", "pw")
    )
    index = BlogIndexPage.objects.get()
    editor = operator.get(f"/admin/pages/add/blog/blogpage/{index.pk}/").content.decode()
    assert "一般公開のもとで" not in editor and "スラッグ" not in editor
    assert "URLの末尾" in editor and "サイトを見る人に表示するページのタイトルです" in editor
    assert "ヘッドライン" not in editor and "検索結果でタイトルの下に表示される説明文です" in editor
    # The block editor's texts travel as JSON, with non-ASCII characters escaped.
    assert json.dumps("「Row header」")[1:-1] not in editor
    assert json.dumps("どのセルを見出しにしますか？")[1:-1] in editor
