"""A social worker shortlists offices, compares them, shares the comparison and prints it."""

import io
import re

import pytest

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

OFFICES = [
    "ひだまり工房さがみ",
    "アトリエはなみずき",
    "みどりの畑 ファーム東林間",
    "ワークセンター橋本",
]


def pdf_pages(pdf):
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def named(label, name):
    """An accessible name made of visible text and a visually hidden office name."""
    return re.compile(rf"^{re.escape(label)}\s*：{re.escape(name)}$")


def column_names(page):
    return page.locator("th.compare__office a").all_inner_texts()


def test_shortlist_compare_share_and_print(page, browser, site_url, screenshot, assert_accessible):
    page.goto(site_url + "/facilities/")
    for name in OFFICES:
        page.get_by_role("button", name=named("比較リストに追加", name)).click()
        # With JavaScript the page stays where it is and says what happened.
        expect_text = f"「{name}」を比較リストに入れました。"
        page.get_by_role("status").filter(has_text=expect_text).wait_for()
        assert page.get_by_role("button", name=named("比較リストから外す", name)).is_visible()
    assert page.url == site_url + "/facilities/"
    assert "（4件）" in page.get_by_role("link", name=re.compile("^比較リスト（")).inner_text()

    # A fifth from its own page.
    page.get_by_role("link", name="こもれび作業所").click()
    page.get_by_role("button", name=named("比較リストに追加", "こもれび作業所")).click()
    page.get_by_role("status").filter(has_text="（いま5件）").wait_for()

    page.get_by_role("link", name=re.compile("^比較リスト（5件）")).click()
    assert page.locator("h1").inner_text() == "比較リスト"
    assert_accessible(page)
    page.get_by_role("button", name="チェックした事業所を比べる").click()

    assert page.locator("h1").inner_text() == "事業所の比較（5件）"
    assert column_names(page) == [*OFFICES, "こもれび作業所"]
    assert page.get_by_role("rowheader", name=re.compile("^工賃")).is_visible()
    screenshot(page, "compare")
    assert_accessible(page)

    # Someone else opens the shared address in a browser of their own (no shortlist).
    shared = page.get_by_label(re.compile("この比較のURL")).input_value()
    assert shared == page.url
    other = browser.new_context(locale="ja-JP")
    colleague = other.new_page()
    colleague.goto(shared)
    assert column_names(colleague) == column_names(page)
    assert "（0件）" in colleague.get_by_role("link", name=re.compile("^比較リスト（")).inner_text()
    other.close()

    # The handout: one A4 page, nothing that needs colour.
    page.emulate_media(media="print")
    screenshot(page, "compare-print")
    assert not page.get_by_role("button", name=re.compile("見学を申し込む")).is_visible()
    colours = page.evaluate(
        """[...document.querySelectorAll('.compare th, .compare td, .compare a')]
             .map(e => getComputedStyle(e).color)"""
    )
    assert set(colours) == {"rgb(0, 0, 0)"}
    assert pdf_pages(page.pdf(prefer_css_page_size=True)) == 1
    page.emulate_media(media="screen")

    # Straight from the comparison to a visit request for one of the offices.
    page.get_by_role("link", name=named("見学を申し込む", "アトリエはなみずき")).click()
    assert "kind=visit" in page.url and "facility=" in page.url


def test_only_differences_and_removing_a_column(page, site_url, assert_accessible):
    page.goto(site_url + "/facilities/")
    ids = page.evaluate(
        """[...document.querySelectorAll('form[data-shortlist-form]')]
             .slice(0, 3).map(f => f.dataset.facility)"""
    )
    page.goto(site_url + "/facilities/compare/?" + "&".join(f"o={i}" for i in ids))
    assert len(column_names(page)) == 3
    page.get_by_role("link", name="違いのある項目だけを表示する").click()
    assert page.get_by_text("違いのある項目だけを表示しています。").is_visible()
    assert not page.get_by_role("rowheader", name="サービスの種類").count()
    assert_accessible(page)
    first = column_names(page)[0]
    page.get_by_role("link", name=named("この比較から外す", first)).click()
    assert first not in column_names(page) and len(column_names(page)) == 2


def test_the_shortlist_works_without_javascript(browser, site_url):
    # (No axe here: it runs as a script. The same pages are checked with scripts on.)
    context = browser.new_context(java_script_enabled=False, locale="ja-JP")
    page = context.new_page()
    page.goto(site_url + "/facilities/")
    page.get_by_role("button", name=named("比較リストに追加", "アトリエはなみずき")).click()
    # The form posts, and the list comes back at the same office with a message.
    assert re.search(r"/facilities/#facility-\d+$", page.url)
    assert page.get_by_text(
        "「アトリエはなみずき」を比較リストに入れました。（いま1件）"
    ).is_visible()
    assert page.get_by_role(
        "button", name=named("比較リストから外す", "アトリエはなみずき")
    ).is_visible()
    page.get_by_role("link", name=re.compile("^比較リスト（1件）")).click()
    page.get_by_role("button", name=named("外す", "アトリエはなみずき")).click()
    assert page.get_by_text("比較リストには、まだ事業所が入っていません。").is_visible()
    context.close()


def test_five_imported_offices_with_the_longest_facts_print_on_one_a4_page(page, site_url):
    from django.core.management import call_command
    from django.db.models import TextField, Value
    from django.db.models.functions import Concat, Length

    from facilities.models import FacilityPage
    from tests.test_import_wam import DATA

    call_command(
        "import_wam", str(DATA / "wam_202503_045.csv"), no_index=True, stdout=io.StringIO()
    )
    longest = (
        FacilityPage.objects.exclude(source_id="")
        .annotate(
            size=Length(
                Concat(
                    "title",
                    "corporation_name",
                    "address_rest",
                    "hours_note",
                    "closed_days",
                    Value(""),
                    output_field=TextField(),
                )
            )
        )
        .order_by("-size")
        .values_list("pk", flat=True)[:5]
    )
    page.goto(site_url + "/facilities/compare/?" + "&".join(f"o={pk}" for pk in longest))
    assert len(column_names(page)) == 5
    assert page.get_by_text("出典: WAM NET 障害福祉サービス等情報公表システム").is_visible()
    page.emulate_media(media="print")
    assert pdf_pages(page.pdf(prefer_css_page_size=True)) == 1


@pytest.mark.parametrize("width", [320, 375])
def test_five_offices_on_a_phone_scroll_in_their_own_region_with_labels_kept(
    page, site_url, width, assert_accessible
):
    from facilities.models import FacilityPage

    offices = FacilityPage.objects.live().order_by("pk").values_list("pk", flat=True)[:5]
    page.set_viewport_size({"width": width, "height": 700})
    page.goto(site_url + "/facilities/compare/?" + "&".join(f"o={pk}" for pk in offices))
    assert len(column_names(page)) == 5
    overflow = page.evaluate(
        "document.scrollingElement.scrollWidth - document.scrollingElement.clientWidth"
    )
    assert overflow <= 0, overflow  # the page itself never scrolls sideways
    region = page.get_by_role("region", name=re.compile("比較"))
    label = page.locator(".compare tbody th[scope=row]").first
    region.evaluate("e => e.scrollBy(600, 0)")
    assert region.evaluate("e => e.scrollLeft") > 0
    # The row labels stay at the region's left edge (within its borders) as the offices scroll.
    edge, box = region.bounding_box()["x"], label.bounding_box()
    assert 0 <= box["x"] - edge <= 5, (edge, box)
    assert_accessible(page)
