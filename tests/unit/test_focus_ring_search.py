"""The focus ring's colour search skips the hopeless case without changing any answer.

Where no luminance has 3:1 against both the control's fill and the page (red on white), the
search over ~3,700 colours used to run at every start (issue 17: ~40 ms of cold start). The
short-cut must return exactly what the full search returns, for the kiosk's themes and for
any other pair of colours a theme might use.
"""

from __future__ import annotations

import colorsys
import random

import pytest

from kiosk.ui import theme as theme_module
from kiosk.ui.theme import RING_CONTRAST, THEMES, contrast_ratio


def full_search(focus: str, fill: str, background: str) -> str | None:
    """The search without the short-cut (same order, same candidates)."""

    def score(colour: str) -> float:
        return min(contrast_ratio(colour, fill), contrast_ratio(colour, background))

    if score(focus) >= RING_CONTRAST:
        return focus
    red, green, blue = (int(focus.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4))
    hue, _lightness, saturation = colorsys.rgb_to_hls(red, green, blue)
    fits = [
        c
        for c in (theme_module._hls(hue, step / 100, saturation) for step in range(101))
        if score(c) >= RING_CONTRAST
    ]
    if fits:
        return max(fits, key=score)
    others = [theme_module._hls(h / 36, s / 100, 1.0) for h in range(36) for s in range(101)]
    others += [theme_module._hls(0, s / 100, 0) for s in range(101)]
    best = max(others, key=score)
    return best if score(best) >= RING_CONTRAST else None


def fresh_ring(focus: str, fill: str, background: str) -> str | None:
    theme_module._ring_colour.cache_clear()
    return theme_module._ring_colour(focus, fill, background)


@pytest.mark.parametrize("name", sorted(THEMES))
def test_every_theme_fill_gets_the_full_search_answer(name: str) -> None:
    theme = THEMES[name]
    for fill in (theme.button, theme.surface, theme.alert, theme.drill):
        assert fresh_ring(theme.focus, fill, theme.background) == full_search(
            theme.focus, fill, theme.background
        ), (name, fill)


def test_red_on_white_has_no_ring_colour_and_says_so() -> None:
    assert fresh_ring("#0050C8", "#A80000", "#FFFFFF") is None
    assert full_search("#0050C8", "#A80000", "#FFFFFF") is None


def test_random_colours_get_the_full_search_answer() -> None:
    rng = random.Random(17)
    colours = [f"#{rng.randrange(1 << 24):06X}" for _ in range(40)]
    colours += ["#FFFFFF", "#000000", "#A80000", "#767676", "#FFFF00", "#001A4D"]
    hopeless = 0
    for _ in range(120):
        focus, fill, background = (rng.choice(colours) for _ in range(3))
        expected = full_search(focus, fill, background)
        assert fresh_ring(focus, fill, background) == expected, (focus, fill, background)
        hopeless += expected is None
    assert hopeless > 5  # the short-cut was really exercised
