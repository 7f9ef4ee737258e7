"""RSS for the whole blog and for each category (Django's syndication framework)."""

from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils import timezone
from django.utils.feedgenerator import Rss201rev2Feed

from .models import BlogCategory


class ArticleFeed(Feed):
    feed_type = Rss201rev2Feed
    language = "ja"

    def __init__(self, index, category=None):
        super().__init__()
        self.index = index
        self.category = None
        if category is not None:
            self.category = BlogCategory.objects.filter(slug=category).first()
            if self.category is None:
                raise Http404("no such category")

    def get_object(self, request, *args, **kwargs):
        self.request = request
        return self.index

    def title(self, index):
        suffix = f"（{self.category.name}）" if self.category else ""
        return f"{index.title}{suffix}"

    def link(self, index):
        return index.get_url(self.request)

    def description(self, index):
        return index.intro or index.title

    def items(self, index):
        articles = index.articles()
        if self.category is not None:
            articles = articles.filter(categories=self.category)
        return articles[:20]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return self.request.build_absolute_uri(item.get_url(self.request))

    def item_pubdate(self, item):
        # An article has a date, not a time: 9:00 in Japan on that day.
        return timezone.make_aware(datetime.combine(item.date, time(9)))
