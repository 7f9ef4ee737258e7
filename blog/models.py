"""Blog articles written by facility staff: the index with its archive, and the articles."""

import datetime

from taggit.models import TaggedItemBase

from django import forms
from django.db import models
from django.utils import timezone

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from facilities.widgets import FacilityChooser, FacilitySingleChooser
from home.forms import PageForm
from home.models import ContentPage

from .blocks import ArticleBlock
from .contents import table_of_contents


@register_snippet
class BlogCategory(models.Model):
    name = models.CharField("名前", max_length=60, unique=True)
    slug = models.SlugField(
        "URL用の名前", max_length=60, unique=True, help_text="半角英数字とハイフン（例：daily）"
    )
    description = models.CharField("説明", max_length=200, blank=True)
    sort_order = models.PositiveSmallIntegerField("表示順", default=100)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = "ブログのカテゴリー"
        verbose_name_plural = "ブログのカテゴリー"

    def __str__(self):
        return self.name


@register_snippet
class BlogAuthor(models.Model):
    """Who wrote an article: a staff member, or the facility as a whole."""

    name = models.CharField("名前", max_length=80)
    role = models.CharField("役割", max_length=80, blank=True, help_text="例：サービス管理責任者")
    facility = models.ForeignKey(
        "facilities.FacilityPage",
        verbose_name="所属する事業所",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("role"),
        FieldPanel("facility", widget=FacilitySingleChooser),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = "ブログの書き手"
        verbose_name_plural = "ブログの書き手"

    def __str__(self):
        return f"{self.name}（{self.role}）" if self.role else self.name


class BlogPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "blog.BlogPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class BlogIndexPage(RoutablePageMixin, ContentPage):
    """The list of articles, newest first, with category, tag and month filters and feeds."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["blog.BlogPage"]
    max_count = 1
    template = "blog/blog_index_page.html"

    class Meta:
        verbose_name = "ブログ（記事の一覧）"
        verbose_name_plural = "ブログ（記事の一覧）"

    def articles(self):
        """Every live article of the site: the blog's own and offices' news (written by their
        staff under their office's page)."""
        return (
            BlogPage.objects.live()
            .public()
            .descendant_of(self.get_parent())
            .filter(date__lte=timezone.localdate())
            .order_by("-date", "-pk")
        )

    @path("")
    def all_articles(self, request):
        from . import views

        return views.listing(self, request)

    @path("category/<slug:slug>/")
    def by_category(self, request, slug):
        from . import views

        return views.listing(self, request, category=slug)

    @path("tag/<str:tag>/")
    def by_tag(self, request, tag):
        from . import views

        return views.listing(self, request, tag=tag)

    @re_path(r"^(?P<year>\d{4})/(?P<month>\d{1,2})/$")
    def by_month(self, request, year, month):
        from . import views

        return views.listing(self, request, year=int(year), month=int(month))

    @re_path(r"^(?P<year>\d{4})/(?P<month>\d{1,2})/(?P<day>\d{1,2})/$")
    def by_day(self, request, year, month, day):
        from . import views

        return views.listing(self, request, year=int(year), month=int(month), day=int(day))

    @path("feed/")
    def feed(self, request):
        from .feeds import ArticleFeed

        return ArticleFeed(self)(request)

    @path("category/<slug:slug>/feed/")
    def category_feed(self, request, slug):
        from .feeds import ArticleFeed

        return ArticleFeed(self, category=slug)(request)


class BlogPageForm(PageForm):
    """An article's form. Under an office's page (that office's news, written by its staff)
    it features that office and no other, and its author is one of that office's."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        office = self._office()
        if office is None:
            return
        if "facilities" in self.fields:
            field = self.fields["facilities"]
            field.disabled = True  # Django keeps the initial value whatever is posted
            self.initial["facilities"] = field.initial = [office.pk]
            field.help_text = "事業所のお知らせは、この事業所のページに表示します。"
        if "author" in self.fields:
            # A menu of this office's writers, not the chooser of every writer on the site.
            field = self.fields["author"]
            field.widget = forms.Select()
            field.queryset = BlogAuthor.objects.filter(facility=office)
            field.empty_label = "（書き手を表示しない）"
            field.help_text = "この事業所の書き手から選べます。"

    def _office(self):
        from facilities.models import FacilityPage

        parent = self.parent_page or (self.instance.get_parent() if self.instance.pk else None)
        parent = parent.specific if parent is not None else None
        return parent if isinstance(parent, FacilityPage) else None


class BlogPage(Page):
    """An article: summary, cover, categories and tags, and a body with a table of contents.

    Under the blog, or under an office's page as that office's news."""

    base_form_class = BlogPageForm

    date = models.DateField(
        "公開日", default=datetime.date.today, help_text="一覧やアーカイブに表示する日付です。"
    )
    author = models.ForeignKey(
        BlogAuthor,
        verbose_name="書いた人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    summary = models.TextField(
        "要約",
        max_length=300,
        help_text="一覧と検索エンジンに表示します。2〜3文で。",
    )
    cover = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="カバー画像",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cover_alt = models.CharField(
        "カバー画像の代替テキスト", max_length=200, blank=True, help_text="写っているものを短く。"
    )
    categories = ParentalManyToManyField(BlogCategory, blank=True, verbose_name="カテゴリー")
    tags = ClusterTaggableManager(through=BlogPageTag, blank=True, verbose_name="タグ")
    facilities = ParentalManyToManyField(
        "facilities.FacilityPage",
        blank=True,
        verbose_name="この記事で取り上げる事業所",
        related_name="articles",
        help_text="選んだ事業所のページに「この事業所の記事」として表示します。",
    )
    show_toc = models.BooleanField(
        "目次を表示する", default=True, help_text="見出しから自動で作ります。"
    )
    body = StreamField(ArticleBlock(), verbose_name="本文")

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("date"), FieldPanel("author")]),
        FieldPanel("summary"),
        MultiFieldPanel([FieldPanel("cover"), FieldPanel("cover_alt")], heading="カバー画像"),
        FieldPanel("categories", widget=forms.CheckboxSelectMultiple),
        FieldPanel("tags"),
        FieldPanel("facilities", widget=FacilityChooser),
        FieldPanel("show_toc"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body")]

    parent_page_types = ["blog.BlogIndexPage", "facilities.FacilityPage"]
    subpage_types = []
    template = "blog/blog_page.html"

    class Meta:
        verbose_name = "ブログ記事"
        verbose_name_plural = "ブログ記事"

    @property
    def meta_description(self):
        return self.summary

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["toc"] = table_of_contents(self.body) if self.show_toc else []
        # An office's news lives under the office's page: its categories and tags are still
        # the blog's, and the office is named.
        context["blog"] = BlogIndexPage.objects.live().first()
        context["office"] = offices_of([self]).get(self.pk)
        return context


def offices_of(articles):
    """{article pk: the office whose news it is} for the articles written under an office's
    page (one query for all)."""
    from facilities.models import FacilityPage

    parents = {article.path[: -Page.steplen]: article.pk for article in articles}
    return {
        parents[office.path]: office
        for office in FacilityPage.objects.filter(path__in=parents).only("title", "url_path")
    }
