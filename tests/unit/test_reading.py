from __future__ import annotations

from pathlib import Path

from kiosk.content.model import Block, BlockKind
from kiosk.content.packages import read_package
from kiosk.content.reading import (
    Segment,
    extract_readings,
    plain_text,
    readings_map,
    ruby_segments,
)

DEMO = Path(__file__).resolve().parents[2] / "content" / "demo"


def test_author_readings_are_extracted_in_all_three_notations() -> None:
    annotated = "大雨(おおあめ)と｜お知らせ《おしらせ》と避難所《ひなんじょ》です"
    text, pairs = extract_readings(annotated)
    assert text == "大雨とお知らせと避難所です"
    assert pairs == (("大雨", "おおあめ"), ("お知らせ", "おしらせ"), ("避難所", "ひなんじょ"))


def test_full_width_parentheses_are_prose_not_readings() -> None:
    text, pairs = extract_readings("持ち物（はさみ）と11月25日（水）")
    assert text == "持ち物（はさみ）と11月25日（水）"
    assert pairs == ()


def test_katakana_readings_become_hiragana() -> None:
    assert extract_readings("町(チョウ)")[1] == (("町", "ちょう"),)


def test_okurigana_stays_outside_the_ruby() -> None:
    segments = ruby_segments("お知らせを見てください")
    assert Segment("知", "し") in segments
    assert plain_text(segments) == "お知らせを見てください"
    assert all(s.reading == "" for s in segments if s.text.startswith("らせ"))


def test_dictionary_and_corrections() -> None:
    segments = ruby_segments("今日は11月25日（水）、避難所へ")
    readings = {s.text: s.reading for s in segments if s.reading}
    assert readings["今日"] == "きょう"
    assert readings["水"] == "すい"
    assert readings["避難所"] == "ひなんじょ"


def test_content_readings_win_over_the_dictionary() -> None:
    segments = ruby_segments("さくら川町の役場", [("さくら川町", "さくらがわまち")])
    assert segments[0] == Segment("さくら川町", "さくらがわまち")
    assert plain_text(segments) == "さくら川町の役場"


def test_no_kanji_means_no_ruby() -> None:
    assert ruby_segments("Hello 123") == [Segment("Hello 123")]
    assert ruby_segments("") == []


def test_package_pages_keep_plain_text_and_store_readings(tmp_path: Path) -> None:
    import shutil

    package = tmp_path / "pkg"
    shutil.copytree(DEMO / "03-health", package)
    page = package / "winter-bath.ja.md"
    text = page.read_text(encoding="utf-8")
    title_line = next(line for line in text.splitlines() if line.startswith("# "))
    page.write_text(
        text.replace(title_line, title_line + "と入浴(にゅうよく)")
        + "\n\n脱衣所(だついじょ)を暖めましょう。\n",
        encoding="utf-8",
    )
    content = read_package(package)
    item = next(i for i in content.items if i.guid == "winter-bath" and i.lang == "ja")
    assert item.title.endswith("と入浴")
    blocks = next(p for p in content.pages if p.item_key == item.key).blocks
    assert "脱衣所を暖めましょう。" in [b.text for b in blocks]
    glossary = readings_map(blocks)
    assert glossary["入浴"] == "にゅうよく"
    assert glossary["脱衣所"] == "だついじょ"
    assert "(" not in "".join(b.plain_text() for b in blocks)


def test_block_readings_survive_json() -> None:
    block = Block(BlockKind.PARAGRAPH, text="大雨", readings=(("大雨", "おおあめ"),))
    assert Block.from_json(block.to_json()) == block
    assert "readings" not in Block(BlockKind.PARAGRAPH, text="x").to_json()


def test_kana_inside_a_word_is_not_under_the_ruby() -> None:
    segments = ruby_segments("外に飛び出して")
    assert Segment("飛", "と") in segments
    assert Segment("出", "だ") in segments
