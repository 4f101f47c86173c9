"""Issue 19: the cases a resident heard wrong, and linear time on hostile input (issue 16)."""

from __future__ import annotations

import re
import string
import time

import pytest

from kiosk.content import analysis
from kiosk.speech import normalize
from kiosk.speech.normalize import split_sentences, spoken_en, spoken_ja
from kiosk.speech.prepare import canonical, prepare


@pytest.mark.parametrize(
    ("written", "said"),
    [
        ("最低気温は−3℃", "最低気温はマイナス3度"),
        ("－5℃", "マイナス5度"),
        ("-2℃まで下がります", "マイナス2度まで下がります"),
        ("9:00-17:00", "9時から17時"),
        ("5-10cm", "5から10センチ"),
        ("25m/s", "秒速25メートル"),
        ("風速25m/s", "風速25メートル"),
        ("5km/h", "時速5キロ"),
        ("3F", "3階"),
        ("B1F", "地下1階"),
        ("TEL 03-1234-5678", "電話、ゼロサンの、イチニーサンヨンの、ゴーロクナナハチ"),
        ("12月3日(火)午前10時", "12月3日、火曜日、午前10時"),
        ("火曜日午前9時から", "火曜日、午前9時から"),
        ("受付は2-3番地", "受付は2の3番地"),
    ],
)
def test_japanese_cases_from_the_issue(written: str, said: str) -> None:
    assert spoken_ja(written) == said


@pytest.mark.skipif(not analysis.available(), reason="pyopenjtalk-plus missing")
@pytest.mark.parametrize(
    ("written", "kana"),
    [
        ("最低気温は−3℃", "さいていきおんわまいなすさんど"),
        ("65歳以上の方", "ろくじゅうごさいいじょうのかた"),
        ("9:00-17:00", "くじからじゅうしちじ"),
        ("5-10cm", "ごからじゅっせんち"),
        ("25m/s", "びょうそくにじゅうごめーとる"),
        ("5km/h", "じそくごきろ"),
        ("3F", "さんがい"),
        ("何人", "なんにん"),
    ],
)
def test_the_voice_says_the_issue_cases_right(written: str, kana: str) -> None:
    assert canonical(prepare(written, "ja").kana) == canonical(kana)


def test_a_pause_between_weekday_and_time() -> None:
    assert "火曜日、午前" in spoken_ja("12月3日(火)午前9時")


@pytest.mark.parametrize(
    ("written", "said"),
    [
        ("1,500 yen", "1500 yen"),  # the voice says "one thousand five hundred"
        ("Open 16:00", "Open 4 p.m."),
        ("9:30-16:00", "9:30 a.m. to 4 p.m."),
        ("12:00", "noon"),
        ("-3°C", "minus 3 degrees"),
        ("25m/s", "25 metres per second"),
        ("TEL 03-1234-5678", "phone zero three, one two three four, five six seven eight"),
    ],
)
def test_english_numbers_and_times_as_people_say_them(written: str, said: str) -> None:
    assert spoken_en(written) == said


CLASSES = {
    "letters": "a",
    "digits": "1",
    "spaces": " ",
    "dots": ".",
    "at-word": "a@",
    "hyphens": "-",
    "digit-hyphen": "1-",
    "commas": "、",
    "comma-ascii": ",",
    "tildes": "~",
    "tilde-space": " ~",
    "kanji": "漢",
    "brackets": "（",
    "quotes": "「",
    "full-stops": "。",
    "url": "http://a.",
    "email-ish": "a.b@c",
    "minus": "−",
    "clock": "1:",
    "amp": " &",
    "newlines": "\n",
    "slash": "/",
    "floor": "1F",
    "speed": "1m/",
    "mixed": string.punctuation,
}


PATTERNS = {name: value for name, value in vars(normalize).items() if isinstance(value, re.Pattern)}


@pytest.mark.parametrize("name", sorted(CLASSES))
def test_every_pattern_is_linear_on_200k_characters(name: str) -> None:
    """Each pattern of the normaliser on a 200k-character run of one character class: well
    under half a second (a quadratic pattern takes minutes: issue 16's took 38 s)."""
    text = (CLASSES[name] * (200_000 // len(CLASSES[name]) + 1))[:200_000]
    slow = {}
    for pattern_name, pattern in PATTERNS.items():
        started = time.perf_counter()
        pattern.sub("", text)
        pattern.split(text)
        elapsed = time.perf_counter() - started
        if elapsed >= 0.5:
            slow[pattern_name] = round(elapsed, 2)
    assert slow == {}


@pytest.mark.parametrize("name", sorted(CLASSES))
def test_whole_preparation_stays_linear_on_200k_characters(name: str) -> None:
    """All passes together (≈30 patterns, two languages, sentence split): a generous bound
    that only a super-linear step can break."""
    text = (CLASSES[name] * (200_000 // len(CLASSES[name]) + 1))[:200_000]
    started = time.perf_counter()
    spoken_ja(text)
    spoken_en(text)
    split_sentences(text, "ja")
    split_sentences(text, "en")
    assert time.perf_counter() - started < 8.0


def test_the_linear_test_sees_every_pattern() -> None:
    assert len(PATTERNS) >= 25
    assert {"_EMAIL", "_URL", "_PAUSES_JA", "_MINUS", "_SPEED", "_TILDE"} <= set(PATTERNS)
