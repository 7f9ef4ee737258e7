"""The home page, standard content pages, and the site-wide settings and menus."""

from django.core.exceptions import ValidationError
from django.db import models

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from . import glossary
from .blocks import BodyBlock
from .forms import PageForm
from .structured_data import as_script, faq_data


class ContentPage(Page):
    """What every content page has: a short introduction and a body of blocks."""

    base_form_class = PageForm

    intro = models.TextField(
        "導入文",
        blank=True,
        help_text="タイトルの下に表示する短い紹介文です。検索結果の説明にも使います。",
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name="本文")

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    class Meta:
        abstract = True


class HomePage(ContentPage):
    """The front page: a short welcome and the ways into each section of the site."""

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "home.StandardPage",
        "home.FAQPage",
        "facilities.DirectoryPage",
        "inquiries.InquiryPage",
        "blog.BlogIndexPage",
    ]
    max_count = 1
    template = "home/home_page.html"

    class Meta:
        verbose_name = "ホームページ"
        verbose_name_plural = "ホームページ"


FAQ_THEMES = [
    ("conditions", "利用条件"),
    ("costs", "費用"),
    ("wages", "工賃"),
    ("work", "作業内容"),
    ("commute", "通所"),
    ("procedure", "手続き"),
    ("family", "家族の相談"),
]


class FAQPage(ContentPage):
    """Questions people ask before they dare to call, grouped by theme, each with its anchor."""

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1
    template = "home/faq_page.html"
    content_panels = ContentPage.content_panels + [
        InlinePanel("questions", heading="質問と回答", label="質問")
    ]
    search_fields = ContentPage.search_fields + [
        index.RelatedFields(
            "questions", [index.SearchField("question"), index.SearchField("answer")]
        )
    ]

    class Meta:
        verbose_name = "よくある質問"
        verbose_name_plural = "よくある質問"

    def themes(self):
        """[(theme label, [questions])] in the fixed theme order, empty themes left out."""
        questions = list(self.questions.all())
        grouped = [
            (value, label, [q for q in questions if q.theme == value])
            for value, label in FAQ_THEMES
        ]
        return [(value, label, items) for value, label, items in grouped if items]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["json_ld"] = as_script(
            faq_data((q.question, q.answer) for q in self.questions.all())
        )
        return context


class FAQItem(Orderable):
    page = ParentalKey(FAQPage, on_delete=models.CASCADE, related_name="questions")
    theme = models.CharField("テーマ", max_length=12, choices=FAQ_THEMES)
    question = models.CharField("質問", max_length=200)
    answer = RichTextField("回答", features=["bold", "link", "ol", "ul"])

    panels = [FieldPanel("theme"), FieldPanel("question"), FieldPanel("answer")]

    class Meta(Orderable.Meta):
        verbose_name = "よくある質問"

    @property
    def anchor(self):
        return f"faq-{self.pk}"


class StandardPage(ContentPage):
    """A fixed content page: about, access, privacy policy, the operator's profile."""

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]
    template = "home/standard_page.html"

    class Meta:
        verbose_name = "標準ページ"
        verbose_name_plural = "標準ページ"


def _page_link(verbose_name, help_text=""):
    """A setting that points at one of the site's pages."""
    return models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=help_text,
    )


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """Who runs the site and how to reach them: shown in the help block and the footer."""

    operator_name = models.CharField("運営者名", max_length=120, blank=True)
    phone = models.CharField(
        "電話番号", max_length=30, blank=True, help_text="例：045-000-1234（ハイフンあり）"
    )
    reception_hours = models.CharField(
        "電話受付時間",
        max_length=120,
        blank=True,
        help_text="例：平日 9:00〜17:00（土日祝・年末年始を除く）",
    )
    postal_code = models.CharField("郵便番号", max_length=8, blank=True, help_text="例：252-0000")
    address = models.CharField("所在地", max_length=200, blank=True)
    contact_email = models.EmailField("連絡先メールアドレス", blank=True)
    inquiry_fallback_email = models.EmailField(
        "お問い合わせの受付先（予備）",
        blank=True,
        help_text="宛先が決まっていない事業所へのお問い合わせと、事業所を決めていない"
        "お問い合わせはここに届きます。空欄のときは連絡先メールアドレスに届きます。",
    )
    contact_page = _page_link(
        "お問い合わせページ", "各ページの「ご相談窓口」から案内するページです。"
    )
    search_page = _page_link(
        "サイト内検索のページ", "ヘッダーの検索窓から探すページです（事業所一覧）。"
    )
    privacy_page = _page_link("プライバシーポリシーのページ")
    office_posts_need_approval = models.BooleanField(
        "事業所の職員の変更は、承認を受けてから公開する",
        default=False,
        help_text="オンにすると、事業所の職員は自分の事業所のページやお知らせを直接公開できず、"
        "「承認を申請」します。承認者が確認して公開します（ワークフロー「承認」）。",
    )

    select_related = ["contact_page", "privacy_page", "search_page"]
    panels = [
        MultiFieldPanel(
            [FieldPanel("operator_name"), FieldPanel("postal_code"), FieldPanel("address")],
            heading="運営者",
        ),
        MultiFieldPanel(
            [
                FieldPanel("phone"),
                FieldPanel("reception_hours"),
                FieldPanel("contact_email"),
                FieldPanel("inquiry_fallback_email"),
                FieldPanel("contact_page"),
            ],
            heading="ご相談窓口",
        ),
        FieldPanel("search_page"),
        FieldPanel("privacy_page"),
        FieldPanel("office_posts_need_approval"),
    ]

    class Meta:
        verbose_name = "サイト設定"


