"""Kana forms used by the reading analysis: kanji test, hiragana/katakana, long vowels, morae.

Pure functions, no dictionary: importing this loads nothing heavy.
"""

from __future__ import annotations

import re

KANJI = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆ヶ"
_HAS_KANJI = re.compile(f"[{KANJI}]")
_SMALL_KANA = set("ァィゥェォャュョヮ")
O_ROW = set("オコソトノホモヨロヲゴゾドボポョォ")
E_ROW = set("エケセテネヘメレゲゼデベペェ")


def has_kanji(text: str) -> bool:
    return bool(_HAS_KANJI.search(text))


def to_hiragana(text: str) -> str:
    return "".join(chr(ord(c) - 0x60) if "\u30a1" <= c <= "\u30f6" else c for c in text)


def to_katakana(text: str) -> str:
    return "".join(chr(ord(c) + 0x60) if "\u3041" <= c <= "\u3096" else c for c in text)


def spoken_kana(kana: str) -> str:
    """Written kana → as said: オ段+ウ and エ段+イ are long vowels (チョウ → チョー)."""
    out: list[str] = []
    for char in to_katakana(kana):
        previous = out[-1] if out else ""
        if (char == "ウ" and previous in O_ROW) or (char == "イ" and previous in E_ROW):
            char = "ー"
        out.append(char)
    return "".join(out)


def mora_count(kana: str) -> int:
    return sum(1 for c in kana if c not in _SMALL_KANA and c != "’" and not c.isspace())


# A weekday in brackets after a date: （水） is すい, not みず.
WEEKDAY_READINGS = {
    "月": "げつ",
    "火": "か",
    "水": "すい",
    "木": "もく",
    "金": "きん",
    "土": "ど",
    "日": "にち",
}
