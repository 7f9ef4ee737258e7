"""A facility page shows everything a person checks before a visit, grouped for scanning."""

import json
import re
from io import StringIO

import pytest

from django.core.management import call_command

from wagtail.models import Page

from facilities.directory import search
from facilities.models import DirectoryPage, FacilityPage, WorkType
from home.models import HomePage, StandardPage
from tests.conftest import make_facility


def page_html(client, facility):
    response = client.get(facility.url)
    assert response.status_code == 200
    return response.text


def test_sections_and_facts(directory, client):
    facility = FacilityPage.objects.get(title="ひだまり工房さがみ")
    html = page_html(client, facility)
    for heading in [
        "基本情報",
        "作業と工賃",
        "アクセスと送迎",
        "支援と職員",
        "利用できる時間と費用",
        "見学・体験・空き状況",
        "よくある質問",
    ]:
        assert re.search(rf"<h2 id=\"\w+-title\">{heading}</h2>", html), heading
    for fact in [
        "社会福祉法人さがみ野福祉会",
        "相模大野駅",
        "小田急小田原線",
        "徒歩8分",
        "月21,500円（2024年度）",
        "パン・菓子・調理補助",
        "相模原市南区・座間市の一部",
        "1食300円",
        "空きあり（2026年10月29日に確認）",
        "精神保健福祉士",
    ]:
        assert fact in html, fact
    # Photos carry the text a screen reader reads out.
    assert 'alt="焼き上がったパンを並べる作業台"' in html


def test_map_link_and_structured_data(directory, client):
    facility = FacilityPage.objects.get(title="ひだまり工房さがみ")
    html = page_html(client, facility)
    assert f"https://www.google.com/maps/search/?api=1&amp;query={facility.latitude}" in html
    # No third-party script runs on the page: our own shortlist and reading-tools scripts and
    # the JSON-LD data.
    assert re.findall(r"<script[^>]*>", html) == [
        '<script src="/static/js/shortlist.js" defer>',
        '<script src="/static/js/reading.js" defer>',
        '<script type="application/ld+json">',
    ]
    data = json.loads(html.split('<script type="application/ld+json">')[1].split("</script>")[0])
    assert data["@type"] == "LocalBusiness"
    assert data["name"] == "ひだまり工房さがみ"
    assert data["address"]["addressLocality"] == "相模原市南区"
    assert data["geo"]["latitude"] == float(facility.latitude)
    assert data["parentOrganization"]["name"] == "社会福祉法人さがみ野福祉会"
    assert data["openingHoursSpecification"][0]["opens"] == "09:30"


def test_action_buttons_lead_to_the_contact_page_with_the_office(directory, client):
    facility = FacilityPage.objects.get(title="ひだまり工房さがみ")
    html = page_html(client, facility)
    for kind, label in [("visit", "見学を申し込む"), ("trial", "体験利用を申し込む")]:
        assert f'href="/contact/?facility={facility.pk}&amp;kind={kind}">{label}</a>' in html


def test_missing_facts_are_gathered_under_one_explanation(directory, client):
    facility = make_facility(directory, "情報の少ない事業所", "sparse")
    html = page_html(client, facility)
    assert "まだ載っていない情報" in html
    assert "次のことは、まだこのページに載っていません：運営法人、定員" in html
    assert "作業内容、平均工賃、作業の説明、最寄り駅" in html
    # No row per unknown fact, and no section that would hold nothing.
    assert "<dt>作業内容</dt>" not in html
    assert 'id="work"' not in html
    assert 'href="#work"' not in html


def test_imported_facts_show_their_source(directory, client):
    facility = make_facility(
        directory,
        "取り込んだ事業所",
        "imported",
        source_name="WAM NET 障害福祉サービス等情報公表システム オープンデータ",
        source_date="2025-03-31",
    )
    assert "出典: WAM NET 障害福祉サービス等情報公表システム オープンデータ (2025年3月末時点)" in (
        page_html(client, facility)
    )


def test_hostile_text_is_escaped(directory, client):
    facility = make_facility(
        directory,
        "<script>alert(1)</script>",
        "hostile",
        closed_days='"><img src=x onerror=alert(1)>',
    )
    html = page_html(client, facility)
    assert "<script>alert(1)</script>" not in html
    assert "<img src=x" not in html
    data = html.split('<script type="application/ld+json">')[1].split("</script>")[0]
    assert "\\u003Cscript\\u003E" in data


def test_page_tree_rules(directory):
    home = HomePage.objects.get()
    about = StandardPage.objects.get(slug="about")
    facility = FacilityPage.objects.first()
    assert DirectoryPage.parent_page_types == ["home.HomePage"]
    assert not DirectoryPage.can_create_at(home)  # one directory per site
    assert not DirectoryPage.can_exist_under(about)
    assert FacilityPage.can_create_at(directory)
    assert not FacilityPage.can_create_at(home)
    assert not FacilityPage.can_create_at(about)
    assert not StandardPage.can_create_at(facility)
    assert not FacilityPage.can_create_at(Page.get_first_root_node())


