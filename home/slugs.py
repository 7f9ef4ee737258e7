"""Readable URL slugs for Japanese titles.

Slugs are ASCII (WAGTAIL_ALLOW_UNICODE_SLUGS is off: a URL with kanji is percent-encoded
into an unreadable string wherever it is pasted). A Japanese title gives the romaji of its
reading, one word per Sudachi morpheme, joined by hyphens: 「秋の収穫祭のお知らせ」 →
aki-no-shuukakusai-no-oshirase. Long vowels are written out (shuu, not shū or shu), so the
slug stays ASCII and can be read back. Letters and digits in the title are kept as written.
"""

import re
import unicodedata

from .japanese import tokenizer

MAX_LENGTH = 60

_BASE = {
    "ア": "a", "イ": "i", "ウ": "u", "エ": "e", "オ": "o",
    "カ": "ka", "キ": "ki", "ク": "ku", "ケ": "ke", "コ": "ko",
    "サ": "sa", "シ": "shi", "ス": "su", "セ": "se", "ソ": "so",
    "タ": "ta", "チ": "chi", "ツ": "tsu", "テ": "te", "ト": "to",
    "ナ": "na", "ニ": "ni", "ヌ": "nu", "ネ": "ne", "ノ": "no",
    "ハ": "ha", "ヒ": "hi", "フ": "fu", "ヘ": "he", "ホ": "ho",
    "マ": "ma", "ミ": "mi", "ム": "mu", "メ": "me", "モ": "mo",
    "ヤ": "ya", "ユ": "yu", "ヨ": "yo",
    "ラ": "ra", "リ": "ri", "ル": "ru", "レ": "re", "ロ": "ro",
    "ワ": "wa", "ヰ": "i", "ヱ": "e", "ヲ": "o", "ン": "n",
    "ガ": "ga", "ギ": "gi", "グ": "gu", "ゲ": "ge", "ゴ": "go",
    "ザ": "za", "ジ": "ji", "ズ": "zu", "ゼ": "ze", "ゾ": "zo",
    "ダ": "da", "ヂ": "ji", "ヅ": "zu", "デ": "de", "ド": "do",
    "バ": "ba", "ビ": "bi", "ブ": "bu", "ベ": "be", "ボ": "bo",
    "パ": "pa", "ピ": "pi", "プ": "pu", "ペ": "pe", "ポ": "po",
    "ヴ": "vu",
    "ァ": "a", "ィ": "i", "ゥ": "u", "ェ": "e", "ォ": "o",
    "ャ": "ya", "ュ": "yu", "ョ": "yo", "ヮ": "wa",
}  # fmt: skip
# Two kana read as one syllable: キャ kya, シュ shu, ファ fa, ティ ti …
_SMALL = {"ャ": "a", "ュ": "u", "ョ": "o", "ァ": "a", "ィ": "i", "ゥ": "u", "ェ": "e", "ォ": "o"}
_PALATAL = {"シ": "sh", "チ": "ch", "ジ": "j", "ヂ": "j"}
_FOREIGN = {
    "ファ": "fa", "フィ": "fi", "フェ": "fe", "フォ": "fo",
    "ティ": "ti", "ディ": "di", "トゥ": "tu", "ドゥ": "du",
    "ウィ": "wi", "ウェ": "we", "ウォ": "wo", "ヴァ": "va", "ヴィ": "vi", "ヴェ": "ve",
    "ヴォ": "vo", "シェ": "she", "ジェ": "je", "チェ": "che",
}  # fmt: skip
# Particles Sudachi reads as written but people say otherwise.
_PARTICLES = {"は": "wa", "へ": "e", "を": "o"}
_NOT_WORDS = {"補助記号", "空白"}
_NON_SLUG = re.compile(r"[^a-z0-9]+")


def romaji(katakana):
    """Hepburn romaji of a katakana reading, long vowels written out (ー repeats the vowel)."""
    out = []
    i = 0
    while i < len(katakana):
        pair, char = katakana[i : i + 2], katakana[i]
        if pair in _FOREIGN:
            out.append(_FOREIGN[pair])
            i += 2
            continue
        if len(pair) == 2 and pair[1] in "ャュョ" and char in _BASE and char not in _SMALL:
            stem = _PALATAL.get(char) or _BASE[char][:-1] + "y"
            out.append(stem + _SMALL[pair[1]])
            i += 2
            continue
        if char == "ッ":
            out.append("\0")  # doubles the next consonant
        elif char == "ー":
            vowel = next((c for c in reversed("".join(out)) if c in "aeiou"), "")
            out.append(vowel)
        else:
            out.append(_BASE.get(char, ""))
        i += 1
    text = "".join(out)
    # っ: the next consonant doubled (ch as tch); at the end or before a vowel, left out.
    text = re.sub(r"\0(ch)", r"t\1", text)
    text = re.sub(r"\0([bcdfghjklmpqrstvwxyz])", r"\1\1", text)
    return text.replace("\0", "")


def _words(title):
    for morpheme in tokenizer().tokenize(title):
        surface = morpheme.surface()
        pos = morpheme.part_of_speech()[0]
        if pos in _NOT_WORDS:
            continue
        if surface.isascii():
            yield surface.lower()
        elif pos == "助詞" and surface in _PARTICLES:
            yield _PARTICLES[surface]
        else:
            yield romaji(morpheme.reading_form())


def slug_for(title):
    """An ASCII slug for `title`, at most MAX_LENGTH characters, cut between words; "" when
    the title has nothing to read (only symbols)."""
    title = unicodedata.normalize("NFKC", title or "").strip()
    words = [_NON_SLUG.sub("-", word.lower()).strip("-") for word in _words(title)]
    slug = ""
    for word in filter(None, words):
        longer = f"{slug}-{word}" if slug else word
        if len(longer) > MAX_LENGTH:
            break
        slug = longer
    return slug or _NON_SLUG.sub("-", words[0] if words else "")[:MAX_LENGTH].strip("-")


def unique_slug(base, is_available):
    """`base`, or base-2, base-3 … : the first `is_available(slug)` accepts."""
    candidate, number = base, 1
    while not is_available(candidate):
        number += 1
        candidate = f"{base[: MAX_LENGTH - len(str(number)) - 1]}-{number}"
    return candidate
