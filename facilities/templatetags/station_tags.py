"""The rule behind estimated walks and the station list's source, worded in one place."""

from django import template

from ..directory import stations

register = template.Library()


LISTS_INTRO = (
    "「目安」とある駅と時間は、事業所がまだ登録していないため、事業所の位置から計算したものです。"
)


@register.inclusion_tag("facilities/includes/estimate_note.html")
def estimate_note(intro=LISTS_INTRO):
    return {"intro": intro, "rule": stations.WALK_RULE, "source": stations.SOURCE_NOTE}
