"""Ruby segments from a word and its reading: okurigana stays outside the ruby (知らせ →
知(し)らせ), kana inside a word too (飛び出 → 飛(と)び出(だ)). Pure functions."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from kiosk.content.kana_forms import KANJI, has_kanji, to_hiragana

# Written kana and the pronunciation the reading comes from differ for these (近づく is
# pronounced ちかずく): matched as one sound, so the okurigana stays outside the ruby.
_SOUNDS = str.maketrans("づぢをはへ", "ずじおわえ")


def _same_sound(written: str, spoken: str) -> bool:
    return written == spoken or written.translate(_SOUNDS) == spoken.translate(_SOUNDS)


def split_okurigana(surface: str, hira: str) -> list[tuple[str, str]]:
    """知らせ + しらせ → [(知, し), (らせ, "")]: ruby over the kanji only."""
    head = 0
    while (
        head < len(surface)
        and not has_kanji(surface[head])
        and head < len(hira)
        and _same_sound(to_hiragana(surface[head]), hira[head])
    ):
        head += 1
    tail = 0
    while (
        tail < len(surface) - head
        and tail < len(hira) - head
        and not has_kanji(surface[-1 - tail])
        and _same_sound(to_hiragana(surface[-1 - tail]), hira[len(hira) - 1 - tail])
    ):
        tail += 1
    core = surface[head : len(surface) - tail]
    core_reading = hira[head : len(hira) - tail]
    if not core_reading:
        return [(surface, "")]
    out: list[tuple[str, str]] = []
    if head:
        out.append((surface[:head], ""))
    out.extend(_align_inner_kana(core, core_reading))
    if tail:
        out.append((surface[len(surface) - tail :], ""))
    return out


def _align_inner_kana(core: str, reading: str) -> list[tuple[str, str]]:
    """飛び出 + とびだ → 飛(と) び 出(だ): kana inside a word is not covered by ruby."""
    runs = re.findall(f"[{KANJI}0-9０-９]+|[^{KANJI}0-9０-９]+", core)
    if len(runs) == 1:
        return [(core, reading)]
    parts = []
    for run in runs:
        parts.append("(.+?)" if has_kanji(run) or run[0].isdigit() else re.escape(to_hiragana(run)))
    match = re.fullmatch("".join(parts), reading)
    if match is None:
        return [(core, reading)]
    groups = iter(match.groups())
    return [
        (run, next(groups)) if has_kanji(run) or run[0].isdigit() else (run, "") for run in runs
    ]


def merge_plain(pairs: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    merged: list[tuple[str, str]] = []
    for base, reading in pairs:
        if not base:
            continue
        if merged and not reading and not merged[-1][1]:
            merged[-1] = (merged[-1][0] + base, "")
        else:
            merged.append((base, reading))
    return merged


def claim_bases(
    text: str, given: tuple[tuple[str, str], ...], taken: list[bool]
) -> Iterator[tuple[int, int, str]]:
    """(start, end, reading) of every occurrence of each given base in ``text`` that does not
    overlap one claimed before (earlier entries win); claimed characters are marked in
    ``taken``. Content readings and the user dictionary are applied this way by both the
    analysis and the plain ruby split."""
    for base, reading in given:
        start = text.find(base)
        while start >= 0:
            end = start + len(base)
            if not any(taken[start:end]):
                taken[start:end] = [True] * (end - start)
                yield start, end, reading
            start = text.find(base, end)
