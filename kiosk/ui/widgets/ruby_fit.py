"""Where a reading goes over its base: the ruby rules both ruby widgets share (JIS X 4051,
W3C JLReq "Ruby and Emphasis Dots"), on top of Qt's ordinary text layout.

- **Size**: a reading is at least half its base's size (the smallest font-ladder size ≥ ½).
- **Centred**: a reading is centred over the ink of its base (mono ruby over one kanji,
  group ruby over a word), on every line a base is laid out on.
- **Wider reading, wider base**: when a reading (plus a small gap that keeps two readings
  apart) is wider than its base, the base's characters are spread (JLReq's 1:2:1 — half a
  share before the first character and after the last, a full share between characters).
  Qt has no "space before" a character, so the half share before the base is the letter
  spacing of a WORD JOINER placed right before it: it stays with the base when a line breaks
  there, so a reading at the start of a line is never cut at the edge. Each reading so stays
  between the end of the glyph before its base and the start of the glyph after it: never
  clipped, never over its neighbour's reading.
- **Never split**: the phrase marks inside a base are word joiners, so a line does not break
  inside a ruby base; a phrase break that was inside one moves to the base's edges (not
  after an opening or before a closing bracket). A base longer than a line may still be cut
  by the widget's wrap.

The break marks are those of kiosk.content.phrases: invisible, stripped before text reaches
speech, copy, search or accessible names, so the inserted joiners never show up there either.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF
from PySide6.QtGui import QFont, QFontMetricsF, QTextLayout, QTextLine

from kiosk.content.phrases import (
    BREAK_MARKS,
    NO_START,
    OPENING,
    WORD_JOINER,
    ZERO_WIDTH_SPACE,
)
from kiosk.fonts import JAPANESE
from kiosk.ui.theme import FONT_LADDER

if TYPE_CHECKING:
    from PySide6.QtGui import QTextCharFormat

    from kiosk.content.reading import Segment

RUBY_SCALE = 0.5  # JIS X 4051: a reading is half the size of its base (here: at least half)
RUBY_GAP = 0.25  # the least room between two readings, in ruby-sized ems
OVERHANG = 0.5  # how far a reading may reach over a neighbouring kana, in ruby-sized ems
_KANA = re.compile(r"[\u3041-\u309f\u30a0-\u30ff]")


def may_overhang(char: str) -> bool:
    """A reading may reach over kana (JLReq), not over kanji, digits or punctuation."""
    return bool(char) and bool(_KANA.fullmatch(char)) and char not in "ー・"


def ruby_pixel_size(base_px: float) -> int:
    """The smallest ladder size that is at least half of ``base_px`` (never less than half:
    rounding to the nearest size made 44 px text's readings 20 px)."""
    want = base_px * RUBY_SCALE
    return next((size for size in FONT_LADDER if size >= want - 0.01), math.ceil(want))


def ruby_font(font: QFont) -> QFont:
    """Readings are kana: drawn in (and measured by) the Japanese face first."""
    small = QFont(font)
    families = small.families()
    if JAPANESE in families:
        small.setFamilies([JAPANESE, *(f for f in families if f != JAPANESE)])
    small.setPixelSize(ruby_pixel_size(pixel_size(font)))
    small.setBold(False)
    small.setLetterSpacing(QFont.SpacingType.AbsoluteSpacing, 0)
    return small


def ruby_line_px(font: QFont, size: int, least: float) -> int:
    """Line pitch (px) for text of ``size`` px with readings over its lines: the line's glyph
    box (ascent + descent of ``font`` at that size, as Qt lays the line out) and the readings'
    band above it, so a reading never reaches into the glyph box of the line above; never less
    than ``least`` × ``size`` (WCAG 1.4.8). Qt puts a line's extra height above its glyphs:
    that is where its readings go."""
    base = QFont(font)
    base.setPixelSize(size)
    glyphs = QFontMetricsF(base).height()
    band = QFontMetricsF(ruby_font(base)).height()
    return max(round(size * least), math.ceil(glyphs + band))


def pixel_size(font: QFont) -> float:
    return font.pixelSize() if font.pixelSize() > 0 else font.pointSizeF() * 96 / 72


def mark_ruby_bases(display: str, positions: Sequence[int], segments: Sequence[Segment]) -> str:
    """``display`` (text with phrase marks; ``positions`` maps the plain text into it) with a
    word joiner right before every ruby base and no break mark inside one (module doc)."""
    chars = list(display)
    before: set[int] = set()
    start = 0
    for segment in segments:
        end = start + len(segment.text)
        if segment.reading and segment.text:
            first, last = positions[start], positions[end - 1]
            inside = [i for i in range(first, last) if chars[i] == ZERO_WIDTH_SPACE]
            for index in inside:
                chars[index] = WORD_JOINER
            if inside:  # the break BudouX put inside the base moves to the base's edges
                if (
                    first > 1
                    and chars[first - 1] == WORD_JOINER
                    and chars[first - 2] not in OPENING
                    and _run(chars, first - 2, -1) > 1
                ):
                    chars[first - 1] = ZERO_WIDTH_SPACE
                after = last + 1
                if (
                    after + 1 < len(chars)
                    and chars[after] == WORD_JOINER
                    and chars[after + 1] not in NO_START
                    and _run(chars, after + 1, 1) > 1
                ):
                    chars[after] = ZERO_WIDTH_SPACE
            if first == 0 or chars[first - 1] != WORD_JOINER:
                before.add(first)
        start = end
    out = []
    for index, char in enumerate(chars):
        if index in before:
            previous = chars[index - 1] if index else ""
            # after a break mark or at the start: a joiner; after anything else (a space):
            # a break opportunity first, so the joiner does not forbid the break there was
            joined = previous in ("", ZERO_WIDTH_SPACE)
            out.append(WORD_JOINER if joined else ZERO_WIDTH_SPACE + WORD_JOINER)
        out.append(char)
    return "".join(out)


def _run(chars: list[str], index: int, step: int) -> int:
    """Characters from ``index`` (going ``step``) up to the next break: a new break must not
    leave a single character on its own (kiosk.content.phrases)."""
    count = 0
    while 0 <= index < len(chars) and chars[index] not in (ZERO_WIDTH_SPACE, "\n", "\u2028"):
        count += chars[index] != WORD_JOINER
        index += step
    return count


@dataclass(frozen=True, slots=True)
class Spread:
    """Extra advance (px) for one ruby base: on the joiner before it, after each of its
    characters but the last, after the last."""

    before: float = 0.0
    inner: float = 0.0
    last: float = 0.0
    hangs: tuple[bool, bool] = (False, False)  # the reading reaches over the neighbour


def spread_for(
    base: str,
    reading: str,
    font: QFont,
    small: QFont,
    overhang: tuple[bool, bool] = (False, False),
) -> Spread:
    """How much a base must be spread so ``reading`` (and the gap) fits over it.

    ``overhang``: whether the reading of a one-kanji base may reach over the character
    before / after it (JLReq: mono ruby may overhang adjacent kana by up to half a ruby
    character; the caller knows whether that neighbour is kana without a reading of its own
    on the same line). Group ruby (a word) is spread 1:2:1 instead."""
    chars = len(base)
    if not chars or not reading:
        return Spread()
    base_width = QFontMetricsF(font).horizontalAdvance(base)
    ruby_px = pixel_size(small)
    need = QFontMetricsF(small).horizontalAdvance(reading) + RUBY_GAP * ruby_px
    if need <= base_width:
        return Spread()
    if chars == 1:
        out = (need - base_width) / 2  # how far the reading reaches past each side
        reach = OVERHANG * ruby_px
        before = max(0.0, out - (reach if overhang[0] else 0.0))
        after = max(0.0, out - (reach if overhang[1] else 0.0))
        return Spread(before, 0.0, after, (overhang[0], overhang[1]))
    share = (need - base_width) / chars
    return Spread(share / 2, share, share / 2)


@dataclass(frozen=True, slots=True)
class RubyBase:
    """One ruby base in a laid-out text: its reading, display indices and spread."""

    reading: str
    chars: tuple[int, ...]  # display indices of the base's characters (marks excluded)
    spread: Spread
    small: QFont


def base_chars(display: str, first: int, end: int) -> tuple[int, ...]:
    return tuple(i for i in range(first, end) if display[i] not in BREAK_MARKS)


def spacing_format(extra: float, mark: bool = False) -> QTextCharFormat:
    """Letter spacing for one character. A word joiner gets it only when shaped: the kiosk's
    fonts prefer no shaping (no Latin ligatures), and unshaped, Qt drops a joiner's spacing."""
    from PySide6.QtGui import QTextCharFormat  # with the first furigana (issue 17)

    fmt = QTextCharFormat()
    fmt.setFontLetterSpacingType(QFont.SpacingType.AbsoluteSpacing)
    fmt.setFontLetterSpacing(extra)
    if mark:
        fmt.setFontStyleStrategy(QFont.StyleStrategy.PreferDefault)
    return fmt


def spacing_by_index(bases: Sequence[RubyBase]) -> dict[int, float]:
    """Display index → extra advance, for every character a spread touches."""
    extra: dict[int, float] = {}
    for base in bases:
        if not base.chars or (base.spread.before, base.spread.inner, base.spread.last) == (0, 0, 0):
            continue
        extra[base.chars[0] - 1] = base.spread.before
        for index in base.chars[:-1]:
            extra[index] = base.spread.inner
        extra[base.chars[-1]] = base.spread.last
    return extra


def line_edges(layout: QTextLayout, chars: tuple[int, ...]) -> tuple[bool, bool]:
    """Whether the base starts a line / ends one (only break marks beside it there)."""
    if not chars:
        return False, False
    text = layout.text()
    first = layout.lineForTextPosition(chars[0])
    last = layout.lineForTextPosition(chars[-1])
    if not first.isValid() or not last.isValid():
        return False, False
    head = text[first.textStart() : chars[0]]
    tail = text[chars[-1] + 1 : last.textStart() + last.textLength()]
    return not head.strip(BREAK_MARKS), not tail.strip(BREAK_MARKS + " \u2028")


@dataclass(frozen=True, slots=True)
class RubyBox:
    """Where one reading (or the part of it over one line) and its base are, in layout
    coordinates (before the widget's own offsets)."""

    reading: str
    base: QRectF  # the base's glyph boxes (its spread inside, not around it)
    ruby: QRectF  # the reading's advance box, bottom on the top of the base's line
    baseline: float  # where the reading's baseline goes
    line: int  # the layout line of this part of the base
    chars: tuple[int, ...]  # the base characters under it (layout text positions)
    px: int  # the reading's pixel size

    def moved(self, dx: float, dy: float) -> RubyBox:
        return RubyBox(
            self.reading,
            self.base.translated(dx, dy),
            self.ruby.translated(dx, dy),
            self.baseline + dy,
            self.line,
            self.chars,
            self.px,
        )

    def kept_within(self, left: float, right: float) -> RubyBox:
        """Moved sideways as little as needed to stay inside [left, right] (a base wider
        than the whole line; otherwise the spread already keeps it inside)."""
        x = max(left, min(self.ruby.left(), right - self.ruby.width()))
        ruby = QRectF(x, self.ruby.top(), self.ruby.width(), self.ruby.height())
        return RubyBox(self.reading, self.base, ruby, self.baseline, self.line, self.chars, self.px)


def ruby_boxes(
    layout: QTextLayout,
    base: RubyBase,
    line_box: Callable[[QTextLine], tuple[float, float]] | None = None,
) -> list[RubyBox]:
    """The reading of ``base`` centred over the base's ink on each line it is laid out on
    (split by characters if the base wraps).
    ``line_box``: (top, height) of a line's glyphs, if not the line's own box."""
    pieces: list[tuple[QTextLine, list[int]]] = []
    for index in base.chars:
        line = layout.lineForTextPosition(index)
        if not line.isValid():
            continue
        if pieces and pieces[-1][0].lineNumber() == line.lineNumber():
            pieces[-1][1].append(index)
        else:
            pieces.append((line, [index]))
    metrics = QFontMetricsF(base.small)
    band = metrics.height()
    boxes = []
    used = 0
    total = len(base.chars)
    for number, (line, chars) in enumerate(pieces):
        last_piece = number == len(pieces) - 1
        share = (
            len(base.reading) - used
            if last_piece
            else round(len(base.reading) * len(chars) / total)
        )
        text = base.reading[used : used + share]
        used += share
        trailing = base.spread.last if last_piece else base.spread.inner
        x1 = cursor_x(line, chars[0])
        x2 = cursor_x(line, chars[-1] + 1) - trailing
        top, height = line_box(line) if line_box else (line.y(), line.height())
        width = metrics.horizontalAdvance(text)
        left = (x1 + x2 - width) / 2
        boxes.append(
            RubyBox(
                text,
                QRectF(x1, top, x2 - x1, height),
                QRectF(left, top - band, width, band),
                top - metrics.descent(),
                line.lineNumber(),
                tuple(chars),
                base.small.pixelSize(),
            )
        )
    return boxes


def cursor_x(line: QTextLine, position: int) -> float:
    value = line.cursorToX(position)
    return float(value[0] if isinstance(value, tuple) else value)
