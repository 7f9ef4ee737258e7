"""Keywords that name a condition the directory has: offer the condition instead.

「送迎」 or 「工賃」 typed as a keyword match almost nothing, because offices say these things in
fields, not in their text. The directory offers the matching condition (送迎ありの事業所に絞る),
with the keyword taken out and the number of offices it gives.
"""

from dataclasses import dataclass

from .stations import station_key
from .text import WORD_BREAK, marked_words, normalize

FLAG_WORDS = {
    "送迎": ("pickup", "送迎ありの事業所に絞る"),
    "見学": ("visit", "見学できる事業所に絞る"),
    "体験": ("trial", "体験利用できる事業所に絞る"),
    "体験利用": ("trial", "体験利用できる事業所に絞る"),
    "空き": ("openings", "空きのある事業所に絞る"),
    "空きあり": ("openings", "空きのある事業所に絞る"),
}
WAGE_WORDS = {"工賃", "平均工賃", "給料", "給与"}
# Words too general to pick a work type by (パン作り is about パン, not 作り).
GENERAL_WORDS = {"作り", "づくり", "作業", "仕事", "しごと", "制作", "製作", "活動"}


@dataclass
class Offer:
    label: str
    changes: dict  # Criteria fields to change, the keyword term removed


def _words(text):
    return {w for w in marked_words(text).split(WORD_BREAK) if len(w) >= 2}


def offers(criteria, work_terms, stations):
    """Offers for the keyword's terms: [Offer]. `work_terms` are (pk, name) of work types;
    `stations` a StationList."""
    found = []
    terms = [t for t in criteria.q.split(" ") if t]
    for term in terms:
        rest = " ".join(t for t in terms if t != term)
        key = normalize(term)
        flag = FLAG_WORDS.get(key)
        if flag and not getattr(criteria, flag[0]):
            found.append(Offer(flag[1], {"q": rest, flag[0]: True}))
        if key in WAGE_WORDS:
            found.append(Offer("平均工賃が高い順に並べる", {"q": rest, "sort": "wage"}))
        words = _words(term) - GENERAL_WORDS
        for pk, name in work_terms:
            if pk not in criteria.work and (key == normalize(name) or words & _words(name)):
                found.append(Offer(f"作業内容「{name}」の事業所に絞る", {"q": rest, "work": (pk,)}))
        stops = stations.named(term)
        if stops and not flag:
            name = stops[0].name
            found.append(
                Offer(
                    f"最寄り駅に{name}駅がある事業所に絞る",
                    {"q": rest, "station": station_key(term)},
                )
            )
            found.append(Offer(f"{name}駅から近い順に並べる", {"q": rest, "near": f"{name}駅"}))
    return found
