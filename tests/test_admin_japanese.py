"""No English on the admin pages: a walk through every page the admin menu reaches, as the
operator and as an office's staff member, failing on any Latin-letter word outside the
allow-list of names (tests/english.py). The same walk checks that no page loads avatars from
gravatar.com or links to Wagtail's English guide."""

import io
import json

import pytest
from axes.models import AccessAttempt
from PIL import Image as PILImage

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from wagtail.admin.menu import admin_menu
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Collection, ReferenceIndex, Site, Task, Workflow
from wagtail.snippets.models import get_snippet_models

from blog.models import BlogIndexPage, BlogPage
from facilities.models import DirectoryPage, FacilityPage, FacilityPhoto
from inquiries.claims import office_group
from inquiries.models import InquiryAccess, OfficeClaim
from tests.conftest import sign_in
from tests.english import english_phrases, english_words
from tests.test_blog_admin import article_form
from tests.test_inquiry_admin import inquiry, mail_for

pytestmark = pytest.mark.django_db
USERNAMES = {"operator", "hanamizuki"}
NOTHING = "見つからないことば"  # a search that finds nothing anywhere
# Third parties an admin page must not call on or send staff to.
FOREIGN = ("gravatar.com", "guide.wagtail.org", "docs.wagtail.org")


def assert_japanese(client, url, method="get", data=None):
    response = getattr(client, method)(url, data or {})
    assert response.status_code == 200, (url, response.status_code)
    html = response.content.decode()
    words = english_words(html, USERNAMES)
    assert not words, (url, sorted(words), english_phrases(html)[:10])
    return html


def english_on(client, urls):
    """Every page of `urls` that is not Japanese, or not served, or calls on a third party:
    {url: what is wrong}, so one run lists everything left to translate."""
    # Data, like a username: the site's host name and the root collection's name (see the
    # test of that name below).
    hosts = Site.objects.values_list("hostname", flat=True)
    names = USERNAMES | set(hosts) | {Collection.get_first_root_node().name}
    problems = {}
    for url in dict.fromkeys(urls):
        response = client.get(url, follow=True)
        if response.status_code != 200:
            problems[url] = response.status_code
            continue
        html = response.content.decode()
        words = english_words(html, names)
        foreign = [host for host in FOREIGN if host in html]
        if words or foreign:
            problems[url] = (sorted(words), foreign, english_phrases(html))
    return problems


def menu_urls(user):
    """The admin pages of every item (and sub-item) of the admin menu `user` sees."""
    reverse("wagtailadmin_home")  # viewsets add their menu items when the admin URLs load
    request = RequestFactory().get("/admin/")
    request.user = user

    def walk(items):
        for item in items:
            if getattr(item, "menu", None):
                yield from walk(item.menu.menu_items_for_request(request))
            elif item.url.startswith("/admin/"):
                yield item.url

    return list(walk(admin_menu.menu_items_for_request(request)))


def png():
    data = io.BytesIO()
    PILImage.new("RGB", (8, 8), "white").save(data, "PNG")
    return ImageFile(io.BytesIO(data.getvalue()), name="work.png")


def searched(urls):
    """`urls` searched for a word nothing holds: the listings' "nothing found" messages."""
    return [f"{url}{'&' if '?' in url else '?'}q={NOTHING}" for url in urls]


def lift_a_lock(operator, username):
    """The operator lifts a sign-in lock in 設定 → ログインの制限, as the page does: Wagtail's
    log then holds an entry about one of django-axes' records."""
    AccessAttempt.objects.create(
        username=username,
        ip_address="203.0.113.9",
        user_agent="test",
        http_accept="*/*",
        path_info="/admin/login/",
        get_data="",
        post_data="",
        failures_since_start=10,
    )
    lifted = sign_in(Client(), operator).post(
        "/admin/signin-lockouts/",
        {"kind": "pair", "username": username, "address": "203.0.113.9"},
    )
    assert lifted.status_code == 302


