"""Reading support: furigana, text size and the glossary, as the pages serve them."""

import re

import pytest

from django.core.exceptions import ValidationError

from facilities.models import FacilityPage
from home import furigana, glossary
from home.html_text import map_text
from home.models import GlossaryTerm
from tests.test_import_wam import lines, run, write

RUBY = re.compile(r'<ruby>([^<]+)<rt aria-hidden="true">([^<]+)</rt></ruby>')


def readings(html):
    return RUBY.findall(html)


# The parts, without the web layer.


def test_readings_sit_over_the_kanji_and_leave_the_kana_bare():
    assert furigana.aligned("働き", "はたらき") == [("働", "はたら"), ("き", None)]
    assert furigana.aligned("お持ち", "おもち") == [("お", None), ("持", "も"), ("ち", None)]
    assert furigana.aligned("ひだまり", "ひだまり") == [("ひだまり", None)]
    # Kana the reading does not contain: the whole word gets the whole reading.
    assert furigana.aligned("B型", "びーがた") == [("B型", "びーがた")]


def test_a_sentence_gets_short_readings_and_the_overrides_win():
    html = furigana.annotate("開所日は月曜日です。障害のある方が働く場所です。")
    assert ("開所日", "かいしょび") in readings(html)  # Sudachi alone reads 日 as ひ
    assert ("方", "かた") in readings(html)  # a person, not ほう
    assert ("障害", "しょうがい") in readings(html) and ("働", "はたら") in readings(html)
    # Nothing is lost: without the readings the text is as it was.
    assert re.sub(r"<rt[^>]*>[^<]*</rt>|</?ruby>", "", html) == (
        "開所日は月曜日です。障害のある方が働く場所です。"
    )


def test_a_glossary_reading_is_used_word_by_word_where_it_can_be():
    html = furigana.annotate(
        "就労継続支援B型", (("就労継続支援B型", "しゅうろうけいぞくしえんBがた"),)
    )
    assert readings(html) == [
        ("就労", "しゅうろう"),
        ("継続", "けいぞく"),
        ("支援", "しえん"),
        ("型", "がた"),
    ]
    assert furigana.annotate("ひらがなと ASCII &amp; 123") == "ひらがなと ASCII &amp; 123"


def test_only_the_text_a_person_reads_is_changed():
    html = (
        '<a href="/x" title="漢字">漢字</a><script>var s = "<b>漢字</b>";</script>'
        "<textarea>漢字</textarea><select><option>漢字</option></select>"
        '<input value="漢字"><!-- 漢字 --><p>漢字<br>漢字</p>'
    )
    out = map_text(html, lambda text: text.replace("漢字", "[K]"), frozenset({"option", "select"}))
    assert out == (
        '<a href="/x" title="漢字">[K]</a><script>var s = "<b>漢字</b>";</script>'
        "<textarea>漢字</textarea><select><option>漢字</option></select>"
        '<input value="漢字"><!-- 漢字 --><p>[K]<br>[K]</p>'
    )


def test_each_term_is_linked_once_in_prose_and_every_term_is_listed():
    terms = [
        glossary.Term("工賃", "こうちん", "作業でもらえるお金です。", "term-1"),
        glossary.Term(
            "受給者証", "じゅきゅうしゃしょう", "市区町村からもらう証明書です。", "term-2"
        ),
    ]
    html = (
        '<label>受給者証がある</label><p class="notice">工賃の条件</p>'
        '<div class="rich-text"><div><p>工賃は月1万円。工賃の例。</p></div>'
        "<a href='/'>受給者証</a></div><p>工賃</p>"
    )
    marked, used = glossary.mark_terms(html, terms, "/glossary/")
    assert marked == (
        '<label>受給者証がある</label><p class="notice">工賃の条件</p>'
        '<div class="rich-text"><div><p><a class="term-link" href="/glossary/#term-1">工賃</a>'
        "は月1万円。工賃の例。</p></div><a href='/'>受給者証</a></div><p>工賃</p>"
    )
    assert [t.term for t in used] == ["工賃", "受給者証"]  # in あいうえお order


def test_a_term_needs_a_kana_reading_and_a_short_explanation(db):
    term = GlossaryTerm(
        term="定着支援", reading="定着しえん", explanation="一文目。二文目。三文目。"
    )
    with pytest.raises(ValidationError) as error:
        term.full_clean()
    assert "ひらがな" in str(error.value.message_dict["reading"])
    assert "1〜2文" in str(error.value.message_dict["explanation"])
    term = GlossaryTerm(term="ＳＳＴ２", reading="えすえすてぃー ２", explanation="練習です。")
    term.full_clean()
    assert term.reading == "えすえすてぃー 2"


