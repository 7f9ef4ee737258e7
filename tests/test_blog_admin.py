"""Issue 6's 'done when': staff write, preview, schedule and publish an article with a table and
a Q&A block in the admin; a visitor then finds it by category, month, tag, feed and search."""

import datetime
import json

import pytest

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from wagtail.models import Revision
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

import site_search
from blog.models import BlogCategory, BlogIndexPage, BlogPage
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db
TITLE = "はじめての体験利用レポート"


def list_block(values):
    data = {
        str(i): {"value": value, "deleted": "", "order": str(i), "id": ""}
        for i, value in enumerate(values)
    }
    data["count"] = str(len(values))
    return data


def article_form(go_live_at=""):
    start = BlogCategory.objects.get(slug="start")
    table = {
        "data": [["日", "したこと"], ["1日目", "袋づめ"], ["2日目", "パンの成形"]],
        "first_row_is_table_header": True,
        "first_col_is_header": False,
        "table_caption": "体験の3日間",
        "table_header_choice": "row",
    }
    return nested_form_data(
        {
            "title": TITLE,
            "slug": "first-trial-report",
            "date": timezone.localdate().isoformat(),
            "summary": "3日間の体験利用で感じたことを、利用者さんと一緒に振り返りました。",
            "categories": str(start.pk),
            "tags": "体験, レポート",
            "show_toc": "on",
            "body": streamfield(
                [
                    ("heading", {"text": "体験した日のこと", "level": "h2"}),
                    ("paragraph", rich_text("<p>初日は緊張していましたが、すぐに慣れました。</p>")),
                    ("table", json.dumps(table)),
                    (
                        "questions",
                        {
                            "title": "体験のQ&A",
                            "items": list_block(
                                [
                                    {
                                        "question": "疲れませんでしたか？",
                                        "answer": rich_text("<p>休憩が多くて安心でした。</p>"),
                                    }
                                ]
                            ),
                        },
                    ),
                ]
            ),
            "go_live_at": go_live_at,
            "action-publish": "action-publish",
        }
    )


def test_write_preview_schedule_and_publish_then_find_it(client, demo_site):
    site_search.clear()
    staff = get_user_model().objects.create_superuser("editor", "editor@example.jp", "pw")
    sign_in(client, staff)
    index = BlogIndexPage.objects.get()
    add_url = f"/admin/pages/add/blog/blogpage/{index.pk}/"

    # Preview before publishing.
    preview = client.post(f"{add_url}preview/", article_form())
    assert preview.json()["is_valid"] is True
    shown = client.get(f"{add_url}preview/").content.decode()
    assert TITLE in shown and "体験の3日間" in shown and "疲れませんでしたか？" in shown

    # Publish, scheduled for tomorrow: not visible yet.
    tomorrow = timezone.localtime() + datetime.timedelta(days=1)
    response = client.post(add_url, article_form(tomorrow.strftime("%Y-%m-%d %H:%M")))
    assert response.status_code == 302
    article = BlogPage.objects.get(slug="first-trial-report")
    assert not article.live
    assert article.get_latest_revision().user == staff  # the last editor
    editor = client.get(f"/admin/pages/{article.pk}/edit/").content.decode()
    assert 'data-side-panel="checks"' in editor  # Wagtail's accessibility checks
    assert client.get("/blog/first-trial-report/").status_code == 404

    # The time comes (moved into the past here), and Wagtail's scheduler publishes it.
    past = timezone.now() - datetime.timedelta(minutes=1)
    for revision in Revision.page_revisions.filter(approved_go_live_at__isnull=False):
        revision.content["go_live_at"] = past.isoformat()
        revision.approved_go_live_at = past
        revision.save()
    call_command("publish_scheduled", verbosity=0)
    article.refresh_from_db()
    assert article.live

    html = client.get("/blog/first-trial-report/").content.decode()
    assert '<th scope="col">したこと</th>' in html
    assert "休憩が多くて安心でした。" in html
    assert '<a href="#section-1">体験した日のこと</a>' in html
    link = f'<a href="/blog/first-trial-report/">{TITLE}</a>'
    today = timezone.localdate()
    for url in ("/blog/category/start/", f"/blog/{today.year}/{today.month}/", "/blog/tag/体験/"):
        assert link in client.get(url).content.decode(), url
    assert f"<title>{TITLE}</title>" in client.get("/blog/feed/").content.decode()
    found = client.get("/search/", {"q": "たいけんりよう"}).content.decode()
    assert f'<a href="/blog/first-trial-report/">{TITLE}</a>' in found
