"""Demo content for the home app: the home page, the fixed pages, settings and menus.

Everything here is invented for the demo: the operator, its address and phone number are
fictional. `load()` only creates what is missing, so running it again never duplicates a page
and never overwrites what an editor changed in the admin.
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.db import transaction

from wagtail.models import Page, Site

from ..models import (
    FAQItem,
    FAQPage,
    FooterNavigationItem,
    HeaderNavigationItem,
    HomePage,
    NavigationSettings,
    SiteSettings,
)
from . import faq as demo_faq

SITE_NAME = "B型ナビ"


def heading(text, level="h2"):
    return {"type": "heading", "value": {"text": text, "level": level}}


def paragraph(html):
    return {"type": "paragraph", "value": html}


def callout(kind, title, html):
    return {"type": "callout", "value": {"kind": kind, "title": title, "text": html}}


@dataclass
class PageSpec:
    slug: str
    title: str
    intro: str
    body: list = field(default_factory=list)
    model: str = "home.StandardPage"


HOME = PageSpec(
    slug="home",
    title="自分のペースで働ける場所を、いっしょに探しましょう",
    intro=(
        "就労継続支援B型の事業所を、地域や作業の内容、通いやすさから探せるサイトです。"
        "ご本人やご家族、相談支援の担当者の方が、見学や体験の前に知りたいことをまとめています。"
    ),
)

PAGES = [
    PageSpec(
        slug="about",
        title="このサイトについて",
        intro=(
            "B型ナビは、就労継続支援B型の事業所を探している方と、"
            "その方を支える人のための情報サイトです。"
        ),
        body=[
            heading("就労継続支援B型とは"),
            paragraph(
                "<p>就労継続支援B型は、障害や病気のために、いまは雇用契約を結んで働くことが"
                "むずかしい方が、自分の体調やペースに合わせて作業をする福祉サービスです。"
                "作業をすると「工賃」が支払われます。雇用契約がないので、"
                "働く日数や時間を相談しながら決められるのが特長です。</p>"
            ),
            paragraph(
                "<p>利用するには、お住まいの市区町村で「障害福祉サービス受給者証」を"
                "受け取る必要があります。多くの方は自己負担なしで利用しています。"
                "昼食代や送迎などに実費がかかる事業所もあります。</p>"
            ),
            heading("このサイトでできること"),
            paragraph(
                "<ul><li>地域や作業の内容、通いやすさから事業所を探す</li>"
                "<li>工賃、送迎、支援の内容、空き状況など、見学の前に知りたいことを確かめる</li>"
                "<li>見学や体験利用を申し込む、わからないことを質問する</li></ul>"
            ),
            heading("利用を始めるまでの流れ"),
            paragraph(
                "<ol><li>気になる事業所に問い合わせる</li>"
                "<li>見学する（1〜2時間ほど）</li>"
                "<li>体験利用をしてみる（数日ほど）</li>"
                "<li>市区町村の窓口で受給者証を申請する</li>"
                "<li>事業所と契約し、利用を始める</li></ol>"
                "<p>問い合わせから利用開始までは、2週間から1か月ほどが目安です。</p>"
            ),
            callout(
                "point",
                "ひとりで決めなくて大丈夫です",
                "<p>相談支援専門員やご家族と一緒に見学することもできます。"
                "迷ったときは、ご相談窓口にお気軽にご連絡ください。</p>",
            ),
        ],
    ),
    PageSpec(
        slug="faq",
        title="よくある質問",
        intro="利用の条件、費用、工賃、通い方など、よくいただく質問をテーマごとにまとめました。"
        "質問を押すと答えが開きます。",
        model="home.FAQPage",
    ),
    PageSpec(
        slug="blog",
        title="ブログ",
        intro="事業所の職員が、日々の作業や行事、利用の始め方などをお伝えするページです。",
        model="blog.BlogIndexPage",
    ),
    PageSpec(
        slug="contact",
        title="お問い合わせ",
        intro="見学や体験利用のお申し込み、事業所えらびのご相談を受け付けています。",
        model="inquiries.InquiryPage",
    ),
    PageSpec(
        slug="access",
        title="アクセス",
        intro="運営事務局への行き方です。ご来所の際は、事前にご連絡ください。",
        body=[
            heading("所在地"),
            paragraph(
                "<p>〒252-0000 神奈川県相模原市中央区みらい町1丁目2番3号 ひだまりビル2階</p>"
            ),
            heading("電車でお越しの方"),
            paragraph(
                "<p>みらい台駅の北口を出て、大通りを右へ進みます。"
                "2つ目の信号を左に曲がると、右手に見える白い建物です（徒歩7分）。</p>"
            ),
            heading("バスでお越しの方"),
            paragraph("<p>「みらい町一丁目」バス停で降りて、徒歩2分です。</p>"),
            heading("お車でお越しの方"),
            paragraph(
                "<p>建物の裏に来客用の駐車場が2台分あります。"
                "車いすの方は、駐車場側の入口からエレベーターをご利用ください。</p>"
            ),
        ],
    ),
    PageSpec(
        slug="operator",
        title="運営法人について",
        intro="B型ナビを運営している法人の情報です。",
        body=[
            heading("法人の概要"),
            paragraph(
                "<ul><li>名称：一般社団法人ひだまり就労サポート協会</li>"
                "<li>設立：2019年4月</li>"
                "<li>所在地：神奈川県相模原市中央区みらい町1丁目2番3号 ひだまりビル2階</li>"
                "<li>事業：障害のある方の就労に関する情報提供と相談</li></ul>"
            ),
            heading("わたしたちの考え"),
            paragraph(
                "<p>自分に合う事業所は、人によってちがいます。作業の内容、通いやすさ、"
                "職員との相性など、大切にしたいことを一緒に整理し、"
                "納得して選べるようにお手伝いします。</p>"
            ),
        ],
    ),
    PageSpec(
        slug="privacy",
        title="プライバシーポリシー",
        intro="B型ナビがお預かりする個人情報の扱い方について説明します。",
        body=[
            heading("1. お預かりする情報"),
            paragraph(
                "<p>お問い合わせや見学・体験のお申し込みの際に、お名前、ふりがな、"
                "連絡先（電話番号・メールアドレス）、ご希望の日程、ご相談の内容をお預かりします。"
                "障害や病気、健康状態についてご記入いただいた内容は、"
                "法律で「要配慮個人情報」とされる、特に慎重な扱いが必要な情報です。</p>"
            ),
            heading("2. 利用する目的"),
            paragraph(
                "<ul><li>お問い合わせへのお返事と、見学・体験の日程の調整</li>"
                "<li>お申し込みいただいた事業所へのご連絡</li>"
                "<li>ご紹介くださった相談支援専門員などへの、進み具合のご報告</li></ul>"
                "<p>これ以外の目的には使いません。</p>"
            ),
            heading("3. 同意と、情報を共有する範囲"),
            paragraph(
                "<p>要配慮個人情報は、ご本人の同意をいただいたうえでお預かりします。"
                "共有するのは、お申し込みの際に選ばれた事業所の担当職員だけです。"
                "ただし、このサイトでお申し込みの宛先をまだ登録していない事業所へのお申し込みは、"
                "運営事務局の相談窓口が受け付けます。その場合、体調や障害についての情報を読むのは"
                "相談窓口の担当者だけで、事業所へはご希望の内容と連絡先だけを伝えます。"
                "それ以外を事業所に伝えるときは、先にご本人に確かめます。"
                "支援者の方がご本人に代わってお申し込みになる場合は、"
                "ご本人の同意を得ていることをご確認いただきます。</p>"
            ),
            heading("4. 管理の方法"),
            paragraph(
                "<p>お預かりした情報を見られるのは、担当する事業所の職員と運営事務局の"
                "限られた担当者だけです。だれがいつ情報を見たかを記録しています。"
                "お知らせのメールには健康や障害に関する内容を書かず、"
                "ログインが必要な管理画面の中だけで確認します。</p>"
            ),
            heading("5. 保存する期間"),
            paragraph(
                "<p>お問い合わせの対応が終わってから1年が過ぎた情報は、"
                "削除するか、個人を特定できない形に加工します。"
                "対応が終わらないままのものも、受け付けから2年で同じようにします。</p>"
            ),
            heading("6. 開示・訂正・削除のご請求とお問い合わせ先"),
            paragraph(
                "<p>ご自身の情報を確認したい、直したい、消してほしいときは、"
                "下記の窓口までご連絡ください。ご本人であることを確認したうえで対応します。</p>"
                "<ul><li>窓口：一般社団法人ひだまり就労サポート協会 個人情報相談窓口</li>"
                "<li>電話：045-000-1234（平日 9:00〜17:00）</li>"
                "<li>メール：privacy@example.jp</li></ul>"
            ),
        ],
    ),
]

SETTINGS = {
    "operator_name": "一般社団法人ひだまり就労サポート協会",
    "phone": "045-000-1234",
    "reception_hours": "平日 9:00〜17:00（土日祝・年末年始を除く）",
    "postal_code": "252-0000",
    "address": "神奈川県相模原市中央区みらい町1丁目2番3号 ひだまりビル2階",
    "contact_email": "info@example.jp",
    "inquiry_fallback_email": "uketsuke@example.jp",
}
HEADER_MENU = ["facilities", "about", "faq", "blog", "contact"]
FOOTER_MENU = ["operator", "access"]


def _publish(page):
    page.save_revision().publish()
    return page


def ensure_home(site):
    """Make a HomePage the root of the default site, replacing Wagtail's welcome page."""
    root = site.root_page.specific
    if isinstance(root, HomePage):
        return root, False
    home = HomePage.objects.first()
    created = home is None
    if created:
        tree_root = Page.get_first_root_node()
        home = tree_root.add_child(
            instance=HomePage(title=HOME.title, slug="home-new", intro=HOME.intro)
        )
    site.root_page = home
    site.save()
    # Wagtail's placeholder page is only removed while it is still the untouched default.
    if type(root) is Page and root.depth == 2 and not root.get_children().exists():
        root.delete()
    if created:
        home.slug = HOME.slug
        home.save()
    return home, created