class TestIndexFollowsThePages:
    """Publishing, editing, unpublishing, moving and deleting keep the search right."""

    @pytest.fixture(autouse=True)
    def commit(self, django_capture_on_commit_callbacks):
        self.committed = lambda: django_capture_on_commit_callbacks(execute=True)

    def found(self, query):
        return set(
            FacilityPage.objects.filter(pk__in=search.search(query)).values_list("title", flat=True)
        )

    def test_publish_and_edit(self, directory):
        with self.committed():
            page = make_facility(directory, "すずらん工房", "suzuran")
        assert self.found("すずらん") == {"すずらん工房"}
        with self.committed():
            page.title = "かたくり工房"
            page.save_revision().publish()
        assert self.found("すずらん") == set()
        assert self.found("かたくり") == {"かたくり工房"}

    def test_a_draft_is_not_found_until_published(self, directory):
        page = FacilityPage.objects.get(title="ひだまり工房さがみ")
        with self.committed():
            page.title = "下書きの名前"
            page.save_revision()
        assert self.found("下書き") == set()
        assert "ひだまり工房さがみ" in self.found("ひだまり")

    def test_unpublish_and_republish(self, directory):
        page = FacilityPage.objects.get(title="アトリエはなみずき")
        with self.committed():
            page.unpublish()
        assert self.found("造花") == {"町田クラフトワークス"}
        with self.committed():
            page.get_latest_revision().publish()
        assert self.found("造花") == {"町田クラフトワークス", "アトリエはなみずき"}

    def test_delete(self, directory):
        with self.committed():
            FacilityPage.objects.get(title="アトリエはなみずき").delete()
        assert self.found("造花") == {"町田クラフトワークス"}

    def test_move_keeps_it_found(self, directory):
        page = FacilityPage.objects.get(title="アトリエはなみずき")
        with self.committed():
            page.move(directory, pos="first-child")
        assert "アトリエはなみずき" in self.found("造花")

    def test_renamed_work_type_is_found_by_its_new_name(self, directory):
        term = WorkType.objects.get(name="縫製")
        with self.committed():
            term.name = "ソーイング"
            term.save()
        assert self.found("ソーイング") == {"つむぎ縫製室"}

    def test_rebuild_command(self, directory):
        search.rebuild([])
        assert self.found("造花") == set()
        out = StringIO()
        call_command("rebuild_facility_index", stdout=out)
        assert out.getvalue().startswith("Indexed 14 facilities")  # every service type
        assert self.found("造花") == {"町田クラフトワークス", "アトリエはなみずき"}


def test_a_failing_index_does_not_fail_the_publish(
    directory, client, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    def broken(documents):
        raise OSError("disk full")

    monkeypatch.setattr(search, "update", broken)
    page = FacilityPage.objects.get(title="ひだまり工房さがみ")
    with django_capture_on_commit_callbacks(execute=True):
        page.title = "ひだまり工房さがみ（新）"
        page.save_revision().publish()
    assert FacilityPage.objects.get(pk=page.pk).title == "ひだまり工房さがみ（新）"
    assert "Could not update the facility keyword index" in caplog.text


def test_the_page_reads_its_facts_once_and_shows_a_change_at_once(
    demo_site, client, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    """Warm, the facility page costs about what a content page does in queries (at most 16,
    one of them the glossary's terms, read on every page so an edit shows at once),
    and a published change to its facts, or to an article featuring it, is shown on the next
    view."""
    from blog.models import BlogPage

    page = FacilityPage.objects.get(slug="demo-01")
    client.get(page.url)
    with django_assert_max_num_queries(16):
        html = client.get(page.url).text
    assert "パン" in html  # its work types, from the cached facts
    new_type = WorkType.objects.create(name="和紙すき", sort_order=99)
    page.work_types.add(new_type)
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert "和紙すき" in client.get(page.url).text

    # An article featuring another office starts featuring this one: published, it shows.
    article = BlogPage.objects.live().exclude(facilities=page).first()
    assert article.title not in client.get(page.url).text
    article.facilities.add(page)
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    assert article.title in client.get(page.url).text
    # Taken off again (a draft first: a draft alone changes nothing public).
    article = BlogPage.objects.get(pk=article.pk)
    article.facilities.remove(page)
    with django_capture_on_commit_callbacks(execute=True):
        revision = article.save_revision()
    assert article.title in client.get(page.url).text
    with django_capture_on_commit_callbacks(execute=True):
        revision.publish()
    assert article.title not in client.get(page.url).text
    # Unpublished while featuring this office: gone from its page at once.
    article = BlogPage.objects.get(pk=article.pk)
    article.facilities.add(page)
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    assert article.title in client.get(page.url).text
    with django_capture_on_commit_callbacks(execute=True):
        BlogPage.objects.get(pk=article.pk).unpublish()
    assert article.title not in client.get(page.url).text


def key_facts(html):
    box = html[html.index('id="key-facts-title"') :]
    box = box[: box.index("</section>")]
    return {dt: dd.strip() for dt, dd in re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", box, re.S)}


def test_the_key_facts_come_first_and_the_buttons_again_at_the_end(directory, client):
    facility = FacilityPage.objects.get(title="ひだまり工房さがみ")
    html = page_html(client, facility)
    facts = key_facts(html)
    assert list(facts) == [
        "サービス",
        "平均工賃",
        "利用できる時間",
        "最寄り駅",
        "送迎",
        "空き状況",
        "見学・体験",
    ]
    assert facts["サービス"] == "就労継続支援B型"
    assert facts["平均工賃"].startswith("月") and "円" in facts["平均工賃"]
    assert "駅から" in facts["最寄り駅"]
    assert html.index('id="key-facts-title"') < html.index('id="toc-title"')
    visit = f'href="/contact/?facility={facility.pk}&amp;kind=visit">見学を申し込む</a>'
    assert html.count(visit) == 2
    assert html.rindex(visit) > html.index('id="basic-title"')  # again after the facts


def test_an_office_with_only_official_facts_shows_what_it_has_and_points_to_the_rest(
    directory, client
):
    facility = make_facility(directory, "情報の少ない事業所", "sparse", city="札幌市中央区")
    html = page_html(client, facility)
    assert key_facts(html) == {"サービス": "就労継続支援B型"}  # no row of 未登録
    assert 'ほかにも<a href="#unknown">まだ載っていない情報</a>があります' in html
    assert "未登録" not in html
