"""Finding English left on the admin pages staff use: the visible text and the attributes a
screen reader reads, with an allow-list of names that are written in Latin letters."""

import re
from html.parser import HTMLParser

# Names, abbreviations and formats that are English in Japanese text too.
ALLOWED = {
    "Wagtail",
    "PDF",
    "CSV",
    "URL",
    "FAX",
    "OK",
    "ID",
    "SNS",
    "Excel",
    "Google",
    "reCAPTCHA",
    "B型",
    "JavaScript",
    "HTML",
    "WAM",
    "NET",
    "PC",
    "Q&A",
    "SST",
    "MSW",
    "JR",
    "QR",
    # Key names, as printed on keyboards (the keyboard shortcuts dialog).
    "Ctrl",
    "Alt",
    "Shift",
    "Esc",
    "NO",
    "XLSX",
    "AVIF",
    "GIF",
    "JPG",
    "JPEG",
    "PNG",
    "WEBP",
    "MB",
    "KB",
}
READ_ATTRIBUTES = ("aria-label", "title", "placeholder", "alt", "aria-description")
# Addresses, links and slugs are data, not words (an email, a URL, aki-no-shuukakusai).
NOT_WORDS = re.compile(r"\S+@\S+|https?://\S+|/\S*|\b[a-z0-9]+(?:[-_.][a-z0-9]+)+\b", re.I)
SKIPPED_TAGS = {"script", "style", "template", "svg", "code", "pre", "textarea"}


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


def _script_filled(attrs):
    """A hidden counter that a script fills in before it shows it: until then it holds a
    placeholder ("None") that nobody sees."""
    attrs = dict(attrs)
    counter = "data-side-panel-toggle-counter" in attrs
    return "hidden" in attrs and (counter or attrs.get("data-w-drilldown-target") == "count")


class _Text(HTMLParser):
    """The text a person sees or hears: not scripts or styles. Content marked `hidden` is
    read too: Wagtail hides what one click shows (tabs, the filters, side panels, folded
    breadcrumbs), so the account page's tabs would otherwise never be checked."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self._skipping = [], []

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            if not self._skipping:
                self._attributes(attrs)
            return
        if self._skipping or tag in SKIPPED_TAGS or _script_filled(attrs):
            self._skipping.append(tag)
            return
        self._attributes(attrs)

    def _attributes(self, attrs):
        for name, value in attrs:
            if name in READ_ATTRIBUTES and value:
                self.parts.append(value)

    def handle_endtag(self, tag):
        if self._skipping and self._skipping[-1] == tag:
            self._skipping.pop()

    def handle_data(self, data):
        if not self._skipping:
            self.parts.append(data)


def english_words(html, extra_allowed=()):
    """The Latin-letter words of the page a person reads, outside the allow-list."""
    reader = _Text()
    reader.feed(html)
    allowed = ALLOWED | set(extra_allowed)
    words = set()
    for part in reader.parts:
        part = NOT_WORDS.sub(" ", part)
        for word in re.findall(r"[A-Za-z][A-Za-z'’]+", part):
            if word not in allowed and not any(word in a for a in allowed):
                words.add(word)
    return words


def english_phrases(html):
    """The text pieces that hold those words, for finding what to translate."""
    reader = _Text()
    reader.feed(html)
    return sorted({" ".join(p.split()) for p in reader.parts if english_words(f"<p>{p}</p>")})
