"""Railway stations near a point, from a national station list, with estimated walks.

The station list is 駅データ.jp's free data as shipped by the `django-jp-stations` package
(PyPI, 2017): station–line rows with coordinates. Rows of one station on several lines (横浜
has ten) are joined into one stop. Stations opened since the list was made are missing, so
every place that shows an estimate names the source and its date (SOURCE_NOTE).

A walk is estimated from the straight-line distance: WALK_RULE states the rule once, for the
pages that show it. Staff-entered stations (FacilityStation) always win over estimates.
"""

import importlib.resources
import json
import math
import re
from dataclasses import dataclass
from functools import cache

import numpy as np

from .text import normalize, reading

SOURCE = "駅データ.jp（Pythonパッケージ django-jp-stations 0.1 に収録）"
SOURCE_AS_OF = "2017年11月"
SOURCE_NOTE = (
    f"駅の位置：{SOURCE}、{SOURCE_AS_OF}時点。"
    "それより後に開業した駅や、名前が変わった駅は含まれていません。"
)
# 80 m a minute is the walking speed Japanese property listings use (不動産の表示に関する
# 公正競争規約); streets are longer than the straight line, by a detour factor of about 1.3
# in Japanese towns.
METRES_PER_MINUTE = 80
DETOUR = 1.3
WALK_RULE = (
    "「目安」の時間は、事業所と駅の直線距離を1.3倍して道のりとし、"
    "1分に80メートル歩くとして計算したものです（1分未満は切り上げ）。"
    "坂や信号、駅の出口の位置は考えていません。"
)
NEAREST = 3  # stations kept per office
MAX_DISTANCE_M = 3000  # farther than this (about 49 minutes on foot) is not "near"
# Rows with the same name closer than this are one station (entrances of different lines).
SAME_STATION_M = 1500
EARTH_RADIUS_M = 6_371_000


def walk_minutes(distance_m):
    """Estimated minutes on foot for a straight-line distance in metres (at least 1)."""
    return max(1, math.ceil(distance_m * DETOUR / METRES_PER_MINUTE))


def station_key(name):
    """A station name as typed (相模大野駅, ｻｶﾞﾐｵｵﾉ, 市ヶ谷) in the form names are compared."""
    name = normalize(name)[:60]
    # ヶ and ケ (市ヶ谷, 市ケ谷) are written either way in station names; normalize() turns
    # them into ゖ and け.
    name = name.replace("ゖ", "け").replace("ゕ", "か")
    return name[:-1] if name.endswith("駅") and len(name) > 1 else name


_LINE_SECTION = re.compile(r"[(（][^)）]*[)）]$")


def line_name(name):
    """「JR東海道本線(東京～熱海)」 → 「JR東海道本線」: the section adds nothing for a visitor."""
    return _LINE_SECTION.sub("", name).strip()


@dataclass(frozen=True)
class Stop:
    """One station: its name, the lines that stop there and where it is."""

    name: str
    lines: tuple
    latitude: float
    longitude: float
    address: str

    @property
    def key(self):
        return station_key(self.name)


def distances(latitude, longitude, latitudes, longitudes):
    """Metres from one point to many (equirectangular: exact enough within a few km)."""
    lat0 = math.radians(latitude)
    dy = np.radians(np.asarray(latitudes) - latitude)
    dx = np.radians(np.asarray(longitudes) - longitude) * math.cos(lat0)
    return EARTH_RADIUS_M * np.hypot(dx, dy)


