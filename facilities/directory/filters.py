"""The directory's search conditions, read from and written back to the URL.

Everything a person chose lives in the query string, so a search can be bookmarked or sent
to a colleague. Reading is forgiving: unknown parameters are ignored, and a value that cannot
be understood is dropped with a message saying so; nothing here raises on bad input.
"""

from dataclasses import dataclass, field, fields, replace
from urllib.parse import urlencode

from ..choices import PREFECTURE_NAMES, ServiceType
from .places import RADII_KM
from .search import MAX_QUERY_LENGTH
from .stations import station_key

SERVICE_ALL = "all"
SORTS = {
    "distance": "近い順",
    "relevance": "関連する順",
    "wage": "工賃が高い順",
    "walk": "駅から近い順",
    "kana": "名前順（五十音）",
}
WAGE_STEPS = [5000, 10000, 15000, 20000, 30000, 50000]
PER_PAGE = 20
# Conditions that only mean something with another one.
DEPENDS_ON = {"city": "pref", "km": "near"}
MAX_TERMS = 30  # taxonomy values per parameter; more is not a person choosing
MAX_PAGE = 10_000


@dataclass(frozen=True)
class Criteria:
    q: str = ""
    pref: str = ""
    city: str = ""
    station: str = ""
    line: str = ""
    near: str = ""  # a station or 市区町村 to measure distances from (places.resolve)
    km: int | None = None  # only offices within this distance of `near`
    work: tuple = ()  # work type ids: any of them
    support: tuple = ()  # support ids: all of them
    target: tuple = ()  # target disability ids: any of them
    pickup: bool = False
    wage: int | None = None  # minimum average monthly wage
    visit: bool = False
    trial: bool = False
    openings: bool = False
    service: str = ServiceType.TYPE_B.value
    sort: str = ""
    page: int = 1

    @property
    def effective_sort(self):
        if self.sort:
            return self.sort
        if self.near:
            return "distance"
        return "relevance" if self.q else "kana"

    @property
    def is_filtered(self):
        """Whether any condition narrows the list (the sort order and page do not)."""
        return self != replace(Criteria(), sort=self.sort, page=self.page)

    @staticmethod
    def clearing(name):
        """The fields to reset to drop condition `name`: a city goes with its prefecture."""
        return (name, *(field for field, parent in DEPENDS_ON.items() if parent == name))

    def without(self, name):
        """The query string with condition `name` (and what depends on it) removed."""
        default = Criteria()
        return self.query_string(**{f: getattr(default, f) for f in self.clearing(name)})

    def with_changes(self, **changes):
        """A copy with `changes`, back on the first page unless a page is given."""
        changes.setdefault("page", 1)
        return replace(self, **changes)

    def query_string(self, **changes):
        """The URL query string for these criteria (with `changes`), defaults left out."""
        criteria = self.with_changes(**changes) if changes else self
        pairs = []
        default = Criteria()
        for f in fields(criteria):
            value = getattr(criteria, f.name)
            if value == getattr(default, f.name):
                continue
            if isinstance(value, tuple):
                pairs.extend((f.name, str(v)) for v in value)
            elif isinstance(value, bool):
                pairs.append((f.name, "1"))
            else:
                pairs.append((f.name, str(value)))
        return "?" + urlencode(pairs) if pairs else "?"


@dataclass
class Parsed:
    criteria: Criteria
    problems: list = field(default_factory=list)


MAX_ID_DIGITS = 12


def record_id(value):
    """A database id from a URL or form value ("12"), or None for anything else.

    ASCII digits only: "²" passes str.isdigit() but int() refuses it.
    """
    text = (value or "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > MAX_ID_DIGITS:
        return None
    return int(text)


def _one(params, name):
    values = params.getlist(name)
    return values[-1].strip() if values else ""


def _ids(params, name, known, problems, label):
    chosen = []
    for raw in params.getlist(name)[:MAX_TERMS]:
        try:
            value = int(raw)
        except (TypeError, ValueError):
            value = None
        if value in known and value not in chosen:
            chosen.append(value)
        else:
            problems.append(f"「{label}」の条件に、見つからない項目があったため外しました。")
    return tuple(sorted(chosen))


def _step(params, name, steps, problems, label):
    """One of the fixed `steps` (工賃 月1万円以上, 5km以内), or None with a message."""
    raw = _one(params, name)
    if not raw:
        return None
    value = int(raw) if raw.isascii() and raw.isdigit() else None
    if value not in steps:
        problems.append(f"{label}の条件を読み取れなかったため、外しました。")
        return None
    return value


def _flag(params, name):
    return _one(params, name) in {"1", "on", "true"}


def parse(params, *, work_ids=(), support_ids=(), target_ids=()):
    """Criteria from a QueryDict; ids not in the given known sets are dropped."""
    problems = []

    q = " ".join(_one(params, "q").split())
    if len(q) > MAX_QUERY_LENGTH:
        q = q[:MAX_QUERY_LENGTH]
        problems.append(f"キーワードが長すぎるため、最初の{MAX_QUERY_LENGTH}文字で検索しました。")

    pref = _one(params, "pref")
    if pref and pref not in PREFECTURE_NAMES:
        problems.append("都道府県の指定を読み取れなかったため、外しました。")
        pref = ""

    service = _one(params, "service") or ServiceType.TYPE_B.value
    if service != SERVICE_ALL and service not in ServiceType.values:
        problems.append("サービスの種類の指定を読み取れなかったため、B型で表示しています。")
        service = ServiceType.TYPE_B.value

    wage = _step(params, "wage", WAGE_STEPS, problems, "工賃")
    km = _step(params, "km", RADII_KM, problems, "距離")

    sort = _one(params, "sort")
    if sort and sort not in SORTS:
        problems.append("並び順の指定を読み取れなかったため、標準の順で表示しています。")
        sort = ""

    page = 1
    raw_page = _one(params, "page")
    if raw_page:
        try:
            page = int(raw_page)
        except ValueError:
            page = 0
        if not 1 <= page <= MAX_PAGE:
            problems.append("ページの指定を読み取れなかったため、最初のページを表示しています。")
            page = 1

    criteria = Criteria(
        q=q,
        pref=pref,
        city=_one(params, "city")[:40],
        station=station_key(_one(params, "station")),
        line=_one(params, "line")[:60],
        near=" ".join(_one(params, "near").split())[:60],
        km=km,
        work=_ids(params, "work", set(work_ids), problems, "作業内容"),
        support=_ids(params, "support", set(support_ids), problems, "支援内容"),
        target=_ids(params, "target", set(target_ids), problems, "対象となる障害"),
        pickup=_flag(params, "pickup"),
        wage=wage,
        visit=_flag(params, "visit"),
        trial=_flag(params, "trial"),
        openings=_flag(params, "openings"),
        service=service,
        sort=sort,
        page=page,
    )
    return Parsed(criteria, list(dict.fromkeys(problems)))
