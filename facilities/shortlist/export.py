"""The directory's current search as CSV, for social workers' own records.

UTF-8 with a byte-order mark and CRLF line ends, so Excel opens it with Japanese intact.
A cell that starts like a formula is prefixed with an apostrophe (CSV injection).
"""

import csv

from home.spreadsheets import BOM, safe_cell

from ..models import FacilityPage
from ..opendata import bulk

COLUMNS = [
    ("事業所名", lambda p, url: p.title),
    ("ふりがな", lambda p, url: p.name_kana),
    ("サービスの種類", lambda p, url: p.get_service_type_display()),
    ("事業所番号", lambda p, url: p.office_number),
    ("運営法人", lambda p, url: p.corporation_name),
    ("都道府県", lambda p, url: p.prefecture_name),
    ("市区町村", lambda p, url: p.city),
    ("番地・建物名", lambda p, url: p.address_rest),
    ("電話番号", lambda p, url: p.phone),
    ("FAX番号", lambda p, url: p.fax),
    ("ホームページ", lambda p, url: p.website),
    (
        "最寄り駅",
        lambda p, url: "、".join(s.summary for s in p.station_facts),
    ),
    ("作業内容", lambda p, url: "、".join(w.name for w in p.work_types.all())),
    ("平均工賃（月額・円）", lambda p, url: p.wage_monthly_average),
    ("工賃の年度", lambda p, url: p.wage_fiscal_year),
    ("送迎", lambda p, url: p.get_pickup_display() if p.pickup else ""),
    ("見学", lambda p, url: p.get_visit_display() if p.visit else ""),
    ("体験利用", lambda p, url: p.get_trial_display() if p.trial else ""),
    ("空き状況", lambda p, url: p.get_openings_display() if p.openings else ""),
    ("空き状況の確認日", lambda p, url: p.openings_confirmed_on),
    ("定員", lambda p, url: p.capacity),
    ("このサイトのページ", lambda p, url: url),
    ("出典", lambda p, url: p.source_name),
]


def rows(pks, request):
    """The header, then one row per facility in `pks` order (read a few hundred at a time)."""
    yield [label for label, _ in COLUMNS]
    for chunk in bulk.chunks(pks, 500):
        pages = FacilityPage.objects.filter(pk__in=chunk).prefetch_related(
            "work_types",
            *FacilityPage.station_prefetches(),
        )
        by_pk = {page.pk: page for page in pages}
        for pk in chunk:
            page = by_pk.get(pk)
            if page is not None:
                url = request.build_absolute_uri(page.get_url(request))
                yield [safe_cell(read(page, url)) for _, read in COLUMNS]


class _Echo:
    def write(self, value):
        return value


def lines(pks, request):
    """CSV text, line by line (for a streaming response)."""
    writer = csv.writer(_Echo(), lineterminator="\r\n")
    yield BOM
    for row in rows(pks, request):
        yield writer.writerow(row)
