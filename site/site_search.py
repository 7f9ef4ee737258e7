"""The site-wide search: facilities (the directory's keyword search), articles and FAQ answers.

Articles and FAQ entries are few (tens to hundreds), so they are matched in memory with the
same Japanese-aware normalisation as the directory: full-width and half-width letters equal,
katakana folded to hiragana, and titles also matched by their kana reading (さがみはら finds
相模原). The documents are rebuilt only when something was published since the last time.
"""

import threading
from dataclasses import dataclass

from django.db.models import Count, Max
from django.utils import timezone
from django.utils.html import strip_tags

from facilities.directory.text import normalize, reading

KIND_ARTICLE = "記事"
KIND_FAQ = "よくある質問"


@dataclass(frozen=True)
class Document:
    kind: str
    title: str
    url: str
    summary: str
    text: str  # normalised
    title_reading: str


def _articles():
    from blog.models import BlogPage

    pages = (
        BlogPage.objects.live()
        .public()
        .filter(date__lte=timezone.localdate())
        .order_by("-date", "-pk")
    )
    for page in pages:
        body = " ".join(page.body.stream_block.get_searchable_content(page.body))
        yield Document(
            KIND_ARTICLE,
            page.title,
            page.url,
            page.summary,
            normalize(f"{page.title} {page.summary} {body}"),
            reading(page.title),
        )


def _faq():
    from home.models import FAQPage

    for faq in FAQPage.objects.live().public():
        for item in faq.questions.all():
            answer = strip_tags(item.answer)
            yield Document(
                KIND_FAQ,
                item.question,
                f"{faq.url}#{item.anchor}",
                answer,
                normalize(f"{item.question} {answer}"),
                reading(item.question),
            )


def _fingerprint():
    """Changes whenever an article or FAQ page is published, unpublished or deleted."""
    from blog.models import BlogPage
    from home.models import FAQPage

    return tuple(
        tuple(model.objects.live().aggregate(n=Count("pk"), last=Max("last_published_at")).values())
        for model in (BlogPage, FAQPage)
    ) + (timezone.localdate(),)


_cache = {"key": None, "documents": []}
_lock = threading.Lock()


def documents():
    key = _fingerprint()
    with _lock:
        if _cache["key"] != key:
            _cache["documents"] = [*_articles(), *_faq()]
            _cache["key"] = key
        return _cache["documents"]


def clear():
    with _lock:
        _cache["key"] = None


def search_content(query):
    """Articles and FAQ entries holding every word of the query, articles first."""
    terms = normalize(query).split()
    if not terms:
        return []
    return [
        doc
        for doc in documents()
        if all(term in doc.text or term in doc.title_reading for term in terms)
    ]
