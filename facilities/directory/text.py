"""Japanese text as search sees it: one normal form, and kana readings of kanji.

`normalize` makes full-width and half-width letters and digits equal (ＰＣ = PC), folds case
and turns katakana into hiragana, so that パン, ぱん and ﾊﾟﾝ are the same word.
`reading` gives the hiragana reading of names and addresses (相模原市 → さがみはらし), so a
person who types a place or a name in kana finds it even where it is written in kanji.
"""

import re
import unicodedata
from functools import lru_cache

from home.japanese import hiragana, tokenizer

_SPACES = re.compile(r"\s+")
# Sudachi's part-of-speech for symbols and spaces; their "reading" is a placeholder (キゴウ).
_NO_READING = {"補助記号", "空白"}


def normalize(text):
    """NFKC, lower case, katakana to hiragana, runs of white space to one space."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", str(text)).lower()
    text = hiragana(text)
    return _SPACES.sub(" ", text).strip()


@lru_cache(maxsize=100_000)
def reading(text):
    """The hiragana reading of a name or address, normalised; symbols are left out.

    Cached: names of cities and corporations repeat across thousands of facilities, and a
    catalogue rebuilt after one edit asks again for nearly every reading it asked before.
    """
    text = unicodedata.normalize("NFKC", text or "").strip()
    if not text:
        return ""
    parts = []
    for morpheme in tokenizer().tokenize(text):
        if morpheme.part_of_speech()[0] in _NO_READING:
            parts.append(" ")
        else:
            parts.append(morpheme.reading_form())
    return normalize("".join(parts))


WORD_BREAK = "\x1f"


@lru_cache(maxsize=50_000)
def marked_words(text):
    """Normalised text with WORD_BREAK around each of Sudachi's shortest words.

    「パン工房」 → ␟ぱん␟工房␟ and 「ジャパン」 → ␟じゃぱん␟: パン is a word in the first only.
    Cached: the same names and texts are asked about query after query.
    """
    words = (normalize(m.surface()) for m in tokenizer("A").tokenize(text[:5000]))
    return WORD_BREAK + WORD_BREAK.join(w for w in words if w) + WORD_BREAK


@lru_cache(maxsize=1_000)
def word_pattern(term):
    """A pattern finding normalised `term` as one or more whole words in marked_words()."""
    inside = f"{WORD_BREAK}?".join(re.escape(c) for c in term if c != " ")
    return re.compile(f"{WORD_BREAK}{inside}{WORD_BREAK}")


# Legal forms of corporations, written and read. Their readings carry common syllables
# (いっぱん has ぱん, so パン would find every 一般社団法人) and tell nobody anything.
LEGAL_FORMS = {
    "社会福祉法人": "しゃかいふくしほうじん",
    "特定非営利活動法人": "とくていひえいりかつどうほうじん",
    "一般社団法人": "いっぱんしゃだんほうじん",
    "一般財団法人": "いっぱんざいだんほうじん",
    "公益社団法人": "こうえきしゃだんほうじん",
    "公益財団法人": "こうえきざいだんほうじん",
    "医療法人社団": "いりょうほうじんしゃだん",
    "医療法人財団": "いりょうほうじんざいだん",
    "医療法人": "いりょうほうじん",
    "NPO法人": "えぬぴーおーほうじん",
    "株式会社": "かぶしきがいしゃ",
    "有限会社": "ゆうげんがいしゃ",
    "合同会社": "ごうどうがいしゃ",
    "合資会社": "ごうしがいしゃ",
    "合名会社": "ごうめいがいしゃ",
}
_LEGAL_FORM = re.compile(
    "|".join(re.escape(normalize(f)) for form in LEGAL_FORMS.items() for f in form)
)


def without_legal_form(text):
    """A corporation's name or kana without 社会福祉法人, かぶしきがいしゃ and the like."""
    return normalize(_LEGAL_FORM.sub(" ", normalize(text)))


def ngrams(text, size):
    """Overlapping substrings of `size` characters; the whole text if it is shorter."""
    if len(text) <= size:
        return [text] if text else []
    return [text[i : i + size] for i in range(len(text) - size + 1)]
