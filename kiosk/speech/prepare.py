"""Text preparation for the voice: written sentence → normalised words → one analysis.

Runs in the speech worker process (and in `kiosk speak`), never on the UI thread: the UI sends
the written sentences; the worker normalises them (kiosk.speech.normalize), analyses them
(kiosk.content.analysis — the same analysis that made the page's furigana) and synthesises
from that analysis, so the voice says exactly the readings the furigana shows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from kiosk.speech.normalize import spoken

_O_ROW = set("オコソトノホモヨロゴゾドボポョォ")
_E_ROW = set("エケセテネヘメレゲゼデベペェ")
_A_ROW = set("アカサタナハマヤラワガザダバパャァ")
_I_ROW = set("イキシチニヒミリギジヂビピィ")
_U_ROW = set("ウクスツヌフムユルグズヅブプュゥ")


@dataclass(frozen=True, slots=True)
class Prepared:
    written: str
    spoken: str  # the normalised text the voice reads (digits, units and signs as words)
    kana: str  # what the voice says, in katakana ("" where no Japanese analysis ran)


def prepare(sentence: str, lang: str, overrides: Iterable[tuple[str, str]] = ()) -> Prepared:
    said = spoken(sentence, lang)
    if lang != "ja":
        return Prepared(sentence, said, "")
    from kiosk.content.analysis import analyse

    pairs = [*overrides, *user_dictionary()]
    return Prepared(sentence, said, analyse(said, pairs).kana())


def user_dictionary() -> tuple[tuple[str, str], ...]:
    """Readings for proper nouns the dictionary does not know (さくら川), staff-extended."""
    from kiosk.content.userdict import load_user_dictionary

    return load_user_dictionary()


def canonical(kana: str) -> str:
    """Kana compared by sound: katakana, long vowels as ー (こうれい = コーレー = コウレイ),
    pauses and spaces dropped. Used to score readings against gold lists."""
    out: list[str] = []
    for char in kana:
        if "\u3041" <= char <= "\u3096":
            char = chr(ord(char) + 0x60)
        if char in "、。 ,.’'" or char.isspace():
            continue
        char = {"ヅ": "ズ", "ヂ": "ジ"}.get(char, char)  # said alike (the voice merges them)
        previous = out[-1] if out else ""
        if (
            (char in "ウオ" and previous in _O_ROW)
            or (char in "イエ" and previous in _E_ROW)
            or (char == "ア" and previous in _A_ROW)
            or (char == "イ" and previous in _I_ROW)
            or (char == "ウ" and previous in _U_ROW)
        ):
            char = "ー"
        out.append(char)
    return "".join(out)


def read_gold(path: Path) -> list[tuple[str, str, tuple[str, ...]]]:
    """(category, phrase, accepted readings) rows of a gold list (bench/data/*.tsv)."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        category, phrase, gold = line.split("\t")
        rows.append((category, phrase, tuple(gold.split("|"))))
    return rows