class StationList:
    """The stations of the dataset, each one Stop, searchable by name and by place."""

    def __init__(self, stops):
        self.stops = list(stops)
        self.latitudes = np.array([s.latitude for s in self.stops], dtype=float)
        self.longitudes = np.array([s.longitude for s in self.stops], dtype=float)
        self._by_key = {}
        for stop in self.stops:
            self._by_key.setdefault(stop.key, []).append(stop)
            self._by_key.setdefault(reading(stop.name), []).append(stop)

    def nearest(self, latitude, longitude, limit=NEAREST, within=MAX_DISTANCE_M):
        """[(stop, metres)] of the nearest stations, nearest first."""
        if not self.stops:
            return []
        metres = distances(latitude, longitude, self.latitudes, self.longitudes)
        order = np.argsort(metres, kind="stable")[:limit]
        return [(self.stops[i], float(metres[i])) for i in order if metres[i] <= within]

    def named(self, name):
        """Stops whose name is `name` (written or read: 横浜, 横浜駅, よこはま, 市ヶ谷)."""
        key = station_key(name)
        if not key:
            return []
        found = self._by_key.get(key) or self._by_key.get(reading(key)) or []
        return list(dict.fromkeys(found))


def _load_rows():
    folder = importlib.resources.files("jp_stations") / "fixtures"
    stations = json.loads((folder / "stations.json").read_text(encoding="utf-8"))
    lines = json.loads((folder / "lines.json").read_text(encoding="utf-8"))
    line_names = {
        row["line_cd"]: line_name(row["line_name_h"]) for row in lines if row["e_status"] == 0
    }
    return [
        (row["station_name"], line_names[row["line_cd"]], row["lat"], row["lon"], row["add"])
        for row in stations
        if row["e_status"] == 0 and row["line_cd"] in line_names
    ]


def stops_from_rows(rows):
    """Join station–line rows (name, line, lat, lon, address) into stops."""
    groups = []  # [name key, [rows]]
    by_key = {}
    for row in rows:
        key = station_key(row[0])
        for group in by_key.get(key, []):
            first = group[0]
            if distances(first[2], first[3], [row[2]], [row[3]])[0] <= SAME_STATION_M:
                group.append(row)
                break
        else:
            group = [row]
            by_key.setdefault(key, []).append(group)
            groups.append(group)
    return [
        Stop(
            name=group[0][0],
            lines=tuple(dict.fromkeys(row[1] for row in group)),
            latitude=float(np.mean([row[2] for row in group])),
            longitude=float(np.mean([row[3] for row in group])),
            address=group[0][4],
        )
        for group in groups
    ]


@cache
def station_list():
    """The national station list (built once per process, about a second)."""
    return StationList(stops_from_rows(_load_rows()))


SUMMARY_LINES = 2


@dataclass
class StationFact:
    """A station as a page shows it: entered by staff, or estimated (with its distance)."""

    name: str
    lines: list
    walk_minutes: int | None
    estimated: bool = False
    distance_m: int | None = None

    @property
    def line_text(self):
        return "、".join(self.lines)

    @property
    def summary(self):
        """「相模大野駅（小田急小田原線）徒歩8分」; estimates end 「徒歩約6分（目安）」.

        At most two lines are named (横浜 has ten): a summary has to fit a comparison column.
        """
        named = "、".join(self.lines[:SUMMARY_LINES])
        more = "ほか" if len(self.lines) > SUMMARY_LINES else ""
        lines = f"（{named}{more}）" if self.lines else ""
        walk = self.walk_text
        return f"{self.name}駅{lines}{' ' if walk and not lines else ''}{walk}"

    @property
    def walk_text(self):
        """「徒歩8分」, or 「徒歩約8分（目安）」 for an estimate; "" when unknown."""
        if self.walk_minutes is None:
            return ""
        if self.estimated:
            return f"徒歩約{self.walk_minutes}分（目安）"
        return f"徒歩{self.walk_minutes}分"


def facts(entered, estimated):
    """What a page shows: staff-entered stations win; else estimates, one per station.

    `entered`: rows with station, line, walk_minutes; `estimated`: NearbyStation rows.
    """
    if entered:
        return [StationFact(s.station, [s.line] if s.line else [], s.walk_minutes) for s in entered]
    by_rank = {}
    for row in estimated:
        fact = by_rank.get(row.rank)
        if fact is None:
            by_rank[row.rank] = StationFact(
                row.station, [], row.walk_minutes, estimated=True, distance_m=row.distance_m
            )
            fact = by_rank[row.rank]
        if row.line:
            fact.lines.append(row.line)
    return [by_rank[rank] for rank in sorted(by_rank)]
