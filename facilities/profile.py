"""Which facts a facility page has, and which it lacks, by section of the page.

Offices imported from the open data have their official facts (address, phone, hours, 定員)
and little else. Their pages show what is known and gather what is not under one short
explanation, instead of a row of 未登録 for every field.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Fact:
    section: str  # the page section's anchor
    key: str  # the page attribute it is read from
    label: str
    known: object  # page -> bool


def _filled(section, name, label):
    return Fact(section, name, label, lambda page: getattr(page, name) not in ("", None))


def _any(section, name, label):
    return Fact(section, name, label, lambda page: bool(getattr(page, name).all()))


FACTS = [
    _filled("basic", "corporation_name", "運営法人"),
    _filled("basic", "capacity", "定員"),
    _filled("basic", "phone", "電話"),
    _filled("basic", "fax", "FAX"),
    _filled("basic", "email", "メール"),
    _filled("basic", "website", "ホームページ"),
    _any("work", "work_types", "作業内容"),
    _filled("work", "wage_monthly_average", "平均工賃"),
    _filled("work", "work_description", "作業の説明"),
    Fact("access", "station_facts", "最寄り駅", lambda page: bool(page.station_facts)),
    _filled("access", "bus_access", "バスでの行き方"),
    _filled("access", "parking", "駐車場・駐輪場"),
    _filled("access", "pickup", "送迎"),
    _any("support", "supports", "支援内容"),
    _any("support", "target_disabilities", "対象となる障害"),
    _any("support", "qualifications", "職員の資格"),
    _filled("support", "staff_count", "職員数"),
    _filled("support", "atmosphere", "雰囲気・利用者のようす"),
    _any("hours", "hours", "利用できる時間"),
    _filled("hours", "closed_days", "定休日"),
    _filled("hours", "cost_self_pay", "利用者負担"),
    _filled("hours", "cost_lunch", "昼食"),
    _filled("hours", "cost_other", "その他の実費"),
    _filled("visit", "visit", "見学"),
    _filled("visit", "trial", "体験利用"),
    _filled("visit", "openings", "空き状況"),
]


@dataclass
class Profile:
    known: dict  # fact key -> bool
    sections: set  # sections with at least one known fact

    @property
    def missing(self):
        return [fact.label for fact in FACTS if not self.known[fact.key]]


def profile(page):
    known = {fact.key: bool(fact.known(page)) for fact in FACTS}
    sections = {fact.section for fact in FACTS if known[fact.key]}
    return Profile(known, sections | {"basic"})


# Where a fact is edited, when it is not the field of its own name.
EDITED_AS = {"station_facts": "stations"}


def edit_anchors():
    """Fact key -> the editor tab's anchor (#tab-…) where staff fill it in."""
    from .models import FacilityPage

    anchors = {}
    for tab in FacilityPage.get_edit_handler().children:
        options = tab.get_form_options()
        for name in [*options.get("fields", []), *options.get("formsets", {})]:
            anchors[name] = f"tab-{tab.clean_name}"
    return {fact.key: anchors.get(EDITED_AS.get(fact.key, fact.key), "") for fact in FACTS}
