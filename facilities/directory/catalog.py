"""The directory's filters, counts and sort orders, computed in memory with numpy.

Every live facility is one position in a set of arrays (in kana order), and every condition
is a boolean mask over them. Combining conditions, counting how many results each option
would give and sorting are then vector operations that take about the same time for 20,000
facilities as for 20, and no database query grows with the number of results.

The catalogue is built from `records.load()` once per change of the search index (which every
publish, unpublish, move or delete of a facility updates) and kept for the process.
"""

import fcntl
import gc
import hashlib
import logging
import os
import pickle
import threading
import time
import uuid
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from django.conf import settings

from ..choices import ServiceType
from .filters import SERVICE_ALL, WAGE_STEPS, Criteria
from .places import RADII_KM
from .records import document, load, written_text
from .stations import distances, station_key
from .text import marked_words, normalize, reading, word_pattern

NO_WALK = np.iinfo(np.int32).max
# Raise when the Catalog's attributes change: a saved catalogue of an older format is not read.
FORMAT = 6  # 6: records, fingerprints, applied; 5: memo token; 4: module moved
# More change records than this since the previous catalogue: read every facility again.
INCREMENTAL_CHANGES = 5000
HEAD_START = 1.0
# Word boundaries are looked up (and cached) per result; beyond this many results the
# ranking keeps to names first, which needs no lookup.
WORD_RANK_LIMIT = 3000
logger = logging.getLogger(__name__)


@dataclass
class Option:
    value: object
    label: str
    count: int
    selected: bool


class _Codes:
    """Distinct values of one attribute, each given a small integer code."""

    def __init__(self):
        self.values = []
        self.index = {}

    def code(self, value):
        if value not in self.index:
            self.index[value] = len(self.values)
            self.values.append(value)
        return self.index[value]


