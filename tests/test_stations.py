"""Stations and places, without the web layer: the national list, estimates, nearby places."""

import pytest

from facilities.directory import places
from facilities.directory.stations import (
    StationList,
    Stop,
    facts,
    station_key,
    station_list,
    stops_from_rows,
    walk_minutes,
)

YOKOHAMA = (35.4662, 139.6223)


@pytest.mark.parametrize("typed", ["横浜", "横浜駅", "ﾖｺﾊﾏ", "よこはま", " 横浜駅 "])
def test_a_station_is_found_however_it_is_typed(typed):
    found = station_list().named(typed.strip())
    assert [stop.name for stop in found] == ["横浜"]
    assert "JR東海道本線" in found[0].lines and "京急本線" in found[0].lines


def test_ke_is_written_either_way():
    assert station_key("市ヶ谷") == station_key("市ケ谷") == station_key("市ケ谷駅")
    assert {s.name for s in station_list().named("市ヶ谷")} == {"市ケ谷"}
    # Read, too: 霞が関 is the Tokyo station 霞ケ関 (and 霞ヶ関 in Saitama).
    assert {s.name for s in station_list().named("霞が関")} >= {"霞ケ関"}


def test_the_list_has_only_stations_in_service_each_once():
    stations = station_list()
    assert 8_000 < len(stations.stops) < 10_000
    assert len([s for s in stations.stops if s.name == "横浜"]) == 1
    # Closed lines' stations are left out; lines are named without their section.
    assert all("(" not in line for s in stations.stops for line in s.lines)


def test_nearest_stations_are_ordered_and_near():
    found = station_list().nearest(*YOKOHAMA)
    assert found[0][0].name == "横浜"
    assert found[0][1] < 100
    assert [metres for _, metres in found] == sorted(metres for _, metres in found)
    assert len(found) == 3
    # Far from any railway (the sea south of Tokyo): no station is "near".
    assert station_list().nearest(34.0, 139.9) == []


def test_the_walk_rule():
    # 80 m a minute over 1.3 times the straight line, rounded up; never 0.
    assert walk_minutes(800) == 13
    assert walk_minutes(1000) == 17
    assert walk_minutes(0) == 1


def test_rows_of_one_station_on_several_lines_become_one_stop():
    rows = [
        ("府中", "京王線", 35.6720, 139.4800, "府中市宮町"),
        ("府中", "京王競馬場線", 35.6722, 139.4801, "府中市宮町"),
        ("府中", "JR福塩線", 34.5680, 133.2360, "府中市府川町"),
    ]
    stops = stops_from_rows(rows)
    assert [(s.name, s.lines) for s in stops] == [
        ("府中", ("京王線", "京王競馬場線")),
        ("府中", ("JR福塩線",)),
    ]


def test_staff_stations_win_over_estimates():
    class Entered:
        station, line, walk_minutes = "相模大野", "小田急小田原線", 8

    class Estimated:
        def __init__(self, rank, line):
            self.rank, self.line = rank, line
            self.station, self.walk_minutes, self.distance_m = f"駅{rank}", 5 + rank, 300

    estimated = [Estimated(0, "A線"), Estimated(0, "B線"), Estimated(1, "C線")]
    shown = facts([Entered()], estimated)
    assert [(f.summary, f.estimated) for f in shown] == [
        ("相模大野駅（小田急小田原線）徒歩8分", False)
    ]
    shown = facts([], estimated)
    assert [f.summary for f in shown] == [
        "駅0駅（A線、B線）徒歩約5分（目安）",
        "駅1駅（C線）徒歩約6分（目安）",
    ]


STATIONS = StationList(
    [
        Stop("府中", ("京王線",), 35.672, 139.480, "府中市宮町"),
        Stop("府中", ("JR福塩線",), 34.568, 133.236, "府中市府川町"),
        Stop("相模原", ("JR横浜線",), 35.580, 139.371, "相模原市中央区"),
    ]
)
CITIES = {
    ("13", "府中市"): (35.67, 139.47),
    ("34", "府中市"): (34.57, 133.24),
    ("14", "相模原市中央区"): (35.57, 139.37),
    ("14", "相模原市南区"): (35.53, 139.43),
    ("14", "横浜市西区"): (35.46, 139.62),
    ("14", "横浜市中区"): (35.44, 139.64),
}


def test_a_unique_station_is_a_place():
    found = places.resolve("相模原駅", STATIONS, CITIES)
    assert found.place.label == "相模原駅"
    assert (found.place.latitude, found.place.kind) == (35.580, "station")


def test_a_name_shared_by_several_stations_gives_candidates_that_resolve():
    found = places.resolve("府中", STATIONS, CITIES)
    assert found.place is None
    labels = [p.label for p in found.candidates]
    assert labels == ["府中駅（京王線）", "府中駅（JR福塩線）"]
    again = places.resolve(labels[1], STATIONS, CITIES)
    assert (again.place.label, again.place.latitude) == ("府中駅（JR福塩線）", 34.568)


def test_cities_wards_and_designated_cities():
    assert places.resolve("相模原市南区", STATIONS, CITIES).place.kind == "city"
    both = places.resolve("府中市", STATIONS, CITIES)
    assert [p.label for p in both.candidates] == ["府中市（東京都）", "府中市（広島県）"]
    chosen = places.resolve("府中市（広島県）", STATIONS, CITIES).place
    assert (chosen.latitude, chosen.longitude) == (34.57, 133.24)
    yokohama = places.resolve("横浜市", STATIONS, CITIES).place
    assert yokohama.label == "横浜市"
    assert yokohama.latitude == pytest.approx(35.45)


def test_unknown_places_give_nothing():
    for text in ["", "どこでもない町", "駅", "（）"]:
        found = places.resolve(text, STATIONS, CITIES)
        assert found.place is None and not found.candidates


def test_stations_of_one_name_on_the_same_line_are_told_apart_by_address():
    stations = StationList(
        [
            Stop("本町", ("市電",), 35.0, 135.0, "甲市本町"),
            Stop("本町", ("市電",), 36.0, 136.0, "乙市本町"),
        ]
    )
    labels = [p.label for p in places.resolve("本町", stations, {}).candidates]
    assert labels == ["本町駅（甲市本町）", "本町駅（乙市本町）"]
    assert places.resolve(labels[1], stations, {}).place.latitude == 36.0


def test_a_city_without_a_prefecture_does_not_break_a_hint():
    cities = {("", "どこか市"): (35.0, 135.0), ("13", "どこか市"): (35.5, 139.5)}
    found = places.resolve("どこか市（東京都）", STATIONS, cities)
    assert found.place.latitude == 35.5
