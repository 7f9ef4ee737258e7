"""Demo articles: invented, written for this site, by invented staff of the demo offices."""

import datetime

from facilities.models import FacilityPage
from home.demo.pages import callout
from home.demo.pages import heading as h
from home.demo.pages import paragraph as p

from .models import BlogAuthor, BlogCategory, BlogIndexPage, BlogPage

CATEGORIES = [
    ("start", "利用のはじめ方", "見学・体験・手続きなど、利用を始めるまでのこと。"),
    ("support", "支援のしくみ", "個別支援計画や工賃など、制度と支援のこと。"),
    ("daily", "事業所の日々", "作業や行事など、事業所のふだんのようす。"),
]
AUTHORS = [
    ("森川 さくら", "サービス管理責任者", "demo-01"),
    ("北村 大輔", "生活支援員", "demo-02"),
    ("B型ナビ編集部", "", None),
]


def table(caption, header, *rows):
    return {
        "type": "table",
        "value": {
            "data": [header, *rows],
            "first_row_is_table_header": True,
            "first_col_is_header": False,
            "table_caption": caption,
        },
    }


def checklist(title, *items):
    return {"type": "checklist", "value": {"title": title, "items": list(items)}}


def qa(title, *pairs):
    return {
        "type": "questions",
        "value": {
            "title": title,
            "items": [{"question": q, "answer": a} for q, a in pairs],
        },
    }


def cta(kind, text, facility=None):
    return {
        "type": "call_to_action",
        "value": {"kind": kind, "text": text, "facility": facility.pk if facility else None},
    }


