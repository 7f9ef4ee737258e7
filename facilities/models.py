"""Facility pages, the directory that lists them, and the taxonomies staff choose from."""

import datetime
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import prefetch_related_objects
from django.utils import timezone
from django.utils.functional import cached_property

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from home.middleware import allow_sources
from home.models import ContentPage
from home.structured_data import as_script

from .choices import (
    PREFECTURE_CHOICES,
    PREFECTURE_NAMES,
    Availability,
    DayType,
    Openings,
    ServiceType,
)
from .directory import stations as station_data
from .directory.filters import record_id
from .forms import FacilityPageForm
from .profile import profile
from .structured_data import facility_data

RICH_TEXT_FEATURES = ["bold", "link", "ol", "ul"]


class Taxonomy(models.Model):
    """A term staff pick from on facility pages and visitors filter by in the directory."""

    name = models.CharField("名称", max_length=60, unique=True)
    sort_order = models.PositiveSmallIntegerField(
        "表示順", default=100, help_text="小さい数字ほど先に表示します。"
    )

    panels = [FieldPanel("name"), FieldPanel("sort_order")]

    class Meta:
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class WorkType(Taxonomy):
    """作業内容: the kinds of work done at an office (軽作業, パン・菓子, 農作業, …)."""

    class Meta(Taxonomy.Meta):
        verbose_name = "作業内容"
        verbose_name_plural = "作業内容"


class Support(Taxonomy):
    """支援内容: the support an office gives (生活リズム, 服薬管理, SST, …)."""

    class Meta(Taxonomy.Meta):
        verbose_name = "支援内容"
        verbose_name_plural = "支援内容"


class TargetDisability(Taxonomy):
    """対象障害: who an office is set up for (精神・発達・知的・身体・難病)."""

    class Meta(Taxonomy.Meta):
        verbose_name = "対象となる障害"
        verbose_name_plural = "対象となる障害"


class Qualification(Taxonomy):
    """資格: qualifications held by an office's staff (社会福祉士, 精神保健福祉士, …)."""

    class Meta(Taxonomy.Meta):
        verbose_name = "職員の資格"
        verbose_name_plural = "職員の資格"


class DirectoryPage(RoutablePageMixin, ContentPage):
    """The searchable list of facilities; facility pages live under it.

    Its sub-pages: shortlist/ (the visitor's 比較リスト), compare/?o=… (a comparison anyone
    can open from its URL) and export/?… (the current search as CSV).
    """

    accepts_post = True  # the shortlist and 現在地から近い順 (see home.wagtail_hooks)

    parent_page_types = ["home.HomePage"]
    subpage_types = ["facilities.FacilityPage"]
    max_count = 1
    template = "facilities/directory_page.html"

    class Meta:
        verbose_name = "事業所一覧（検索）"
        verbose_name_plural = "事業所一覧（検索）"

    def get_context(self, request, *args, **kwargs):
        # Imported here: the directory module imports these models.
        from .directory import directory_context

        context = super().get_context(request, *args, **kwargs)
        context.update(directory_context(self, request))
        return context

    @path("shortlist/", name="shortlist")
    def shortlist_route(self, request):
        from .shortlist import views

        return views.shortlist_page(self, request)

    @path("compare/", name="compare")
    def compare_route(self, request):
        from .shortlist import views

        return views.compare(self, request)

    @path("export/", name="export")
    def export_route(self, request):
        from .shortlist import views

        return views.export_csv(self, request)

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        if request.GET:
            # A filtered list is not a page of its own for search engines.
            response["X-Robots-Tag"] = "noindex"
        if (getattr(response, "context_data", None) or {}).get("map"):
            allow_sources(response, img_src=[tile_origin(settings.MAP_TILE_URL)])
        return response


def tile_origin(url):
    """Where map tiles come from, for the page's Content-Security-Policy:
    https://{s}.tile.example.org/{z}/{x}/{y}.png → https://*.tile.example.org"""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.replace('{s}.', '*.')}"


def _optional_yen(verbose_name, help_text=""):
    return models.PositiveIntegerField(
        verbose_name, null=True, blank=True, help_text=help_text or "円。わからないときは空欄。"
    )


