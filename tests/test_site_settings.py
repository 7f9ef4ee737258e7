"""Site-wide settings and menus, edited in the admin, appear on the public site."""

import json

from django.urls import reverse

from wagtail.models import Site
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from home.models import HomePage, NavigationSettings
from home.templatetags.site_tags import tel_href


def test_changed_settings_appear_on_every_page(site_settings, client):
    site_settings.operator_name = "特定非営利活動法人あおぞら"
    site_settings.phone = "0120-000-999"
    site_settings.reception_hours = "毎日 10:00〜16:00"
    site_settings.address = "東京都架空区ひかり1-1"
    site_settings.save()
    for path in ["/", "/about/"]:
        html = client.get(path).text
        assert "特定非営利活動法人あおぞら" in html
        assert 'href="tel:0120000999">0120-000-999</a>' in html
        assert "毎日 10:00〜16:00" in html
        assert "東京都架空区ひかり1-1" in html


def test_menu_label_overrides_and_order_come_from_the_settings(demo_site, client):
    navigation = NavigationSettings.for_site(Site.objects.get(is_default_site=True))
    first = navigation.header_items.get(page__slug="facilities")
    first.label = "さがす"
    first.sort_order = 99
    first.save()
    nav = client.get("/").text.split('aria-label="メインメニュー"')[1].split("</nav>")[0]
    assert 'href="/facilities/">さがす</a>' in nav
    assert nav.index("/about/") < nav.index("/facilities/")


def test_tel_href_keeps_digits_and_plus_only():
    assert tel_href("045-000-1234") == "tel:0450001234"
    assert tel_href("+81 45 (000) 1234") == "tel:+81450001234"
    assert tel_href("") == ""
    assert tel_href(None) == ""


def test_admin_is_in_japanese(demo_site, admin_client):
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    assert 'lang="ja"' in response.text
    assert "ダッシュボード" in response.text
    assert "すべてのページを検索…" in response.text


def test_admin_login_page_is_in_japanese(db, client):
    html = client.get("/admin/login/").text
    for label in ["ユーザー名", "パスワード", "ログイン状態を保持する"]:
        assert label in html
    for english in ["Password", "Remember me"]:
        assert english not in html


def test_admin_javascript_strings_are_japanese(db, client):
    script = client.get("/admin/jsi18n/").text
    for english, japanese in [
        ("Collapse all", "すべて折りたたむ"),
        ("Insert a block", "ブロックを挿入"),
        ("Changes have been autosaved.", "変更を自動保存しました。"),
    ]:
        # The catalogue is JSON with non-ASCII characters escaped, as json.dumps writes it.
        assert f"{json.dumps(english)}: {json.dumps(japanese)}" in script


def test_page_editor_strings_wagtail_leaves_untranslated_are_japanese(demo_site, admin_client):
    html = admin_client.get(reverse("wagtailadmin_pages:edit", args=[demo_site.pk])).text
    assert "公開の予約を設定" in html
    assert "新しいタブでプレビュー" in html
    assert "Set publishing schedule" not in html


def test_admin_edits_site_settings_and_the_public_site_shows_them(site_settings, admin_client):
    site = Site.objects.get(is_default_site=True)
    url = reverse("wagtailsettings:edit", args=["home", "sitesettings", site.pk])
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(
        url,
        {
            "operator_name": "合同会社みなとサポート",
            "phone": "045-000-5678",
            "reception_hours": "平日 10:00〜18:00",
            "postal_code": "231-0000",
            "address": "神奈川県横浜市中区みなと町3-4",
            "contact_email": "hello@example.jp",
            "contact_page": site_settings.contact_page_id,
            "privacy_page": site_settings.privacy_page_id,
        },
    )
    assert response.status_code == 302
    html = admin_client.get("/").text
    assert "合同会社みなとサポート" in html
    assert "045-000-5678" in html
    assert "平日 10:00〜18:00" in html
    assert "mailto:hello@example.jp" in html


def test_admin_edits_the_menu(demo_site, admin_client):
    site = Site.objects.get(is_default_site=True)
    url = reverse("wagtailsettings:edit", args=["home", "navigationsettings", site.pk])
    navigation = NavigationSettings.for_site(site)

    def existing(items, **changes):
        """The formset rows the admin form submits for items already saved."""
        rows = []
        for order, item in enumerate(items):
            row = {"id": item.pk, "page": item.page_id, "label": item.label, "ORDER": order}
            row.update(changes.get(item.page.slug, {}))
            rows.append(row)
        return inline_formset(rows, initial=len(rows))

    data = nested_form_data(
        {
            "header_items": existing(
                navigation.header_items.all(),
                about={"label": "はじめての方へ"},
                facilities={"DELETE": "1"},
            ),
            "footer_items": existing(navigation.footer_items.all()),
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302
    assert navigation.header_items.count() == 4
    nav = admin_client.get("/").text.split('aria-label="メインメニュー"')[1].split("</nav>")[0]
    assert 'href="/about/">はじめての方へ</a>' in nav
    assert "/facilities/" not in nav


def test_admin_edits_and_publishes_the_home_page(demo_site, admin_client):
    url = reverse("wagtailadmin_pages:edit", args=[demo_site.pk])
    assert admin_client.get(url).status_code == 200
    data = nested_form_data(
        {
            "title": "はたらく場所を見つけよう",
            "slug": demo_site.slug,
            "intro": "職員が書き換えたリード文です。",
            "body": streamfield([]),
            "action-publish": "action-publish",
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    home = HomePage.objects.get(pk=demo_site.pk)
    assert home.title == "はたらく場所を見つけよう"
    html = admin_client.get("/").text
    assert "<h1>はたらく場所を見つけよう</h1>" in html
    assert "職員が書き換えたリード文です。" in html
