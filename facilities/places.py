"""Where a nearby search starts: a station or a 市区町村 typed by the visitor.

「横浜」「よこはま」「横浜駅」 are the station; 「相模原市南区」 is the city, measured from the
middle of its offices. A name that fits several places (府中 is a station in Tokyo, Hiroshima
and Tokushima) gives candidates whose labels (「府中駅（京王線）」) name one place each, so a
candidate can be put back in the URL and read again.
"""

import re
from dataclasses import dataclass

from .choices import PREFECTURE_NAMES
from .text import normalize

RADII_KM = [1, 2, 3, 5, 10, 20]
_HINT = re.compile(r"^(.+?)[(（]([^)）]+)[)）]$")


@dataclass(frozen=True)
class Place:
    label: str  # as shown and as put in the URL: 横浜駅, 府中駅（京王線）, 相模原市南区
    latitude: float
    longitude: float
    kind: str  # "station" or "city"


@dataclass
class Found:
    place: Place | None = None
    candidates: list | None = None  # Places, when the name fits several


def _station_place(stop, label):
    return Place(label, stop.latitude, stop.longitude, "station")


def _station_label(stop, ambiguous):
    hint = f"（{stop.lines[0]}）" if ambiguous and stop.lines else ""
    return f"{stop.name}駅{hint}"


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
    if stops and not _names_city(name):
        if len(stops) == 1:
            return Found(place=_station_place(stops[0], _station_label(stops[0], bool(hint))))
        return Found(candidates=[_station_place(s, _station_label(s, True)) for s in stops])

    centres = _cities(name, city_centres)
    if hint:
        centres = {key: value for key, value in centres.items() if PREFECTURE_NAMES[key[0]] == hint}
    ambiguous = len(centres) > 1 or bool(hint)
    places = [
        Place(_city_label(pref, city, ambiguous), *centre, "city")
        for (pref, city), centre in sorted(centres.items())
    ]
    if len(places) == 1:
        return Found(place=places[0])
    if places:
        return Found(candidates=places)
    if stops:
        return Found(place=_station_place(stops[0], _station_label(stops[0], False)))
    return Found()


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
    """「相模原市」「港区」 name a city even where a station has the same name (相模原)."""
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
