"""Real offices in a real browser: nearby search, the results map, the desk-routed form."""

import io
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from PIL import Image

from tests.browser.test_inquiry import send_as_social_worker
from tests.test_import_wam import lines, run, write

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

WARDS = ("横浜市西区", "相模原市南区")
FLAGS = ["--no-sandbox", "--disable-gpu"]


@pytest.fixture
def imported(site_url, tmp_path):
    """The demo site plus the A型 file's offices in two wards, imported as a real file."""
    rows = lines()
    chosen = [rows[0], *(line for line in rows[1:] if any(w in line for w in WARDS))]
    run(write(tmp_path, "wam_202503_045.csv", chosen))
    return site_url


def _tile():
    buffer = io.BytesIO()
    Image.new("RGB", (256, 256), (230, 236, 228)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def tiles(settings):
    """A tile server on loopback, set as the site's MAP_TILE_URL; returns the paths asked for."""
    png, asked = _tile(), []

    class Tiles(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's name)
            asked.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(len(png)))
            self.end_headers()
            self.wfile.write(png)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Tiles)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.MAP_TILE_URL = f"http://127.0.0.1:{server.server_port}/{{z}}/{{x}}/{{y}}.png"
    settings.MAP_TILE_ATTRIBUTION = "テスト用の地図"
    yield asked
    server.shutdown()


def result_names(page):
    return page.locator(".facility-card__name").all_inner_texts()


def fits(page, width=320):
    page.set_viewport_size({"width": width, "height": 640})
    return page.evaluate("document.documentElement.scrollWidth") <= width


def test_nearest_first_from_a_station_with_the_map(
    page, imported, tiles, screenshot, assert_accessible
):
    page.goto(imported + "/facilities/")
    page.get_by_label("場所", exact=True).fill("よこはま")
    page.get_by_text("さらに条件をしぼる").click()
    page.get_by_label("サービスの種類").select_option(label="すべての種類")
    page.get_by_role("button", name="この条件でさがす").click()

    assert page.get_by_text("横浜駅から近い順です").is_visible()
    assert result_names(page)[:2] == ["アール", "ジャーニー"]
    distances = [
        float(d) for d in re.findall(r"横浜駅から約([\d.]+)km", page.locator("main").inner_text())
    ]
    assert distances == sorted(distances) and len(distances) == 20
    assert page.get_by_text(re.compile(r"横浜駅 徒歩約\d+分（目安）")).first.is_visible()

    # The map: after the list, the same offices, tiles from the configured (loopback) server.
    map_region = page.get_by_role("region", name="検索結果の地図")
    map_region.wait_for()
    page.locator(".leaflet-tile-loaded").first.wait_for()
    assert tiles
    # Every office of the page is on the map: alone, or counted in a group of near ones.
    names = result_names(page)
    markers = page.locator("img.leaflet-marker-icon")
    groups = page.locator(".map-cluster")
    counted = sum(int(re.match(r"\d+", g).group()) for g in groups.all_inner_texts())
    assert markers.count() + counted == len(names) == 20
    for alt in [markers.nth(i).get_attribute("alt") for i in range(markers.count())]:
        number, name = alt.split(". ", 1)
        assert names[int(number) - 1] == name
    # By keyboard: a marker takes focus and Enter opens its link; a group zooms in.
    if markers.count():
        markers.first.focus()
        page.keyboard.press("Enter")
        link = page.locator(".leaflet-popup-content a")
        assert link.inner_text() == markers.first.get_attribute("alt")
        page.keyboard.press("Escape")
    if groups.count():
        # Leaflet's zoom proxy is scaled by 2 to the power of the zoom level.
        scale = "document.querySelector('.leaflet-proxy').style.transform"
        before = page.evaluate(scale)
        groups.first.focus()
        page.keyboard.press("Enter")
        page.wait_for_function(f"{scale} !== {before!r}")
    list_top = page.locator(".facility-list").bounding_box()["y"]
    assert map_region.bounding_box()["y"] > list_top  # the list comes first
    screenshot(page, "directory-nearby-map")
    assert_accessible(page)
    assert fits(page)
    assert_accessible(page)

    # A radius narrows the list, and its option says how many it keeps.
    page.set_viewport_size({"width": 1100, "height": 900})
    option = page.get_by_label("距離").locator("option", has_text="3km以内")
    page.get_by_label("距離").select_option(label=option.inner_text())
    page.get_by_role("button", name="この条件でさがす").click()
    kept = int(re.search(r"(\d+)件", option.inner_text()).group(1))
    assert len(result_names(page)) == min(kept, 20)


