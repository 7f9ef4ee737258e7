"""Furigana: readings over the kanji of a page's text, for readers who ask for them.

`annotate(text)` turns a run of (escaped) HTML text into the same text with each word that
holds kanji wrapped as <ruby>漢字<rt aria-hidden="true">かんじ</rt></ruby>. The readings come
from Sudachi (the analyser keyword search uses, home.japanese) with OVERRIDES, and
the glossary's own readings, taking precedence where it reads a term or name wrongly. Kana
written next to the kanji (送り仮名) stay outside the reading: 働きます → 働(はたら)きます.

The readings are aria-hidden: a screen reader reads the page once, as it would without them.
"""

import re
from functools import lru_cache
from html import escape

from .japanese import hiragana, tokenizer

KANJI = "\u3005\u3006\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAS_KANJI = re.compile(f"[{KANJI}]")
_KANJI_OR_NOT = re.compile(f"[{KANJI}]+|[^{KANJI}]+")
# Sudachi reads one run of text of up to ~48 KB; a page's text runs are far shorter, but a
# long paragraph is cut after each 。 or line end so no run comes near it.
_CHUNK = 4000
_SENTENCE_END = re.compile(r"(?<=[。\n])")

# Words Sudachi reads wrongly or differently from the field's usage, and names; the glossary's
# readings are added to these on every page. Latin letters in a term stay in its reading.
OVERRIDES = {
    "B型": "Bがた",
    "A型": "Aがた",
    "開所日": "かいしょび",
    "利用日": "りようび",
    "通所日": "つうしょび",
    "見学日": "けんがくび",
    "体験日": "たいけんび",
    "日中": "にっちゅう",
    "一日": "いちにち",
    "作業所": "さぎょうしょ",
    "工房": "こうぼう",
    "お問い合わせ": "おといあわせ",
    "問い合わせ": "といあわせ",
    # 方 after a verb or の is a person (かた), which Sudachi's short words read as ほう.
    "の方": "のかた",
    "ある方": "あるかた",
    "ない方": "ないかた",
    "いる方": "いるかた",
    "たい方": "たいかた",
    "する方": "するかた",
}


def aligned(surface, reading):
    """[(base, reading or None)]: the reading set over the kanji only, kana left bare.

    aligned("働き", "はたらき") → [("働", "はたら"), ("き", None)]. Where the kana written in
    the word cannot be found in the reading, the whole word gets the whole reading.
    """
    parts = _KANJI_OR_NOT.findall(surface)
    if not reading or not _HAS_KANJI.search(surface):
        return [(surface, None)]
    if len(parts) > 1:
        pattern = "".join(
            "(.+?)" if _HAS_KANJI.match(p) else f"({re.escape(hiragana(p))})" for p in parts
        )
        match = re.fullmatch(pattern, reading)
        if match:
            return [
                (p, match.group(i + 1) if _HAS_KANJI.match(p) else None)
                for i, p in enumerate(parts)
            ]
    return [(surface, reading)]


def _ruby(pairs):
    return "".join(
        f'<ruby>{base}<rt aria-hidden="true">{escape(reading)}</rt></ruby>' if reading else base
        for base, reading in pairs
    )


@lru_cache(maxsize=8)
def _override_pattern(overrides):
    terms = sorted((term for term, _ in overrides), key=len, reverse=True)
    return re.compile("|".join(re.escape(t) for t in terms)) if terms else None


def _analysed(text):
    out = []
    for chunk in _SENTENCE_END.split(text):
        for start in range(0, len(chunk), _CHUNK):
            piece = chunk[start : start + _CHUNK]
            if not _HAS_KANJI.search(piece):
                out.append(piece)
                continue
            for surface, reading in _units(piece):
                out.append(_ruby(aligned(surface, reading)))
    return "".join(out)


def _units(text):
    """(surface, hiragana reading) of Sudachi's shortest words: 就労継続支援 → 就労, 継続, 支援.

    Short words keep each reading short, so a line can break between them on a narrow
    screen; one reading over a long compound would stick out of a 320 px column.
    """
    words = tokenizer("A").tokenize(text)
    return [(text[m.begin() : m.end()], hiragana(m.reading_form())) for m in words]


def _override(term, reading):
    """The ruby of a term read as `reading`: word by word where Sudachi's words add up to it."""
    units = _units(term)
    joined = "".join(r if _HAS_KANJI.search(s) else hiragana(s) for s, r in units)
    if joined == reading:
        return "".join(_ruby(aligned(s, r)) for s, r in units)
    return _ruby(aligned(term, reading))


@lru_cache(maxsize=20_000)
def _annotated(text, overrides):
    readings = dict(overrides)
    pattern = _override_pattern(overrides)
    out = []
    position = 0
    for match in pattern.finditer(text) if pattern else ():
        out.append(_analysed(text[position : match.start()]))
        out.append(_override(match.group(), readings[match.group()]))
        position = match.end()
    out.append(_analysed(text[position:]))
    return "".join(out)


def annotator(extra=()):
    """A function giving a run of HTML text (no tags) ruby over its kanji, for one page:
    `extra` are (term, reading) pairs read before OVERRIDES (the glossary's terms)."""
    overrides = tuple(sorted({**OVERRIDES, **dict(extra)}.items()))

    def annotate(text):
        return _annotated(text, overrides) if _HAS_KANJI.search(text) else text

    return annotate


def annotate(text, extra=()):
    return annotator(extra)(text)
