"""Readings (furigana) for Japanese text, as ruby segments. No Qt here.

Two sources of readings, in this order of trust:

1. The content's own readings. Authors mark them in packages as ``漢字(かんじ)`` (ASCII
   parentheses straight after a run of kanji), ``漢字《かんじ》`` or ``｜漢字《かんじ》``
   (Aozora Bunko style; the ``｜`` marks where the base starts, so it may hold kana too).
   Full-width parentheses are NOT taken as readings: Japanese prose uses them for ordinary
   asides (``持ち物（はさみ）``), and we must never show an aside as a reading.
   ``extract_readings`` strips the markup: the plain text is what the store keeps in
   ``Block.text`` (so speech, search and the non-furigana view never see the markup) and
   the (base, reading) pairs go to ``Block.readings``.
2. pykakasi's dictionary for every other kanji word, with a small table of corrections for
   words it gets wrong in the texts we show (weekdays in dates, 今日).

``ruby_segments`` splits a text into ``Segment(text, reading)``; ``reading`` is empty for
kana, Latin, digits and punctuation. Okurigana stays outside the ruby: 知らせ →
[知(し)][らせ], so the reading sits over the kanji only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from kiosk.content.kana_forms import WEEKDAY_READINGS
from kiosk.content.ruby_text import claim_bases
from kiosk.i18n.scripts import KANJI

KANA = "\u3041-\u3096\u30a1-\u30fa\u30fc"
_HAS_KANJI = re.compile(f"[{KANJI}]")
# 漢字(かんじ) · 漢字《かんじ》 · ｜base《reading》
# A kanji base starts only where a kanji run starts, and is taken whole (possessive): else a
# run of n kanji without a reading after it is tried from each of its n characters — n² steps.
_MARKUP = re.compile(
    rf"[｜|](?P<bar_base>[^｜|《》\n]+?)《(?P<bar_reading>[{KANA}]+)》"
    rf"|(?<![{KANJI}])(?P<base>[{KANJI}]++)"
    rf"(?:\((?P<paren_reading>[{KANA}]+)\)|《(?P<angle_reading>[{KANA}]+)》)"
)

# Words pykakasi reads wrongly in kiosk texts; checked before the dictionary.
CORRECTIONS: dict[str, str] = {
    "今日": "きょう",
    "明日": "あした",
    "昨日": "きのう",
    "一日": "ついたち",
    "二日": "ふつか",
    "三日": "みっか",
    "十日": "とおか",
    "二十日": "はつか",
}
# （水） after a date is a weekday, read すい, not みず.
_WEEKDAY = re.compile(r"（([月火水木金土日])）")


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    reading: str = ""  # hiragana over ``text``; empty when none is needed


def has_kanji(text: str) -> bool:
    return bool(_HAS_KANJI.search(text))


def extract_readings(annotated: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    """``大雨(おおあめ)です`` → (``大雨です``, ((``大雨``, ``おおあめ``),))."""
    pairs: list[tuple[str, str]] = []

    def plain(match: re.Match[str]) -> str:
        base = match.group("bar_base") or match.group("base")
        reading = (
            match.group("bar_reading")
            or match.group("paren_reading")
            or match.group("angle_reading")
        )
        pairs.append((base, _to_hiragana(reading)))
        return base

    text = _MARKUP.sub(plain, annotated)
    return text, tuple(dict.fromkeys(pairs))


def ruby_segments(text: str, readings: Iterable[tuple[str, str]] = ()) -> list[Segment]:
    """Split ``text`` into segments with readings over kanji words.

    ``readings`` are the content's own (base, reading) pairs; they win over the dictionary
    wherever their base occurs, longest base first.
    """
    given = tuple(sorted(dict(readings).items(), key=lambda kv: -len(kv[0])))
    return list(_segments_cached(text, given))


@lru_cache(maxsize=4096)
def _segments_cached(text: str, given: tuple[tuple[str, str], ...]) -> tuple[Segment, ...]:
    if not has_kanji(text):
        return (Segment(text),) if text else ()
    out: list[Segment] = []
    for chunk, reading in _split_given(text, given):
        if reading:
            out.append(Segment(chunk, reading))
        else:
            out.extend(_dictionary_segments(chunk))
    return tuple(_merge_plain(out))


def _split_given(text: str, given: tuple[tuple[str, str], ...]) -> list[tuple[str, str]]:
    """Cut ``text`` at the content-given bases and weekday marks; others get ''."""
    spans: list[tuple[int, int, str]] = []
    taken = [False] * len(text)
    spans.extend(claim_bases(text, given, taken))
    for match in _WEEKDAY.finditer(text):
        start = match.start(1)
        if not taken[start]:
            spans.append((start, start + 1, WEEKDAY_READINGS[match.group(1)]))
            taken[start] = True
    pieces: list[tuple[str, str]] = []
    position = 0
    for start, end, reading in sorted(spans):
        if start > position:
            pieces.append((text[position:start], ""))
        pieces.append((text[start:end], reading))
        position = end
    if position < len(text):
        pieces.append((text[position:], ""))
    return pieces


def _dictionary_segments(text: str) -> list[Segment]:
    """Readings in context from the one analysis (kiosk.content.analysis) that also drives the
    voice. Content code only (sync/import time, `content check`): the UI never calls this."""
    from kiosk.content.analysis import analyse

    return [Segment(base, reading) for base, reading in analyse(text).ruby()]


def _word_segments(orig: str, hira: str) -> list[Segment]:
    """One dictionary word → ruby over its kanji only (okurigana stays bare)."""
    for word, reading in CORRECTIONS.items():
        if orig.startswith(word):
            rest = orig[len(word) :]
            return [Segment(word, reading), *(_dictionary_segments(rest) if rest else [])]
    # Kana at the start or end of the word is written as read: peel it off.
    head = 0
    while head < len(orig) and not has_kanji(orig[head]) and _same_kana(orig[head], hira, head):
        head += 1
    tail = 0
    while (
        tail < len(orig) - head
        and not has_kanji(orig[-1 - tail])
        and _same_kana(orig[-1 - tail], hira, len(hira) - 1 - tail)
    ):
        tail += 1
    core = orig[head : len(orig) - tail]
    core_reading = hira[head : len(hira) - tail]
    if not core_reading or core_reading == core:
        return [Segment(orig)]
    segments = []
    if head:
        segments.append(Segment(orig[:head]))
    segments.extend(_align_inner_kana(core, core_reading))
    if tail:
        segments.append(Segment(orig[len(orig) - tail :]))
    return segments


def _align_inner_kana(core: str, reading: str) -> list[Segment]:
    """飛び出 + とびだ → 飛(と) び 出(だ): kana inside a word is not covered by ruby."""
    runs = re.findall(f"[{KANJI}]+|[^{KANJI}]+", core)
    if len(runs) == 1:
        return [Segment(core, reading)]
    pattern = "".join("(.+?)" if has_kanji(run) else re.escape(_to_hiragana(run)) for run in runs)
    match = re.fullmatch(pattern, reading)
    if match is None:
        return [Segment(core, reading)]
    groups = iter(match.groups())
    return [Segment(run, next(groups)) if has_kanji(run) else Segment(run) for run in runs]


def _same_kana(char: str, hira: str, index: int) -> bool:
    return 0 <= index < len(hira) and _to_hiragana(char) == hira[index]


def _merge_plain(segments: Iterable[Segment]) -> list[Segment]:
    merged: list[Segment] = []
    for segment in segments:
        if not segment.text:
            continue
        if merged and not segment.reading and not merged[-1].reading:
            merged[-1] = Segment(merged[-1].text + segment.text)
        else:
            merged.append(segment)
    return merged


def _to_hiragana(text: str) -> str:
    return "".join(chr(ord(c) - 0x60) if "\u30a1" <= c <= "\u30f6" else c for c in text)


def plain_text(segments: Iterable[Segment]) -> str:
    return "".join(s.text for s in segments)


def readings_map(blocks: Iterable[Any]) -> Mapping[str, str]:
    """All content-given readings of a page's blocks (they apply to the whole page)."""
    found: dict[str, str] = {}
    for block in blocks:
        for base, reading in getattr(block, "readings", ()):
            found.setdefault(base, reading)
    return found


@cache
def _kakasi():  # loading the dictionary takes ~0.4 s: only when furigana is first needed
    import pykakasi

    return pykakasi.kakasi()


def split_block_readings(title: str, blocks: list[Any]) -> tuple[str, list[Any]]:
    """Packages: strip reading markup from a page's title and blocks into ``Block.readings``.

    The title's readings ride on the first block, since an Item has no place for them; the
    renderer treats all readings of a page as one glossary.
    """
    from dataclasses import replace

    plain_title, title_pairs = extract_readings(title)
    out: list[Any] = []
    for block in blocks:
        pairs: list[tuple[str, str]] = []

        def strip(text: str, pairs: list[tuple[str, str]] = pairs) -> str:
            plain, found = extract_readings(text)
            pairs.extend(found)
            return plain

        out.append(
            replace(
                block,
                text=strip(block.text),
                items=tuple(strip(i) for i in block.items),
                rows=tuple(tuple(strip(c) for c in row) for row in block.rows),
                readings=tuple(dict.fromkeys(pairs)),
            )
        )
    if title_pairs and out:
        out[0] = replace(out[0], readings=tuple(dict.fromkeys((*title_pairs, *out[0].readings))))
    return plain_title, out
