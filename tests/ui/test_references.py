"""Key screens look as reviewed (issue 20): each case of kiosk.ui.references.CASES, rendered with
the kiosk's own fonts, matches its reference in tests/ui/references/ — control rectangles within
a few px, the picture within a tolerance that forgives antialiasing but not a moved control.

When a screen changes on purpose: ``.venv/bin/python scripts/update_references.py``, look at the
PNGs, commit them (docs/reference-screenshots.md). A failure writes reference | now | changes to
build/reference-diffs/ (or $HIROBA_REFERENCE_DIFFS)."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from kiosk.ui import references as refs

DIFF_DIR = Path(os.environ.get("HIROBA_REFERENCE_DIFFS", "build/reference-diffs"))
HOME = next(case for case in refs.CASES if case.name == "home-light-size3-1280x800")


def _against_reference(case: refs.Case, shot: refs.Shot) -> refs.Result:
    manifest = refs.load_manifest()
    return refs.compare(case, shot, refs.load_reference(case), manifest.get(case.name, {}))


@pytest.mark.parametrize("case", refs.CASES, ids=lambda case: case.name)
def test_screen_matches_its_reference(qtbot, window, case) -> None:
    result = _against_reference(case, refs.render(window, case))
    if not result.ok:
        refs.write_diff(result, DIFF_DIR)
    assert result.ok, (
        result.summary() + "\nIf the change is intended: make references, look at the PNGs, "
        "commit them (docs/reference-screenshots.md)"
    )


def test_references_are_small_and_complete() -> None:
    manifest = refs.load_manifest()
    for case in refs.CASES:
        reference = refs.load_reference(case)
        width, height = case.size
        assert reference.shape == (height // refs.STORED_SCALE, width // refs.STORED_SCALE)
        assert manifest[case.name]["controls"], case.name
    total = sum(p.stat().st_size for p in refs.REFERENCE_DIR.iterdir())
    assert total < 600_000, total  # a few reviewed pictures, not an archive


def test_antialiasing_differences_are_forgiven(qtbot, window) -> None:
    """A blurred, noisy picture (another rasteriser, hinting, gamma) still matches."""
    shot = refs.render(window, HOME)
    pixels = shot.pixels.astype(np.float32)
    blurred = (
        pixels
        + np.roll(pixels, 1, axis=0)
        + np.roll(pixels, -1, axis=0)
        + np.roll(pixels, 1, axis=1)
        + np.roll(pixels, -1, axis=1)
    ) / 5
    noise = np.random.default_rng(20).integers(-12, 13, size=pixels.shape)
    shot.pixels = np.clip(blurred + noise, 0, 255).astype(np.uint8)
    for key in shot.controls:  # and every control off by a pixel or two
        x, y, w, h = shot.controls[key]
        shot.controls[key] = [x + 2, y - 1, w, h + 1]
    result = _against_reference(HOME, shot)
    assert result.ok, result.summary()


def test_a_moved_control_fails_and_is_named(qtbot, window, tmp_path) -> None:
    shot = refs.render(window, HOME)
    home = window.home_button
    home.move(home.x() + 24, home.y())  # as a rebuilt navbar would
    moved = refs.Shot(refs._grey(window.grab().toImage()), refs.control_rects(window), shot.masks)
    result = _against_reference(HOME, moved)
    assert not result.ok
    assert [key for key in result.moved if key.startswith("BigButton:home#")], result.moved
    assert result.changed_cells > refs.MAX_CHANGED_CELLS * result.cells, result.summary()
    path = refs.write_diff(result, tmp_path)
    assert path.exists() and path.stat().st_size > 1000


def test_a_reflowed_tile_fails_on_the_picture_alone(qtbot, window) -> None:
    """Same controls, other text: the picture catches what the rectangles cannot."""
    refs.render(window, HOME)
    tile = window.home.tiles["disaster"]
    tile.set_lines([("防災・気象・防犯", "tile-label"), ("警報・避難・天気・地震", "row-date")])
    shot = refs.Shot(
        refs._grey(window.grab().toImage()), refs.control_rects(window), refs.time_masks(window)
    )
    result = _against_reference(HOME, shot)
    assert result.changed_cells > refs.MAX_CHANGED_CELLS * result.cells, result.summary()
