"""The keyword index on its own: the Japanese cases the directory must get right."""

import pytest

from facilities.directory import search
from facilities.directory.search import Document, Query

DOCUMENTS = [
    Document(
        1,
        "はなみずき工房 はなみずきこうぼう",
        "アーティフィシャルフラワー（造花）制作",
        "はなみずき工房",
    ),
    Document(
        2,
        "ひだまり作業所 ひだまりさぎょうしょ",
        "神奈川県 相模原市南区 さがみはらしみなみく パン",
        "相模原市南区",
    ),
    Document(3, "ＰＣワークス ぴーしーわーくす", "データ入力 ｒｅｗａｒｄ株式会社", "ＰＣワークス"),
    Document(4, "森の家 もりのいえ", "農作業 パンの販売", "森の家 八王子市"),
    Document(5, "パン工房ぱんだ ぱんこうぼうぱんだ", "焼き菓子", "パン工房ぱんだ"),
]


@pytest.fixture
def indexed():
    search.rebuild(DOCUMENTS)


def found(query):
    return sorted(int(pk) for pk in search.search(query))


def test_a_word_inside_a_longer_word_or_sentence(indexed):
    assert found("造花") == [1]
    assert found("相模原") == [2]
    assert found("フラワー") == [1]


def test_full_width_and_half_width_match(indexed):
    assert found("PC") == [3]
    assert found("ｐｃ") == [3]
    assert found("reward") == [3]
    assert found("ＲＥＷＡＲＤ") == [3]


def test_hiragana_and_katakana_match_each_other(indexed):
    assert found("ぱん") == [2, 4, 5]
    assert found("パン") == [2, 4, 5]
    assert found("ふらわー") == [1]


def test_kana_readings_find_names_written_in_kanji(indexed):
    assert found("さがみはら") == [2]
    assert found("サガミハラ") == [2]


def test_characters_must_be_adjacent(indexed):
    # "工房" and "造花" both occur in document 1, but not as "房造".
    assert found("房造") == []


def test_every_term_must_match(indexed):
    assert found("パン 農作業") == [4]
    assert found("パン 造花") == []


def test_one_character_queries_look_at_names_and_places_only(indexed):
    assert found("森") == [4]
    # パ appears in the body of documents 2 and 4 but in the name of 5 only.
    assert found("パ") == [5]


def test_empty_and_blank_queries_find_nothing(indexed):
    assert found("") == []
    assert found("　 ") == []
    assert not Query.parse("   ")


def test_updates_and_removals(indexed):
    search.update([Document(1, "すずらん工房", "刺しゅう", "すずらん工房")])
    assert found("造花") == []
    assert found("刺しゅう") == [1]
    search.remove([2])
    assert found("相模原") == []


def test_rebuild_replaces_everything(indexed):
    search.rebuild([Document(9, "あたらしい事業所", "造花", "あたらしい事業所")])
    assert found("造花") == [9]
    assert found("パン") == []


def test_long_queries_are_cut_not_refused(indexed):
    assert found("造花" * 200) == []
    assert len(Query.parse("あ" * 500).terms[0]) == search.MAX_QUERY_LENGTH


def test_an_index_with_an_older_schema_is_emptied_not_broken(settings, tmp_path):
    from whoosh import fields, index

    path = tmp_path / "old-index" / search.BUILDS / "old"
    path.mkdir(parents=True)
    (tmp_path / "old-index" / search.CURRENT_FILE).write_text("old")
    old = index.create_in(path, fields.Schema(pk=fields.ID(stored=True), body=fields.TEXT()))
    writer = old.writer()
    writer.add_document(pk="1", body="x")
    writer.commit()
    settings.SEARCH_INDEX_DIR = tmp_path / "old-index"
    search.reset()
    assert found("x") == []
    assert search.document_count() == 0
    search.update(DOCUMENTS)
    assert found("造花") == [1]


def test_searching_an_empty_index(settings, tmp_path):
    settings.SEARCH_INDEX_DIR = tmp_path / "empty"
    search.reset()
    assert found("造花") == []


def test_name_search_looks_at_names_only(indexed):
    assert sorted(int(pk) for pk in search.search_names("パン")) == [5]
    assert sorted(int(pk) for pk in search.search_names("工房")) == [1, 5]
    assert search.search_names("森") is None  # one character: the caller scans names


def test_an_index_written_by_an_older_format_is_emptied(indexed, settings):
    assert found("造花") == [1]
    live = (settings.SEARCH_INDEX_DIR / search.CURRENT_FILE).read_text()
    (settings.SEARCH_INDEX_DIR / search.BUILDS / live / search.FORMAT_FILE).write_text("0")
    search.reset()
    assert found("造花") == []
    assert search.document_count() == 0