class Catalog:
    def __init__(self, records, previous=None, applied=None, index_build=None):
        """`previous`, the catalogue this one follows, lends the texts of the records that
        did not change; `applied` is the last FacilityChange the records reflect and
        `index_build` the keyword-index build they were read for (see `_build`)."""
        records = sorted(records, key=lambda r: (r.sort_name, r.pk))
        n = len(records)
        self.size = n
        self.token = uuid.uuid4().hex  # tells this catalogue's memos from another's
        self.applied, self.index_build = applied, index_build
        self.records = records
        self.pks = np.array([r.pk for r in records], dtype=np.int64)
        self._pk_order = np.argsort(self.pks)
        self.fingerprints, texts = _texts(records, previous)
        # The text the keyword index holds, normalised: to check that a query's characters
        # are adjacent, which the index's AND of bigrams does not promise.
        self.name_texts = [t[0] for t in texts]
        self.texts = [t[1] for t in texts]
        # As written, for Sudachi's word boundaries (text.marked_words) when ranking.
        self.raw_names = [r.title for r in records]
        self.raw_texts = [t[2] for t in texts]

        self.service_codes = _Codes()
        self.service = np.array(
            [self.service_codes.code(r.service_type) for r in records], dtype=np.int16
        )
        self.prefecture = np.array([int(r.prefecture or 0) for r in records], dtype=np.int16)
        self.city_codes = _Codes()
        self.city = np.array(
            [self.city_codes.code((r.prefecture, r.city)) for r in records], dtype=np.int32
        )
        self.pickup = np.array([r.has_pickup for r in records], dtype=bool)
        self.visit = np.array([r.visit == "yes" for r in records], dtype=bool)
        self.trial = np.array([r.trial == "yes" for r in records], dtype=bool)
        self.openings = np.array([r.has_openings for r in records], dtype=bool)
        self.wage = np.array(
            [r.wage_monthly_average if r.wage_monthly_average is not None else -1 for r in records],
            dtype=np.int64,
        )
        self.latitude = np.array(
            [np.nan if r.latitude is None else float(r.latitude) for r in records], dtype=float
        )
        self.longitude = np.array(
            [np.nan if r.longitude is None else float(r.longitude) for r in records], dtype=float
        )
        self.city_centres = self._centres()
        walk = [r.min_walk_minutes for r in records]
        self.walk = np.array([NO_WALK if m is None else m for m in walk], dtype=np.int32)

        self.work_ids, self.work = self._matrix(records, "work_types")
        self.support_ids, self.support = self._matrix(records, "supports")
        self.target_ids, self.target = self._matrix(records, "target_disabilities")

        self.station_codes, self.station_docs, self.station = self._pairs(
            records, lambda r: {station_key(s.name) for s in r.stations}
        )
        self.line_codes, self.line_docs, self.line = self._pairs(
            records, lambda r: {s.line for s in r.stations if s.line}
        )
        self.station_labels = {}
        # Readings typed in kana (さがみおおの) lead to the station's written name.
        self.station_readings = {}
        for r in records:
            for s in r.stations:
                name = station_key(s.name)
                self.station_labels.setdefault(name, s.name)
                self.station_readings.setdefault(reading(s.name), name)

        # Sort orders, each a permutation of positions; positions themselves are kana order.
        positions = np.arange(n)
        self.by_wage = np.lexsort((positions, -self.wage))
        self.by_walk = np.lexsort((positions, self.walk))

    def _centres(self):
        """{(prefecture, city): (lat, lon)}: the middle (median) of each city's offices."""
        located = ~np.isnan(self.latitude)
        centres = {}
        for code, key in enumerate(self.city_codes.values):
            in_city = located & (self.city == code)
            if key[1] and in_city.any():
                centres[key] = (
                    float(np.median(self.latitude[in_city])),
                    float(np.median(self.longitude[in_city])),
                )
        return centres

    def distances_from(self, place):
        """Metres from `place` to every office (infinite where coordinates are missing)."""
        metres = distances(place.latitude, place.longitude, self.latitude, self.longitude)
        return np.where(np.isnan(metres), np.inf, metres)

    def station_named(self, station):
        """The catalogue's key for a station typed as 横浜, よこはま, 横浜駅 or 霞が関."""
        if station in self.station_codes.index:
            return station
        return self.station_readings.get(station) or self.station_readings.get(
            reading(station), station
        )

    @staticmethod
    def _matrix(records, attribute):
        ids = sorted({pk for r in records for pk, _ in getattr(r, attribute)})
        column = {pk: i for i, pk in enumerate(ids)}
        matrix = np.zeros((len(records), len(ids)), dtype=bool)
        for row, r in enumerate(records):
            for pk, _ in getattr(r, attribute):
                matrix[row, column[pk]] = True
        return ids, matrix

    @staticmethod
    def _pairs(records, values_of):
        codes = _Codes()
        docs, values = [], []
        for row, r in enumerate(records):
            for value in values_of(r):
                docs.append(row)
                values.append(codes.code(value))
        return codes, np.array(docs, dtype=np.int64), np.array(values, dtype=np.int64)

    # --- conditions -------------------------------------------------------------------

    def positions_of(self, pks):
        """Positions of the given page ids (ids not in the catalogue are left out)."""
        pks = np.asarray(pks, dtype=np.int64)
        found = np.searchsorted(self.pks, pks, sorter=self._pk_order)
        found = np.clip(found, 0, max(self.size - 1, 0))
        if self.size == 0:
            return found[:0]
        positions = self._pk_order[found]
        return positions[self.pks[positions] == pks]

    def _any(self, matrix, ids, chosen):
        columns = [ids.index(pk) for pk in chosen if pk in ids]
        if not columns:
            return np.zeros(self.size, dtype=bool)
        return matrix[:, columns].any(axis=1)

    def _all(self, matrix, ids, chosen):
        if any(pk not in ids for pk in chosen):
            return np.zeros(self.size, dtype=bool)
        return matrix[:, [ids.index(pk) for pk in chosen]].all(axis=1)

    def _pair_mask(self, codes, docs, values, value):
        mask = np.zeros(self.size, dtype=bool)
        code = codes.index.get(value)
        if code is not None:
            mask[docs[values == code]] = True
        return mask

    def masks(self, criteria: Criteria, keyword_positions=None, distance=None):
        """One boolean mask per active condition, keyed by the criteria field it comes from.

        `distance`: metres from the place the search starts at (criteria.near), if any.
        """
        c = criteria
        masks = {}
        if distance is not None and c.km is not None:
            masks["km"] = distance <= c.km * 1000
        if keyword_positions is not None:
            keyword = np.zeros(self.size, dtype=bool)
            keyword[keyword_positions] = True
            masks["q"] = keyword
        if c.service != SERVICE_ALL:
            code = self.service_codes.index.get(c.service)
            masks["service"] = (
                self.service == code if code is not None else np.zeros(self.size, dtype=bool)
            )
        if c.pref:
            masks["pref"] = self.prefecture == int(c.pref)
        if c.city:
            code = self.city_codes.index.get((c.pref, c.city))
            masks["city"] = (
                self.city == code if code is not None else np.zeros(self.size, dtype=bool)
            )
        if c.station:
            masks["station"] = self._pair_mask(
                self.station_codes, self.station_docs, self.station, self.station_named(c.station)
            )
        if c.line:
            masks["line"] = self._pair_mask(self.line_codes, self.line_docs, self.line, c.line)
        if c.work:
            masks["work"] = self._any(self.work, self.work_ids, c.work)
        if c.support:
            masks["support"] = self._all(self.support, self.support_ids, c.support)
        if c.target:
            masks["target"] = self._any(self.target, self.target_ids, c.target)
        if c.wage is not None:
            masks["wage"] = self.wage >= c.wage
        for flag in ("pickup", "visit", "trial", "openings"):
            if getattr(c, flag):
                masks[flag] = getattr(self, flag)
        return masks

    def _combine(self, masks, leave_out=()):
        """The facilities meeting every condition in `masks` but those named in `leave_out`."""
        if isinstance(leave_out, str):
            leave_out = (leave_out,)
        result = np.ones(self.size, dtype=bool)
        for name, mask in masks.items():
            if name not in leave_out:
                result &= mask
        return result

    def count(self, masks, leave_out=()):
        return int(self._combine(masks, leave_out).sum())

    # --- results ----------------------------------------------------------------------

    def results(
        self, criteria, keyword_pks=None, name_pks=None, distance=None, prefer_service=None
    ):
        """(ordered positions of the results, facets) for `criteria`.

        `keyword_pks` are the keyword index's candidates; `name_pks` those among all
        facilities whose name matches, to rank them first (found here when not given).
        `distance` is `distances_from(place)` when the search starts at a place;
        `prefer_service` ranks that service's offices first (the site search, all services).
        """
        keyword_positions = self.keyword_positions(criteria, keyword_pks)
        masks = self.masks(criteria, keyword_positions, distance)
        matched = self._combine(masks)
        order = self._order(matched, criteria, name_pks, distance, prefer_service)
        return order, self._facets(criteria, masks, distance)

    def __getstate__(self):
        # The records stay in the process that read them: as objects they would take the
        # other workers longer to load (0.8 s at 20,000) than the catalogue itself (0.04 s).
        return {**self.__dict__, "records": None}

    def keyword_positions(self, criteria, keyword_pks, texts=None):
        """Positions of the keyword index's candidates whose text has every term verbatim."""
        if keyword_pks is None:
            return None
        positions = self.positions_of(keyword_pks)
        # One- and two-character terms are matched exactly by the index already.
        long_terms = [t for t in normalize(criteria.q).split(" ") if len(t) > 2]
        if long_terms and len(positions):
            if texts is not None:
                return _verbatim(texts, positions, long_terms)
            # The same words over the same candidates (a popular search, its next pages):
            # checked once per catalogue.
            key = ("verbatim", tuple(long_terms), _digest(positions))
            kept = _memo.get(self.token, key)
            if kept is None:
                kept = _memo.put(self.token, key, _verbatim(self.texts, positions, long_terms))
            positions = kept
        return positions

    def _order(self, matched, criteria, name_pks=None, distance=None, prefer_service=None):
        sort = criteria.effective_sort
        if sort == "distance" and distance is not None:
            positions = np.flatnonzero(matched)
            # Offices without coordinates go last, in kana order (a stable sort).
            return positions[np.argsort(distance[positions], kind="stable")]
        if sort == "wage":
            return self.by_wage[matched[self.by_wage]]
        if sort == "walk":
            return self.by_walk[matched[self.by_walk]]
        positions = np.flatnonzero(matched)
        if sort == "relevance" and criteria.q:
            terms = normalize(criteria.q).split(" ")
            if name_pks is None:
                names = self.name_texts
                in_name = np.array([all(t in names[p] for t in terms) for p in positions], bool)
            else:
                named = self.keyword_positions(criteria, name_pks, texts=self.name_texts)
                in_name = np.isin(positions, named)
            rank = np.where(in_name, 2, 3)
            if len(positions) <= WORD_RANK_LIMIT:
                key = ("words", tuple(terms), _digest(positions))
                words = _memo.get(self.token, key)
                if words is None:
                    words = _memo.put(self.token, key, self._word_rank(positions, terms))
                rank = np.minimum(rank, words)
            if prefer_service is not None:
                code = self.service_codes.index.get(prefer_service)
                rank = rank + 4 * (self.service[positions] != code)
            # Whole words in the name, whole words anywhere, then the rest; kana order within.
            positions = positions[np.argsort(rank, kind="stable")]
        return positions

    def _word_rank(self, positions, terms):
        """0 where every term is a whole word of the name, 1 of the text, else 9."""
        patterns = [word_pattern(t) for t in terms if t]
        rank = np.full(len(positions), 9)
        for i, p in enumerate(positions):
            if all(pattern.search(marked_words(self.raw_names[p])) for pattern in patterns):
                rank[i] = 0
            elif all(
                pattern.search(marked_words(self.raw_names[p]))
                or pattern.search(marked_words(self.raw_texts[p]))
                for pattern in patterns
            ):
                rank[i] = 1
        return rank

    def _facets(self, c, masks, distance=None):
        def base(name):
            return self._combine(masks, leave_out=name)

        facets = {}
        if distance is not None:
            without = base("km")
            facets["km"] = [(km, int((without & (distance <= km * 1000)).sum())) for km in RADII_KM]
        else:
            facets["km"] = []
        without = base("service")
        service_counts = np.bincount(
            self.service[without], minlength=len(self.service_codes.values)
        )
        facets["service"] = [
            Option(
                value,
                label,
                int(service_counts[self.service_codes.index[value]])
                if value in self.service_codes.index
                else 0,
                c.service == value,
            )
            for value, label in ServiceType.choices
        ]

        without = base("pref")
        counts = np.bincount(self.prefecture[without], minlength=48)
        facets["pref"] = [(f"{code:02d}", int(counts[code])) for code in range(1, 48)]

        if c.pref:
            without = base("city")
            counts = np.bincount(self.city[without], minlength=len(self.city_codes.values))
            facets["city"] = sorted(
                (city, int(counts[code]))
                for code, (pref, city) in enumerate(self.city_codes.values)
                if pref == c.pref and city
            )
        else:
            facets["city"] = []

        facets["line"] = self._pair_counts(base("line"), self.line_codes, self.line_docs, self.line)
        facets["station"] = [
            (self.station_labels.get(name, name), name, count)
            for name, count in self._pair_counts(
                base("station"), self.station_codes, self.station_docs, self.station
            )
        ]

        facets["work"] = self._column_counts(base("work"), self.work_ids, self.work)
        # "All of" grows narrower: an option's count is the results with it added.
        facets["support"] = self._column_counts(
            self._combine(masks), self.support_ids, self.support
        )
        facets["target"] = self._column_counts(base("target"), self.target_ids, self.target)

        without = base("wage")
        facets["wage"] = [(step, int((without & (self.wage >= step)).sum())) for step in WAGE_STEPS]
        for flag in ("pickup", "visit", "trial", "openings"):
            facets[flag] = int((base(flag) & getattr(self, flag)).sum())
        return facets

    @staticmethod
    def _column_counts(mask, ids, matrix):
        counts = matrix[mask].sum(axis=0) if len(ids) else []
        return {pk: int(count) for pk, count in zip(ids, counts, strict=True)}

    @staticmethod
    def _pair_counts(mask, codes, docs, values, limit=40):
        """The most common values among the masked facilities, with their counts."""
        if not len(values):
            return []
        counts = np.bincount(values[mask[docs]], minlength=len(codes.values))
        top = [int(code) for code in np.argsort(-counts, kind="stable")[:limit] if counts[code]]
        return sorted((codes.values[code], int(counts[code])) for code in top)