@pytest.fixture
def world(demo_site):
    """A site in use: an office with a staff member, an inquiry and its mail, a claim, an
    image on the office's page, a document, a collection, a redirect, a locked page, a page
    waiting for approval, pages published by a person and a draft saved on top (logged as the
    editor's 保存 logs it), a sign-in lock the operator lifted."""
    people = get_user_model().objects
    operator = people.create_superuser("operator", "op@example.jp", "pw")
    office = FacilityPage.objects.get(title="アトリエはなみずき")
    staff = people.create_user("hanamizuki", "h@example.jp", "pw")
    staff.groups.add(office_group(office))
    InquiryAccess.objects.create(facility=office, user=staff)
    item = inquiry(office)
    image = Image.objects.create(title="作業の様子", file=png())
    office.photos.add(FacilityPhoto(image=image, alt_text="作業の様子"))
    office.save_revision(user=staff).publish(user=staff)
    office.save_revision(user=staff, log_action=True)  # 「下書きを保存しました」 in the history
    lift_a_lock(operator, "hanamizuki")
    others = FacilityPage.objects.exclude(pk=office.pk).order_by("pk")
    locked, waiting = others[0], others[1]
    locked.locked, locked.locked_by, locked.locked_at = True, operator, timezone.now()
    locked.save()
    Workflow.objects.get().start(waiting, operator)
    office_workflow = Workflow.objects.create(name="事業所の確認")
    office_workflow.workflow_tasks.create(task=Task.objects.get(), sort_order=0)
    return {
        "operator": operator,
        "staff": staff,
        "office": office,
        "locked": locked,
        "waiting": waiting,
        "inquiry": item,
        "mail": mail_for(item),
        "claim": OfficeClaim.objects.create(
            facility=office, name="森 さくら", role="管理者", email="mori@example.jp"
        ),
        "image": image,
        # A demo article whose 申し込みボタン names the office: the office's usage page lists it.
        "article": BlogPage.objects.get(title="体験利用で確かめたい5つのこと"),
        # A page nothing refers to.
        "unused": next(
            page
            for page in BlogPage.objects.order_by("pk")
            if not ReferenceIndex.get_references_to(page).exists()
        ),
        "document": Document.objects.create(
            title="利用の案内", file=ContentFile(b"%PDF-1.4", name="guide.pdf")
        ),
        "collection": Collection.get_first_root_node().add_child(name="事業所の写真"),
        "redirect": Redirect.objects.create(old_path="/old-page", redirect_page=office),
    }


def test_every_page_of_the_operators_menu_is_japanese(world):
    operator = world["operator"]
    office, item = world["office"], world["inquiry"]
    menu = menu_urls(operator)
    # The walk reaches what the operator works with, whatever else the menu holds.
    for expected in [
        "/admin/pages/",
        "/admin/images/",
        "/admin/documents/",
        "/admin/snippets/",
        "/admin/reports/locked/",
        "/admin/reports/workflow/",
        "/admin/reports/workflow_tasks/",
        "/admin/reports/site-history/",
        "/admin/reports/aging-pages/",
        "/admin/reports/page-types-usage/",
        "/admin/users/",
        "/admin/groups/",
        "/admin/sites/",
        "/admin/collections/",
        "/admin/redirects/",
        "/admin/workflows/list/",
        "/admin/workflows/tasks/index/",
        "/admin/settings/home/sitesettings/",
        "/admin/inquiry-access/",
        "/admin/inquiries/",
        "/admin/outbox/",
        "/admin/office_claims/",
        "/admin/facility_pages/",
        "/admin/guide/",
    ]:
        assert expected in menu, expected
    snippets = [
        reverse(model.snippet_viewset.get_url_name("list")) for model in get_snippet_models()
    ]
    workflow, task = Workflow.objects.first(), Task.objects.get()
    group = Group.objects.get(name="編集者")
    pages = [
        "/admin/",
        f"/admin/pages/{DirectoryPage.objects.get().pk}/",
        f"/admin/pages/{office.pk}/",
        f"/admin/pages/{office.pk}/edit/",
        f"/admin/pages/{office.pk}/history/",
        f"/admin/pages/{office.pk}/usage/",
        f"/admin/pages/{world['article'].pk}/usage/",
        f"/admin/pages/{world['unused'].pk}/usage/",
        "/admin/pages/usage/facilities/facilitypage/",
        f"/admin/pages/{world['locked'].pk}/edit/",
        f"/admin/pages/{world['waiting'].pk}/edit/",
        "/admin/pages/search/?q=見つからないことば",
        "/admin/pages/search/?q=アトリエはなみずき",
        "/admin/reports/site-history/?action=wagtail.publish",
        "/admin/snippets/blog/blogauthor/add/",
        "/admin/images/multiple/add/",
        f"/admin/images/{world['image'].pk}/",
        f"/admin/images/usage/{world['image'].pk}/",
        f"/admin/documents/usage/{world['document'].pk}/",
        "/admin/documents/multiple/add/",
        f"/admin/documents/edit/{world['document'].pk}/",
        "/admin/users/new/",
        f"/admin/users/edit/{world['staff'].pk}/",
        "/admin/groups/new/",
        f"/admin/groups/edit/{group.pk}/",
        f"/admin/sites/edit/{Site.objects.get().pk}/",
        "/admin/collections/add/",
        f"/admin/collections/{world['collection'].pk}/",
        "/admin/redirects/add/",
        f"/admin/redirects/{world['redirect'].pk}/",
        "/admin/workflows/add/",
        f"/admin/workflows/edit/{workflow.pk}/",
        f"/admin/workflows/usage/{workflow.pk}/",
        f"/admin/workflows/tasks/edit/{task.pk}/",
        "/admin/workflows/tasks/add/wagtailcore/groupapprovaltask/",
        "/admin/inquiry-access/new/",
        f"/admin/inquiries/inspect/{item.pk}/",
        f"/admin/inquiries/edit/{item.pk}/",
        f"/admin/office_claims/inspect/{world['claim'].pk}/",
        "/admin/account/",
        "/admin/two-factor/",
        "/admin/fact-reminders/",
    ]
    client = sign_in(Client(), operator)
    assert english_on(client, menu + snippets + searched(menu + snippets) + pages) == {}


