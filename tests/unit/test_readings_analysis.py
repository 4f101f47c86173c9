"""Issue 19: one context-aware analysis for furigana and the voice, scored on gold readings."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.content import analysis
from kiosk.speech.prepare import canonical, prepare, read_gold

pytestmark = pytest.mark.skipif(not analysis.available(), reason="pyopenjtalk-plus missing")

MUNICIPAL = Path(__file__).resolve().parents[2] / "bench" / "data" / "municipal_readings.tsv"


def ruby(text: str, overrides=()) -> dict[str, str]:
    return {base: reading for base, reading in analysis.analyse(text, overrides).ruby() if reading}


def test_municipal_list_is_read_right_every_time() -> None:
    rows = read_gold(MUNICIPAL)
    assert len(rows) >= 300
    wrong = [
        (phrase, prepare(phrase, "ja").kana, gold[0])
        for _category, phrase, gold in rows
        if canonical(prepare(phrase, "ja").kana) not in {canonical(g) for g in gold}
    ]
    assert wrong == []


@pytest.mark.parametrize(
    ("text", "base", "reading"),
    [
        ("薬は一日に3回飲みます", "一日", "いちにち"),  # a dose, not "on the 1st"
        ("今日は一日家にいます", "一日", "いちにち"),
        ("一日中雨です", "一日中", "いちにちじゅう"),
        ("12月1日から受付", "1日", "ついたち"),
        ("9時30分から", "時", "じ"),
        ("9時30分から", "分", "ぷん"),
        ("65歳以上の方", "歳", "さい"),
        ("65歳以上の方", "方", "かた"),
        ("要介護認定", "要", "よう"),
        ("要介護認定", "介護", "かいご"),
        ("今年の冬", "今年", "ことし"),
        ("行方不明者", "行方", "ゆくえ"),
        ("何人来ますか", "何", "なん"),
        ("市役所の方から", "方", "ほう"),
        ("早めに避難した方がいい", "方", "ほう"),
        ("12月3日（火）", "火", "か"),
    ],
)
def test_furigana_reads_words_in_context(text: str, base: str, reading: str) -> None:
    assert ruby(text)[base] == reading


def test_furigana_is_the_reading_the_voice_says() -> None:
    """Every word's ruby, read aloud, is what the voice says for that word (30分 ぷん, not ふん)."""
    for _category, phrase, _gold in read_gold(MUNICIPAL):
        for word in analysis.analyse(phrase).words:
            if analysis.has_kanji(word.surface) and word.pron:
                shown = analysis.furigana_reading(word.read, word.pron)
                assert canonical(shown) == canonical(word.pron), (phrase, word)


def test_okurigana_stays_outside_the_ruby() -> None:
    assert analysis.analyse("お知らせ").ruby() == [("お", ""), ("知", "し"), ("らせ", "")]


def test_user_dictionary_entries_win_for_furigana_and_voice() -> None:
    text = "ひろば町の公民館"
    pairs = [("ひろば町", "ひろばちょう")]
    assert ruby(text, pairs)["町"] == "ちょう"
    assert analysis.analyse(text, pairs).kana().startswith("ヒロバチョー")


def test_content_reading_overrides_the_analysis() -> None:
    assert ruby("生物の観察", [("生物", "なまもの")])["生物"] == "なまもの"


def test_canonical_compares_by_sound() -> None:
    assert canonical("こうれい") == canonical("コーレー") == canonical("コウレイ")
    assert canonical("てつづき") == canonical("テツズキ")
    assert canonical("いちにち") != canonical("ついたち")


def test_okurigana_spelt_differently_from_the_sound_stays_outside_the_ruby() -> None:
    """近づかないで is pronounced ちかずかないで: the ruby over 近 is ちか, and づ stays plain text
    (it was 近づ(ちかず), a reading a senior would stumble over)."""
    from kiosk.content.analysis import analyse

    pairs = analyse("がけや川には近づかないでください。").ruby()
    assert ("近", "ちか") in pairs and not any(base.startswith("近づ") for base, _ in pairs)
