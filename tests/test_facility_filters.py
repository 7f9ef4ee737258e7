"""Reading the directory's conditions from the URL, and writing them back."""

from django.http import QueryDict

from facilities.directory.filters import Criteria, parse


def read(query, **known):
    known = {"work_ids": [1, 2, 3], "support_ids": [10, 11], "target_ids": [20]} | known
    return parse(QueryDict(query), **known)


def test_defaults():
    parsed = read("")
    assert parsed.criteria == Criteria()
    assert parsed.problems == []
    assert not parsed.criteria.is_filtered


def test_every_condition_is_read():
    parsed = read(
        "q=%E9%80%A0%E8%8A%B1&pref=14&city=町田市&station=相模大野駅&line=JR横浜線"
        "&work=2&work=1&support=10&target=20&pickup=1&wage=15000&visit=1&trial=1"
        "&openings=1&service=all&sort=wage&page=3"
    )
    c = parsed.criteria
    assert parsed.problems == []
    assert (c.q, c.pref, c.city, c.station, c.line) == (
        "造花",
        "14",
        "町田市",
        "相模大野",
        "JR横浜線",
    )
    assert (c.work, c.support, c.target) == ((1, 2), (10,), (20,))
    assert c.pickup and c.visit and c.trial and c.openings
    assert (c.wage, c.service, c.sort, c.page) == (15000, "all", "wage", 3)
    assert c.is_filtered


def test_unknown_parameters_are_ignored_silently():
    parsed = read("utm_source=mail&foo=bar")
    assert parsed.criteria == Criteria()
    assert parsed.problems == []


def test_bad_values_are_dropped_with_a_message_each():
    parsed = read("pref=99&work=abc&work=999&support=%00&wage=123&sort=drop&page=-1&service=x")
    assert parsed.criteria == Criteria()
    assert len(parsed.problems) == 7
    assert all(isinstance(p, str) and p for p in parsed.problems)


def test_hostile_input_is_bounded():
    parsed = read(
        "q=" + "あ" * 1000 + "&page=99999999999999999999&work=" + "&work=".join(["1"] * 500)
    )
    assert len(parsed.criteria.q) == 100
    assert parsed.criteria.page == 1
    assert parsed.criteria.work == (1,)


def test_query_string_round_trip_and_resets_the_page():
    c = Criteria(q="パン", pref="14", work=(1, 2), pickup=True, sort="walk", page=4)
    qs = c.query_string()
    assert qs == "?q=%E3%83%91%E3%83%B3&pref=14&work=1&work=2&pickup=1&sort=walk&page=4"
    assert read(qs[1:]).criteria == c
    assert "page" not in c.query_string(pickup=False)
    assert c.query_string(page=2).endswith("page=2")
    assert Criteria().query_string() == "?"
