"""The directory page as a visitor uses it, through the test client."""

import re
from pathlib import Path

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from facilities.directory import indexing
from facilities.models import FacilityPage, Support, WorkType
from tests.conftest import make_facility


def names(response):
    return re.findall(r'class="facility-card__name"><a [^>]*>(.*?)</a>', response.text)


def title(response):
    """The results heading's count (its range, 「（1〜20件目）」, left out)."""
    match = re.search(r'id="results-title"[^>]*>(.*?)</h2>', response.text, re.S)
    heading = re.sub(r'<span class="results__range">.*?</span>', "", match.group(1))
    return " ".join(heading.split())


def get(client, query=""):
    response = client.get("/facilities/" + query)
    assert response.status_code == 200
    return response


def test_lists_b_type_offices_in_kana_order(directory, client):
    response = get(client)
    assert title(response) == "13件の事業所が見つかりました"
    assert names(response)[:3] == ["アトリエはなみずき", "きくなハウス", "こもれび作業所"]
    assert "ジョブサポートあさひ" not in names(response)  # 就労移行支援, not B型


def test_keyword_search_japanese_cases(directory, client):
    assert names(get(client, "?q=造花")) == ["アトリエはなみずき", "町田クラフトワークス"]
    assert set(names(get(client, "?q=相模原"))) == set(names(get(client, "?q=さがみはら")))
    assert len(names(get(client, "?q=さがみはら"))) == 6
    assert names(get(client, "?q=ＰＣ")) == names(get(client, "?q=pc"))
    assert names(get(client, "?q=ぱん")) == names(get(client, "?q=パン"))
    # Bread, not every 一般社団法人 (いっぱん…): legal forms are left out of readings.
    assert set(names(get(client, "?q=パン"))) == {
        "ひだまり工房さがみ",
        "まちだベーカリーそら",
        "八王子ひまわりファーム",
    }
    assert "町田クラフトワークス" in names(get(client, "?q=一般社団法人"))
    # A name match comes before facilities that only mention the word elsewhere.
    assert names(get(client, "?q=はちおうじ"))[0] in {
        "八王子ひまわりファーム",
        "ＰＣワークス八王子",
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            "?pref=13",
            {
                "まちだベーカリーそら",
                "町田クラフトワークス",
                "八王子ひまわりファーム",
                "ＰＣワークス八王子",
            },
        ),
        ("?pref=14&city=横浜市港北区", {"ステップ港北", "きくなハウス", "ぽけっと 大倉山"}),
        ("?station=菊名駅", {"きくなハウス", "ステップ港北"}),
        ("?line=京王線", {"八王子ひまわりファーム"}),
        ("?pickup=1&pref=13", {"まちだベーカリーそら", "八王子ひまわりファーム"}),
        ("?wage=30000", {"ワークセンター橋本", "ＰＣワークス八王子"}),
        ("?trial=1&pref=14&city=相模原市南区", {"ひだまり工房さがみ", "アトリエはなみずき"}),
        (
            "?openings=1&pref=13",
            {"まちだベーカリーそら", "町田クラフトワークス", "八王子ひまわりファーム"},
        ),
        ("?service=transition", {"ジョブサポートあさひ"}),
    ],
)
def test_each_filter(directory, client, query, expected):
    assert set(names(get(client, query))) == expected


def test_taxonomy_filters_any_and_all(directory, client):
    bread = WorkType.objects.get(name="パン・菓子・調理補助").pk
    farm = WorkType.objects.get(name="農作業").pk
    lunch = Support.objects.get(name="昼食提供").pk
    meds = Support.objects.get(name="服薬管理").pk
    assert set(names(get(client, f"?work={farm}"))) == {
        "みどりの畑 ファーム東林間",
        "八王子ひまわりファーム",
    }
    any_of = set(names(get(client, f"?work={farm}&work={bread}")))
    assert any_of == {
        "みどりの畑 ファーム東林間",
        "八王子ひまわりファーム",
        "ひだまり工房さがみ",
        "まちだベーカリーそら",
    }
    all_of = set(names(get(client, f"?support={lunch}&support={meds}")))
    assert all_of == {"こもれび作業所", "きくなハウス", "八王子ひまわりファーム"}


