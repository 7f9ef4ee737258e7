"""The shortlist, the comparison and the CSV export: domain modules first, then the views."""

import csv
import io

import pytest

from facilities.directory import indexing
from facilities.models import FacilityPage
from facilities.shortlist import comparison
from facilities.shortlist import selection as shortlist
from tests.conftest import make_facility

pytestmark = pytest.mark.django_db


def demo(*slugs):
    return [FacilityPage.objects.get(slug=slug) for slug in slugs]


# --- shortlist.py and comparison.py, without the web layer -------------------------------


def test_comparison_ids_come_from_the_url_in_order_without_repeats_at_most_five():
    assert shortlist.parse_compare(["3", "1", "3"]) == ([3, 1], True)
    assert shortlist.parse_compare(["1", "x", "-2", "", "9" * 20, "²"]) == ([1], True)
    assert shortlist.parse_compare([str(i) for i in range(1, 8)]) == ([1, 2, 3, 4, 5], True)
    assert shortlist.parse_compare(["7", "8"]) == ([7, 8], False)


def test_the_shortlist_in_a_session_keeps_order_and_a_limit():
    session = {}
    for pk in range(1, shortlist.MAX_SHORTLIST + 1):
        assert shortlist.add(session, pk)
    assert not shortlist.add(session, 999)
    assert shortlist.add(session, 1)  # already there
    shortlist.remove(session, 2)
    assert shortlist.ids(session)[:3] == [1, 3, 4]
    session[shortlist.SESSION_KEY] = "broken"
    assert shortlist.ids(session) == []


def test_rows_show_each_fact_with_missing_ones_as_empty_cells(demo_site, directory):
    bare = make_facility(directory, "何も書いていない事業所", "bare")
    full = FacilityPage.objects.get(slug="demo-01")
    pages = comparison.facilities([full.pk, bare.pk])
    assert [p.title for p in pages] == [full.title, "何も書いていない事業所"]
    sections = comparison.compare(pages)
    assert [s.title for s in sections] == [
        "基本情報",
        "作業と工賃",
        "時間と通所",
        "支援と職員",
        "費用",
        "見学・体験・空き",
    ]
    rows = {row.label: row for section in sections for row in section.rows}
    wage = rows["工賃"]
    assert wage.cells[0].lines[0].startswith("月額平均 21,500円（2024年度）")
    assert wage.cells[1].missing and wage.differs
    assert rows["サービスの種類"].cells[1].lines == ["就労継続支援B型"]
    assert not rows["サービスの種類"].differs
    assert rows["最寄り駅"].cells[0].lines[0] == "相模大野駅（小田急小田原線）徒歩8分"
    for label in ["作業内容", "送迎", "支援内容", "職員の資格", "見学", "空き状況", "費用"]:
        assert rows[label].cells[1].missing, label


def test_only_the_rows_that_differ(demo_site, directory):
    same = [make_facility(directory, f"同じ事業所{n}", f"same-{n}") for n in (1, 2)]
    assert comparison.differences(comparison.compare(same)) == []
    rows = comparison.differences(comparison.compare([same[0], *demo("demo-01")]))
    assert {row.label for s in rows for row in s.rows} >= {"所在地", "工賃", "作業内容"}
    assert all(row.differs for s in rows for row in s.rows)


def test_unpublished_and_unknown_offices_are_left_out(demo_site):
    first, second = demo("demo-01", "demo-02")
    second.unpublish()
    assert [p.pk for p in comparison.facilities([999999, second.pk, first.pk])] == [first.pk]


# --- views --------------------------------------------------------------------------------


