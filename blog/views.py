"""The blog index's views: all articles, or one category, tag or month (each its own URL)."""

import datetime

from taggit.models import Tag

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils import timezone

from wagtail.models import Page

from home.dates import japanese_date

from .contents import WEEKDAY_HEADINGS, archive, calendar_month, month_calendar
from .models import BlogCategory, offices_of

PER_PAGE = 10


def listing(index, request, category=None, tag=None, year=None, month=None, day=None):
    articles = index.articles()
    every_article = articles
    heading = None
    chosen_category = None
    if category is not None:
        chosen_category = BlogCategory.objects.filter(slug=category).first()
        if chosen_category is None:
            raise Http404("no such category")
        articles = articles.filter(categories=chosen_category)
        heading = f"カテゴリー：{chosen_category.name}"
    elif tag is not None:
        articles = articles.filter(tags__name=tag)
        heading = f"タグ：{tag}"
    elif year is not None:
        if not (1 <= month <= 12 and 1 <= year <= 9999):
            raise Http404("no such month")  # year 0 is out of the database's range
        articles = articles.filter(date__year=year, date__month=month)
        heading = f"{year}年{month}月の記事"
        if day is not None:
            try:
                date = datetime.date(year, month, day)
            except ValueError as error:
                raise Http404("no such day") from error
            articles = articles.filter(date=date)
            heading = f"{japanese_date(date)}の記事"
    paginator = Paginator(
        articles.select_related("author", "cover").prefetch_related("categories"), PER_PAGE
    )
    try:
        page_of_articles = paginator.page(request.GET.get("page", 1))
    except (PageNotAnInteger, EmptyPage):
        page_of_articles = paginator.page(1)
    offices = offices_of(page_of_articles)
    for article in page_of_articles:
        article.office = offices.get(article.pk)
    months = archive(every_article.values_list("date", flat=True))
    shown_year, shown_month, older, newer = calendar_month(
        months, year, month, today=timezone.localdate()
    )
    dates = every_article.filter(date__year=shown_year, date__month=shown_month).values_list(
        "date", flat=True
    )
    context = {
        **Page.get_context(index, request),
        "articles": page_of_articles,
        "heading": heading,
        "subpage_title": heading,
        "category": chosen_category,
        "categories": BlogCategory.objects.filter(blogpage__in=every_article).distinct(),
        "months": months,
        "calendar": {
            "title": f"{shown_year}年{shown_month}月",
            "year": shown_year,
            "month": shown_month,
            "weekdays": WEEKDAY_HEADINGS,
            "weeks": month_calendar(shown_year, shown_month, dates),
            "older": older,
            "newer": newer,
        },
        "recent": every_article[:5],
        "tags": Tag.objects.filter(blog_blogpagetag_items__content_object__in=every_article)
        .distinct()
        .order_by("name"),
    }
    return TemplateResponse(request, index.template, context)
