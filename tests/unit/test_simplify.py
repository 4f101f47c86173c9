"""Text normalisation and sentence splitting."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from kiosk.content.model import Category, Item, Source, SourceContent
from kiosk.content.simplify import normalize_text, split_sentences, text_to_blocks
from kiosk.content.store import Store, utc_now


def test_normalize_widths_and_spaces() -> None:
    assert normalize_text("ｲﾁｶﾜ ｶﾝｺｳ･ﾌﾞｯｻﾝ") == "イチカワ カンコウ・ブッサン"
    assert normalize_text("１階ﾛﾋﾞ-") == "1階ロビー"
    assert normalize_text("ＡＥＤは　２台　あります。") == "AEDは　2台　あります。"
    assert normalize_text("  a \t b\u00a0c\n\n d  ") == "a b c d"
    assert normalize_text("行1\r\n\r\n行2", keep_newlines=True) == "行1\n行2"
    assert normalize_text("（受付）「窓口」") == "（受付）「窓口」"  # Japanese punctuation stays
    assert normalize_text("x\u200by\ufeff\x07") == "xy"


def test_split_japanese_sentences() -> None:
    text = "明日は燃えるごみの日です。朝8時までに出してください！"
    text += "「分別は大丈夫？」と聞かれたら、はい。"
    assert split_sentences(text, "ja") == [
        "明日は燃えるごみの日です。",
        "朝8時までに出してください！",
        "「分別は大丈夫？」と聞かれたら、はい。",
    ]


def test_split_english_and_mixed() -> None:
    assert split_sentences("The hall opens at 9. Bring your card! Questions? Call us.", "en") == [
        "The hall opens at 9.",
        "Bring your card!",
        "Questions?",
        "Call us.",
    ]
    assert split_sentences("AED is at the entrance. 入口にあります。", "ja") == [
        "AED is at the entrance.",
        "入口にあります。",
    ]
    assert split_sentences('He said "Go." Then he left.', "en") == [
        'He said "Go."',
        "Then he left.",
    ]
    assert split_sentences("See e.g. the map. It is old.", "en") == [
        "See e.g. the map.",
        "It is old.",
    ]
    assert split_sentences("", "ja") == []


def test_text_blocks() -> None:
    blocks = text_to_blocks("一段落目。\r\n続き。\r\n\r\n二段落目。")
    assert [b.text for b in blocks] == ["一段落目。\n続き。", "二段落目。"]


def test_expired_items_are_hidden(tmp_path: Path) -> None:
    source = Source("events", "csv", "-", Category.EVENTS)
    now = utc_now()
    past = Item("events", "1", "終わった催し", Category.EVENTS, expires=now - timedelta(hours=1))
    future = Item("events", "2", "これからの催し", Category.EVENTS, expires=now + timedelta(days=1))
    with Store(tmp_path / "s.sqlite3") as store:
        store.replace_source(SourceContent(source, items=(past, future)))
        assert [i.title for i in store.items(Category.EVENTS, "ja")] == ["これからの催し"]


def test_decode_japanese_encodings_without_declaration() -> None:
    from kiosk.content.readers.text import decode

    text = "これは市役所からのお知らせです。ごみの日が変わります。"
    for encoding in ("utf-8", "cp932", "euc_jp"):
        assert decode(text.encode(encoding)) == (text, encoding)
    assert decode(b"\xef\xbb\xbf" + text.encode()) == (text, "utf-8")
    # Declared Shift_JIS (really CP932, with its NEC/IBM extensions such as ①).
    assert decode("①番窓口".encode("cp932"), "Shift_JIS") == ("①番窓口", "cp932")
    # A wrong declaration loses to the bytes.
    assert decode(text.encode("cp932"), "utf-8") == (text, "cp932")