def test_adding_and_removing_without_javascript(client, demo_site):
    first, second = demo("demo-01", "demo-02")
    response = client.post(
        "/facilities/shortlist/",
        {"action": "add", "facility": first.pk, "next": "/facilities/?q=パン#facility-5"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/facilities/?q=%E3%83%91%E3%83%B3#facility-5"
    response = client.post(
        "/facilities/shortlist/",
        {"action": "add", "facility": second.pk, "next": second.url},
        follow=True,
    )
    page = response.content.decode()
    assert f"「{second.title}」を比較リストに入れました。（いま2件）" in page
    assert "（2件）</span></a>" in page  # the header link
    assert "✓ 比較リストに入っています" in page
    assert "比較リストから外す<span" in page

    listing = client.get("/facilities/shortlist/").content.decode()
    assert first.title in listing and second.title in listing
    assert f'name="o" value="{first.pk}"' in listing

    response = client.post(
        "/facilities/shortlist/", {"action": "remove", "facility": first.pk}, follow=True
    )
    text = response.content.decode()
    assert f"「{first.title}」を比較リストから外しました。（いま1件）" in text
    assert client.session[shortlist.SESSION_KEY] == [second.pk]


@pytest.mark.parametrize(
    "target", ["on", "shortlist", "", "//evil.example/", "https://evil.example/"]
)
def test_an_odd_return_address_goes_back_to_the_shortlist(client, demo_site, target):
    (first,) = demo("demo-01")
    response = client.post(
        "/facilities/shortlist/", {"action": "add", "facility": first.pk, "next": target}
    )
    assert response.status_code == 302
    assert response["Location"] == "/facilities/shortlist/"


def test_the_script_gets_json(client, demo_site):
    (first,) = demo("demo-01")
    response = client.post(
        "/facilities/shortlist/",
        {"action": "add", "facility": first.pk},
        HTTP_ACCEPT="application/json",
    )
    assert response.json() == {
        "ok": True,
        "message": f"「{first.title}」を比較リストに入れました。（いま1件）",
        "count": 1,
        "in_shortlist": True,
    }


@pytest.mark.parametrize(
    "data",
    [
        {"action": "add", "facility": "abc"},
        {"action": "add", "facility": "²"},
        {"action": "add", "facility": "99999999"},
        {"action": "explode", "facility": "5"},
        {"action": "add"},
        {"action": "add", "facility": "5", "next": "https://evil.example/"},
    ],
)
def test_bad_shortlist_requests_get_a_japanese_message_not_an_error(client, demo_site, data):
    response = client.post("/facilities/shortlist/", data, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0].startswith("/facilities/")
    text = response.content.decode()
    assert "比較リスト" in text


def test_the_shortlist_needs_a_csrf_token(demo_site):
    from django.test import Client

    (first,) = demo("demo-01")
    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/facilities/shortlist/", {"action": "add", "facility": first.pk})
    assert response.status_code == 403
    assert shortlist.SESSION_KEY not in strict.session


def test_a_comparison_url_opens_for_anyone(client, demo_site):
    pages = demo("demo-01", "demo-02", "demo-03")
    query = "&".join(f"o={p.pk}" for p in pages)
    response = client.get(f"/facilities/compare/?{query}")
    text = response.content.decode()
    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex"
    assert "<title>事業所の比較｜事業所をさがす｜" in text
    positions = [
        text.index(f'<th scope="col" class="compare__office">\n        <a href="{p.url}"')
        for p in pages
    ]
    assert positions == sorted(positions)
    assert "◆違いあり" in text
    assert f"http://testserver/facilities/compare/?{query.replace('&', '&amp;')}" in text
    assert f"?facility={pages[1].pk}&amp;kind=visit" in text
    assert f"?facility={pages[2].pk}&amp;kind=trial" in text


def test_differences_only(client, demo_site):
    first, second = demo("demo-01", "demo-02")
    text = client.get(f"/facilities/compare/?o={first.pk}&o={second.pk}&diff=1").content.decode()
    assert "違いのある項目だけを表示しています。" in text
    assert '<th scope="row">サービスの種類' not in text  # both B型
    assert '<th scope="row">工賃' in text


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?o=abc",
        "?o=²",
        "?o=99999999",
        "?o=5&o=5",
        "?o=" + "9" * 40,
        "?o=5&o=6&o=7&o=8&o=9&o=10&o=11",
    ],
)
def test_odd_comparison_urls_explain_themselves(client, demo_site, query):
    response = client.get(f"/facilities/compare/{query}")
    assert response.status_code == 200
    text = response.content.decode()
    assert "表示できない事業所がありました" in text or "2件以上の事業所を選んでください" in text


def test_export_is_the_current_search_as_excel_friendly_csv(client, demo_site, directory):
    make_facility(
        directory,
        '=HYPERLINK("http://evil.example")',
        "formula",
        city="相模原市南区",
        prefecture="14",
    )
    indexing.rebuild()
    response = client.get("/facilities/export/", {"q": "相模原"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="jigyosho-')
    body = b"".join(response.streaming_content)
    assert body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))
    assert rows[0][:3] == ["事業所名", "ふりがな", "サービスの種類"]
    listing = client.get("/facilities/", {"q": "相模原"}).content.decode()
    names = [row[0] for row in rows[1:]]
    page_column = rows[0].index("このサイトのページ")
    hidamari = FacilityPage.objects.get(title="ひだまり工房さがみ")
    row = rows[1 + names.index("ひだまり工房さがみ")]
    assert row[page_column] == f"http://testserver{hidamari.url}"
    assert f"{len(names)}件の事業所が見つかりました" in listing
    assert "ひだまり工房さがみ" in names
    assert '\'=HYPERLINK("http://evil.example")' in names  # never a live formula in Excel
    assert b"\r\n" in body


def test_export_with_hostile_parameters_still_answers(client, demo_site):
    response = client.get("/facilities/export/?work=abc&wage=-1&page=999&pref=99&q=" + "あ" * 500)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith("\ufeff".encode())


def test_facility_cards_and_pages_have_the_shortlist_button(client, demo_site):
    text = client.get("/facilities/").content.decode()
    assert text.count("比較リストに追加<span") == 13  # the 13 B型 demo offices
    assert 'id="facility-' in text
    assert "この検索結果をCSVで保存する" in text