def test_option_counts_are_shown_and_empty_options_hidden(directory, client):
    html = get(client, "?pref=13").text
    assert "町田市（2件）" in html and "八王子市（2件）" in html
    assert "相模原市南区" not in html.split('id="id_city"')[1].split("</select>")[0]
    sewing = WorkType.objects.get(name="縫製").pk
    assert f'id="id_work_{sewing}"' not in html  # no sewing office in Tokyo


def test_stations_typed_in_kana(directory, client):
    expected = {"ひだまり工房さがみ", "アトリエはなみずき"}
    assert set(names(get(client, "?station=さがみおおの"))) == expected
    assert set(names(get(client, "?station=サガミオオノ駅"))) == expected
    assert expected <= set(names(get(client, "?q=さがみおおの")))


def test_station_suggestions_show_their_counts(directory, client):
    html = get(client, "?pref=14").text
    assert '<option value="菊名" label="菊名駅（2件）"></option>' in html


def test_conditions_that_would_give_nothing_are_hidden(directory, client):
    html = get(client, "?pref=14&city=横浜市港北区").text
    # In 港北区, ぽけっと has no trial information, but the others offer trials.
    assert 'id="id_trial"' in html
    html = get(client, "?q=造花&pref=13&pickup=1").text
    assert 'id="id_visit"' not in html  # nothing left to narrow
    assert 'id="id_pickup"' in html  # chosen, so it can be unticked


def test_chips_remove_one_condition_each(directory, client):
    html = get(client, "?pref=13&pickup=1").text
    assert 'href="?pickup=1"' in html  # removing the prefecture keeps 送迎
    assert 'href="?pref=13"' in html


def test_no_results_suggest_which_condition_to_remove(directory, client):
    response = get(client, "?q=造花&pref=13&pickup=1")
    assert title(response) == "条件に合う事業所は見つかりませんでした"
    assert "「送迎」の条件を外す（1件）" in response.text
    assert 'href="?q=%E9%80%A0%E8%8A%B1&amp;pref=13"' in response.text


@pytest.mark.parametrize(
    "query",
    [
        "?page=abc",
        "?page=0",
        "?page=99999999999999999999999",
        "?work=x&work=%00",
        "?pref=<script>",
        "?wage=-5",
        "?sort=;drop table",
        "?q=" + "%E3%81%82" * 300,
        "?q=%ff%fe",
        "?service=zzz",
        "?city=%E3%81%82&station=" + "x" * 500,
    ],
)
def test_bad_parameters_never_break_the_page(directory, client, query):
    response = get(client, query)
    assert "事業所" in title(response)
    assert "<script>" not in response.text.split("<main")[1]


def test_bad_parameters_are_explained(directory, client):
    html = get(client, "?page=abc&wage=7").text
    assert "検索条件についてのお知らせ" in html
    assert "ページの指定を読み取れなかったため" in html
    assert "工賃の条件を読み取れなかったため" in html


def test_pagination_keeps_every_filter(directory, client, django_capture_on_commit_callbacks):
    bread = WorkType.objects.get(name="パン・菓子・調理補助")
    with django_capture_on_commit_callbacks(execute=True):
        for i in range(25):
            make_facility(
                directory,
                f"テスト工房{i:02d}",
                f"test-{i:02d}",
                name_kana=f"てすとこうぼう{i:02d}",
                prefecture="14",
                city="相模原市南区",
                work_types=[bread],
            )
    first = get(client, f"?pref=14&work={bread.pk}")
    # 25 new ones and ひだまり工房さがみ: the other bread offices are in Tokyo.
    assert title(first) == "26件の事業所が見つかりました"
    assert len(names(first)) == 20
    assert f'href="?pref=14&amp;work={bread.pk}&amp;page=2" rel="next"' in first.text
    second = get(client, f"?pref=14&work={bread.pk}&page=2")
    assert len(names(second)) == 6
    assert '<span class="results__range">（21〜26件目）</span>' in second.text
    assert not set(names(first)) & set(names(second))
    beyond = get(client, f"?pref=14&work={bread.pk}&page=9")
    assert "9ページ目はないため" in beyond.text
    assert names(beyond) == names(second)


def test_query_count_does_not_grow_with_results(
    directory, client, django_capture_on_commit_callbacks
):
    def count_queries(query):
        with CaptureQueriesContext(connection) as queries:
            get(client, query)
        return len(queries)

    get(client)  # builds the catalogue once
    few = count_queries("?q=造花")
    many = count_queries("?")
    with django_capture_on_commit_callbacks(execute=True):
        for i in range(30):
            make_facility(directory, f"追加{i}", f"extra-{i}", prefecture="14", city="町田市")
    get(client)
    after = count_queries("?")
    assert few == many == after