def test_without_a_tile_server_there_is_no_map_and_no_outside_request(page, imported):
    hosts = set()
    page.on("request", lambda request: hosts.add(request.url.split("/")[2]))
    page.goto(imported + "/facilities/?near=横浜駅&service=all")
    assert result_names(page)[:2] == ["アール", "ジャーニー"]
    assert page.locator("[data-results-map]").count() == 0
    assert hosts == {imported.split("/")[2]}


def test_nearby_search_works_without_javascript(browser, imported):
    context = browser.new_context(java_script_enabled=False, locale="ja-JP")
    page = context.new_page()
    page.goto(imported + "/facilities/?service=all")
    assert not page.get_by_role("button", name="現在地から近い順にする").is_visible()
    page.get_by_label("場所", exact=True).fill("相模原市南区")
    page.get_by_role("button", name="この条件でさがす").click()
    assert page.get_by_text("相模原市南区から近い順です").is_visible()
    assert "near=" in page.url
    context.close()


def test_nearest_first_from_the_visitors_position(browser, imported, assert_accessible):
    context = browser.new_context(
        locale="ja-JP",
        geolocation={"latitude": 35.5318, "longitude": 139.4302},  # 相模大野 area
        permissions=["geolocation"],
    )
    page = context.new_page()
    posted = []
    page.on("request", lambda r: posted.append(r) if r.method == "POST" else None)
    page.goto(imported + "/facilities/?service=all")
    page.get_by_role("button", name="現在地から近い順にする").click()
    page.get_by_text("現在地から近い順です").wait_for()
    assert "lat" not in page.url and "lon" not in page.url
    assert posted and "lat=35.532" in posted[-1].post_data
    first = page.locator(".facility-card").first.inner_text()
    assert "相模原市南区" in first
    distances = [float(d) for d in re.findall(r"現在地から約([\d.]+)km", page.inner_text("main"))]
    assert distances == sorted(distances)
    assert_accessible(page)
    # The next page is still ordered from the position, which again goes in the body only.
    page.get_by_role("button", name="次のページ").click()
    page.get_by_text("現在地から近い順です").wait_for()
    assert "lat" not in page.url
    later = [float(d) for d in re.findall(r"現在地から約([\d.]+)km", page.inner_text("main"))]
    assert later and min(later) >= max(distances)
    context.close()


def test_a_real_office_and_its_desk_routed_form(page, imported, screenshot, assert_accessible):
    page.goto(imported + "/facilities/?station=横浜&service=all")
    page.get_by_role("link", name="アール").click()
    assert page.locator("h1").inner_text() == "アール"
    assert page.get_by_role("heading", name="まだ載っていない情報").is_visible()
    assert page.get_by_text("直線距離からの目安").first.is_visible()
    screenshot(page, "facility-imported")
    assert_accessible(page)
    assert fits(page)
    page.set_viewport_size({"width": 1100, "height": 900})

    page.get_by_role("link", name="見学を申し込む").first.click()
    note = page.locator(".desk-note")
    assert "まだこのサイトからの申し込みを直接受け取っていません" in note.inner_text()
    assert "B型ナビの相談窓口" in note.inner_text()
    # The privacy note and the health field's help say the same: the desk reads it.
    said = page.get_by_text(re.compile("B型ナビの相談窓口.*の担当者だけが読みます"))
    assert said.count() == 2 and all(said.nth(i).is_visible() for i in range(2))
    assert "事業所には、あなたに確かめてから伝えます" in said.first.inner_text()
    assert_accessible(page)
    assert fits(page)
    page.set_viewport_size({"width": 1100, "height": 900})

    send_as_social_worker(page, メールアドレス="sato@example.jp")
    assert page.get_by_text(
        re.compile("申し込み先：B型ナビの相談窓口.*アールへのお申し込みとして")
    ).is_visible()
    screenshot(page, "thanks-desk")
    assert_accessible(page)
    assert fits(page)


def test_a_keyword_that_names_a_condition_offers_it(page, imported, assert_accessible):
    page.goto(imported + "/facilities/")
    page.get_by_label("キーワード").fill("送迎")
    page.get_by_role("button", name="この条件でさがす").click()
    offer = page.get_by_role("link", name=re.compile("^送迎ありの事業所に絞る（\\d+件）$"))
    assert offer.is_visible()
    assert_accessible(page)
    count = int(re.search(r"（(\d+)件）", offer.inner_text()).group(1))
    offer.click()
    assert len(result_names(page)) == count
    assert page.get_by_label("キーワード").input_value() == ""