# Who may change an office's registration (事業所番号, service, source): superusers and the
# groups given it, not an office's own staff.
OFFICIAL_FACTS = "facilities.change_official_facts"


class FacilityPage(Page):
    """One office: the official facts, and everything a person checks before a visit."""

    base_form_class = FacilityPageForm

    # Official facts (the national open data has these).
    office_number = models.CharField(
        "事業所番号", max_length=10, blank=True, db_index=True, help_text="10桁の番号です。"
    )
    name_kana = models.CharField(
        "事業所名（ふりがな）", max_length=200, blank=True, help_text="ひらがなで入力します。"
    )
    service_type = models.CharField(
        "サービスの種類", max_length=12, choices=ServiceType.choices, default=ServiceType.TYPE_B
    )
    corporation_name = models.CharField("運営法人", max_length=200, blank=True)
    corporation_kana = models.CharField("運営法人（ふりがな）", max_length=200, blank=True)
    corporation_number = models.CharField(
        "法人番号", max_length=13, blank=True, help_text="13桁の番号です。"
    )
    capacity = models.PositiveSmallIntegerField("定員", null=True, blank=True)

    postal_code = models.CharField("郵便番号", max_length=8, blank=True, help_text="例：252-0000")
    prefecture = models.CharField(
        "都道府県", max_length=2, choices=PREFECTURE_CHOICES, blank=True, db_index=True
    )
    city = models.CharField(
        "市区町村", max_length=40, blank=True, db_index=True, help_text="例：相模原市南区"
    )
    address_rest = models.CharField("番地・建物名", max_length=200, blank=True)
    phone = models.CharField("電話番号", max_length=30, blank=True)
    fax = models.CharField("FAX番号", max_length=30, blank=True)
    website = models.URLField("ホームページ", max_length=300, blank=True)
    email = models.EmailField("メールアドレス", blank=True)
    latitude = models.DecimalField(
        "緯度",
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        "経度",
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    closed_days = models.CharField("定休日", max_length=200, blank=True)
    hours_note = models.TextField(
        "利用日・時間の特記事項",
        blank=True,
        help_text="例：10:00〜15:00の間で、体調に合わせて出入りできます。",
    )

    # Where the official facts came from; shown next to them.
    source_name = models.CharField(
        "出典",
        max_length=200,
        blank=True,
        help_text="オープンデータから取り込んだときに記録します。",
    )
    source_date = models.DateField("出典の時点", null=True, blank=True)
    source_id = models.CharField(
        "出典での番号",
        max_length=20,
        blank=True,
        db_index=True,
        help_text="オープンデータの「NO」です。取り込みで同じ事業所を見つけるのに使います。",
    )
    source_missing_since = models.DateField(
        "出典に掲載がなくなった時点",
        null=True,
        blank=True,
        help_text="新しいオープンデータに載っていなかったときに記録します。"
        "廃止・休止などを確かめたら、ページを非公開にしてください。",
    )
    # The official facts as last imported: a re-import changes a fact only when the file
    # changed it, so corrections made by hand in the admin survive.
    source_facts = models.JSONField(default=dict, blank=True, editable=False)

    # Work and pay.
    work_types = ParentalManyToManyField(WorkType, blank=True, verbose_name="作業内容")
    work_description = RichTextField(
        "作業の説明", blank=True, features=RICH_TEXT_FEATURES, help_text="1日の流れなども書けます。"
    )
    wage_monthly_average = _optional_yen("平均工賃（月額）")
    wage_fiscal_year = models.PositiveSmallIntegerField(
        "工賃の年度",
        null=True,
        blank=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text="平均工賃を計算した年度（例：2024）。計算方法が年度で変わるため必ず入力します。",
    )
    wage_daily = _optional_yen("工賃（日額の目安）")
    wage_hourly = _optional_yen("工賃（時給の目安）")
    wage_note = models.CharField(
        "工賃の支払い方法など", max_length=200, blank=True, help_text="例：毎月15日に手渡し"
    )

    # Access and 送迎.
    bus_access = models.CharField("バスでの行き方", max_length=200, blank=True)
    parking = models.CharField("駐車場・駐輪場", max_length=200, blank=True)
    pickup = models.CharField(
        "送迎", max_length=3, choices=Availability.choices, blank=True, default=""
    )
    pickup_area = models.CharField("送迎の範囲", max_length=200, blank=True)
    pickup_times = models.CharField("送迎の時間", max_length=200, blank=True)
    pickup_fee = models.CharField("送迎の費用", max_length=100, blank=True)

    # Support and staff.
    supports = ParentalManyToManyField(Support, blank=True, verbose_name="支援内容")
    target_disabilities = ParentalManyToManyField(
        TargetDisability, blank=True, verbose_name="対象となる障害"
    )
    qualifications = ParentalManyToManyField(Qualification, blank=True, verbose_name="職員の資格")
    staff_count = models.PositiveSmallIntegerField("職員数", null=True, blank=True)
    atmosphere = models.TextField(
        "雰囲気・利用者のようす", blank=True, help_text="男女比や年齢層、作業場の雰囲気など。"
    )

    # Costs.
    cost_self_pay = models.CharField(
        "利用者負担", max_length=200, blank=True, help_text="例：多くの方は0円（世帯の収入による）"
    )
    cost_lunch = models.CharField("昼食", max_length=200, blank=True, help_text="例：1食300円")
    cost_other = models.CharField("その他の実費", max_length=200, blank=True)

    # Visit, trial and openings.
    visit = models.CharField(
        "見学", max_length=3, choices=Availability.choices, blank=True, default=""
    )
    visit_lead_time = models.CharField(
        "見学の申し込みから実施まで", max_length=100, blank=True, help_text="例：3日ほど"
    )
    visit_duration = models.CharField(
        "見学の所要時間", max_length=100, blank=True, help_text="例：1時間ほど"
    )
    trial = models.CharField(
        "体験利用", max_length=3, choices=Availability.choices, blank=True, default=""
    )
    trial_lead_time = models.CharField("体験の申し込みから開始まで", max_length=100, blank=True)
    trial_duration = models.CharField(
        "体験の期間", max_length=100, blank=True, help_text="例：3日間（1日2時間から）"
    )
    openings = models.CharField(
        "空き状況", max_length=8, choices=Openings.choices, blank=True, default=""
    )
    openings_confirmed_on = models.DateField(
        "空き状況の確認日",
        null=True,
        blank=True,
        help_text="空き状況を最後に確かめた日です。空き状況を変えて保存すると、その日の日付になります。",
    )

    plain_summary = models.TextField(
        "やさしい日本語のせつめい",
        blank=True,
        max_length=400,
        help_text=(
            "ページのいちばん上に出ます。短い文で、むずかしい言葉を使わずに書きます"
            "（例：パンを作る仕事をします。毎日10時から15時までです。）。"
        ),
    )
    introduction = RichTextField("紹介文", blank=True, features=RICH_TEXT_FEATURES)

    basic_panels = [
        FieldPanel("title", heading="事業所名"),
        FieldPanel("name_kana"),
        # What the office is in the national register: the operator's to correct, never its
        # staff's (a changed service would move the office into another directory).
        FieldRowPanel(
            [
                FieldPanel("office_number", permission=OFFICIAL_FACTS),
                FieldPanel("service_type", permission=OFFICIAL_FACTS),
            ]
        ),
        MultiFieldPanel(
            [
                FieldPanel("corporation_name"),
                FieldPanel("corporation_kana"),
                FieldPanel("corporation_number"),
            ],
            heading="運営法人",
        ),
        FieldRowPanel([FieldPanel("capacity"), FieldPanel("staff_count")]),
        FieldPanel("plain_summary"),
        FieldPanel("introduction"),
        InlinePanel("photos", heading="写真", label="写真"),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("source_name", permission=OFFICIAL_FACTS),
                        FieldPanel("source_date", permission=OFFICIAL_FACTS),
                    ]
                ),
                FieldRowPanel(
                    [
                        FieldPanel("source_id", permission=OFFICIAL_FACTS),
                        FieldPanel("source_missing_since", permission=OFFICIAL_FACTS),
                    ]
                ),
            ],
            heading="出典",
            classname="collapsed",
            permission=OFFICIAL_FACTS,
        ),
    ]
    address_panels = [
        MultiFieldPanel(
            [
                FieldPanel("postal_code"),
                FieldRowPanel([FieldPanel("prefecture"), FieldPanel("city")]),
                FieldPanel("address_rest"),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
            ],
            heading="所在地",
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("phone"), FieldPanel("fax")]),
                FieldPanel("email"),
                FieldPanel("website"),
            ],
            heading="連絡先",
        ),
    ]
    work_panels = [
        FieldPanel("work_types", widget=forms.CheckboxSelectMultiple),
        FieldPanel("work_description"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("wage_monthly_average"), FieldPanel("wage_fiscal_year")]),
                FieldRowPanel([FieldPanel("wage_daily"), FieldPanel("wage_hourly")]),
                FieldPanel("wage_note"),
            ],
            heading="工賃",
        ),
    ]
    access_panels = [
        InlinePanel(
            "stations",
            heading="最寄り駅",
            label="駅",
            help_text="登録がないあいだは、事業所の緯度・経度から近い駅を3つまで選び、"
            "「目安」として表示しています。登録すると、登録した駅だけを表示します。",
        ),
        FieldPanel("bus_access"),
        FieldPanel("parking"),
        MultiFieldPanel(
            [
                FieldPanel("pickup"),
                FieldPanel("pickup_area"),
                FieldPanel("pickup_times"),
                FieldPanel("pickup_fee"),
            ],
            heading="送迎",
        ),
    ]
    support_panels = [
        FieldPanel("supports", widget=forms.CheckboxSelectMultiple),
        FieldPanel("target_disabilities", widget=forms.CheckboxSelectMultiple),
        FieldPanel("qualifications", widget=forms.CheckboxSelectMultiple),
        FieldPanel("atmosphere"),
    ]
    hours_panels = [
        InlinePanel("hours", heading="利用できる時間", label="時間帯"),
        FieldPanel("closed_days"),
        FieldPanel("hours_note"),
        MultiFieldPanel(
            [FieldPanel("cost_self_pay"), FieldPanel("cost_lunch"), FieldPanel("cost_other")],
            heading="費用",
        ),
    ]
    visit_panels = [
        MultiFieldPanel(
            [FieldPanel("visit"), FieldPanel("visit_lead_time"), FieldPanel("visit_duration")],
            heading="見学",
        ),
        MultiFieldPanel(
            [FieldPanel("trial"), FieldPanel("trial_lead_time"), FieldPanel("trial_duration")],
            heading="体験利用",
        ),
        FieldRowPanel([FieldPanel("openings"), FieldPanel("openings_confirmed_on")]),
        InlinePanel("faqs", heading="この事業所へのよくある質問", label="質問"),
    ]
    inquiry_panels = [
        InlinePanel(
            "inquiry_routes",
            heading="お問い合わせの宛先",
            label="宛先",
            help_text="見学・体験・お問い合わせを、どのメールアドレスに届けるかを決めます。"
            "宛先がない種類は、サイト設定の「お問い合わせの受付先（予備）」に届きます。"
            "管理画面でお問い合わせを読める職員は、運営者が「お問い合わせの閲覧許可」で決めます。",
        ),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(basic_panels, heading="基本情報"),
            ObjectList(address_panels, heading="所在地・連絡先"),
            ObjectList(work_panels, heading="作業・工賃"),
            ObjectList(access_panels, heading="アクセス・送迎"),
            ObjectList(support_panels, heading="支援・職員"),
            ObjectList(hours_panels, heading="時間・費用"),
            ObjectList(visit_panels, heading="見学・体験・空き"),
            ObjectList(inquiry_panels, heading="お問い合わせの宛先"),
            ObjectList(Page.promote_panels, heading="公開設定"),
            ObjectList(Page.settings_panels, heading="設定"),
        ]
    )

    search_fields = Page.search_fields + [
        index.SearchField("name_kana"),
        index.SearchField("corporation_name"),
        index.SearchField("city"),
    ]

    parent_page_types = ["facilities.DirectoryPage"]
    # The office's news, written by its staff (blog articles; named, not imported: the blog
    # builds on this app).
    subpage_types = ["blog.BlogPage"]
    template = "facilities/facility_page.html"

    class Meta:
        verbose_name = "事業所"
        permissions = [("change_official_facts", "事業所番号・サービスの種類・出典を変える")]
        verbose_name_plural = "事業所"

    PAGE_RELATIONS = (
        "hours",
        "work_types",
        "supports",
        "target_disabilities",
        "qualifications",
        "stations",
        "nearby_stations",
        "faqs",
        "photos__image",
        "inquiry_routes",
    )

    def load_relations(self):
        """Fetch PAGE_RELATIONS, the office's other services and the articles featuring it
        once, or take them from the cache. They change only when some facility changes or an
        article featuring this one is published (blog.signals), both of which move the keyword
        index's generation on; the date is in the key for articles dated ahead."""
        from django.core.cache import cache

        from .directory import indexing, search

        indexing.sync()  # changes made on other servers move the generation on here too
        key = "facility-page:{}:{}:{}:{}:{}".format(
            self.pk, timezone.localdate().isoformat(), *search.generation()
        )
        cached = cache.get(key)
        if cached is None:
            prefetch_related_objects([self], *self.PAGE_RELATIONS)
            cached = (
                self._prefetched_objects_cache,
                list(self.other_services()),
                list(
                    self.articles.live()
                    .public()
                    .filter(date__lte=timezone.localdate())
                    .order_by("-date")[:5]
                ),
            )
            cache.set(key, cached, 600)
        self._prefetched_objects_cache, self.other_service_pages, self.featured_articles = cached

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Each of these is read by several parts of the page (facts, JSON-LD, the profile of
        # known and missing facts): fetched once here, not once per use.
        self.load_relations()
        context["json_ld"] = as_script(facility_data(self, self.get_full_url(request)))
        context["other_services"] = self.other_service_pages
        context["profile"] = profile(self)
        # Articles that staff tagged with this office (BlogPage.facilities).
        context["articles"] = self.featured_articles
        return context

    @classmethod
    def live_by_id(cls, value):
        """The published facility whose id a URL or form value gives, or None."""
        pk = record_id(value)
        return cls.objects.live().filter(pk=pk).first() if pk is not None else None

    def other_services(self):
        """The same office (事業所番号) listed for other services, such as a 多機能型 office's."""
        if not self.office_number:
            return FacilityPage.objects.none()
        return (
            FacilityPage.objects.live()
            .filter(office_number=self.office_number)
            .exclude(pk=self.pk)
            .order_by("service_type", "title")
        )

    @property
    def meta_description(self):
        """For search engines and link previews when staff wrote no description."""
        works = "・".join(w.name for w in self.work_types.all()[:3])
        return (
            f"{self.prefecture_name}{self.city}の{self.get_service_type_display()}「{self.title}」"
            f"の事業所情報です。{f'作業内容：{works}。' if works else ''}"
            "アクセス、工賃、見学・体験の申し込みについて。"
        )

    @property
    def map_url(self):
        """A map at the office's coordinates, on a separate site: no map script on our page."""
        if not self.has_coordinates:
            return ""
        return f"https://www.google.com/maps/search/?api=1&query={self.latitude},{self.longitude}"

    @property
    def prefecture_name(self):
        return PREFECTURE_NAMES.get(self.prefecture, "")

    @property
    def address(self):
        return f"{self.prefecture_name}{self.city}{self.address_rest}"

    @property
    def source_as_of(self):
        """「2025年3月末」 for a month-end date (how the open data states its date)."""
        date = self.source_date
        if date is None:
            return ""
        if (date + datetime.timedelta(days=1)).day == 1:
            return f"{date.year}年{date.month}月末"
        return f"{date.year}年{date.month}月{date.day}日"

    @property
    def has_coordinates(self):
        return self.latitude is not None and self.longitude is not None

    @staticmethod
    def station_prefetches():
        """What `station_facts` reads, for prefetch_related() on lists of pages."""
        return [
            models.Prefetch(
                "stations", queryset=FacilityStation.objects.order_by("sort_order", "pk")
            ),
            models.Prefetch(
                "nearby_stations", queryset=NearbyStation.objects.order_by("rank", "pk")
            ),
        ]

    @cached_property
    def station_facts(self):
        """Nearby stations: those staff entered, else the estimates from the coordinates."""
        return station_data.facts(list(self.stations.all()), list(self.nearby_stations.all()))

    @property
    def stations_estimated(self):
        return any(fact.estimated for fact in self.station_facts)

    @cached_property
    def coordinates_stand_in(self):
        """Whether the open data gives this office a point it shares with other addresses."""
        from .opendata.estimates import is_stand_in

        return self.has_coordinates and is_stand_in(self.latitude, self.longitude)


class FacilityStation(Orderable):
    """A nearby station: the line it is on and how many minutes away on foot."""

    page = ParentalKey(FacilityPage, on_delete=models.CASCADE, related_name="stations")
    station = models.CharField("駅名", max_length=60, help_text="「駅」は付けずに入力します。")
    line = models.CharField("路線", max_length=60, blank=True, help_text="例：JR横浜線")
    walk_minutes = models.PositiveSmallIntegerField(
        "駅から徒歩（分）", null=True, blank=True, validators=[MaxValueValidator(180)]
    )

    panels = [
        FieldRowPanel([FieldPanel("station"), FieldPanel("line"), FieldPanel("walk_minutes")])
    ]

    class Meta(Orderable.Meta):
        verbose_name = "最寄り駅"


class NearbyStation(models.Model):
    """A station near the office, estimated from its coordinates (facilities/directory/stations.py).

    Not page content: computed at import and on publish, never edited, not in revisions.
    Shown only while staff have entered no station of their own.
    """

    page = models.ForeignKey(FacilityPage, on_delete=models.CASCADE, related_name="nearby_stations")
    rank = models.PositiveSmallIntegerField("近さの順位")
    station = models.CharField("駅名", max_length=60)
    line = models.CharField("路線", max_length=60, blank=True)
    distance_m = models.PositiveIntegerField("直線距離（m）")
    walk_minutes = models.PositiveSmallIntegerField("徒歩の目安（分）")

    class Meta:
        verbose_name = "近くの駅（目安）"
        verbose_name_plural = "近くの駅（目安）"
        ordering = ["page", "rank", "pk"]

    def __str__(self):
        return f"{self.station}駅（{self.line}）徒歩約{self.walk_minutes}分"


class FacilityHours(Orderable):
    """When the office is open on one kind of day."""

    page = ParentalKey(FacilityPage, on_delete=models.CASCADE, related_name="hours")
    day_type = models.CharField("曜日", max_length=10, choices=DayType.choices)
    opens_at = models.TimeField("開始", null=True, blank=True)
    closes_at = models.TimeField("終了", null=True, blank=True)
    note = models.CharField("備考", max_length=100, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("day_type"), FieldPanel("opens_at"), FieldPanel("closes_at")]),
        FieldPanel("note"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "利用できる時間"


class FacilityPhoto(Orderable):
    """A photo of the office, with the text read out to people who cannot see it."""

    page = ParentalKey(FacilityPage, on_delete=models.CASCADE, related_name="photos")
    image = models.ForeignKey(
        "wagtailimages.Image", verbose_name="画像", on_delete=models.CASCADE, related_name="+"
    )
    alt_text = models.CharField(
        "代替テキスト",
        max_length=200,
        help_text="写真に写っているものを短く書きます（例：パンを焼く作業場のようす）。",
    )
    caption = models.CharField("キャプション", max_length=200, blank=True)

    panels = [FieldPanel("image"), FieldPanel("alt_text"), FieldPanel("caption")]

    class Meta(Orderable.Meta):
        verbose_name = "写真"


class FacilityFAQ(Orderable):
    """A question people ask this particular office, with its answer."""

    page = ParentalKey(FacilityPage, on_delete=models.CASCADE, related_name="faqs")
    question = models.CharField("質問", max_length=200)
    answer = RichTextField("回答", features=RICH_TEXT_FEATURES)

    panels = [FieldPanel("question"), FieldPanel("answer")]

    class Meta(Orderable.Meta):
        verbose_name = "よくある質問"


class FacilityChange(models.Model):
    """A facility whose search entry is out of date: written in the same transaction as the
    change (publish, unpublish, move, delete, a term renamed, an import), so that every
    server's keyword index and catalogue, which are caches of the database, catch up from
    these rows (`facilities.directory.indexing.sync`)."""

    # Not a foreign key: a deleted page's change must outlive the page.
    page_id = models.BigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "事業所の変更記録"
        verbose_name_plural = "事業所の変更記録"

    def __str__(self):
        return f"{self.page_id} ({self.created_at:%Y-%m-%d %H:%M})"
