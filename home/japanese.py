"""Japanese text analysis shared by the site: Sudachi's tokenizer and kana conversion.

The base of the apps that read Japanese: keyword search (facilities.directory.text), URL
slugs (home.slugs) and furigana (home.furigana) all use the same dictionary through here.
"""

import re
import threading

_KATAKANA = re.compile(r"[\u30a1-\u30f6]")
_local = threading.local()


def tokenizer(mode="C"):
    """Sudachi's tokenizer for this thread, in split mode A (shortest words) or C (longest)."""
    # A Sudachi tokenizer is not shared between threads; the dictionary loads in ~40 ms.
    name = f"tokenizer_{mode}"
    found = getattr(_local, name, None)
    if found is None:
        from sudachipy import Dictionary, SplitMode

        found = Dictionary(dict="core").tokenizer(mode=getattr(SplitMode, mode))
        setattr(_local, name, found)
    return found


def hiragana(text):
    """Katakana turned into hiragana (ー and other marks kept): パン → ぱん."""
    return _KATAKANA.sub(lambda m: chr(ord(m.group()) - 0x60), text)
