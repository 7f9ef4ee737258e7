"""What the directory page shows for a request: results, counts, messages, links.

The work is done by `filters` (reading the URL), `search` (keywords) and `catalog`
(conditions, counts, order); this module asks them and shapes the answer for the template.
A fixed number of queries is made whatever the number of results.
"""

import copy
import math
import threading
from dataclasses import dataclass, replace

import numpy as np

from django.conf import settings

from ..choices import PREFECTURE_NAMES, ServiceType
from ..models import FacilityPage, Support, TargetDisability, WorkType
from . import indexing, offers, places, search
from .catalog import get_catalog
from .filters import PER_PAGE, SERVICE_ALL, SORTS, Criteria, parse
from .stations import station_list

FLAG_LABELS = [
    ("pickup", "送迎あり"),
    ("visit", "見学できる"),
    ("trial", "体験利用できる"),
    ("openings", "空きあり"),
]


@dataclass
class Choice:
    """One option of a filter: its value, label, how many results it gives, and its link."""

    value: object
    label: str
    count: int
    selected: bool


@dataclass
class Chip:
    """A condition in force, with the link that removes it."""

    label: str
    remove_url: str


# What this process read from the database for the current index generation: the terms
# staff pick from and the facilities shown as cards. A change to a facility or to a term in
# use moves the generation on (indexing), which empties this; a term no office uses is
# shown nowhere, so it may wait for the next generation.
_memo = {"generation": None, "terms": {}, "cards": {}}
_memo_lock = threading.Lock()
MAX_CARDS = 5000


def _for_generation(generation):
    with _memo_lock:
        if _memo["generation"] != generation:
            _memo.update(generation=generation, terms={}, cards={})
        return _memo


def _terms(model, memo):
    if model not in memo["terms"]:
        memo["terms"][model] = list(model.objects.values_list("pk", "name"))
    return memo["terms"][model]


def _cards(pks, memo):
    """The facilities with these ids, in this order, with what their cards show prefetched.
    Each request gets its own copies (it sets distance_km on them)."""
    cards = memo["cards"]
    missing = [pk for pk in pks if pk not in cards]
    if missing:
        loaded = FacilityPage.objects.filter(pk__in=missing).prefetch_related(
            "work_types",
            *FacilityPage.station_prefetches(),
        )
        fresh = {}
        for facility in loaded:
            facility.station_facts  # noqa: B018 (computed once, before it is shared)
            fresh[facility.pk] = facility
        with _memo_lock:
            if len(cards) + len(fresh) > MAX_CARDS:
                cards.clear()
            cards.update(fresh)
        found = {**cards, **fresh}
    else:
        found = cards
    return [copy.copy(found[pk]) for pk in pks if pk in found]


def _choices(terms, counts, selected):
    """Options with results, plus any the person chose (so they can be unticked)."""
    return [
        Choice(pk, name, counts.get(pk, 0), pk in selected)
        for pk, name in terms
        if counts.get(pk, 0) or pk in selected
    ]


def _title_conditions(chips, page_number):
    """「横浜駅、作業：パン・菓子」: what a filtered page's title says it lists (tabs and
    bookmarks of different searches are told apart); empty for the unfiltered first page."""
    text = "、".join(chip.label for chip in chips[:4]) + ("ほか" if len(chips) > 4 else "")
    if page_number > 1:
        text = f"{text}（{page_number}ページ目）" if text else f"{page_number}ページ目"
    return text


def _chips(c: Criteria, names):
    chips = []

    def add(label, name):
        chips.append(Chip(label, c.without(name)))

    if c.q:
        add(f"キーワード：{c.q}", "q")
    if c.pref:
        add(PREFECTURE_NAMES[c.pref], "pref")
    if c.city:
        add(c.city, "city")
    if c.station:
        add(f"{c.station}駅", "station")
    if c.line:
        add(c.line, "line")
    if c.near:
        add(f"{c.near}から近い順", "near")
    if c.km is not None:
        add(f"{c.km}km以内", "km")
    for field, label in (("work", "作業"), ("support", "支援"), ("target", "対象")):
        for pk in getattr(c, field):
            # One term of several: only that one is removed.
            rest = tuple(v for v in getattr(c, field) if v != pk)
            chips.append(
                Chip(f"{label}：{names[field].get(pk, '')}", c.query_string(**{field: rest}))
            )
    if c.wage is not None:
        add(f"工賃 月{c.wage:,}円以上", "wage")
    for flag, label in FLAG_LABELS:
        if getattr(c, flag):
            add(label, flag)
    if c.service != ServiceType.TYPE_B:
        label = "すべての種類" if c.service == SERVICE_ALL else ServiceType(c.service).label
        add(label, "service")  # back to the default, B型
    return chips