def ensure_page(parent, spec):
    existing = parent.get_children().filter(slug=spec.slug).first()
    if existing:
        return existing.specific, False
    model = apps.get_model(spec.model)
    page = parent.add_child(
        instance=model(title=spec.title, slug=spec.slug, intro=spec.intro, body=spec.body)
    )
    if isinstance(page, FAQPage):
        page.questions = [
            FAQItem(theme=theme, question=question, answer=answer, sort_order=order)
            for order, (theme, question, answer) in enumerate(demo_faq.QUESTIONS)
        ]
    return _publish(page), True


def ensure_settings(site, pages):
    if SiteSettings.objects.filter(site=site).exists():
        return False
    SiteSettings.objects.create(
        site=site,
        contact_page=pages["contact"],
        privacy_page=pages["privacy"],
        search_page=pages.get("facilities"),
        **SETTINGS,
    )
    return True


def ensure_navigation(site, pages):
    navigation = NavigationSettings.for_site(site)
    if navigation.header_items.exists() or navigation.footer_items.exists():
        return False
    # Child rows of a ClusterableModel are held in memory until the parent is saved.
    navigation.header_items = [
        HeaderNavigationItem(page=pages[slug], sort_order=i) for i, slug in enumerate(HEADER_MENU)
    ]
    navigation.footer_items = [
        FooterNavigationItem(page=pages[slug], sort_order=i) for i, slug in enumerate(FOOTER_MENU)
    ]
    navigation.save()
    return True