_cache = {"generation": None, "catalog": None, "building": None}


def _fingerprint(record):
    return hashlib.blake2b(repr(record).encode(), digest_size=16).digest()


def _texts(records, previous=None):
    """Fingerprints, and (normalised name, normalised text, text as written), for each record.

    Making the texts is most of a build's time at national scale (strip_tags, normalising,
    readings); a record that is the previous catalogue's own (records are never changed once
    read), or equal to it (the same fingerprint), takes its texts from there."""
    positions, own = {}, {}
    if previous is not None and getattr(previous, "fingerprints", None) is not None:
        positions = {int(pk): position for position, pk in enumerate(previous.pks)}
        own = {id(r): True for r in previous.records or ()}
    fingerprints, texts = [], []
    for record in records:
        position = positions.get(record.pk)
        # The previous catalogue's own record (an incremental build) is not fingerprinted again.
        if position is not None and id(record) in own:
            fingerprint = previous.fingerprints[position]
        else:
            fingerprint = _fingerprint(record)
        if position is not None and previous.fingerprints[position] == fingerprint:
            made = (
                previous.name_texts[position],
                previous.texts[position],
                previous.raw_texts[position],
            )
        else:
            d = document(record)
            made = (normalize(d.name), normalize(f"{d.name} {d.body}"), written_text(record))
        fingerprints.append(fingerprint)
        texts.append(made)
    return fingerprints, texts


