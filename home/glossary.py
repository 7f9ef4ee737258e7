"""The glossary on the pages: where a term of the field appears, its plain explanation is near.

`mark_terms(main_html, terms, glossary_url)` links the first place each term appears in the
page's prose (what staff write, and lead paragraphs) to its entry on the glossary page, and
returns every term the page's main text uses, which the page then lists with its reading and
explanation (templates/includes/page_terms.html). Labels, buttons, headings, facts and
messages are not linked: a link inside a label or a button is a trap for a keyboard or a
screen reader, and a link on every 工賃 of a results page is noise; those terms are in the
page's list all the same.
"""

import re
import unicodedata
from dataclasses import dataclass
from html import escape

from .html_text import map_regions, map_text, text_only

MAX_SENTENCES = 2
MAX_EXPLANATION = 150

_READING = re.compile(r"[\u3041-\u3096\u30a1-\u30fa\u30fc・A-Za-z0-9 ]+")
_SENTENCE = re.compile(r"[^。！？!?]+[。！？!?]?")
# Where terms are made links: the text staff write (rich text, an article's blocks) and the
# pages' lead paragraphs; not labels, facts, buttons or messages, where a link would be noise.
PROSE = (
    r"<(?:div|p|section)\b[^>]*\bclass=\"[^\"]*\b(?:rich-text|lead|plain-summary)\b[^\"]*\"[^>]*>"
)
# Inside prose, where a term is not made a link (it is in the page's list all the same).
NOT_LINKED = frozenset(
    [
        "a",
        "button",
        "label",
        "summary",
        "option",
        "select",
        "legend",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "svg",
        "code",
        "kbd",
        "pre",
        "ruby",
        "rt",
        "rp",
    ]
)


@dataclass(frozen=True)
class Term:
    term: str
    reading: str
    explanation: str
    anchor: str


def clean_reading(value):
    return " ".join(unicodedata.normalize("NFKC", value or "").split())


def is_reading(value):
    return bool(_READING.fullmatch(clean_reading(value)))


def sentence_count(text):
    return len([s for s in _SENTENCE.findall(text or "") if s.strip()])


def _pattern(terms):
    written = sorted({escape(t.term, quote=False) for t in terms}, key=len, reverse=True)
    return re.compile("|".join(re.escape(w) for w in written))


def mark_terms(main_html, terms, glossary_url):
    """(main_html with the first linkable use of each term linked, the terms it uses)."""
    if not terms or not main_html:
        return main_html, []
    pattern = _pattern(terms)
    by_written = {escape(t.term, quote=False): t for t in terms}
    used = dict.fromkeys(match.group() for match in pattern.finditer(text_only(main_html)))
    if not used:
        return main_html, []

    linked = set()

    def add_links(text):
        def one(match):
            written = match.group()
            if written in linked:
                return written
            linked.add(written)
            term = by_written[written]
            return f'<a class="term-link" href="{glossary_url}#{term.anchor}">{written}</a>'

        return pattern.sub(one, text)

    main_html = map_regions(
        main_html, PROSE, lambda inside: map_text(inside, add_links, skip=NOT_LINKED)
    )
    return main_html, sorted((by_written[w] for w in used), key=lambda t: t.reading)
