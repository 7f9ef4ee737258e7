"""Conditions, option counts and sort orders, on records built in memory (no database)."""

import pytest

from facilities.directory.catalog import Catalog
from facilities.directory.filters import Criteria
from facilities.directory.records import FacilityRecord, Station

BREAD, FARM, PC = 1, 2, 3
RHYTHM, LUNCH = 10, 11
MENTAL, INTELLECTUAL = 20, 21


def record(pk, title, kana, **fields):
    values = {
        "office_number": "",
        "service_type": "b",
        "corporation_name": "",
        "corporation_kana": "",
        "prefecture": "14",
        "city": "相模原市南区",
        "address_rest": "",
        "pickup": "",
        "pickup_area": "",
        "visit": "",
        "trial": "",
        "openings": "",
        "wage_monthly_average": None,
        "work_description": "",
        "introduction": "",
        "atmosphere": "",
    }
    values.update(fields)
    terms = {key: values.pop(key, []) for key in ("work_types", "supports", "target_disabilities")}
    stations = values.pop("stations", [])
    r = FacilityRecord(pk=pk, title=title, name_kana=kana, **values)
    for key, ids in terms.items():
        setattr(r, key, [(i, f"term{i}") for i in ids])
    r.stations = [Station(*s) for s in stations]
    return r


@pytest.fixture
def catalog():
    return Catalog(
        [
            record(
                1,
                "ひだまり工房",
                "ひだまりこうぼう",
                work_types=[BREAD],
                supports=[RHYTHM, LUNCH],
                target_disabilities=[MENTAL],
                wage_monthly_average=21000,
                pickup="yes",
                visit="yes",
                trial="yes",
                openings="open",
                introduction="みどりの多い公園のそばです。",
                stations=[("相模大野", "小田急線", 8)],
            ),
            record(
                2,
                "みどりの畑",
                "みどりのはたけ",
                work_types=[FARM],
                supports=[RHYTHM],
                target_disabilities=[INTELLECTUAL],
                wage_monthly_average=14000,
                visit="yes",
                openings="waitlist",
                stations=[("東林間", "小田急線", 5)],
            ),
            record(
                3,
                "アトリエ",
                "あとりえ",
                work_types=[PC, BREAD],
                supports=[LUNCH],
                target_disabilities=[MENTAL, INTELLECTUAL],
                prefecture="13",
                city="町田市",
                wage_monthly_average=None,
                trial="yes",
                openings="few",
                atmosphere="みどりに囲まれた作業場です。",
                stations=[("町田", "JR横浜線", 12), ("町田", "小田急線", 15)],
            ),
            record(4, "移行センター", "いこうせんたー", service_type="transition", work_types=[PC]),
        ]
    )


def pks(catalog, criteria, keyword_pks=None):
    positions, _ = catalog.results(criteria, keyword_pks)
    return [int(catalog.pks[p]) for p in positions]


def test_b_type_by_default_in_kana_order(catalog):
    assert pks(catalog, Criteria()) == [3, 1, 2]  # あとりえ, ひだまり, みどり
    assert pks(catalog, Criteria(service="all")) == [3, 4, 1, 2]
    assert pks(catalog, Criteria(service="transition")) == [4]


def test_area(catalog):
    assert pks(catalog, Criteria(pref="14")) == [1, 2]
    assert pks(catalog, Criteria(pref="13", city="町田市")) == [3]
    assert pks(catalog, Criteria(pref="14", city="町田市")) == []


def test_station_and_line(catalog):
    assert pks(catalog, Criteria(station="町田")) == [3]
    assert pks(catalog, Criteria(line="小田急線")) == [3, 1, 2]
    assert pks(catalog, Criteria(line="JR横浜線")) == [3]
    assert pks(catalog, Criteria(station="新宿")) == []


def test_work_types_any_supports_all_targets_any(catalog):
    assert pks(catalog, Criteria(work=(BREAD, FARM))) == [3, 1, 2]
    assert pks(catalog, Criteria(work=(FARM,))) == [2]
    assert pks(catalog, Criteria(support=(RHYTHM, LUNCH))) == [1]
    assert pks(catalog, Criteria(support=(RHYTHM,))) == [1, 2]
    assert pks(catalog, Criteria(target=(INTELLECTUAL,))) == [3, 2]


def test_flags_and_minimum_wage(catalog):
    assert pks(catalog, Criteria(pickup=True)) == [1]
    assert pks(catalog, Criteria(visit=True)) == [1, 2]
    assert pks(catalog, Criteria(trial=True)) == [3, 1]
    assert pks(catalog, Criteria(openings=True)) == [3, 1]  # open or few, not waitlist
    assert pks(catalog, Criteria(wage=15000)) == [1]
    assert pks(catalog, Criteria(wage=10000)) == [1, 2]


def test_conditions_combine(catalog):
    assert pks(catalog, Criteria(pref="14", work=(BREAD,), visit=True)) == [1]
    assert pks(catalog, Criteria(pref="14", work=(PC,))) == []


