"""A visitor's reading preferences: furigana and text size, remembered in cookies.

The header's links (/reading/?furigana=on&next=…) set a preference and come back to the page
they were followed from, so they work without JavaScript; the page is then served with the
text size as a class on <html> and, when asked for, furigana over its kanji
(home.middleware.ReadingSupportMiddleware). Nothing is stored about the visitor but the two
cookies; an unknown value changes nothing.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_safe

from .redirects import local_path

FURIGANA_COOKIE = "furigana"
SIZE_COOKIE = "text_size"
MAX_AGE = 365 * 24 * 60 * 60

# (key, label): the sizes offered, smallest first; the first is the default. Each key is a
# class on <html> (text-<key>) whose scale site.css sets: 100, 125, 150 and 200 %.
SIZES = [
    ("standard", "標準"),
    ("large", "大"),
    ("larger", "特大"),
    ("largest", "最大"),
]
SIZE_KEYS = [key for key, _ in SIZES]


@dataclass(frozen=True)
class Preferences:
    furigana: bool = False
    size: str = SIZE_KEYS[0]

    @property
    def html_class(self):
        classes = [f"text-{self.size}"]
        if self.furigana:
            classes.append("furigana-on")
        return " ".join(classes)


def preferences(request):
    size = request.COOKIES.get(SIZE_COOKIE, "")
    return Preferences(
        furigana=request.COOKIES.get(FURIGANA_COOKIE) == "on",
        size=size if size in SIZE_KEYS else SIZE_KEYS[0],
    )


@require_safe
def set_reading(request):
    response = redirect(local_path(request, request.GET.get("next", ""), "/"))
    furigana = request.GET.get("furigana")
    if furigana in ("on", "off"):
        response.set_cookie(FURIGANA_COOKIE, furigana, max_age=MAX_AGE, samesite="Lax")
    size = request.GET.get("size")
    if size in SIZE_KEYS:
        response.set_cookie(SIZE_COOKIE, size, max_age=MAX_AGE, samesite="Lax")
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def context(request):
    """The header's reading tools: the current choices and the links that change them."""
    chosen = preferences(request)
    url = reverse("reading")
    here = request.get_full_path()

    def link(**change):
        return f"{url}?{urlencode({**change, 'next': here})}"

    return {
        "reading": {
            "furigana": chosen.furigana,
            "html_class": chosen.html_class,
            "furigana_url": link(furigana="off" if chosen.furigana else "on"),
            "sizes": [
                {"label": label, "url": link(size=key), "current": key == chosen.size}
                for key, label in SIZES
            ],
        }
    }