def _suggestions(catalog, c, keyword_pks, distance):
    """When nothing matches: which single condition to remove, and what that would give."""
    masks = catalog.masks(c, catalog.keyword_positions(c, keyword_pks), distance)
    labels = {
        "km": "距離",
        "q": "キーワード",
        "pref": "都道府県",
        "city": "市区町村",
        "station": "駅",
        "line": "路線",
        "work": "作業内容",
        "support": "支援内容",
        "target": "対象となる障害",
        "wage": "工賃",
        "pickup": "送迎",
        "visit": "見学",
        "trial": "体験",
        "openings": "空き状況",
        "service": "サービスの種類（すべてに広げる）",
    }
    suggestions = []
    for name in masks:
        count = catalog.count(masks, leave_out=Criteria.clearing(name))
        if count:
            # The service type is widened to every type rather than reset to B型.
            url = c.query_string(service=SERVICE_ALL) if name == "service" else c.without(name)
            suggestions.append({"label": labels[name], "count": count, "url": url})
    return sorted(suggestions, key=lambda s: -s["count"])


@dataclass
class Found:
    """What a directory request asks for and what matches it, before any shaping."""

    terms: dict
    criteria: Criteria
    problems: list
    catalog: object
    keyword_pks: object
    positions: object
    facets: dict
    place: object = None  # places.Place the search starts at
    candidates: list = None  # places.Place, when `near` fits several
    distance: object = None  # metres from `place` to every office in the catalogue
    memo: dict = None  # what this process read for the current generation (_for_generation)

    @property
    def pks(self):
        """Every matching facility's id, in the order asked for."""
        return [int(pk) for pk in self.catalog.pks[self.positions]]


def find(params, prefer_service=None, position=None):
    """What the query string `params` asks for, and what matches it.

    `prefer_service` ranks that service's offices first among keyword results; `position`
    (a places.Place) is the visitor's own, which wins over a place named in `params`.
    """
    indexing.sync()  # take in what other processes changed (cheap when nothing did)
    generation = search.generation()
    memo = _for_generation(generation)
    terms = {
        "work": _terms(WorkType, memo),
        "support": _terms(Support, memo),
        "target": _terms(TargetDisability, memo),
    }
    parsed = parse(
        params,
        work_ids=[pk for pk, _ in terms["work"]],
        support_ids=[pk for pk, _ in terms["support"]],
        target_ids=[pk for pk, _ in terms["target"]],
    )
    c = parsed.criteria
    problems = parsed.problems
    catalog = get_catalog(generation)
    place, candidates, distance = None, None, None
    if position is not None:
        place, distance = position, catalog.distances_from(position)
        c = c.with_changes(near="", km=c.km, sort=c.sort or "distance", page=c.page)
    elif c.near:
        found = places.resolve(c.near, station_list(), catalog.city_centres)
        place, candidates = found.place, found.candidates
        if place is not None:
            c = c.with_changes(near=place.label, page=c.page)
            distance = catalog.distances_from(place)
        elif not candidates:
            problems.append(
                f"「{c.near}」という駅・市区町村が見つからなかったため、距離の条件を外しました。"
            )
        if place is None:
            c = c.with_changes(near="", km=None, page=c.page)
    keyword_pks = search.search(c.q) if c.q else None
    name_pks = search.search_names(c.q) if c.effective_sort == "relevance" else None
    positions, facets = catalog.results(c, keyword_pks, name_pks, distance, prefer_service)
    return Found(
        terms,
        c,
        problems,
        catalog,
        keyword_pks,
        positions,
        facets,
        place,
        candidates,
        distance,
        memo,
    )


def _position(request):
    """The visitor's position, sent by the 現在地 button in the body of a POST (never in the
    URL, so it is in no access log); (place or None, problem or None)."""
    if request.method != "POST" or "lat" not in request.POST:
        return None, None
    place = places.position(request.POST.get("lat"), request.POST.get("lon"))
    if place is None:
        return None, "現在地を読み取れなかったため、いつもの順で表示しています。"
    return place, None


