"""One context-aware reading analysis for furigana AND the voice. No Qt here.

Open JTalk's front end (pyopenjtalk-plus: MeCab + NAIST dictionary, with Sudachi-based
corrections for words written alike but read differently) splits a sentence into words and
gives each word its reading *in context* (「薬は一日に3回」 いちにち, 「12月1日」 ついたち).
``bench/reading_bench.py`` measured it against SudachiPy's own reading forms on the municipal
list and on public dictionary data and it won clearly (figures in docs/readings.md), so it is
the one source. A few rules sit on top for what still goes wrong in municipal texts (方 after a
phrase about people is かた, 何 before a counter is なん, 20歳 is はたち), then the
content's own readings and the user dictionary (unknown place names) win over everything.

The same :class:`Analysis` feeds both outputs:

- ``ruby()`` — segments for furigana, from each word's *orthographic* reading (こうれい);
- ``features`` — the NJD features the voice synthesises from (``kiosk.speech.openjtalk``),
  whose *pronunciation* (コーレー) is that same reading as spoken.

So furigana always shows the reading the voice says. This module imports pyopenjtalk on first
use: it runs at sync/import time and in the speech worker, never in the UI process.
"""

from __future__ import annotations

import contextlib
import contextvars
import io
import re
import threading
import unicodedata
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from kiosk.content.kana_forms import (  # noqa: F401 - re-exported: the analysis' public helpers
    E_ROW,
    KANJI,
    O_ROW,
    WEEKDAY_READINGS,
    has_kanji,
    mora_count,
    spoken_kana,
    to_hiragana,
    to_katakana,
)
from kiosk.content.reading_rules import PEOPLE_BEFORE_NO, apply_rules, set_reading  # noqa: F401
from kiosk.content.ruby_text import claim_bases, merge_plain, split_okurigana  # noqa: F401

# Bump when the analysis or its rules change: stored readings of an older version are redone.
ANALYSIS_VERSION = 1


@dataclass(frozen=True, slots=True)
class Word:
    """One word of the analysed text: ``text[start:end]`` is how it is written."""

    surface: str
    read: str  # katakana as written in kana (コウレイ): what furigana shows
    pron: str  # katakana as said (コーレー): what the voice says; "" for symbols
    pos: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Analysis:
    text: str
    words: tuple[Word, ...]
    features: tuple[dict[str, Any], ...]  # NJD features for the voice (same words, same readings)

    def kana(self) -> str:
        """The whole text as the voice says it, in katakana (pauses as 、)."""
        out: list[str] = []
        for word in self.words:
            if word.pos == "記号":
                if out and out[-1] != "、":
                    out.append("、")
            else:
                out.append(word.pron.replace("’", ""))
        return "".join(out).strip("、")

    def reading(self) -> str:
        """The whole text in kana as furigana spells it (kana as written, は stays は)."""
        return "".join(reading or base for base, reading in self.ruby())

    def ruby(self) -> list[tuple[str, str]]:
        """(base, hiragana reading) pairs covering the text; reading "" where none is needed."""
        pairs: list[tuple[str, str]] = []
        position = 0
        for word in self.words:
            if word.start > position:
                pairs.append((self.text[position : word.start], ""))
            if word.start < position:  # overlapping spans (number words): keep what we have
                continue
            if has_kanji(word.surface) and word.read:
                pairs.extend(_word_ruby(word))
            else:
                pairs.append((word.surface, ""))
            position = word.end
        if position < len(self.text):
            pairs.append((self.text[position:], ""))
        return merge_plain(pairs)


_WEEKDAY_MARK = re.compile(r"[（(]([月火水木金土日])[）)]")


def furigana_reading(read: str, pron: str) -> str:
    """The hiragana to show over a word: what the voice says (pron), spelt as kana are written.

    ``read`` is the dictionary's spelling of the base form (分 フン) and ``pron`` what is said
    in this context (30分 プン, 高齢 コーレー). Where they differ only by long vowels the spelling
    wins (こうれい); otherwise the pronunciation, with ー spelt out (オ段+ー → う, エ段+ー → い).
    """
    pron = pron.replace("’", "")
    if len(read) == len(pron) and all(r == p or p == "ー" for r, p in zip(read, pron, strict=True)):
        return to_hiragana(read)
    out: list[str] = []
    for char in pron:
        if char == "ー" and out:
            out.append("ウ" if out[-1] in O_ROW else "イ" if out[-1] in E_ROW else "ー")
        else:
            out.append(char)
    return to_hiragana("".join(out))


def _word_ruby(word: Word) -> list[tuple[str, str]]:
    mark = _WEEKDAY_MARK.fullmatch(word.surface)
    if mark:  # （水） is read 水曜日; the ruby sits over 水 alone
        return [
            (word.surface[0], ""),
            (mark.group(1), WEEKDAY_READINGS[mark.group(1)]),
            (word.surface[-1], ""),
        ]
    return split_okurigana(word.surface, furigana_reading(word.read, word.pron))


# --- the front end --------------------------------------------------------------------------

_LOCK = threading.RLock()  # Open JTalk's global instance is not safe across threads
_SOURCE_TEXT: contextvars.ContextVar[str] = contextvars.ContextVar("analysed_text", default="")


