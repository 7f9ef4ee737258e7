"""An office's staff write and publish their office's news: articles under their office's
page, featuring that office only, and nothing else of the blog. The operator may require
approval first (Wagtail's workflow)."""

import pytest

from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from wagtail.models import Page
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from blog.models import BlogAuthor, BlogIndexPage, BlogPage
from facilities.models import FacilityPage
from home.models import SiteSettings
from inquiries.claims import office_group
from tests.conftest import make_imported_office, sign_in
from tests.forms import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(directory):
    return make_imported_office(directory)


@pytest.fixture
def staff(office):
    user = get_user_model().objects.create_user("kureyon", "k@example.jp", "pw")
    user.groups.add(office_group(office))
    return user


def news(title="秋の収穫祭のお知らせ", **fields):
    return nested_form_data(
        {
            "title": title,
            "slug": "",
            "date": timezone.localdate().isoformat(),
            "summary": "畑でとれたさつまいもを使って、みんなで収穫祭をしました。",
            "tags": "",
            "show_toc": "on",
            "body": streamfield([("paragraph", rich_text("<p>焼きいもを作りました。</p>"))]),
            **fields,
        }
    )


def test_staff_write_and_publish_their_offices_news_and_nothing_else(
    client, office, staff, directory
):
    other = FacilityPage.objects.exclude(pk=office.pk).live().first()
    sign_in(client, staff)
    add = f"/admin/pages/add/blog/blogpage/{office.pk}/"
    assert f'href="{add}"' in client.get("/admin/").content.decode()  # 「お知らせを書く」
    form = client.get(add)
    assert form.status_code == 200
    assert "事業所のお知らせは、この事業所のページに表示します。" in form.content.decode()

    # Trying to feature another office too: the form keeps to their own.
    response = client.post(
        add, {**news(), "facilities": [office.pk, other.pk], "action-publish": "1"}
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    article = BlogPage.objects.get(title="秋の収穫祭のお知らせ")
    assert article.live and article.get_parent().specific == office
    assert list(article.facilities.all()) == [office]
    assert response["Location"] == f"/admin/pages/{office.pk}/"  # their office's listing
    listing = client.get(response["Location"]).content.decode()
    assert "秋の収穫祭のお知らせ" in listing

    # Visitors find it on the office's page and in the blog, at a URL under the office.
    visitor = Client()
    assert article.url.startswith(office.url)
    shown = visitor.get(article.url).content.decode()
    assert "焼きいもを作りました。" in shown
    assert f'<a href="{office.url}">くれよん工房</a>のお知らせです。' in shown
    assert "秋の収穫祭のお知らせ" in visitor.get(office.url).content.decode()
    blog = BlogIndexPage.objects.get()
    listing = visitor.get(blog.url).content.decode()
    assert "秋の収穫祭のお知らせ" in listing and "くれよん工房のお知らせ" in listing
    assert "秋の収穫祭のお知らせ" not in visitor.get(other.url).content.decode()

    # Nothing else of the blog: no article at the top of the blog, no other office's news,
    # no editing of the blog's own articles.
    refused = client.post(f"/admin/pages/add/blog/blogpage/{blog.pk}/", news("乗っ取り"))
    assert refused.status_code in (302, 403)
    assert not BlogPage.objects.filter(title="乗っ取り").exists()
    assert client.get(f"/admin/pages/add/blog/blogpage/{other.pk}/").status_code in (302, 403)
    theirs = BlogPage.objects.child_of(blog).first()
    assert client.get(f"/admin/pages/{theirs.pk}/edit/").status_code in (302, 403)
    assert client.post(f"/admin/pages/{theirs.pk}/unpublish/").status_code in (302, 403)
    theirs.refresh_from_db()
    assert theirs.live


def test_the_author_menu_offers_only_the_offices_writers(client, office, staff):
    BlogAuthor.objects.create(name="中村 陽子", role="管理者", facility=office)
    BlogAuthor.objects.create(name="よその 書き手", role="職員")
    sign_in(client, staff)
    form = client.get(f"/admin/pages/add/blog/blogpage/{office.pk}/").content.decode()
    assert "中村 陽子" in form and "よその 書き手" not in form


def test_after_publishing_their_office_page_staff_land_on_it(client, office, staff):
    sign_in(client, staff)
    edit = f"/admin/pages/{office.pk}/edit/"
    data = form_data(client.get(edit).content.decode(), "page-edit-form")
    data["action-publish"] = "1"
    response = client.post(edit, data)
    assert response.status_code == 302
    assert response["Location"] == edit
    page = client.get(edit).content.decode()
    assert "くれよん工房&#x27; が公開されました。" in page
    assert f'href="{office.url}"' in page  # and a link to see it live
    assert "ページ 0 件" not in page


def test_the_operator_can_require_approval_before_staff_changes_go_live(client, office, staff):
    site_settings = SiteSettings.objects.get(site__is_default_site=True)
    site_settings.office_posts_need_approval = True
    site_settings.save()
    sign_in(client, staff)
    add = f"/admin/pages/add/blog/blogpage/{office.pk}/"
    assert f'href="{add}"' in client.get("/admin/").content.decode()  # 「お知らせを書く」
    form = client.get(add).content.decode()
    assert 'name="action-publish"' not in form
    client.post(add, {**news(), "action-submit": "1"})
    article = BlogPage.objects.get(title="秋の収穫祭のお知らせ")
    assert not article.live
    assert article.workflow_in_progress  # waits for 承認者
    # Publishing by hand is refused too.
    client.post(f"/admin/pages/{article.pk}/edit/", {**news(), "action-publish": "1"})
    article.refresh_from_db()
    assert not article.live

    # Back to publishing without approval: the right comes back to every office's staff.
    site_settings.office_posts_need_approval = False
    site_settings.save()
    assert Page.objects.get(pk=office.pk).permissions_for_user(staff).can_publish()


def test_staff_cannot_take_their_office_out_of_the_directory(client, office, staff):
    sign_in(client, staff)
    for action in ("delete", "unpublish"):
        response = client.post(f"/admin/pages/{office.pk}/{action}/", follow=True)
        assert "運営者だけができます" in response.content.decode(), action
    office.refresh_from_db()
    assert office.live
    # Their own news they may unpublish and delete.
    client.post(f"/admin/pages/add/blog/blogpage/{office.pk}/", {**news(), "action-publish": "1"})
    article = BlogPage.objects.get(title="秋の収穫祭のお知らせ")
    client.post(f"/admin/pages/{article.pk}/delete/")
    assert not BlogPage.objects.filter(pk=article.pk).exists()


def test_an_offices_news_links_to_the_blogs_own_categories(client, office, staff):
    from blog.models import BlogCategory

    start = BlogCategory.objects.get(slug="start")
    sign_in(client, staff)
    client.post(
        f"/admin/pages/add/blog/blogpage/{office.pk}/",
        {**news(), "categories": str(start.pk), "action-publish": "1"},
    )
    article = BlogPage.objects.get(title="秋の収穫祭のお知らせ")
    html = Client().get(article.url).content.decode()
    blog = BlogIndexPage.objects.get()
    assert f'href="{blog.url}category/start/"' in html  # not under the office's URL
    assert "秋の収穫祭のお知らせ" in Client().get(f"{blog.url}category/start/").content.decode()


def test_staff_cannot_change_what_the_office_is_in_the_register(client, office, staff):
    office.office_number = "1410000000"
    office.save_revision().publish()
    sign_in(client, staff)
    edit = f"/admin/pages/{office.pk}/edit/"
    form = client.get(edit).content.decode()
    assert 'name="service_type"' not in form and 'name="office_number"' not in form
    data = form_data(form, "page-edit-form")
    data.update(
        service_type="a", office_number="9999999999", source_id="X", **{"action-publish": "1"}
    )
    assert client.post(edit, data).status_code == 302
    office.refresh_from_db()
    assert (office.service_type, office.office_number) == ("b", "1410000000")
    # The operator still corrects them.
    operator = get_user_model().objects.create_superuser("operator", "op@example.jp", "pw")
    assert 'name="service_type"' in sign_in(Client(), operator).get(edit).content.decode()