def test_keyword_results_are_intersected_and_name_matches_rank_first(catalog):
    # The keyword index found 1, 2 and 3 (all mention みどり); only みどりの畑 has it in its name.
    found = pks(catalog, Criteria(q="みどり"), keyword_pks=[1, 2, 3])
    assert found == [2, 3, 1]
    assert pks(catalog, Criteria(q="みどり", pref="13"), keyword_pks=[1, 2, 3]) == [3]
    # Ids the catalogue does not know (an unpublished page) are ignored.
    assert pks(catalog, Criteria(q="x"), keyword_pks=[999]) == []


def test_sort_by_wage_and_walk(catalog):
    assert pks(catalog, Criteria(sort="wage")) == [1, 2, 3]  # unknown wage last
    assert pks(catalog, Criteria(sort="walk")) == [2, 1, 3]
    assert pks(catalog, Criteria(sort="kana")) == [3, 1, 2]


def test_option_counts_ignore_their_own_condition(catalog):
    _, facets = catalog.results(Criteria(work=(FARM,)))
    # Work type counts are what each option alone would give with the other conditions.
    assert facets["work"] == {BREAD: 2, FARM: 1, PC: 1}
    # Other facets count within the current results.
    assert facets["pickup"] == 0
    assert facets["visit"] == 1
    assert dict(facets["pref"])["14"] == 1


def test_all_of_counts_narrow(catalog):
    _, facets = catalog.results(Criteria(support=(RHYTHM,)))
    assert facets["support"] == {RHYTHM: 2, LUNCH: 1}


def test_city_options_follow_the_prefecture_and_wage_steps_count(catalog):
    _, facets = catalog.results(Criteria(pref="14"))
    assert facets["city"] == [("相模原市南区", 2)]
    assert dict(facets["wage"])[20000] == 1
    assert dict(facets["wage"])[10000] == 2


def test_service_counts(catalog):
    _, facets = catalog.results(Criteria())
    counts = {option.value: option.count for option in facets["service"]}
    assert counts == {"b": 3, "a": 0, "transition": 1, "retention": 0}


def test_empty_catalog():
    catalog = Catalog([])
    assert pks(catalog, Criteria(pref="14", work=(1,))) == []
    assert pks(catalog, Criteria(q="x"), keyword_pks=[1]) == []


def test_keyword_candidates_must_contain_the_whole_term():
    # The index ANDs bigrams; "さがみはら" needs さが, がみ, みは and はら, which a text
    # can have apart ("さがみ野" and "はらっぱ" and "みはらし") without the word itself.
    catalog = Catalog(
        [
            record(1, "さがみ野 はらっぱ みはらし", "さがみの", city="町田市"),
            record(2, "さがみはら工房", "さがみはらこうぼう", city="町田市"),
        ]
    )
    assert pks(catalog, Criteria(q="さがみはら"), keyword_pks=[1, 2]) == [2]
    assert pks(catalog, Criteria(q="さが"), keyword_pks=[1, 2]) == [1, 2]


def test_name_matches_from_the_index_rank_first_like_the_scan_does(catalog):
    criteria = Criteria(q="みどり")
    scanned = pks(catalog, criteria, keyword_pks=[1, 2, 3])
    positions, _ = catalog.results(criteria, keyword_pks=[1, 2, 3], name_pks=[2])
    assert [int(catalog.pks[p]) for p in positions] == scanned == [2, 3, 1]
    # A name candidate whose name lacks the word itself (bigrams apart) is not ranked first.
    positions, _ = catalog.results(criteria, keyword_pks=[1, 2, 3], name_pks=[1, 2])
    assert [int(catalog.pks[p]) for p in positions] == [2, 3, 1]


def test_a_rebuild_makes_the_texts_again_only_for_offices_that_changed(monkeypatch):
    from facilities.directory import catalog as catalog_module

    offices = [record(pk, f"工房{pk}", f"こうぼう{pk}") for pk in range(1, 6)]
    first = Catalog(offices)
    made = []
    real_document = catalog_module.document

    def counted(r):
        made.append(r.pk)
        return real_document(r)

    monkeypatch.setattr(catalog_module, "document", counted)
    offices[2] = record(3, "もりのパン屋", "もりのぱんや", introduction="焼きたてのパン")
    rebuilt = Catalog(offices, previous=first)
    assert made == [3]
    texts = dict(zip(rebuilt.pks.tolist(), rebuilt.texts, strict=True))
    assert "焼きたてのぱん" in texts[3] and "工房3" not in texts[3]
    assert "工房2" in texts[2]
    # Read again from the database (new objects): equal records keep their texts, and a
    # change inside a nested list (a station added) counts as a change.
    again = [record(pk, f"工房{pk}", f"こうぼう{pk}") for pk in (1, 2, 4, 5)]
    again.append(record(3, "もりのパン屋", "もりのぱんや", introduction="焼きたてのパン"))
    again[1].stations = [Station("相模大野", "小田急線", 8)]
    Catalog(again, previous=rebuilt)
    assert made == [3, 2]
