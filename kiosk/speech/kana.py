"""Kanji → kana (and romaji) with pykakasi, for voices that cannot read kanji (eSpeak NG).

Counters after numbers are read the way people say them (3日 みっか, 4時 よじ, 10分 じゅっぷん)
because pykakasi reads each kanji alone (日 → にち, 時 → とき). Digits stay digits: eSpeak's
Japanese voice reads numbers in Japanese.
"""

from __future__ import annotations

import re
from functools import cache

from kiosk.i18n.scripts import KANJI

DAYS = {
    1: "ついたち",
    2: "ふつか",
    3: "みっか",
    4: "よっか",
    5: "いつか",
    6: "むいか",
    7: "なのか",
    8: "ようか",
    9: "ここのか",
    10: "とおか",
    14: "じゅうよっか",
    20: "はつか",
    24: "にじゅうよっか",
}
HOURS = {
    4: "よじ",
    7: "しちじ",
    9: "くじ",
    14: "じゅうよじ",
    16: "じゅうしちじ",
    21: "にじゅういちじ",
}
MONTHS = {4: "しがつ", 7: "しちがつ", 9: "くがつ"}
_CJK = re.compile(f"[{KANJI}]")
_JAPANESE = re.compile(f"[\u3040-\u30ff{KANJI}]+")
_COUNTER = re.compile(r"(\d+)(日|時|分|月|年|人)")


@cache
def _kakasi():
    import pykakasi

    return pykakasi.kakasi()


def has_kanji(text: str) -> bool:
    return bool(_CJK.search(text))


def _minutes(n: int) -> str:
    # 1 いっぷん, 3 さんぷん, 4 よんぷん, 6 ろっぷん, 8 はっぷん, 10 じゅっぷん; others ふん.
    last = n % 10
    return f"{n}" + ("ぷん" if last in (0, 1, 3, 4, 6, 8) else "ふん")


def _counter(match: re.Match[str]) -> str:
    n, unit = int(match.group(1)), match.group(2)
    if unit == "日":
        return DAYS.get(n, f"{n}にち")
    if unit == "時":
        return HOURS.get(n, f"{n}じ")
    if unit == "分":
        return _minutes(n)
    if unit == "月":
        return MONTHS.get(n, f"{n}がつ")
    if unit == "年":
        return "よねん" if n == 4 else f"{n}ねん"
    return {1: "ひとり", 2: "ふたり", 4: "よにん"}.get(n, f"{n}にん")


def to_kana(text: str) -> str:
    """Hiragana (with digits and punctuation kept) for a Japanese sentence."""
    text = _COUNTER.sub(_counter, text)
    return "".join(part["hira"] for part in _kakasi().convert(text))


def romanize(text: str) -> str:
    """Japanese runs inside other-language text as Hepburn romaji (place names, titles)."""

    def run(match: re.Match[str]) -> str:
        words = [p["hepburn"] for p in _kakasi().convert(match.group(0)) if p["hepburn"]]
        return " " + " ".join(words) + " "

    return re.sub(r"\s+", " ", _JAPANESE.sub(run, text)).strip()