def test_every_page_of_a_staff_members_menu_is_japanese(world):
    staff, office = world["staff"], world["office"]
    menu = menu_urls(staff)
    for expected in [
        "/admin/pages/",
        "/admin/images/",
        "/admin/inquiries/",
        "/admin/facility_pages/",
        "/admin/guide/",
    ]:
        assert expected in menu, expected
    pages = [
        "/admin/",
        f"/admin/pages/{office.pk}/",
        f"/admin/pages/{office.pk}/edit/",
        f"/admin/pages/{office.pk}/history/",
        f"/admin/pages/{office.pk}/usage/",
        "/admin/pages/search/?q=見つからないことば",
        "/admin/pages/search/?q=アトリエはなみずき",
        "/admin/images/multiple/add/",
        f"/admin/inquiries/inspect/{world['inquiry'].pk}/",
        "/admin/account/",
        "/admin/two-factor/",
        "/admin/fact-reminders/",
    ]
    client = sign_in(Client(), staff)
    assert english_on(client, menu + searched(menu) + pages) == {}


def test_the_page_search_says_in_japanese_what_it_found(world):
    client = sign_in(Client(), world["operator"])
    none = client.get("/admin/pages/search/?q=見つからないことば").content.decode()
    assert "見つからないことば" in none and "に一致するページはありません" in none
    found = client.get("/admin/pages/search/?q=アトリエはなみずき").content.decode()
    assert "一致するページが 1 件あります" in found


def test_the_reports_name_what_happened_in_japanese(world):
    client = sign_in(Client(), world["operator"])
    history = client.get("/admin/reports/site-history/").content.decode()
    assert "日時" in history
    assert "公開しました" in history and "Published" not in history
    aging = client.get("/admin/reports/aging-pages/").content.decode()
    assert "最終公開日" in aging
    usage = client.get("/admin/reports/page-types-usage/").content.decode()
    assert "最後に編集したページ" in usage
    # Each type by its Japanese name, not by Wagtail's internal app.model name.
    assert "事業所" in usage and "facilities.facilitypage" not in usage
    snippets = client.get("/admin/snippets/").content.decode()
    assert "件数" in snippets


def test_a_search_that_finds_nothing_says_so_in_japanese(world):
    operator = sign_in(Client(), world["operator"])
    for url, message in [
        ("/admin/inquiries/", "条件に合うお問い合わせはありません。"),
        ("/admin/office_claims/", "条件に合う編集アカウントの申請はありません。"),
        ("/admin/inquiry-access/", "条件に合うお問い合わせの閲覧許可はありません。"),
        ("/admin/snippets/home/glossaryterm/", "条件に合う用語集はありません。"),
        ("/admin/users/", "条件に合うユーザーはいません。"),
        ("/admin/pages/", "の中には見つかりませんでした。"),
    ]:
        html = assert_japanese(operator, *searched([url]))
        assert message in html, url
    staff = sign_in(Client(), world["staff"])
    html = assert_japanese(staff, *searched(["/admin/inquiries/"]))
    assert "条件に合うお問い合わせはありません。" in html


def test_the_history_names_a_saved_draft_and_a_lifted_sign_in_lock(world):
    office = world["office"]
    operator = sign_in(Client(), world["operator"])
    history = assert_japanese(operator, f"/admin/pages/{office.pk}/history/")
    assert "下書きを保存しました" in history
    site = assert_japanese(operator, "/admin/reports/site-history/")
    assert "下書きを保存しました" in site
    # The operator's lift of a lock is kept in the audit log: its type is named as the menu
    # item where locks are lifted, not by django-axes' "Access attempt".
    assert (
        "ログインの制限を解除しました" in site
        and "ログインの制限：アカウント「hanamizuki」" in site
    )
    assert "Access attempt" not in site
    # Staff read their office's history, not the operator's lifts.
    staff = sign_in(Client(), world["staff"])
    theirs = assert_japanese(staff, "/admin/reports/site-history/")
    assert "下書きを保存しました" in theirs and "ログインの制限" not in theirs


