"""Realistic synthetic facilities in bulk, for benchmarks at national scale (~20,000 offices).

Names, places, work, wages and supports are drawn from plausible distributions so that
filters and keyword searches select realistic shares of the directory. Pages are inserted
in bulk: a few statements per thousand facilities instead of dozens per page, which turns
hours into a minute. Generated pages are live but have no revisions (as if created by an
import); editing one in the admin creates its first revision as usual.
"""

import random
from dataclasses import dataclass

from django.db import transaction

from ..models import (
    FacilityHours,
    FacilityPage,
    FacilityStation,
    Qualification,
    Support,
    TargetDisability,
    WorkType,
)
from ..opendata import bulk, estimates

# (prefecture code, city, [(station, line)]): real places, weighted by repetition below.
PLACES = [
    (
        "13",
        "八王子市",
        [("八王子", "JR中央線"), ("京王八王子", "京王線"), ("西八王子", "JR中央線")],
    ),
    (
        "13",
        "町田市",
        [("町田", "JR横浜線"), ("町田", "小田急小田原線"), ("玉川学園前", "小田急小田原線")],
    ),
    (
        "13",
        "世田谷区",
        [
            ("三軒茶屋", "東急田園都市線"),
            ("下北沢", "小田急小田原線"),
            ("二子玉川", "東急田園都市線"),
        ],
    ),
    ("13", "大田区", [("蒲田", "JR京浜東北線"), ("大森", "JR京浜東北線"), ("池上", "東急池上線")]),
    (
        "13",
        "練馬区",
        [("練馬", "西武池袋線"), ("石神井公園", "西武池袋線"), ("光が丘", "都営大江戸線")],
    ),
    (
        "14",
        "相模原市南区",
        [("相模大野", "小田急小田原線"), ("東林間", "小田急江ノ島線"), ("古淵", "JR横浜線")],
    ),
    (
        "14",
        "相模原市中央区",
        [("相模原", "JR横浜線"), ("淵野辺", "JR横浜線"), ("上溝", "JR相模線")],
    ),
    ("14", "相模原市緑区", [("橋本", "JR横浜線"), ("橋本", "京王相模原線"), ("相原", "JR横浜線")]),
    (
        "14",
        "横浜市港北区",
        [("新横浜", "JR横浜線"), ("菊名", "東急東横線"), ("日吉", "東急東横線")],
    ),
    ("14", "横浜市青葉区", [("青葉台", "東急田園都市線"), ("たまプラーザ", "東急田園都市線")]),
    (
        "14",
        "川崎市中原区",
        [("武蔵小杉", "JR南武線"), ("武蔵小杉", "東急東横線"), ("元住吉", "東急東横線")],
    ),
    (
        "14",
        "藤沢市",
        [("藤沢", "JR東海道線"), ("湘南台", "小田急江ノ島線"), ("辻堂", "JR東海道線")],
    ),
    ("11", "さいたま市大宮区", [("大宮", "JR京浜東北線"), ("大宮", "東武野田線")]),
    ("11", "川口市", [("川口", "JR京浜東北線"), ("西川口", "JR京浜東北線")]),
    ("12", "千葉市中央区", [("千葉", "JR総武線"), ("本千葉", "JR外房線")]),
    ("12", "船橋市", [("船橋", "JR総武線"), ("西船橋", "東京メトロ東西線")]),
    (
        "01",
        "札幌市中央区",
        [("大通", "札幌市営地下鉄南北線"), ("すすきの", "札幌市営地下鉄南北線")],
    ),
    ("01", "旭川市", [("旭川", "JR函館本線")]),
    ("04", "仙台市青葉区", [("仙台", "JR東北本線"), ("北四番丁", "仙台市地下鉄南北線")]),
    ("23", "名古屋市中村区", [("名古屋", "JR東海道本線"), ("中村公園", "名古屋市営地下鉄東山線")]),
    ("23", "豊田市", [("豊田市", "名鉄三河線")]),
    ("26", "京都市伏見区", [("伏見", "近鉄京都線"), ("丹波橋", "京阪本線")]),
    ("27", "大阪市北区", [("梅田", "大阪メトロ御堂筋線"), ("天満", "JR大阪環状線")]),
    ("27", "堺市堺区", [("堺", "南海本線"), ("堺東", "南海高野線")]),
    ("27", "東大阪市", [("布施", "近鉄奈良線"), ("長田", "大阪メトロ中央線")]),
    ("28", "神戸市中央区", [("三宮", "JR神戸線"), ("元町", "JR神戸線")]),
    ("34", "広島市中区", [("紙屋町東", "広島電鉄"), ("八丁堀", "広島電鉄")]),
    ("40", "福岡市博多区", [("博多", "JR鹿児島本線"), ("祇園", "福岡市地下鉄空港線")]),
    ("40", "北九州市小倉北区", [("小倉", "JR鹿児島本線")]),
    ("43", "熊本市中央区", [("熊本", "JR鹿児島本線"), ("水道町", "熊本市電")]),
    ("47", "那覇市", [("県庁前", "沖縄都市モノレール"), ("おもろまち", "沖縄都市モノレール")]),
]
NAME_HEADS = [
    ("ひだまり", "ひだまり"),
    ("さくら", "さくら"),
    ("みどり", "みどり"),
    ("こもれび", "こもれび"),
    ("あおぞら", "あおぞら"),
    ("ひまわり", "ひまわり"),
    ("つばさ", "つばさ"),
    ("ぽけっと", "ぽけっと"),
    ("若葉", "わかば"),
    ("陽だまり", "ひだまり"),
    ("希望", "きぼう"),
    ("結", "ゆい"),
    ("ワーク", "わーく"),
    ("ステップ", "すてっぷ"),
    ("アトリエ", "あとりえ"),
    ("ファーム", "ふぁーむ"),
]
NAME_TAILS = [
    ("工房", "こうぼう"),
    ("作業所", "さぎょうしょ"),
    ("ワークス", "わーくす"),
    ("の家", "のいえ"),
    ("センター", "せんたー"),
    ("ファクトリー", "ふぁくとりー"),
    ("舎", "しゃ"),
    ("ハウス", "はうす"),
]
CORPORATION_KINDS = [
    ("社会福祉法人", "しゃかいふくしほうじん"),
    ("特定非営利活動法人", "とくていひえいりかつどうほうじん"),
    ("一般社団法人", "いっぱんしゃだんほうじん"),
    ("株式会社", "かぶしきがいしゃ"),
    ("合同会社", "ごうどうがいしゃ"),
]
SENTENCES = [
    "一人ひとりの体調やペースに合わせて、無理なく通えるように支援しています。",
    "作業は細かく工程を分けているので、初めての方でも取り組みやすいです。",
    "静かな環境で、自分の作業に集中できます。",
    "季節の行事や外出レクリエーションもあります。",
    "職員が定期的に面談し、困っていることを一緒に考えます。",
    "一般企業への就職をめざす方の相談にものっています。",
    "駅から近く、雨の日も通いやすい場所です。",
    "週1日、1日2時間からの利用もできます。",
]
WORK_SENTENCES = {
    "パン・菓子・調理補助": "パンや焼き菓子を作って、近くの店で販売しています。",
    "造花・アーティフィシャルフラワー": (
        "アーティフィシャルフラワー（造花）のアレンジメントを制作しています。"
    ),
    "農作業": "畑で季節の野菜を育て、朝市で販売しています。",
    "データ入力・PC作業": "パソコンでのデータ入力や、名刺のデータ作成をしています。",
    "清掃": "近くの公園や施設の清掃を請け負っています。",
}


