"""The whole open data imported and indexed: what a visitor finds among 9,884 real offices.

One test, because importing and indexing the three files takes most of a minute; each block
is a case a person would try, held out from the cases the code was tuned on.
"""

import re

import pytest

from django.db.models import Min

from facilities.directory import indexing
from facilities.directory.text import marked_words, normalize, word_pattern
from facilities.models import FacilityPage, NearbyStation
from tests.test_directory import get, names
from tests.test_import_wam import DATA, FILES, run

pytestmark = pytest.mark.django_db


def test_real_offices_have_stations_and_are_found_by_words_and_places(demo_site, client):
    for name in FILES:
        run(DATA / name, no_index=True)
    indexing.rebuild()

    # Stations: most real offices have one within a walk (the rest are rural or stand-ins).
    real = FacilityPage.objects.exclude(source_id="")
    nearest = (
        NearbyStation.objects.filter(page__in=real).values("page").annotate(m=Min("walk_minutes"))
    )
    within = sum(1 for row in nearest if row["m"] <= 15)
    assert real.count() == 9884
    assert 8000 < len(nearest) < 9884  # 8,511 with the 2025-03 files
    assert within > 5500  # 5,969

    # Station 横浜 across all services, however it is typed, lists real offices with estimates.
    by_station = names(get(client, "?station=横浜&service=all"))
    assert len(by_station) == 20
    assert by_station == names(get(client, "?station=よこはま&service=all"))
    assert by_station == names(get(client, "?station=横浜駅&service=all"))
    total = int(re.search(r"(\d+)件の事業所", get(client, "?station=横浜&service=all").text)[1])
    assert total > 20  # 27 with the 2025-03 files

    # Nearest first from 横浜駅: distances never decrease, page after page.
    first = get(client, "?near=横浜駅&service=all").text
    second = get(client, "?near=横浜駅&service=all&page=2").text
    kilometres = [float(k) for k in re.findall(r"横浜駅から約([\d.]+)km", first + second)]
    assert len(kilometres) == 40 and kilometres == sorted(kilometres)
    assert kilometres[0] < 0.5

    # パン: offices with パン as a word come before ジャパン and the like.
    found = names(get(client, "?q=パン&service=all"))
    pattern = word_pattern(normalize("パン"))
    as_word = [bool(pattern.search(marked_words(n))) for n in found]
    assert as_word[:10] == [True] * 10
    assert "ジャパン" not in "".join(found[:10])

    # Held-out cases from the real files.
    assert names(get(client, "?q=ｌｉｔａｌｉｃｏ&service=all")) == names(
        get(client, "?q=LITALICO&service=all")
    )
    assert len(names(get(client, "?q=さっぽろ&service=all"))) == 20
    assert "ここのわ小田急相模原事業所" in names(get(client, "?q=ここのわ&service=all"))
    response = get(client, "?q=送迎&service=all")
    assert "送迎ありの事業所に絞る" in response.text  # offered, not a bare 0
    near_city = get(client, "?near=札幌市中央区&km=1&service=all").text
    assert "札幌市中央区から近い順です" in near_city
    assert re.search(r"(\d+)件の事業所が見つかりました", near_city)