def test_usage_pages_name_what_refers_to_a_page_in_japanese(world):
    office, article, image = world["office"], world["article"], world["image"]
    operator = sign_in(Client(), world["operator"])
    usage = assert_japanese(operator, f"/admin/pages/{office.pk}/usage/")
    assert article.title in usage and "項目" in usage and "件" in usage
    photo = assert_japanese(operator, f"/admin/images/usage/{image.pk}/")
    assert office.title in photo and "1 件" in photo
    unused = assert_japanese(operator, f"/admin/pages/{world['unused'].pk}/usage/")
    assert "該当するものはありません。" in unused
    # Staff see that the operator's article refers to their office, without its title.
    staff = sign_in(Client(), world["staff"])
    theirs = assert_japanese(staff, f"/admin/pages/{office.pk}/usage/")
    assert "（閲覧できないページ）" in theirs and article.title not in theirs


def test_the_account_page_and_its_confirmation_are_japanese(world):
    staff = world["staff"]
    client = sign_in(Client(), staff)
    page = assert_japanese(client, "/admin/account/")
    assert "管理画面のテーマ" in page and "コントラスト" in page and "表示の間隔" in page
    # Japan only: no list of the world's time zones (it made the page slow, all in English).
    assert "current_time_zone" not in page and "America/" not in page
    saved = client.post(
        "/admin/account/",
        {
            "name_email-first_name": "花子",
            "name_email-last_name": "山田",
            "theme-theme": "dark",
            "theme-contrast": "system",
            "theme-density": "snug",
        },
        follow=True,
    )
    html = saved.content.decode()
    assert saved.redirect_chain and "アカウント設定を変更しました。" in html
    assert not english_words(html, USERNAMES), english_phrases(html)
    staff.wagtail_userprofile.refresh_from_db()
    assert (staff.wagtail_userprofile.theme, staff.wagtail_userprofile.density) == ("dark", "snug")


def test_only_those_who_can_add_an_office_are_offered_to(world):
    staff = sign_in(Client(), world["staff"])
    listing = assert_japanese(staff, "/admin/facility_pages/")
    assert "/admin/facility_pages/choose_parent/" not in listing and "事業所 を追加" not in listing
    # Typed by hand, the address is refused as Wagtail refuses other pages.
    refused = staff.get("/admin/facility_pages/choose_parent/")
    assert refused.status_code == 302 and refused["Location"] == "/admin/"

    operator = sign_in(Client(), world["operator"])
    listing = assert_japanese(operator, "/admin/facility_pages/")
    assert "/admin/facility_pages/choose_parent/" in listing and "事業所 を追加" in listing
    directory = DirectoryPage.objects.get()
    chosen = operator.get("/admin/facility_pages/choose_parent/")  # the only place an office goes
    assert chosen["Location"] == f"/admin/pages/add/facilities/facilitypage/{directory.pk}/"
    form = assert_japanese(operator, "/admin/facility_pages/choose_parent/", "post")
    assert "追加する場所を選ぶ" in form and "新しい事業所を作る" in form
    assert "新しいページは、ここで選んだページの下に作られます。" in form


def test_the_site_wide_counts_are_for_those_who_edit_the_whole_site(world):
    operator = assert_japanese(sign_in(Client(), world["operator"]), "/admin/")
    assert "枚の画像" in operator and "件の文書" in operator and "（B型ナビ の全体）" in operator
    staff = assert_japanese(sign_in(Client(), world["staff"]), "/admin/")
    assert "枚の画像" not in staff and "件の文書" not in staff and "の全体" not in staff
    assert "アトリエはなみずき" in staff  # their office's panel is still there


def test_the_users_form_explains_the_username_in_japanese(world):
    operator = sign_in(Client(), world["operator"])
    for url in ["/admin/users/new/", f"/admin/users/edit/{world['staff'].pk}/"]:
        form = assert_japanese(operator, url)
        assert "必須です。半角の英字、数字と、記号 @ . + - _ だけが使えます。" in form


def test_the_root_collection_has_a_japanese_name(world):
    client = sign_in(Client(), world["staff"])
    upload = client.get("/admin/images/multiple/add/").content.decode()
    assert not english_words(upload, USERNAMES)


def test_the_outbox_names_a_mails_purpose_in_japanese(world):
    client = sign_in(Client(), world["operator"])
    assert english_on(client, [f"/admin/outbox/inspect/{world['mail'].pk}/"]) == {}


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
    # One word for it: the heading's ログイン is the button's too.
    assert "サインイン" not in login
    assert '<em data-w-progress-target="label">ログイン</em>' in login


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