def home_body(pages):
    """The ways in on the home page, linking to pages that exist only after they are made."""

    def link(slug, description):
        return {"page": pages[slug].pk, "title": "", "description": description}

    return [
        {
            "type": "page_links",
            "value": {
                "heading": "このサイトでできること",
                "links": [
                    link("facilities", "地域や作業の内容、駅からの近さで探せます。"),
                    link("about", "B型の事業所のしくみと、利用を始めるまでの流れです。"),
                    link("faq", "費用や工賃、通い方についての質問と答えです。"),
                    link("blog", "事業所の職員が、日々のようすをお伝えします。"),
                    link("contact", "見学や体験のお申し込み、ご相談はこちらです。"),
                ],
            },
        },
        heading("はじめての方へ"),
        paragraph(
            "<p>「自分に合う事業所があるかわからない」「何から始めればいいの？」"
            "という方も多くいらっしゃいます。まずは気になる事業所をいくつか見てみて、"
            "見学を申し込むところから始めてみましょう。</p>"
        ),
        callout(
            "contact",
            "電話でも相談できます",
            "<p>ご本人だけでなく、ご家族や支援者の方からのご相談も受け付けています。</p>",
        ),
    ]


def ensure_site(log=print):
    """The default site with a HomePage at its root: (home page, whether it was created)."""
    site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
    home, created = ensure_home(site)
    if not site.site_name:
        site.site_name = SITE_NAME
        site.save(update_fields=["site_name"])
    if created:
        log("Home page created.")
    return home, created


@transaction.atomic
def load(home, new_home=False, log=print):
    """The fixed pages, settings and menus; return the number of objects created.

    Runs after the other apps have added their section pages, so the menus and the home
    page's links can point at them.
    """
    site = Site.objects.get(root_page=home)
    created = 0
    for spec in PAGES:
        _, was_created = ensure_page(home, spec)
        created += was_created
    pages = {page.slug: page for page in home.get_children().specific()}
    if new_home:
        home.body = home_body(pages)
        _publish(home)
        created += 1

    created += ensure_settings(site, pages)
    created += ensure_navigation(site, pages)
    log(f"Demo site: {created} object(s) created, home page '{home.title}'.")
    return created