@cache
def _pyopenjtalk():
    # The package prints an advisory about an optional model on import; keep it quiet. Under
    # the lock: redirect_stdout swaps the process-wide sys.stdout, and two threads importing at
    # once would leave it swapped for good (every later print lost).
    with _LOCK, contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pyopenjtalk
    return pyopenjtalk


def available() -> bool:
    try:
        _pyopenjtalk()
    except Exception:
        return False
    return True


def analyse(text: str, overrides: Iterable[tuple[str, str]] = ()) -> Analysis:
    """Words of ``text`` with readings in context, rules applied, then ``overrides``
    ((base, reading) pairs: the content's own readings and the user dictionary) win."""
    given = tuple(sorted({(b, r) for b, r in overrides if b and r}, key=lambda p: -len(p[0])))
    return _analyse_cached(text, given)


@lru_cache(maxsize=2048)
def _analyse_cached(text: str, given: tuple[tuple[str, str], ...]) -> Analysis:
    if not text.strip():
        return Analysis(text, (), ())
    features, spans = _front_end(text)
    entries = [dict(f) for f in features]
    spans = list(spans)
    apply_rules(text, entries, spans)
    token = _SOURCE_TEXT.set(text)
    try:
        _apply_overrides(text, entries, spans, given)
    finally:
        _SOURCE_TEXT.reset(token)
    words = tuple(
        Word(
            text[s:e],
            str(f["read"]) if f["pos"] != "記号" else "",
            str(f["pron"]) if f["pos"] != "記号" else "",
            str(f["pos"]),
            s,
            e,
        )
        for f, (s, e) in zip(entries, spans, strict=True)
    )
    return Analysis(text, words, tuple(entries))


def _front_end(text: str) -> tuple[list[dict[str, Any]], list[tuple[int, int]]]:
    pyopenjtalk = _pyopenjtalk()
    with _LOCK, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        features, morphs = pyopenjtalk.run_frontend_detailed(text)
        mapping = pyopenjtalk.make_phoneme_mapping(features, morphs, caller_text=text)
    if len(mapping) != len(features):  # never seen; keep the words, drop the spans
        return [dict(f) for f in features], _spans_by_search(text, features)
    spans = [tuple(m["char_span"]) for m in mapping]
    # A word the mapping could not place has (0, 0): find it by its written form.
    fixed: list[tuple[int, int]] = []
    position = 0
    for feature, (start, end) in zip(features, spans, strict=True):
        if (start, end) == (0, 0) and feature["string"]:
            found = _find(text, str(feature["string"]), position)
            start, end = (found, found + len(str(feature["string"]))) if found >= 0 else (0, 0)
        fixed.append((start, end))
        position = max(position, end)
    return [dict(f) for f in features], fixed


def _find(text: str, string: str, position: int) -> int:
    found = text.find(string, position)
    if found < 0:
        folded = unicodedata.normalize("NFKC", string)
        found = text.find(folded, position)
    return found


def _spans_by_search(text: str, features: Sequence[dict[str, Any]]) -> list[tuple[int, int]]:
    spans = []
    position = 0
    for feature in features:
        found = _find(text, str(feature["string"]), position)
        if found < 0:
            spans.append((position, position))
        else:
            spans.append((found, found + len(str(feature["string"]))))
            position = found + len(str(feature["string"]))
    return spans


def _apply_overrides(
    text: str,
    entries: list[dict[str, Any]],
    spans: list[tuple[int, int]],
    given: tuple[tuple[str, str], ...],
) -> None:
    """Content readings and the user dictionary: the words under each base become one word."""
    if not given:
        return
    for start, end, reading in claim_bases(text, given, [False] * len(text)):
        _merge_span(entries, spans, start, end, text[start:end], to_katakana(reading))


def _merge_span(
    entries: list[dict[str, Any]],
    spans: list[tuple[int, int]],
    start: int,
    end: int,
    base: str,
    kana: str,
) -> None:
    inside = [i for i, (s, e) in enumerate(spans) if s < end and e > start]
    if not inside:
        return
    first, last = inside[0], inside[-1]
    entry = dict(entries[first])
    entry.update(string=base, orig=base, pos="名詞", pos_group1="固有名詞", acc=0)
    entry["chain_flag"] = -1
    set_reading(entry, kana, spoken_kana(kana))
    new_entries: list[dict[str, Any]] = []
    new_spans: list[tuple[int, int]] = []
    # The base may cut a word in two (さくら川 inside さくら川町): the cut-off part is read
    # on its own (町 ちょう), never dropped.
    left, right = spans[first][0], spans[last][1]
    if left < start:
        _append_part(new_entries, new_spans, _SOURCE_TEXT.get(), left, start)
    new_entries.append(entry)
    new_spans.append((start, end))
    if right > end:
        _append_part(new_entries, new_spans, _SOURCE_TEXT.get(), end, right)
    entries[first : last + 1] = new_entries
    spans[first : last + 1] = new_spans


def _append_part(
    entries: list[dict[str, Any]], spans: list[tuple[int, int]], text: str, start: int, end: int
) -> None:
    features, part_spans = _front_end(text[start:end])
    for feature, (s, e) in zip(features, part_spans, strict=True):
        entries.append(dict(feature))
        spans.append((s + start, e + start))
