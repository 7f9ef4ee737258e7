"""Every page type renders, with the parts every page shares."""

import re

import pytest

from django.test import RequestFactory
from django.views.defaults import server_error

from wagtail.models import Page, get_page_models

PROJECT_APPS = {"home", "facilities", "blog", "inquiries"}


def visible_text(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_every_project_page_type_has_a_demo_page_that_renders(demo_site, client):
    page_types = [m for m in get_page_models() if m._meta.app_label in PROJECT_APPS]
    assert page_types, "no page types found"
    for model in page_types:
        page = model.objects.live().first()
        assert page is not None, f"load_demo makes no {model.__name__}"
        response = client.get(page.url)
        assert response.status_code == 200, model.__name__
        assert f"<h1>{page.title}</h1>" in response.text


def test_home_page_shows_operator_phone_hours_navigation_and_admin_link(demo_site, client):
    response = client.get("/")
    html = response.text
    assert response.status_code == 200
    assert '<html lang="ja" class="text-standard">' in html
    assert "一般社団法人ひだまり就労サポート協会" in html
    assert 'href="tel:0450001234"' in html
    assert "平日 9:00〜17:00" in html
    assert 'href="/admin/"' in html
    nav = html.split('aria-label="メインメニュー"')[1].split("</nav>")[0]
    for label, url in [
        ("事業所をさがす", "/facilities/"),
        ("このサイトについて", "/about/"),
        ("よくある質問", "/faq/"),
        ("ブログ", "/blog/"),
        ("お問い合わせ", "/contact/"),
    ]:
        assert f'href="{url}">{label}</a>' in nav


@pytest.mark.parametrize("path", ["/", "/about/", "/privacy/", "/no-such-page/"])
def test_layout_is_the_same_on_every_page(demo_site, client, path):
    html = client.get(path).text
    assert html.count("<main") == 1
    assert '<a class="skip-link" href="#main">本文へスキップ</a>' in html
    assert 'id="main"' in html
    # The help block: phone, reception hours and the contact page, in the same place.
    help_block = html.split('<aside class="help-block"')[1].split("</aside>")[0]
    assert "045-000-1234" in help_block
    assert "平日 9:00〜17:00" in help_block
    assert 'href="/contact/"' in help_block
    assert html.index("</main>") < html.index('<aside class="help-block"') < html.index("<footer")
    footer = html.split("<footer")[1]
    assert 'href="/privacy/">プライバシーポリシー' in footer


def test_every_page_has_a_site_search_box(demo_site, client):
    for path in ["/", "/about/", "/facilities/demo-01/", "/nope/"]:
        html = client.get(path).text
        form = html.split('<form class="site-search" role="search"')[1].split("</form>")[0]
        assert 'action="/search/"' in form
        assert '<label for="site-search-q" class="site-search__label">サイト内検索</label>' in form


def test_standard_page_has_breadcrumbs_and_marks_the_current_menu_item(demo_site, client):
    html = client.get("/about/").text
    crumbs = html.split('aria-label="現在の位置"')[1].split("</nav>")[0]
    assert '<a href="/">ホーム</a>' in crumbs
    assert '<span aria-current="page">このサイトについて</span>' in crumbs
    assert 'href="/about/" aria-current="page">このサイトについて</a>' in html


def test_home_page_has_no_breadcrumbs(demo_site, client):
    assert 'aria-label="現在の位置"' not in client.get("/").text


def test_standard_page_body_blocks_render(demo_site, client):
    text = visible_text(client.get("/about/").text)
    assert "就労継続支援B型とは" in text
    # The callout's kind is written out, not shown by colour alone.
    assert "ポイント：ひとりで決めなくて大丈夫です" in text


def test_unpublished_page_leaves_the_menu_and_answers_404(demo_site, client):
    Page.objects.get(slug="faq").unpublish()
    html = client.get("/").text
    assert 'href="/faq/"' not in html
    assert client.get("/faq/").status_code == 404


def test_404_page_is_friendly_japanese(demo_site, client):
    response = client.get("/does/not/exist/")
    assert response.status_code == 404
    text = visible_text(response.text)
    assert "ページが見つかりません" in text
    assert "トップページ" in text
    assert "045-000-1234" in text  # the help block is there to call


def test_500_page_is_friendly_japanese_without_a_database():
    # Django renders 500.html with no request context; it must not need one.
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert '<html lang="ja">' in html
    assert "ただいまページを表示できません" in html


def test_hostile_query_strings_do_not_break_pages(demo_site, client):
    for path in ["/?q=%00%ff", "/about/?page=-1&<script>=1", "/%E3%81%82/"]:
        assert client.get(path).status_code in (200, 404)


def test_default_site_root_is_the_demo_home_page(demo_site):
    assert Page.objects.filter(depth=2).count() == 1


def test_the_home_page_starts_with_the_directory_search(client, demo_site):
    import re

    from facilities.models import WorkType

    home = client.get("/").content.decode()
    form = home[home.index('id="home-search-title"') :]
    form = form[: form.index("</form>")]
    assert 'action="/facilities/"' in form and 'method="get"' in form
    for label in ("都道府県", "最寄り駅", "作業内容", "キーワード"):
        assert f">{label}</label>" in form
    bread = WorkType.objects.get(name="パン・菓子・調理補助")
    assert f'<option value="{bread.pk}">パン・菓子・調理補助</option>' in form
    assert home.index('id="home-search-title"') < home.index("</main>")

    # Sent as it is, with the fields left empty that a person leaves empty.
    found = client.get(
        "/facilities/", {"pref": "", "station": "相模大野", "work": str(bread.pk), "q": ""}
    ).content.decode()
    assert "ひだまり工房さがみ" in found
    assert re.search(r"(\d+)件の事業所が見つかりました", found)