def test_sort_orders(directory, client):
    by_wage = names(get(client, "?sort=wage"))
    assert by_wage[:2] == ["ＰＣワークス八王子", "ワークセンター橋本"]  # 41,000 and 32,000 yen
    # The lowest known wage (9,800 yen), then the office whose wage is not known.
    assert by_wage[-2:] == ["こもれび作業所", "ぽけっと 大倉山"]
    by_walk = names(get(client, "?sort=walk"))
    assert by_walk[0] == "ぽけっと 大倉山"  # 3 minutes


def test_searched_page_is_not_indexed_by_search_engines(directory, client):
    assert get(client, "?q=パン")["X-Robots-Tag"] == "noindex"
    assert not get(client).has_header("X-Robots-Tag")


def test_unpublished_facility_leaves_the_directory(
    directory, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        FacilityPage.objects.get(title="アトリエはなみずき").unpublish()
    assert "アトリエはなみずき" not in names(get(client))
    assert "アトリエはなみずき" not in names(get(client, "?q=造花"))


def test_catalogue_is_built_once_and_shared_through_the_index_folder(
    directory, client, django_assert_num_queries, django_capture_on_commit_callbacks
):
    from facilities.directory import catalog, indexing, search

    folder = search.generation()[0]
    first = catalog.get_catalog(search.generation())
    saved = list(Path(folder).glob("catalog-*.pickle"))
    assert len(saved) == 1
    # Another worker process: nothing in memory, so it reads the file without any query.
    catalog.clear()
    with django_assert_num_queries(0):
        loaded = catalog.get_catalog(search.generation())
    assert list(loaded.pks) == list(first.pks)
    # A change to a facility gives a new generation, a new catalogue and no stale file.
    with django_capture_on_commit_callbacks(execute=True):
        FacilityPage.objects.get(title="アトリエはなみずき").unpublish()
    assert "アトリエはなみずき" not in names(get(client))
    assert [p.name for p in Path(folder).glob("catalog-*.pickle")] != [saved[0].name]
    # A rebuild starts generation numbers again; the index id keeps them apart.
    before = search.generation()
    indexing.rebuild()
    assert search.generation()[1] != before[1]


def test_change_records_are_pruned_but_the_newest_kept(demo_site):
    from datetime import timedelta
    from io import StringIO

    from django.core.management import call_command
    from django.utils import timezone

    from facilities.models import FacilityChange

    indexing.record([1, 2, 3])
    FacilityChange.objects.update(created_at=timezone.now() - timedelta(days=8))
    newest = FacilityChange.objects.order_by("-pk").first()
    out = StringIO()
    call_command("prune_facility_changes", stdout=out)
    assert list(FacilityChange.objects.all()) == [newest]
    assert "Removed" in out.getvalue()


def test_after_a_change_the_previous_catalogue_serves_while_the_next_is_built(directory, settings):
    """No visitor waits for a catalogue build once the process has one."""
    from facilities.directory import catalog, search

    settings.CATALOG_BUILD_IN_BACKGROUND = True
    before = catalog.get_catalog(search.generation())
    folder, build, number = search.generation()
    after = (folder, build, number + 1)  # as after a publish
    assert catalog.get_catalog(after) is before  # at once, without building
    catalog._cache["thread"].join(timeout=60)
    built = catalog.get_catalog(after)
    assert built is not before and built.size == before.size
    assert catalog._saved(after).exists()


def test_an_index_left_by_an_older_version_is_rebuilt_before_the_directory_searches(
    directory, client, settings
):
    """An upgrade may leave a build whose pickled schema names a module that has since moved
    (facilities.search became facilities.directory.search): the directory rebuilds it rather
    than failing, and finds what it found before."""
    from facilities.directory import search

    assert "アトリエはなみずき" in names(get(client, "?q=造花"))
    old = search._current_build()
    old_folder = Path(settings.SEARCH_INDEX_DIR) / search.BUILDS / old
    (old_folder / search.FORMAT_FILE).write_text("3")
    toc = next(old_folder.glob("_MAIN_*.toc"))
    toc.write_bytes(toc.read_bytes().replace(b"facilities.directory.search", b"facilities.search"))
    search.reset()
    indexing._checked.at = -1e9  # as in a freshly started server
    assert names(get(client, "?q=造花")) == ["アトリエはなみずき", "町田クラフトワークス"]
    assert search._current_build() != old


def test_a_process_does_not_index_its_own_change_twice(
    directory, django_capture_on_commit_callbacks, monkeypatch
):
    """The publishing process re-indexes the page once the transaction commits; its own next
    sync() has nothing left to do. A change recorded elsewhere in between is still taken in."""
    from facilities.directory import search

    page = FacilityPage.objects.get(title="アトリエはなみずき")
    reindexed = []
    real_reindex = indexing.reindex

    def counted(pks):
        reindexed.append(set(pks))
        real_reindex(pks)

    monkeypatch.setattr(indexing, "reindex", counted)
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert reindexed == [{page.pk}]
    assert search.applied() == indexing.latest_change()
    indexing.sync()
    assert reindexed == [{page.pk}]

    # Another server's change, then this process's own: both are indexed, the other's by sync.
    other = FacilityPage.objects.get(title="町田クラフトワークス")
    indexing.record([other.pk])
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert search.applied() < indexing.latest_change()
    indexing.sync()
    assert reindexed[-1] >= {other.pk}
    assert search.applied() == indexing.latest_change()


def test_after_a_publish_the_catalogue_reads_only_the_facilities_that_changed(
    directory, client, django_capture_on_commit_callbacks, monkeypatch
):
    from facilities.directory import catalog, records

    get(client)  # the catalogue as it is
    loaded = []
    real_load = records.load

    def counted(queryset=None):
        found = real_load(queryset)
        loaded.append(len(found) if queryset is not None else "all")
        return found

    monkeypatch.setattr(catalog, "load", counted)

    # A change to one office's facts: only it is read again, and the directory shows it.
    page = FacilityPage.objects.get(title="アトリエはなみずき")
    assert "アトリエはなみずき" not in names(get(client, "?pickup=1"))
    page.pickup = "yes"
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert "アトリエはなみずき" in names(get(client, "?pickup=1"))
    assert loaded == [1]

    # Unpublished: read again (found gone) and left out.
    with django_capture_on_commit_callbacks(execute=True):
        FacilityPage.objects.get(title="町田クラフトワークス").unpublish()
    assert "町田クラフトワークス" not in names(get(client, "?q=造花"))
    assert loaded == [1, 0]
    assert len(names(get(client))) == 12

    # A new keyword-index build (rebuild_facility_index) reads every facility again.
    indexing.rebuild()
    get(client)
    assert loaded[-1] == "all"


def test_a_few_changes_after_a_gap_in_the_change_ids_are_found_at_once(directory, client):
    """PostgreSQL's ids skip what a rolled-back import used: a change after such a gap is
    still a few changes, taken in before the next search answers (not left to a thread)."""
    from facilities.directory import search
    from facilities.models import FacilityChange

    every = list(FacilityPage.objects.values_list("pk", flat=True))
    gap = [pk for _ in range(30) for pk in indexing.record(every)]
    FacilityChange.objects.filter(pk__in=gap).delete()  # as if their transaction rolled back

    page = FacilityPage.objects.get(title="アトリエはなみずき")
    FacilityPage.objects.filter(pk=page.pk).update(title="アトリエはなみずき新館")
    changed = indexing.record([page.pk])  # as another server's publish would
    assert changed[0] - search.applied() > indexing.BACKGROUND_CHANGES
    assert names(get(client, "?q=新館")) == ["アトリエはなみずき新館"]


def test_filtered_pages_have_titles_that_name_their_conditions(directory, client):
    plain = get(client, "").text
    assert re.search(r"<title>事業所をさがす｜", plain)
    filtered = get(client, "?station=町田&q=パン&page=1").text
    title = re.search(r"<title>(.*?)</title>", filtered)[1]
    assert title.startswith("キーワード：パン、町田駅の検索結果（")
    assert "件）｜事業所をさがす｜" in title

    from facilities.directory.query import Chip, _title_conditions

    chips = [Chip(f"条件{n}", "") for n in range(6)]
    assert _title_conditions(chips, 1) == "条件0、条件1、条件2、条件3ほか"
    assert _title_conditions([], 3) == "3ページ目"
    assert _title_conditions(chips[:1], 2) == "条件0（2ページ目）"
