"""The facts of live facilities in bulk, for the keyword index and the directory's filters.

A fixed number of queries loads every facility, however many there are; both the search
index and the facet catalogue are built from these records.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.html import strip_tags

from ..choices import PREFECTURE_NAMES, Availability, Openings
from ..models import FacilityPage, FacilityStation, NearbyStation
from .search import Document
from .text import normalize, reading, without_legal_form

SCALAR_FIELDS = [
    "pk",
    "title",
    "name_kana",
    "office_number",
    "service_type",
    "corporation_name",
    "corporation_kana",
    "prefecture",
    "city",
    "address_rest",
    "pickup",
    "pickup_area",
    "visit",
    "trial",
    "openings",
    "wage_monthly_average",
    "work_description",
    "introduction",
    "atmosphere",
    "latitude",
    "longitude",
]


@dataclass
class Station:
    name: str
    line: str
    walk_minutes: int | None
    estimated: bool = False


@dataclass
class FacilityRecord:
    pk: int
    title: str
    name_kana: str
    office_number: str
    service_type: str
    corporation_name: str
    corporation_kana: str
    prefecture: str
    city: str
    address_rest: str
    pickup: str
    pickup_area: str
    visit: str
    trial: str
    openings: str
    wage_monthly_average: int | None
    work_description: str
    introduction: str
    atmosphere: str
    latitude: object = None  # Decimal or None
    longitude: object = None
    work_types: list = field(default_factory=list)  # (pk, name)
    supports: list = field(default_factory=list)
    target_disabilities: list = field(default_factory=list)
    qualifications: list = field(default_factory=list)
    stations: list = field(default_factory=list)  # Station

    @property
    def has_pickup(self):
        return self.pickup == Availability.YES

    @property
    def has_openings(self):
        return self.openings in (Openings.OPEN, Openings.FEW)

    @property
    def min_walk_minutes(self):
        minutes = [s.walk_minutes for s in self.stations if s.walk_minutes is not None]
        return min(minutes) if minutes else None

    @property
    def sort_name(self):
        """Kana order (五十音順): by the kana reading, the name where there is none."""
        return normalize(self.name_kana) or reading(self.title) or normalize(self.title)


def _many_to_many(field_name, pks):
    """{page pk: [(term pk, term name), …]} for one of the taxonomy fields."""
    relation = FacilityPage._meta.get_field(field_name)
    through = relation.remote_field.through
    target = relation.related_model
    names = dict(target.objects.values_list("pk", "name"))
    order = {pk: i for i, pk in enumerate(target.objects.values_list("pk", flat=True))}
    source_column = relation.m2m_field_name() + "_id"
    target_column = relation.m2m_reverse_field_name() + "_id"
    result = defaultdict(list)
    for page_id, term_id in through.objects.values_list(source_column, target_column):
        if page_id in pks:
            result[page_id].append((term_id, names[term_id]))
    for terms in result.values():
        terms.sort(key=lambda term: order[term[0]])
    return result


def load(queryset=None):
    """FacilityRecords for the live facilities in `queryset` (default: all of them)."""
    if queryset is None:
        queryset = FacilityPage.objects.live()
    rows = list(queryset.order_by().values(*SCALAR_FIELDS))
    pks = {row["pk"] for row in rows}
    taxonomies = {
        name: _many_to_many(name, pks)
        for name in ("work_types", "supports", "target_disabilities", "qualifications")
    }
    stations = defaultdict(list)
    for page_id, name, line, minutes in (
        FacilityStation.objects.filter(page_id__in=pks)
        .order_by("page_id", "sort_order", "pk")
        .values_list("page_id", "station", "line", "walk_minutes")
    ):
        stations[page_id].append(Station(name, line, minutes))
    # Estimates from the coordinates, for offices whose staff entered no station.
    for page_id, name, line, minutes in (
        NearbyStation.objects.filter(page_id__in=pks)
        .order_by("page_id", "rank", "pk")
        .values_list("page_id", "station", "line", "walk_minutes")
    ):
        if page_id not in stations or stations[page_id][0].estimated:
            stations[page_id].append(Station(name, line, minutes, estimated=True))
    records = []
    for row in rows:
        record = FacilityRecord(**row)
        for name, by_page in taxonomies.items():
            setattr(record, name, by_page.get(record.pk, []))
        record.stations = stations.get(record.pk, [])
        records.append(record)
    return records


def _written(record):
    """The record's text as written, field by field (no kana or readings)."""
    return [
        record.corporation_name,
        record.city,
        record.address_rest,
        " ".join(s.name for s in record.stations),
        " ".join(s.line for s in record.stations),
        *(
            " ".join(term for _, term in getattr(record, taxonomy))
            for taxonomy in ("work_types", "supports", "target_disabilities", "qualifications")
        ),
        record.pickup_area,
        strip_tags(record.work_description),
        strip_tags(record.introduction),
        record.atmosphere,
    ]


def written_text(record):
    """Where whole words are looked for: Sudachi splits written Japanese well but hiragana
    readings badly (しゅっぱん has ぱん)."""
    return " ".join(_written(record))


def document(record):
    """The text of one facility as the keyword index sees it."""
    prefecture = PREFECTURE_NAMES.get(record.prefecture, "")
    station_names = " ".join(f"{s.name} {s.name}駅" for s in record.stations)
    name = " ".join([record.title, record.name_kana, reading(record.title)])
    body = " ".join(
        [
            record.office_number,
            prefecture,
            *_written(record),
            station_names,
            without_legal_form(record.corporation_kana),
            reading(without_legal_form(record.corporation_name)),
            reading(prefecture + record.city),
            reading(" ".join(s.name for s in record.stations)),
            reading(" ".join(s.line for s in record.stations)),
        ]
    )
    short = " ".join([record.title, record.name_kana, prefecture, record.city, station_names])
    return Document(pk=record.pk, name=name, body=body, short=short)
