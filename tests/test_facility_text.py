"""Normalisation and readings: the ground Japanese keyword search stands on."""

from facilities.directory.text import ngrams, normalize, reading, without_legal_form


def test_full_width_and_half_width_letters_and_digits_are_equal():
    assert normalize("ＰＣ作業") == normalize("PC作業") == "pc作業"
    assert normalize("ｒｅｗａｒｄ") == "reward"
    assert normalize("４階") == "4階"


def test_katakana_half_width_kana_and_hiragana_are_equal():
    assert normalize("パン") == normalize("ぱん") == normalize("ﾊﾟﾝ") == "ぱん"
    assert normalize("アーティフィシャルフラワー") == "あーてぃふぃしゃるふらわー"


def test_white_space_is_folded():
    assert normalize("  相模原　市\n南区 ") == "相模原 市 南区"
    assert normalize("") == normalize(None) == ""


def test_readings_of_places_and_names_in_hiragana():
    assert reading("相模原市南区") == "さがみはらしみなみく"
    assert reading("四日市市") == "よっかいちし"
    assert reading("社会福祉法人 ひだまり会") == "しゃかいふくしほうじん ひだまりかい"


def test_symbols_have_no_reading():
    assert reading("ｈｉｂｉｎｏ−ｓｈｉｇｏｔｏ") == "hibino shigoto"
    assert reading("") == ""


def test_ngrams():
    assert ngrams("さがみ", 2) == ["さが", "がみ"]
    assert ngrams("森", 2) == ["森"]
    assert ngrams("", 2) == []


def test_legal_forms_are_left_out_of_corporation_names():
    assert without_legal_form("一般社団法人クラフトの森") == "くらふとの森"
    assert without_legal_form("いっぱんしゃだんほうじんくらふとのもり") == "くらふとのもり"
    assert without_legal_form("株式会社ワークス") == "わーくす"
    assert without_legal_form("ＮＰＯ法人ひだまり") == "ひだまり"
    assert without_legal_form("みどりの会") == "みどりの会"