# The pages as served.


def test_the_switch_and_the_sizes_are_links_that_remember(client, demo_site):
    home = client.get("/").text
    assert 'href="/reading/?furigana=on&amp;next=%2F"' in home
    assert re.search(r'aria-current="true">標準</a>', home)
    assert "<ruby>" not in home

    response = client.get("/reading/", {"furigana": "on", "size": "largest", "next": "/faq/"})
    assert response.status_code == 302 and response["Location"] == "/faq/"
    assert response.cookies["furigana"].value == "on"
    assert response.cookies["text_size"].value == "largest"

    faq = client.get("/faq/")
    html = faq.text
    assert '<html lang="ja" class="text-largest furigana-on">' in html
    assert re.search(r'aria-current="true"><ruby>最大<rt aria-hidden="true">さいだい</rt>', html)
    assert "Cookie" in faq["Vary"]
    main = html[html.index("<main") : html.index("</main>")]
    assert ("質問", "しつもん") in readings(main)
    assert ">ふりがなを<ruby>消<rt" in html  # the switch now turns it off

    client.get("/reading/", {"furigana": "off", "next": "/faq/"})
    assert "<ruby>" not in client.get("/faq/").text


@pytest.mark.parametrize(
    "query",
    [
        {"next": "https://example.com/"},
        {"next": "//example.com/"},
        {"next": "javascript:alert(1)"},
        {"size": "huge", "furigana": "maybe"},
        {},
    ],
)
def test_odd_preference_links_go_home_and_change_nothing(client, demo_site, query):
    response = client.get("/reading/", query)
    assert response.status_code == 302 and response["Location"] == "/"
    assert not response.cookies
    assert client.post("/reading/", query).status_code == 405


def test_the_admin_is_left_as_it_is(admin_client):
    admin_client.cookies["furigana"] = "on"
    html = admin_client.get("/admin/").text
    assert "<ruby>" not in html and "term-link" not in html


def test_a_page_links_its_terms_to_the_glossary_and_lists_them(client, demo_site):
    html = client.get("/").text
    main = html[html.index("<main") : html.index("</main>")]
    link = re.search(r'<a class="term-link" href="/glossary/#(term-\d+)">就労継続支援B型</a>', main)
    assert link, "the first use of a term links to its explanation"
    assert main.count(">就労継続支援B型</a>") == 1
    assert '<details class="page-terms">' in main
    assert "（しゅうろうけいぞくしえんBがた）" in main

    glossary_page = client.get("/glossary/").text
    assert f'id="{link.group(1)}"' in glossary_page
    assert "障害や病気のある人が、自分のペースで働ける場所です。" in glossary_page
    # The glossary neither links to itself nor lists its terms again under itself.
    assert "term-link" not in glossary_page and "page-terms" not in glossary_page

    # An edit shows on the next page served, in the list and in the furigana.
    GlossaryTerm.objects.filter(term="工賃").update(reading="こうちんきん")
    client.cookies["furigana"] = "on"
    faq = client.get("/faq/").text
    assert ("工賃", "こうちんきん") in readings(faq)


def test_an_imported_office_gets_furigana_terms_and_its_plain_summary(client, demo_site, tmp_path):
    run(write(tmp_path, "wam_202503_045.csv", lines()[:6]), no_index=True)
    office = FacilityPage.objects.get(slug="wam-a0000003583-a")
    html = client.get(office.url).text
    assert "plain-summary" not in html  # left out until staff write one

    office.plain_summary = "パンを作る仕事をします。\n見学ができます。"
    office.save_revision().publish()
    client.cookies["furigana"] = "on"
    html = client.get(office.url).text
    main = html[html.index("<main") : html.index("</main>")]
    summary = main.index('id="plain-summary-title"')
    # First after the name: before the buttons and the key facts.
    assert summary < main.index('class="facility__actions"') < main.index('class="key-facts')
    assert ("作", "つく") in readings(main[summary:]) and ("仕事", "しごと") in readings(main)
    assert readings(main[: main.index("</h1>")]), "the office's name has readings"
    assert re.search(r'<a class="term-link" href="/glossary/#term-\d+">', main[summary:])
    assert '<details class="page-terms">' in main
