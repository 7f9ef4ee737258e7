"""Real offices as imported: stations from coordinates, nearby search, the desk, the words."""

import re

import pytest

from facilities.directory import indexing
from facilities.models import FacilityPage, NearbyStation
from facilities.opendata import estimates
from home.models import SiteSettings
from inquiries import outbox
from inquiries.models import Inquiry
from tests.conftest import make_facility
from tests.test_directory import get, names
from tests.test_import_wam import lines, run, write
from tests.test_inquiries import CONTACT, data

pytestmark = pytest.mark.django_db

# Offices of the A型 file in 横浜市西区 (two rows) and 相模原市南区, as a small open-data file.
WARDS = ("横浜市西区", "相模原市南区")


@pytest.fixture
def imported(directory, tmp_path):
    rows = lines()
    chosen = [rows[0], *(line for line in rows[1:] if any(w in line for w in WARDS))]
    run(write(tmp_path, "wam_202503_045.csv", chosen))
    return FacilityPage.objects.exclude(source_id="").order_by("pk")


def test_the_import_gives_every_located_office_its_nearest_stations(imported):
    assert imported.count() >= 5
    for page in imported:
        facts = page.station_facts
        assert 1 <= len(facts) <= 3, page.title
        assert all(f.estimated and f.walk_minutes >= 1 for f in facts)
        assert [f.distance_m for f in facts] == sorted(f.distance_m for f in facts)


@pytest.mark.parametrize("station", ["横浜", "よこはま", "横浜駅"])
def test_the_station_filter_finds_imported_offices_across_services(imported, client, station):
    response = get(client, f"?station={station}&service=all")
    found = names(response)
    near_yokohama = [p.title for p in imported if "横浜" in {f.name for f in p.station_facts}]
    assert near_yokohama and sorted(found) == sorted(near_yokohama)
    assert re.search(r"横浜駅 徒歩約\d+分（目安）", response.text)
    assert "1分に80メートル" in response.text and "2017年11月時点" in response.text


def test_nearest_first_from_a_station_with_a_radius(imported, client):
    response = get(client, "?near=横浜駅&service=all")
    kilometres = [
        float(k) for k in re.findall(r"横浜駅から約([\d.]+)km（直線距離）", response.text)
    ]
    assert len(kilometres) == len(names(response)) == 20  # the first page, every office located
    assert kilometres == sorted(kilometres)
    assert names(response)[:2] == ["アール", "ジャーニー"]  # the two imported from 横浜市西区
    assert "横浜駅から近い順です" in response.text
    within = names(get(client, "?near=横浜駅&service=all&km=3"))
    assert 0 < len(within) < len(names(response))
    assert within == names(response)[: len(within)]


def test_nearest_first_from_a_city(imported, client):
    response = get(client, "?near=相模原市南区&service=all&km=5")
    assert "相模原市南区から近い順です" in response.text
    assert "アトリエはなみずき" in names(response)  # a demo office of that ward
    assert not any("横浜市" in city for city in re.findall(r"神奈川県(\S+?区)", response.text))


def test_odd_places_and_radii_get_japanese_messages(imported, client):
    response = get(client, "?near=どこでもない町&km=7")
    assert "「どこでもない町」という駅・市区町村が見つからなかったため" in response.text
    assert "距離の条件を読み取れなかったため" in response.text
    response = get(client, "?near=府中")
    assert "当てはまる場所がいくつかあります" in response.text
    assert "府中駅（京王線）" in response.text


def test_staff_entered_stations_win_and_publishing_recomputes(directory):
    page = make_facility(
        directory,
        "駅を登録した事業所",
        "with-station",
        latitude="35.466",
        longitude="139.620",
        stations=[("平沼橋", "相鉄本線", 9)],
    )
    assert [f.summary for f in page.station_facts] == ["平沼橋駅（相鉄本線）徒歩9分"]
    assert NearbyStation.objects.filter(page=page).exists()  # kept, but not shown
    page.stations.all().delete()
    page = FacilityPage.objects.get(pk=page.pk)
    assert page.station_facts[0].name == "横浜" and page.station_facts[0].estimated
    # Moving the office and publishing moves its estimates.
    page.latitude, page.longitude = "35.5806", "139.3711"
    page.save_revision().publish()
    page = FacilityPage.objects.get(pk=page.pk)
    assert page.station_facts[0].name == "相模原"


