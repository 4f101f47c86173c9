"""Spoken forms: what the voice is given for dates, times, phone numbers, units and symbols."""

from __future__ import annotations

import pytest

from kiosk.speech.normalize import (
    clause_chunks,
    plan_chunks,
    split_sentences,
    spoken_en,
    spoken_ja,
)

JA_CASES = [
    # dates, with the weekday in brackets said as a word
    ("令和8年11月24日（火）", "令和8年11月24日、火曜日"),
    ("2026年11月24日", "2026年11月24日"),
    ("2026/11/24", "2026年11月24日"),
    ("11/24（月・祝）は休み", "11月24日、月曜日、祝日は休み"),
    (
        "役場は、12月29日（火）から1月3日（日）までお休みです。",
        "役場は、12月29日、火曜日から1月3日、日曜日までお休みです。",
    ),
    # times
    ("午前10時30分", "午前10時30分"),
    ("10:30", "10時30分"),
    ("午後1:00から", "午後1時から"),
    # ranges
    ("10時〜12時", "10時から12時"),
    ("10:30～12:00", "10時30分から12時"),
    ("10-12時", "10から12時"),
    # phone numbers digit by digit, hyphens read 「の」 with a pause
    ("電話 0000-12-3456", "電話、ゼロゼロゼロゼロの、イチニーの、サンヨンゴーロク"),
    ("(03)1234-5678", "ゼロサンの、イチニーサンヨンの、ゴーロクナナハチ"),
    ("０１２０－１２３－４５６", "ゼロイチニーゼロの、イチニーサンの、ヨンゴーロク"),
    # postal code; an address block number keeps 「の」
    ("〒123-4567 さくら川町", "郵便番号、イチニーサンの、ヨンゴーロクナナ、さくら川町"),
    ("1丁目2-3", "1丁目2の3"),
    # units
    ("雨量は50mm、気温は3℃です。", "雨量は50ミリ、気温は3度です。"),
    ("距離は5km、湿度は80％。", "距離は5キロ、湿度は80パーセント。"),
    ("１㎏", "1キロ"),
    # brackets and symbols are not read; URLs become 「リンク」
    ("※「防災ラジオ」を配ります。", "防災ラジオ、を配ります。"),
    ("詳しくは https://example.jp/a/b をご覧ください。", "詳しくは、リンク、をご覧ください。"),
    ("★ 午後1時半 ～ 3時", "午後1時半から3時"),
    ("問い合わせ：役場（代表）", "問い合わせ、役場、代表"),
    # thousands separators are not pauses; spaces between Japanese items are
    ("費用：1,500円", "費用、1500円"),
    ("役場　12月29日（火）から", "役場、12月29日、火曜日から"),
    (
        "本町2-5　電話：0000-12-3470",
        "本町2の5、電話、ゼロゼロゼロゼロの、イチニーの、サンヨンナナゼロ",
    ),
]


@pytest.mark.parametrize(("written", "said"), JA_CASES)
def test_japanese_spoken_forms(written: str, said: str) -> None:
    assert spoken_ja(written) == said


EN_CASES = [
    (
        "The town hall is closed from 12/29 (Tue) to 1/3.",
        "The town hall is closed from December 29, Tuesday, to January 3.",
    ),
    ("On 2026-11-24 at 10:00.", "On November 24, 2026 at 10 a.m."),
    ("Open 10:00–12:00.", "Open 10 a.m. to noon."),
    ("Open 9:30 a.m. - 5 p.m.", "Open 9:30 a.m. to 5 p.m."),
    (
        "Call 0000-12-3456 (main line).",
        "Call zero zero zero zero, one two, three four five six, main line.",
    ),
    ("〒123-4567", "postcode one two three, four five six seven"),
    ("Rain 50 mm, 3°C, 80%.", "Rain 50 millimetres, 3 degrees, 80 percent."),
    ("See https://example.jp/x.", "See, link."),
    ("Tea & cake ★", "Tea and cake"),
]


@pytest.mark.parametrize(("written", "said"), EN_CASES)
def test_english_spoken_forms(written: str, said: str) -> None:
    assert spoken_en(written) == said


def test_japanese_sentences_cover_the_text_in_order() -> None:
    text = "役場は休みです。1月4日から開きます！\n問い合わせ：役場\n\n・・・"
    spans = split_sentences(text, "ja")
    assert [s.text for s in spans] == [
        "役場は休みです。",
        "1月4日から開きます！",
        "問い合わせ：役場",
    ]
    assert all(text[s.start : s.end] == s.text for s in spans)
    assert [s.start for s in spans] == sorted(s.start for s in spans)


def test_a_quotation_does_not_end_a_sentence() -> None:
    spans = split_sentences("「本当？」と聞いた。次です。", "ja")
    assert [s.text for s in spans] == ["「本当？」と聞いた。", "次です。"]


def test_english_sentences() -> None:
    text = "Hello there. It is 10 a.m. today! Really?\nNext line"
    spans = split_sentences(text, "en")
    assert [s.text for s in spans] == [
        "Hello there.",
        "It is 10 a.m. today!",
        "Really?",
        "Next line",
    ]
    assert all(text[s.start : s.end] == s.text for s in spans)


def test_long_sentences_split_at_clauses_short_ones_stay_whole() -> None:
    long = "急病のときに開いている病院は、ケーブルテレビの12チャンネルで、毎日、お知らせします。"
    chunks = clause_chunks(long, 20)
    assert "".join(chunks) == long
    assert len(chunks) > 1
    assert all(len(c) <= 22 for c in chunks[:-1])
    assert clause_chunks("短い文です。", 20) == ["短い文です。"]


def test_first_chunk_is_short_so_the_first_sound_comes_soon() -> None:
    said = ["揺れたら、まず頭を守ってください。", "あわてて外に飛び出してはいけません。"]
    chunks = plan_chunks(said, "ja")
    assert chunks[0] == (0, 0, "揺れたら、")
    assert [c[1] for c in chunks] == sorted(c[1] for c in chunks)
    assert "".join(c[2] for c in chunks) == "".join(said)
    assert [c[0] for c in chunks] == list(range(len(chunks)))
    english = plan_chunks(["Shake, then duck.", "Stay inside."], "en")
    assert [c[2] for c in english] == ["Shake, then duck.", "Stay inside."]


def test_clause_chunks_two_pieces_with_a_short_tail() -> None:
    # Two pieces, the second under 6 characters: joined, not an IndexError (found reading the
    # volcanic warning takeover aloud).
    assert clause_chunks("浅間山に火口周辺警報、発表", 10) == ["浅間山に火口周辺警報、発表"]