def articles(offices):
    bakery, flowers = offices["demo-01"], offices["demo-02"]
    return [
        dict(
            slug="before-your-visit",
            title="見学の前に準備しておくと安心なこと",
            date=datetime.date(2026, 8, 20),
            author=2,
            categories=["start"],
            tags=["見学", "はじめて"],
            summary="はじめての見学は緊張するものです。持ち物や聞いておきたいことを、"
            "チェックリストにまとめました。",
            body=[
                h("見学ではなにをするの？"),
                p(
                    "<p>作業場を見せてもらい、職員から一日の流れや工賃の話を聞きます。"
                    "時間は1時間ほどのところが多く、その場で利用を決める必要はありません。</p>"
                ),
                h("持っていくと安心なもの"),
                checklist(
                    "見学の持ち物",
                    "筆記用具とメモ帳",
                    "聞きたいことを書いた紙",
                    "障害者手帳や受給者証（持っていれば）",
                    "飲み物",
                ),
                h("聞いておきたいこと", "h3"),
                p(
                    "<p>通う日数や時間を調整できるか、昼食はどうするか、体調が悪い日の"
                    "連絡方法など、気になることは遠慮なく聞いてください。</p>"
                ),
                cta("visit", "気になる事業所が見つかったら、まずは見学から。"),
            ],
        ),
        dict(
            slug="certificate-steps",
            title="受給者証の申請から利用開始までの流れ",
            date=datetime.date(2026, 9, 5),
            author=2,
            categories=["start", "support"],
            tags=["受給者証", "手続き"],
            summary="B型事業所を使うには、市区町村が出す受給者証が必要です。"
            "申請から利用開始までの流れと、かかる日数の目安を表にしました。",
            body=[
                h("全体の流れ"),
                table(
                    "利用開始までの流れ（目安）",
                    ["段階", "どこで", "日数の目安"],
                    ["見学・体験", "事業所", "1〜2週間"],
                    ["受給者証の申請", "市区町村の障害福祉の窓口", "申請の日"],
                    ["サービス等利用計画の作成", "相談支援事業所", "1〜2週間"],
                    ["受給者証の交付", "市区町村", "申請から1か月ほど"],
                    ["契約・利用開始", "事業所", "交付のあと"],
                ),
                h("よくある質問"),
                qa(
                    "手続きのQ&A",
                    (
                        "申請に本人が行けないときは？",
                        "<p>ご家族や相談支援専門員が代わりに手続きできる場合があります。"
                        "窓口に事前に確かめてください。</p>",
                    ),
                    (
                        "受給者証が届く前に体験できますか？",
                        "<p>多くの事業所で、受給者証がなくても数日の体験利用ができます。</p>",
                    ),
                ),
            ],
        ),
        dict(
            slug="individual-support-plan",
            title="個別支援計画ってなに？",
            date=datetime.date(2026, 9, 18),
            author=0,
            categories=["support"],
            tags=["個別支援計画"],
            summary="事業所に通い始めると作る「個別支援計画」。だれが、なにを、どのように"
            "決めるのかを、サービス管理責任者がやさしく説明します。",
            body=[
                h("ご本人の「こうなりたい」から始めます"),
                p(
                    "<p>計画は、ご本人の希望を聞くところから始まります。"
                    "「週3日通えるようになりたい」「パンの成形を覚えたい」など、"
                    "小さな目標で大丈夫です。</p>"
                ),
                h("見直しは半年ごと"),
                p("<p>少なくとも6か月に1回、ご本人と一緒に振り返り、目標を見直します。</p>"),
                qa(
                    "個別支援計画のQ&A",
                    (
                        "計画の内容に納得できないときは？",
                        "<p>遠慮なく伝えてください。話し合って書き直します。</p>",
                    ),
                    (
                        "家族も話し合いに参加できますか？",
                        "<p>ご本人が望めば、ご家族や相談支援専門員も参加できます。</p>",
                    ),
                ),
            ],
        ),
        dict(
            slug="how-wages-work",
            title="工賃のしくみと、月ごとの金額の決まり方",
            date=datetime.date(2026, 10, 2),
            author=2,
            categories=["support"],
            tags=["工賃"],
            summary="工賃は、作業でうまれた売り上げから材料費などを引いて支払われます。"
            "金額の決まり方と、事業所を比べるときのポイントを紹介します。",
            body=[
                h("工賃はどこから払われるの？"),
                p(
                    "<p>パンの販売や受託作業などの売り上げから、材料費や経費を引いた分が"
                    "利用者に工賃として支払われます。</p>"
                ),
                h("比べるときのポイント"),
                table(
                    "工賃を比べるときに見るところ",
                    ["項目", "見るところ"],
                    ["平均月額", "何年度の数字か（計算の方法が年度で変わることがあります）"],
                    ["日額・時給", "通う日数が少ない人の目安になります"],
                    ["支払い方法", "振り込みか手渡しか、毎月何日か"],
                ),
                callout(
                    "note",
                    "金額だけで決めないで",
                    "<p>通いやすさや作業の合い方も、長く続けるためには大切です。</p>",
                ),
            ],
        ),
        dict(
            slug="harvest-festival",
            title="秋の収穫祭を開きました",
            date=datetime.date(2026, 10, 24),
            author=1,
            categories=["daily"],
            tags=["行事"],
            summary="畑でとれたさつまいもを使って、利用者さんとご家族で収穫祭を開きました。"
            "当日のようすをお伝えします。",
            facilities=["demo-03"],
            body=[
                p(
                    "<p>10月の土曜日、畑のとなりの広場で収穫祭を開きました。"
                    "焼きいもと、いもを使った蒸しパンを、ご家族と一緒にいただきました。</p>"
                ),
                h("準備は1か月前から"),
                p("<p>看板づくりや当日の段取りは、利用者さんが中心になって決めました。</p>"),
                {
                    "type": "facility_links",
                    "value": {"title": "この記事の事業所", "facilities": [offices["demo-03"].pk]},
                },
            ],
        ),
        dict(
            slug="a-day-at-the-bakery",
            title="パン工房の一日",
            date=datetime.date(2026, 11, 6),
            author=0,
            categories=["daily"],
            tags=["パン", "作業"],
            summary="朝の生地づくりから夕方の片づけまで、パン工房のある一日を時間の順に"
            "紹介します。",
            facilities=["demo-01"],
            body=[
                h("一日の流れ"),
                table(
                    "パン工房の一日",
                    ["時間", "すること"],
                    ["9:30", "朝の会・体調の確認"],
                    ["10:00", "生地づくり・成形"],
                    ["12:00", "昼食・休憩"],
                    ["13:00", "焼き上げ・袋づめ"],
                    ["15:00", "片づけ・終わりの会"],
                ),
                h("自分のペースで", "h3"),
                p("<p>午前だけ、午後だけの利用もできます。疲れたら休憩室で休めます。</p>"),
                cta("visit", "パンづくりのようすを見てみませんか。", bakery),
            ],
        ),
        dict(
            slug="five-things-in-a-trial",
            title="体験利用で確かめたい5つのこと",
            date=datetime.date(2026, 11, 12),
            author=1,
            categories=["start"],
            tags=["体験", "はじめて"],
            summary="見学のあとは体験利用。数日通ってみてはじめてわかることがあります。"
            "確かめておきたい5つをまとめました。",
            facilities=["demo-02"],
            body=[
                h("体験利用でわかること"),
                p(
                    "<p>作業の量、休憩のとり方、まわりの人との距離感などは、"
                    "実際に通ってみると見えてきます。</p>"
                ),
                checklist(
                    "体験のチェックリスト",
                    "通う道のりで疲れすぎないか",
                    "作業の説明がわかりやすいか",
                    "休みたいときに休めるか",
                    "困ったときに相談しやすい職員がいるか",
                    "昼食やトイレなど、細かいところで困らないか",
                ),
                cta("trial", "体験の申し込みは、こちらからできます。", flowers),
            ],
        ),
        dict(
            slug="family-consultation-day",
            title="ご家族向けの相談会をひらきます",
            date=datetime.date(2026, 11, 18),
            author=2,
            categories=["daily"],
            tags=["家族", "相談"],
            summary="ご本人の将来のことや、事業所えらびのことを、ご家族だけで相談できる会を"
            "ひらきます。予約の方法と当日の流れです。",
            body=[
                p(
                    "<p>ご本人がまだ迷っている段階でも大丈夫です。"
                    "ご家族だけで、ゆっくりお話をうかがいます。</p>"
                ),
                callout(
                    "contact",
                    "予約のしかた",
                    "<p>お問い合わせフォームの「相談する」から、ご希望の日をお知らせください。</p>",
                ),
                cta("general", "相談会の予約や、そのほかのご相談はこちらから。"),
            ],
        ),
    ]