@dataclass
class Generated:
    page: FacilityPage
    stations: list
    works: list
    supports: list
    targets: list
    qualifications: list


@dataclass
class Terms:
    work: list
    support: list
    target: list
    qualification: list

    @classmethod
    def load(cls):
        return cls(
            work=list(WorkType.objects.all()),
            support=list(Support.objects.all()),
            target=list(TargetDisability.objects.all()),
            qualification=list(Qualification.objects.all()),
        )


def _facility(rng, terms, number):
    prefecture, city, stations = rng.choice(PLACES)
    head, head_kana = rng.choice(NAME_HEADS)
    tail, tail_kana = rng.choice(NAME_TAILS)
    place_word = city.replace("市", " ").split()[0][:4]
    title = f"{head}{tail} {place_word}{number % 97 + 1}"
    kind, kind_kana = rng.choice(CORPORATION_KINDS)
    slug = f"synthetic-{number:06d}"
    wage = max(3000, int(rng.gauss(23000, 11000)) // 100 * 100) if rng.random() < 0.9 else None
    works = rng.sample(terms.work, rng.randint(1, 3))
    page = FacilityPage(
        title=title,
        slug=slug,
        name_kana=f"{head_kana}{tail_kana}",
        office_number=f"{int(prefecture):02d}{number:08d}",
        service_type=rng.choices(["b", "a", "transition"], weights=[80, 12, 8])[0],
        corporation_name=f"{kind}{head}会",
        corporation_kana=f"{kind_kana}{head_kana}かい",
        prefecture=prefecture,
        city=city,
        address_rest=f"{rng.randint(1, 9)}-{rng.randint(1, 30)}-{rng.randint(1, 20)}",
        postal_code=f"{rng.randint(100, 999)}-{rng.randint(0, 9999):04d}",
        phone=f"0{rng.randint(10, 99)}-000-{rng.randint(0, 9999):04d}",
        capacity=rng.choice([10, 14, 20, 20, 20, 30, 40]),
        wage_monthly_average=wage,
        wage_fiscal_year=2024 if wage else None,
        pickup=rng.choice(["yes", "no", ""]),
        visit=rng.choices(["yes", ""], weights=[9, 1])[0],
        trial=rng.choices(["yes", "no", ""], weights=[7, 1, 2])[0],
        openings=rng.choice(["open", "few", "waitlist", "ask", ""]),
        closed_days="日曜・祝日",
        work_description="".join(
            f"<p>{WORK_SENTENCES[w.name]}</p>" for w in works if w.name in WORK_SENTENCES
        ),
        introduction="<p>" + "".join(rng.sample(SENTENCES, 3)) + "</p>",
    )
    return Generated(
        page=page,
        stations=rng.sample(stations, min(2, len(stations))),
        works=works,
        supports=rng.sample(terms.support, rng.randint(1, 4)),
        targets=rng.sample(terms.target, rng.randint(1, 3)),
        qualifications=rng.sample(terms.qualification, rng.randint(0, 2)),
    )


@transaction.atomic
def generate(directory, count, seed=2026, batch=1000, progress=None):
    """Insert `count` live facilities under `directory`; returns how many were made."""
    rng = random.Random(seed)
    terms = Terms.load()
    if not terms.work:
        raise ValueError("No work types yet: run load_demo first.")
    first_number = FacilityPage.objects.filter(slug__startswith="synthetic-").count() + 1
    made = 0
    while made < count:
        size = min(batch, count - made)
        built = [_facility(rng, terms, first_number + made + i) for i in range(size)]
        bulk.insert_pages(directory, [generated.page for generated in built])
        _relations(rng, built)
        # As an import does: the estimated stations (kept, though staff stations win here).
        estimates.refresh([generated.page.pk for generated in built])
        made += size
        if progress:
            progress(made, count)
    bulk.count_children(directory)
    return made


def _relations(rng, built):
    through = {
        name: FacilityPage._meta.get_field(name).remote_field.through
        for name in ("work_types", "supports", "target_disabilities", "qualifications")
    }
    rows = {name: [] for name in through}
    stations, hours = [], []
    for g in built:
        pk = g.page.pk
        rows["work_types"] += [
            through["work_types"](facilitypage_id=pk, worktype_id=t.pk) for t in g.works
        ]
        rows["supports"] += [
            through["supports"](facilitypage_id=pk, support_id=t.pk) for t in g.supports
        ]
        rows["target_disabilities"] += [
            through["target_disabilities"](facilitypage_id=pk, targetdisability_id=t.pk)
            for t in g.targets
        ]
        rows["qualifications"] += [
            through["qualifications"](facilitypage_id=pk, qualification_id=t.pk)
            for t in g.qualifications
        ]
        stations += [
            FacilityStation(
                page_id=pk, station=name, line=line, walk_minutes=rng.randint(2, 25), sort_order=i
            )
            for i, (name, line) in enumerate(g.stations)
        ]
        hours.append(
            FacilityHours(
                page_id=pk, day_type="weekday", opens_at="09:30", closes_at="15:30", sort_order=0
            )
        )
    for name, model in through.items():
        model.objects.bulk_create(rows[name])
    FacilityStation.objects.bulk_create(stations)
    FacilityHours.objects.bulk_create(hours)