def test_a_point_shared_by_offices_at_different_addresses_gets_no_estimate(directory):
    pages = [
        make_facility(
            directory,
            f"同じ地点の事業所{i}",
            f"shared-{i}",
            latitude="35.4437",
            longitude="139.6380",
            address_rest=f"中央{i}丁目",
        )
        for i in range(1, 4)
    ]
    estimates.refresh_all()
    for page in pages:
        page = FacilityPage.objects.get(pk=page.pk)
        assert page.station_facts == []
        assert page.coordinates_stand_in


def test_an_imported_office_page_shows_what_it_has_first(imported, client):
    page = imported.filter(city="横浜市西区").first()
    html = client.get(page.url).content.decode()
    assert "まだ載っていない情報" in html
    assert "作業内容、平均工賃" in html
    assert html.index('id="access"') < html.index('id="unknown"')
    assert "直線距離からの目安" in html
    assert "1分に80メートル" in html
    assert "駅データ.jp" in html and "2017年11月" in html
    assert "未登録" not in html


def desk_request(client, page, **changes):
    return client.post(
        f"{CONTACT}?kind=visit&facility={page.pk}",
        data(support_needs="大きな音が苦手です。", **changes),
    )


def test_a_request_to_an_office_without_an_address_goes_to_the_desk_and_says_so(
    imported, client, smtp
):
    inbox = smtp()
    page = imported.filter(city="横浜市西区").first()
    desk = "B型ナビの相談窓口（運営：一般社団法人ひだまり就労サポート協会）"

    facility_html = client.get(page.url).content.decode()
    assert "まだこのサイトからの申し込みを直接受け取っていません" in facility_html
    form = client.get(f"{CONTACT}?kind=visit&facility={page.pk}").content.decode()
    assert f"お申し込みは{desk}が受け付け" in form
    assert f"体調や障害についての情報は、{desk}の担当者だけが読みます" in form
    assert "お申し込み先の事業所" not in form
    assert page.phone in form

    response = desk_request(client, page)
    assert response.status_code == 302
    thanks = client.get(response["Location"]).content.decode()
    assert f"申し込み先：{desk}（{page.title}へのお申し込みとして）" in thanks

    inquiry = Inquiry.objects.get()
    assert outbox.send_due() == (2, 0)
    received = {m["to"][0]: m["body"] for m in inbox.messages}
    fallback = SiteSettings.objects.get().inquiry_fallback_email
    assert set(received) == {fallback, "hanako@example.jp"}
    assert "この申し込みは相談窓口あてです" in received[fallback]
    assert "申し込みの宛先を登録していませんでした" in received[fallback]
    assert f"事業所の電話：{page.phone}" in received[fallback]
    assert "大きな音" not in received[fallback]
    assert f"申し込み先：{desk}" in received["hanako@example.jp"]
    assert f"{desk}の担当者だけが読みます" in received["hanako@example.jp"]
    assert inquiry.facility == page


def test_an_office_with_its_own_address_is_told_as_before(client, demo_site):
    page = FacilityPage.objects.get(slug="demo-01")
    form = client.get(f"{CONTACT}?kind=visit&facility={page.pk}").content.decode()
    assert "直接受け取っていません" not in form
    assert f"お申し込み先の事業所（{page.title}）の担当者にだけ伝え" in form


def test_whole_words_rank_before_matches_inside_other_words(directory, client):
    for i, title in enumerate(["ジャパンワークス", "あおいパンダ", "ぱんのいえ", "パン工房こむぎ"]):
        make_facility(directory, title, f"words-{i}")
    indexing.rebuild()
    found = names(get(client, "?q=パン"))
    assert found.index("パン工房こむぎ") < found.index("ジャパンワークス")
    # あおいパンダ comes first in kana order, but パン is not a word of its name.
    assert found.index("ぱんのいえ") < found.index("あおいパンダ")
    assert found[-2:] == ["あおいパンダ", "ジャパンワークス"]


