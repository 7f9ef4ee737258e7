"""Where a nearby search starts: a station or a 市区町村 typed by the visitor.

「横浜」「よこはま」「横浜駅」 are the station; 「相模原市南区」 is the city, measured from the
middle of its offices. A name that fits several places (府中 is a station in Tokyo, Hiroshima
and Tokushima) gives candidates whose labels (「府中駅（京王線）」) name one place each, so a
candidate can be put back in the URL and read again.
"""

import re
from dataclasses import dataclass

from ..choices import PREFECTURE_NAMES
from .text import normalize

RADII_KM = [1, 2, 3, 5, 10, 20]
_HINT = re.compile(r"^(.+?)[(（]([^)）]+)[)）]$")


@dataclass(frozen=True)
class Place:
    label: str  # as shown and as put in the URL: 横浜駅, 府中駅（京王線）, 相模原市南区
    latitude: float
    longitude: float
    kind: str  # "station", "city" or "position" (the visitor's own)


@dataclass
class Found:
    place: Place | None = None
    candidates: list | None = None  # Places, when the name fits several


def _station_place(stop, label):
    return Place(label, stop.latitude, stop.longitude, "station")


def _station_label(stop, ambiguous, others=()):
    """「横浜駅」, or with a hint that tells it from `others` of the same name: its first line
    (「府中駅（京王線）」), else its address."""
    if not ambiguous:
        return f"{stop.name}駅"
    line = stop.lines[0] if stop.lines else ""
    if not line or any(line in other.lines for other in others if other is not stop):
        return f"{stop.name}駅（{stop.address}）"
    return f"{stop.name}駅（{line}）"


def _city_label(pref, city, ambiguous):
    return f"{city}（{PREFECTURE_NAMES.get(pref, '')}）" if ambiguous else city


def resolve(text, stations, city_centres):
    """The place `text` names, candidates when it names several, or nothing.

    `stations` is a StationList; `city_centres` maps (prefecture code, city) to (lat, lon).
    """
    text = " ".join(text.split())
    match = _HINT.match(text)
    name, hint = (match.group(1), match.group(2)) if match else (text, "")
    if not name:
        return Found()

    stops = stations.named(name)
    if hint:
        stops = [s for s in stops if hint in s.lines or hint in s.address]
    centres = _cities(name, city_centres)
    if hint:
        centres = {k: v for k, v in centres.items() if PREFECTURE_NAMES.get(k[0]) == hint}

    if centres and (_names_city(name) or not stops):
        ambiguous = len(centres) > 1 or bool(hint)
        found = [
            Place(_city_label(pref, city, ambiguous), *centre, "city")
            for (pref, city), centre in sorted(centres.items())
        ]
    else:
        found = [
            _station_place(s, _station_label(s, len(stops) > 1 or bool(hint), stops)) for s in stops
        ]
    if len(found) == 1:
        return Found(place=found[0])
    return Found(candidates=found or None)


# Japan, generously: a position outside is a mistake or a visitor abroad.
JAPAN = ((20.0, 46.0), (122.0, 154.0))
POSITION_LABEL = "現在地"


def position(latitude, longitude):
    """The visitor's position from the browser (never stored or logged), or None."""
    try:
        lat, lon = float(latitude), float(longitude)
    except (TypeError, ValueError):
        return None
    (south, north), (west, east) = JAPAN
    if not (south <= lat <= north and west <= lon <= east):
        return None
    return Place(POSITION_LABEL, round(lat, 3), round(lon, 3), "position")


def _names_city(name):
    """「相模原市」「港区」 name a city even where a station has the same name (相模原); a
    station named like a town (本町, 大手町) is taken as the station unless a city has it."""
    return normalize(name).endswith(("市", "区", "町", "村"))


def _cities(name, city_centres):
    """{(prefecture, city): centre} of the cities `name` means.

    「相模原市南区」 exactly; 「相模原」 for 相模原市; 「横浜市」 for its wards together.
    """
    wanted = normalize(name)
    found = {key: c for key, c in city_centres.items() if normalize(key[1]) == wanted}
    if not found:
        found = {
            key: c
            for key, c in city_centres.items()
            if normalize(key[1]) in {wanted + end for end in "市区町村"}
        }
    if not found and wanted.endswith("市"):
        wards = {}
        for (pref, city), centre in city_centres.items():
            if normalize(city).startswith(wanted):
                wards.setdefault(pref, []).append(centre)
        found = {
            (pref, name): (
                sum(c[0] for c in centres) / len(centres),
                sum(c[1] for c in centres) / len(centres),
            )
            for pref, centres in wards.items()
        }
    return found