def directory_context(page, request):
    position, position_problem = _position(request)
    found = find(request.GET, position=position)
    terms, c, problems = found.terms, found.criteria, found.problems
    if position_problem:
        problems.append(position_problem)
    catalog, keyword_pks = found.catalog, found.keyword_pks
    positions, facets = found.positions, found.facets
    total = len(positions)
    page_count = max(1, math.ceil(total / PER_PAGE))
    if c.page > page_count:
        problems.append(f"{c.page}ページ目はないため、最後のページを表示しています。")
        c = c.with_changes(page=page_count)
    shown = positions[(c.page - 1) * PER_PAGE : c.page * PER_PAGE]
    pks = [int(pk) for pk in catalog.pks[shown]]
    facilities = _cards(pks, found.memo)
    if found.distance is not None:
        for facility, position in zip(facilities, shown, strict=False):
            metres = found.distance[position]
            facility.distance_km = None if np.isinf(metres) else metres / 1000

    names = {field: dict(values) for field, values in terms.items()}
    chips = _chips(c, names)
    if position is not None:
        chips.insert(0, Chip("現在地から近い順", c.query_string(sort="")))
    return {
        "criteria": c,
        "title_conditions": _title_conditions(chips, c.page),
        "problems": problems,
        "facilities": facilities,
        "total": total,
        "first_number": (c.page - 1) * PER_PAGE + 1 if total else 0,
        "last_number": (c.page - 1) * PER_PAGE + len(facilities),
        "pagination": _pagination(c, page_count),
        "export_url": f"{page.url}export/{c.query_string(page=1)}".rstrip("?"),
        "chips": chips,
        "suggestions": _suggestions(catalog, c, keyword_pks, found.distance) if not total else [],
        "offers": _offers(found) if c.q else [],
        "estimates_shown": any(f.stations_estimated for f in facilities),
        "map": _map(facilities, found.place, c),
        "place": found.place,
        "place_candidates": [
            {"label": p.label, "url": c.query_string(near=p.label)} for p in found.candidates or []
        ],
        "km_choices": [Choice(km, f"{km}km以内", count, km == c.km) for km, count in facets["km"]],
        "sorts": _sorts(c, found.place),
        "service_choices": [
            Choice(o.value, o.label, o.count, o.selected) for o in facets["service"]
        ]
        + [Choice(SERVICE_ALL, "すべての種類", 0, c.service == SERVICE_ALL)],
        "prefecture_choices": [
            Choice(code, PREFECTURE_NAMES[code], count, code == c.pref)
            for code, count in facets["pref"]
            if count or code == c.pref
        ],
        "city_choices": [
            Choice(city, city, count, city == c.city)
            for city, count in facets["city"]
            if count or city == c.city
        ],
        "line_choices": [
            Choice(line, line, count, line == c.line) for line, count in facets["line"]
        ],
        "station_choices": [
            Choice(value, label, count, value == c.station)
            for label, value, count in facets["station"]
        ],
        "work_choices": _choices(terms["work"], facets["work"], c.work),
        "support_choices": _choices(terms["support"], facets["support"], c.support),
        "target_choices": _choices(terms["target"], facets["target"], c.target),
        "wage_choices": [
            Choice(step, f"月{step:,}円以上", count, step == c.wage)
            for step, count in facets["wage"]
            if count or step == c.wage
        ],
        "flag_choices": [
            Choice(flag, label, facets[flag], getattr(c, flag))
            for flag, label in FLAG_LABELS
            if facets[flag] or getattr(c, flag)
        ],
    }


def _sorts(c, place):
    """The sort options; the default order is sent as no value, so that adding a keyword or a
    place in the same submission still gives that search its own default order."""
    default = replace(c, sort="").effective_sort
    return [
        {
            "value": "" if value == default else value,
            "label": label,
            "selected": value == c.effective_sort,
        }
        for value, label in SORTS.items()
        if (value != "relevance" or c.q) and (value != "distance" or place)
    ]


def _map(facilities, place, c):
    """The results map's data (the page of results shown), or None when maps are off."""
    if not settings.MAP_TILE_URL:
        return None
    first = (c.page - 1) * PER_PAGE + 1
    offices = [
        {
            "number": number,
            "name": f.title,
            "url": f.url,
            "lat": float(f.latitude),
            "lon": float(f.longitude),
        }
        for number, f in enumerate(facilities, first)
        if f.has_coordinates
    ]
    if not offices:
        return None
    origin = (
        {"label": place.label, "lat": place.latitude, "lon": place.longitude} if place else None
    )
    return {
        "tiles": settings.MAP_TILE_URL,
        "attribution": settings.MAP_TILE_ATTRIBUTION,
        "offices": offices,
        "origin": origin,
    }


def _offers(found):
    """Conditions the keyword names (送迎, パン作り, 横浜), each with its link and count."""
    shown = []
    work_terms = found.terms["work"]
    for offer in offers.offers(found.criteria, work_terms, station_list()):
        criteria = found.criteria.with_changes(**offer.changes)
        count = None
        if "near" not in offer.changes:
            keyword_pks = search.search(criteria.q) if criteria.q else None
            masks = found.catalog.masks(
                criteria, found.catalog.keyword_positions(criteria, keyword_pks)
            )
            count = found.catalog.count(masks)
            if not count:
                continue
        shown.append({"label": offer.label, "url": criteria.query_string(), "count": count})
    return shown


def _pagination(c, page_count):
    if page_count <= 1:
        return None
    window = range(max(1, c.page - 2), min(page_count, c.page + 2) + 1)
    pages = [{"number": n, "url": c.query_string(page=n), "current": n == c.page} for n in window]
    return {
        "pages": pages,
        "first": c.query_string(page=1) if window.start > 1 else None,
        "last": c.query_string(page=page_count) if window.stop <= page_count else None,
        "previous": c.query_string(page=c.page - 1) if c.page > 1 else None,
        "next": c.query_string(page=c.page + 1) if c.page < page_count else None,
        "count": page_count,
        "current": c.page,
    }