def _digest(positions):
    return hashlib.blake2b(np.ascontiguousarray(positions).tobytes()).digest()


def _verbatim(texts, positions, terms):
    keep = [all(t in texts[p] for t in terms) for p in positions]
    return positions[np.array(keep, dtype=bool)]


class _Memo:
    """Results kept for one catalogue at a time (which candidates have a query's words
    verbatim, how they rank), least recently used dropped first."""

    def __init__(self, size=256):
        self._lock = threading.Lock()
        self._size = size
        self._token = None
        self._entries = OrderedDict()

    def get(self, token, key):
        with self._lock:
            if token != self._token or key not in self._entries:
                return None
            self._entries.move_to_end(key)
            return self._entries[key]

    def put(self, token, key, value):
        with self._lock:
            if token != self._token:
                self._token, self._entries = token, OrderedDict()
            self._entries[key] = value
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)
        return value


_memo = _Memo()
_lock = threading.Lock()


def _saved(generation):
    folder, build, number = generation
    return Path(folder) / f"catalog-{FORMAT}-{build}-{number}.pickle"


def get_catalog(generation):
    """The catalogue for this search-index generation, or, while it is being built, the one
    before it: no visitor waits for a build once the process has a catalogue.

    A build takes seconds at national scale; it is saved beside the index, so the other
    worker processes load it (tens of milliseconds) instead of each building their own.
    The first catalogue of a process is built (or loaded) before it answers.
    """
    with _lock:
        current = _cache["catalog"]
        if _cache["generation"] == generation and current is not None:
            return current
        loaded = _read(_saved(generation))
        if loaded is not None:
            _settle()
            _cache.update(generation=generation, catalog=loaded)
            return loaded
        if current is None or not getattr(settings, "CATALOG_BUILD_IN_BACKGROUND", True):
            catalog = _build(generation, current)
            _cache.update(generation=generation, catalog=catalog)
            return catalog
        if _cache["building"] != generation:
            _cache["building"] = generation
            thread = threading.Thread(
                target=_build_in_background, args=(generation, current), daemon=True
            )
            _cache["thread"] = thread
            thread.start()
        return current  # the previous facilities, for the second or two the build takes