def ensure_categories():
    made = 0
    categories = {}
    for order, (slug, name, description) in enumerate(CATEGORIES):
        category, created = BlogCategory.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description, "sort_order": order}
        )
        categories[slug] = category
        made += created
    return categories, made


def ensure_authors(offices):
    authors, made = [], 0
    for name, role, office in AUTHORS:
        author, created = BlogAuthor.objects.get_or_create(
            name=name, defaults={"role": role, "facility": offices.get(office)}
        )
        authors.append(author)
        made += created
    return authors, made


def load(home, log=print):
    """Categories, authors and articles under the blog index (when the blog is one)."""
    index = BlogIndexPage.objects.child_of(home).first()
    if index is None:
        log("Blog: no blog index page (an older placeholder is kept); nothing added.")
        return 0
    offices = {p.slug: p for p in FacilityPage.objects.filter(slug__startswith="demo-")}
    categories, made = ensure_categories()
    authors, made_authors = ensure_authors(offices)
    made += made_authors
    existing = set(index.get_children().values_list("slug", flat=True))
    for spec in articles(offices):
        if spec["slug"] in existing:
            continue
        page = BlogPage(
            title=spec["title"],
            slug=spec["slug"],
            date=spec["date"],
            author=authors[spec["author"]],
            summary=spec["summary"],
            body=spec["body"],
        )
        page.categories.set([categories[c] for c in spec["categories"]])
        page.facilities.set([offices[s] for s in spec.get("facilities", []) if s in offices])
        page.tags.add(*spec["tags"])
        index.add_child(instance=page)
        page.save_revision().publish()
        made += 1
    log(f"Blog: {made} object(s) created, {len(articles(offices))} demo articles.")
    return made
