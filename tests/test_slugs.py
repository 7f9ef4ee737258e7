"""Readable slugs for Japanese titles: the romaji rules, then pages made in the real admin."""

import pytest

from django.contrib.auth import get_user_model

from blog.models import BlogIndexPage, BlogPage
from home.slugs import romaji, slug_for, unique_slug
from tests.conftest import sign_in
from tests.test_blog_admin import article_form


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("秋の収穫祭のお知らせ", "aki-no-shuukakusai-no-oshirase"),
        ("見学の前に確かめたい5つのこと", "kengaku-no-mae-ni-tashikame-tai-5-tsu-no-koto"),
        ("パン工房のクッキー", "pan-koubou-no-kukkii"),
        ("ティータイムはみんなで", "tiitaimu-wa-minna-de"),
        ("Wagtailで作るサイト", "wagtail-de-tsukuru-saito"),
        ("ＰＣ作業の１日", "pc-sagyou-no-1-nichi"),
        ("！？", ""),
    ],
)
def test_slugs_read_the_title(title, slug):
    assert slug_for(title) == slug


def test_romaji_of_small_kana_and_long_vowels():
    assert romaji("キャッチ") == "kyatchi"
    assert romaji("マッチャ") == "matcha"
    assert romaji("シュウカクサイ") == "shuukakusai"
    assert romaji("コーヒー") == "koohii"
    assert romaji("ファイル") == "fairu"
    assert romaji("ジャム") == "jamu"


def test_long_titles_are_cut_between_words_and_kept_unique():
    title = "就労継続支援B型の事業所を選ぶときに家族と一緒に確かめておきたい大切なことのまとめ"
    slug = slug_for(title)
    assert len(slug) <= 60 and not slug.endswith("-")
    taken = {"aki", "aki-2"}
    assert unique_slug("aki", lambda s: s not in taken) == "aki-3"


@pytest.mark.django_db
def test_a_japanese_title_gets_a_readable_url_in_the_admin(client, demo_site):
    staff = get_user_model().objects.create_superuser("editor", "editor@example.jp", "pw")
    sign_in(client, staff)
    index = BlogIndexPage.objects.get()
    add_url = f"/admin/pages/add/blog/blogpage/{index.pk}/"

    # The admin's script leaves the slug empty for a Japanese title.
    form = article_form()
    form.update(title="秋の収穫祭のお知らせ", slug="")
    assert client.post(add_url, form).status_code == 302
    page = BlogPage.objects.get(title="秋の収穫祭のお知らせ")
    assert page.slug == "aki-no-shuukakusai-no-oshirase"
    assert client.get("/blog/aki-no-shuukakusai-no-oshirase/").status_code == 200

    # The same title again: a sibling has the slug, so this one is numbered.
    assert client.post(add_url, form).status_code == 302
    slugs = BlogPage.objects.filter(title="秋の収穫祭のお知らせ").values_list("slug", flat=True)
    assert set(slugs) == {"aki-no-shuukakusai-no-oshirase", "aki-no-shuukakusai-no-oshirase-2"}

    # What the script makes of 「見学の前に確かめたい5つのこと」 ("5") is replaced too.
    form.update(title="見学の前に確かめたい5つのこと", slug="5")
    assert client.post(add_url, form).status_code == 302
    made = BlogPage.objects.get(title="見学の前に確かめたい5つのこと")
    assert made.slug.startswith("kengaku-no-mae")

    # A slug the editor wrote is kept, and editing a page never changes its URL.
    form.update(title="冬の作品展", slug="winter-exhibition")
    assert client.post(add_url, form).status_code == 302
    winter = BlogPage.objects.get(title="冬の作品展")
    assert winter.slug == "winter-exhibition"
    form.update(title="冬の作品展（12月）", slug="")
    response = client.post(f"/admin/pages/{winter.pk}/edit/", form)
    assert response.status_code == 302
    winter.refresh_from_db()
    assert winter.slug == "winter-exhibition"
