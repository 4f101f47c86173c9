"""Few distinct font sizes (issue 17): every size the style sheets and pages use is on the
ladder, so glyph caches are shared between roles and text steps instead of one per size."""

from __future__ import annotations

import re

from kiosk.config import TEXT_SIZES
from kiosk.content.model import Block, BlockKind
from kiosk.ui.a11y.touch import touch_metrics
from kiosk.ui.screens.page import blocks_to_html
from kiosk.ui.theme import FONT_LADDER, THEMES, Metrics, extra_style_sheet, font_px, style_sheet

SIZE = re.compile(r"font-size:\s*(\d+)px")


def _sizes(text: str) -> set[int]:
    return {int(px) for px in SIZE.findall(text)}


def test_font_px_snaps_to_the_nearest_ladder_size() -> None:
    assert font_px(32) == 32 and font_px(41.6) == 40 and font_px(27.2) == 28
    assert font_px(3) == FONT_LADDER[0] and font_px(500) == FONT_LADDER[-1]
    assert font_px(18) == 16  # a tie goes to the smaller size


def test_every_style_sheet_and_page_size_is_on_the_ladder() -> None:
    blocks = (
        Block(BlockKind.HEADING, "見出し", level=1),
        Block(BlockKind.HEADING, "小見出し", level=3),
        Block(BlockKind.PARAGRAPH, "本文"),
    )
    used: set[int] = set()
    for step in TEXT_SIZES:
        for dpi in (None, 96.0, 160.0):
            metrics = Metrics.for_step(step)
            metrics = touch_metrics(metrics, dpi) if dpi else metrics
            for theme in THEMES.values():
                used |= _sizes(style_sheet(theme, metrics))
                used |= _sizes(extra_style_sheet(theme, metrics))
                used |= _sizes(blocks_to_html(blocks, theme, metrics))
    assert used <= set(FONT_LADDER), sorted(used - set(FONT_LADDER))
    # the three text steps share sizes: far fewer than roles × steps (was 30+ before)
    assert len(used) <= 12, sorted(used)
    assert {Metrics.for_step(s).body for s in TEXT_SIZES} == {32, 48, 64}