def _build(generation, previous=None, head_start=0.0):
    """Build the catalogue, unless another process sharing the index folder (gunicorn's other
    workers) is building the same one: then wait for it and load what it saved. In the
    background, a process without the previous records (it loaded its catalogue) gives one
    that has them `head_start` seconds to build it, since that one reads only what changed."""
    path = _saved(generation)
    if previous is not None and getattr(previous, "records", None) is None:
        deadline = time.monotonic() + head_start
        while time.monotonic() < deadline and not path.exists():
            time.sleep(0.05)
    with open(path.parent / "catalog.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            catalog = _read(path)
            if catalog is None:
                catalog = _make(generation, previous)
                _save(catalog, path)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    _settle()
    return catalog


def _make(generation, previous):
    """A catalogue for `generation`. When it follows `previous` on the same index build by
    at most INCREMENTAL_CHANGES change records, only the facilities those records name are
    read again from the database (a publish: a few rows instead of every facility);
    otherwise every facility is."""
    from ..models import FacilityChange, FacilityPage

    index_build = generation[1]
    applied = FacilityChange.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    follows = (
        previous is not None
        and getattr(previous, "records", None) is not None
        and previous.index_build == index_build
        and previous.applied is not None
        and 0 <= applied - previous.applied <= INCREMENTAL_CHANGES
    )
    if not follows:
        return Catalog(load(), previous, applied, index_build)
    changed = set(
        FacilityChange.objects.filter(pk__gt=previous.applied, pk__lte=applied).values_list(
            "page_id", flat=True
        )
    )
    fresh = load(FacilityPage.objects.live().filter(pk__in=changed)) if changed else []
    records = [r for r in previous.records if r.pk not in changed] + fresh
    return Catalog(records, previous, applied, index_build)


_full_settle = {"at": None}
# How often _settle() lets go of what it froze and runs a full collection (0.16 s at 20,000
# offices, every process): at most this often, not after every publish.
FULL_SETTLE_SECONDS = 600


def _settle():
    """Leave the catalogue's ~100,000 long-lived objects out of the cyclic garbage collector's
    full passes, which otherwise stall a request now and then (150 ms at 20,000 offices).

    A catalogue replaced meanwhile is freed by reference counting (it holds no cycles), frozen
    or not. Cyclic garbage frozen along with it would stay, so every FULL_SETTLE_SECONDS what
    was frozen is let go and fully collected first; in between only the young generations
    are collected before freezing."""
    now = time.monotonic()
    if _full_settle["at"] is None or now - _full_settle["at"] >= FULL_SETTLE_SECONDS:
        gc.unfreeze()
        gc.collect()
        _full_settle["at"] = now
    else:
        gc.collect(1)
    gc.freeze()


def _build_in_background(generation, previous):
    from django.db import close_old_connections

    try:
        catalog = _build(generation, previous, head_start=HEAD_START)
        with _lock:
            # A newer generation may have been asked for meanwhile; it replaces this one then.
            if _cache["building"] == generation:
                _cache.update(generation=generation, catalog=catalog, building=None)
    except Exception:
        logger.exception("Building the directory catalogue failed; the previous one is kept")
        with _lock:
            _cache["building"] = None
    finally:
        close_old_connections()


def _read(path):
    try:
        with open(path, "rb") as file:
            # Written by this application into its own index folder, never uploaded.
            return pickle.load(file)  # noqa: S301
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        return None


def _save(catalog, path):
    try:
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        with open(temporary, "wb") as file:
            pickle.dump(catalog, file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
        for old in path.parent.glob("catalog-*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        logger.warning("Could not save the directory catalogue to %s", path, exc_info=True)


def forget_memos():
    """Drop what was kept for the current catalogue (a benchmark's cold requests)."""
    _memo.put(None, None, None)


def clear():
    with _lock:
        _cache.update(generation=None, catalog=None, building=None)