@register_setting(icon="list-ul")
class NavigationSettings(ClusterableModel, BaseSiteSetting):
    """The header menu and the footer links, in the order editors give them."""

    panels = [
        InlinePanel("header_items", heading="ヘッダーのメニュー", label="メニュー項目"),
        InlinePanel("footer_items", heading="フッターのリンク", label="リンク"),
    ]

    class Meta:
        verbose_name = "メニュー"


class NavigationItem(Orderable):
    """One link in a menu: a page, shown under its own title unless a label is given."""

    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name="ページ", on_delete=models.CASCADE, related_name="+"
    )
    label = models.CharField(
        "表示名", max_length=40, blank=True, help_text="空欄のときはページのタイトルを表示します。"
    )

    panels = [FieldPanel("page"), FieldPanel("label")]

    class Meta(Orderable.Meta):
        abstract = True

    @property
    def text(self):
        return self.label or self.page.title


class HeaderNavigationItem(NavigationItem):
    setting = ParentalKey(NavigationSettings, on_delete=models.CASCADE, related_name="header_items")


class FooterNavigationItem(NavigationItem):
    setting = ParentalKey(NavigationSettings, on_delete=models.CASCADE, related_name="footer_items")


class PasswordResetRequest(models.Model):
    """One request for a password-reset mail, counted (as keyed hashes) to limit them."""

    client_key = models.CharField(max_length=64, db_index=True)
    email_key = models.CharField(max_length=64, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    sent = models.BooleanField(default=False)

    class Meta:
        verbose_name = "パスワード再設定の依頼"
        verbose_name_plural = "パスワード再設定の依頼"

    def __str__(self):
        return f"パスワード再設定の依頼（{self.created_at:%Y-%m-%d %H:%M}）"


def _kana_reading(value):
    if not glossary.is_reading(value):
        raise ValidationError(
            "よみがなは、ひらがな（またはカタカナ）で書いてください。英字はそのままでかまいません。"
        )


def _short_explanation(value):
    sentences = glossary.sentence_count(value)
    if sentences > glossary.MAX_SENTENCES:
        raise ValidationError(
            "説明は1〜2文の短い文にしてください（今は%(n)d文あります）。", params={"n": sentences}
        )


class GlossaryTerm(models.Model):
    """A word of the field (受給者証, 工賃, SST, …) with its reading and a plain explanation.

    Pages link the first place each term appears to its entry on the glossary page and list
    the terms they use (home.glossary); the reading is also the furigana the term gets.
    """

    term = models.CharField(
        "ことば",
        max_length=40,
        unique=True,
        help_text="ページの文章に出てくるとおりに書きます（例：受給者証）。",
    )
    reading = models.CharField(
        "よみがな",
        max_length=80,
        validators=[_kana_reading],
        help_text="ひらがなで書きます（例：じゅきゅうしゃしょう）。ふりがなにも使われます。",
    )
    explanation = models.TextField(
        "やさしい説明",
        max_length=glossary.MAX_EXPLANATION,
        validators=[_short_explanation],
        help_text="むずかしい言葉を使わずに、1〜2文で書きます。",
    )

    panels = [FieldPanel("term"), FieldPanel("reading"), FieldPanel("explanation")]

    class Meta:
        ordering = ["reading"]
        verbose_name = "用語"
        verbose_name_plural = "用語集"

    def __str__(self):
        return self.term

    def clean(self):
        self.term = self.term.strip()
        self.reading = glossary.clean_reading(self.reading)

    @property
    def anchor(self):
        return f"term-{self.pk}"