def test_the_site_search_puts_the_browsed_service_first(imported, client):
    make_facility(directory_of(imported), "横浜のB型のパン屋", "b-bakery")
    indexing.rebuild()
    html = client.get("/search/?q=横浜").content.decode()
    shown = re.findall(r'<a href="/facilities/[^"]+/">(.*?)</a>', html)
    assert shown[0] == "横浜のB型のパン屋"


def directory_of(pages):
    return pages.first().get_parent()


@pytest.mark.parametrize(
    ("keyword", "offer", "parameter"),
    [
        ("送迎", "送迎ありの事業所に絞る", "pickup=1"),
        ("見学", "見学できる事業所に絞る", "visit=1"),
        ("体験", "体験利用できる事業所に絞る", "trial=1"),
        ("工賃", "平均工賃が高い順に並べる", "sort=wage"),
        ("パン作り", "作業内容「パン・菓子・調理補助」の事業所に絞る", "work="),
        ("農作業", "作業内容「農作業」の事業所に絞る", "work="),
        ("横浜駅", "最寄り駅に横浜駅がある事業所に絞る", "station="),
    ],
)
def test_a_keyword_that_names_a_condition_offers_it(imported, client, keyword, offer, parameter):
    response = get(client, f"?q={keyword}&service=all")
    match = re.search(rf'<a href="(\?[^"]*)">{re.escape(offer)}(?:（(\d+)件）)?</a>', response.text)
    assert match, response.text
    url = match.group(1).replace("&amp;", "&")
    assert parameter in url and "q=" not in url
    if match.group(2) is not None:
        assert int(match.group(2)) > 0
        assert len(names(get(client, url))) == min(int(match.group(2)), 20)


def test_the_comparison_and_the_csv_show_estimated_stations(imported, client):
    first, second = imported.filter(nearby_stations__isnull=False).distinct()[:2]
    html = client.get(f"/facilities/compare/?o={first.pk}&o={second.pk}").content.decode()
    for page in (first, second):
        assert page.station_facts[0].summary in html
    assert "徒歩約" in html and "（目安）" in html
    response = client.get("/facilities/export/?service=all")
    csv = b"".join(response.streaming_content).decode("utf-8-sig")
    assert first.station_facts[0].summary in csv


def test_a_new_office_at_a_point_turns_it_into_a_stand_in_for_all_there(directory):
    first, second = (
        make_facility(
            directory,
            f"ビルの事業所{i}",
            f"building-{i}",
            latitude="35.4437",
            longitude="139.6380",
            address_rest=f"本町{i}丁目",
        )
        for i in (1, 2)
    )
    assert FacilityPage.objects.get(pk=first.pk).station_facts  # two addresses: still real
    third = make_facility(
        directory,
        "ビルの事業所3",
        "building-3",
        latitude="35.4437",
        longitude="139.6380",
        address_rest="本町3丁目",
    )
    for page in (first, second, third):
        assert FacilityPage.objects.get(pk=page.pk).station_facts == []


def test_the_visitors_position_comes_in_the_body_and_orders_the_list(imported, client):
    response = client.post("/facilities/?service=all", {"lat": "35.4662", "lon": "139.6223"})
    text = response.content.decode()
    assert "現在地から近い順です" in text and "保存しません" in text
    kilometres = [float(k) for k in re.findall(r"現在地から約([\d.]+)km", text)]
    assert kilometres == sorted(kilometres) and kilometres[0] < 2
    # Paging posts the position again; links never carry it.
    assert 'name="lat" value="35.466"' in text
    assert "lat=" not in "".join(re.findall(r'href="([^"]*)"', text))
    outside = client.post("/facilities/", {"lat": "0", "lon": "0"}).content.decode()
    assert "現在地を読み取れなかったため" in outside
