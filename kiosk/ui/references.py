"""Reviewed reference screenshots (issue 20): a few key screens, rendered with the kiosk's own
fonts, compared with a tolerance that forgives antialiasing but not a moved control.

Each case is checked twice:

- **controls**: the window rectangle of every visible button and scroll area must match the
  reference within ``GEOMETRY_SLACK`` px; one that moved, appeared or went away is named;
- **picture**: the screen in greyscale, compared in ``CELL``×``CELL`` pixel cells: a cell whose
  mean brightness changed by more than ``CELL_LEVELS`` counts as changed, and more than
  ``MAX_CHANGED_CELLS`` of them fail. A glyph drawn a little differently (another FreeType,
  hinting) moves a cell's mean by a few levels; a control or a line that moved changes a row
  of cells along every edge.

Text that shows the time (the header clock, dates, a sync time) is masked with mid
grey in both pictures, so the references do not age. References are stored at half size in
greyscale (small, still readable for review) in tests/ui/references/, with their controls and
masks in references.json. ``scripts/update_references.py`` rewrites them; see
docs/reference-screenshots.md.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

REFERENCE_DIR = Path(__file__).resolve().parents[2] / "tests" / "ui" / "references"
MANIFEST = "references.json"
STORED_SCALE = 2  # references are kept at 1/2 size
CELL = 8  # px of the full-size screen per compared cell
CELL_LEVELS = 32  # of 255: a cell's mean may move this much (antialiasing, hinting)
MAX_CHANGED_CELLS = 0.004  # of all cells (1280×800: 64 of 16 000)
GEOMETRY_SLACK = 3  # px a control may be off (a font's metrics on another machine)
MASK_GREY = 128
# a time or a date: 10時05分, 10:05, 12月2日, 2026 (a year); not "午前9時から" in a sample
_TIME_OR_DATE = re.compile(r"\d+時\d+分|\d+:\d\d|\d+月\d+日|\d{4}")


@dataclass(frozen=True)
class Case:
    name: str
    screen: str
    theme: str = "light"
    text_size: int = 3
    size: tuple[int, int] = (1280, 800)
    lang: str = "ja"


CASES: tuple[Case, ...] = (
    *(
        Case(f"{screen}-{theme}-size3-1280x800", screen, theme)
        for theme in ("light", "dark")
        for screen in ("home", "page", "alert", "settings")
    ),
    Case("home-light-size1-1920x1080", "home", "light", 1, (1920, 1080)),
)


@dataclass
class Shot:
    """One rendered case: full-size greyscale pixels, control rectangles, masked rectangles."""

    pixels: np.ndarray  # uint8, height × width
    controls: dict[str, list[int]] = field(default_factory=dict)  # key → [x, y, w, h]
    masks: list[list[int]] = field(default_factory=list)  # [x, y, w, h], full-size pixels


@dataclass
class Result:
    case: Case
    changed_cells: int = 0
    cells: int = 0
    moved: dict[str, tuple[list[int] | None, list[int] | None]] = field(default_factory=dict)
    diff_image: Path | None = None
    changed_map: np.ndarray | None = None  # True per changed cell
    pictures: tuple[np.ndarray, np.ndarray] | None = None  # (reference, now), half size

    @property
    def ok(self) -> bool:
        return not self.moved and self.changed_cells <= MAX_CHANGED_CELLS * self.cells

    def summary(self) -> str:
        lines = [
            f"{self.case.name}: {self.changed_cells} of {self.cells} cells changed "
            f"(allowed {int(MAX_CHANGED_CELLS * self.cells)}), {len(self.moved)} controls moved"
        ]
        for key, (was, now) in sorted(self.moved.items())[:12]:
            lines.append(f"  {key}: {was} → {now}")
        if self.diff_image is not None:
            lines.append(f"  diff: {self.diff_image}")
        return "\n".join(lines)


# --- rendering (Qt) ---------------------------------------------------------------------------


def synced_demo_store(path: Path):  # noqa: ANN201 - Store
    """The demo content synced into a new store at ``path`` with its furigana (computed as the
    kiosk computes them, even where HIROBA_READINGS=off keeps other tests quick): what the UI
    tests and the reference screenshots are rendered from. Raises RuntimeError naming any
    package that did not sync."""
    import os

    from kiosk.config import demo_sources
    from kiosk.content.store import Store
    from kiosk.content.sync import sync_all

    store = Store(path)
    switched_off = os.environ.pop("HIROBA_READINGS", None)
    try:
        results = sync_all(store, demo_sources())
    finally:
        if switched_off is not None:
            os.environ["HIROBA_READINGS"] = switched_off
    failed = [r.line() for r in results if r.status != "ok"]
    if failed:
        store.close()
        raise RuntimeError(f"demo sync failed: {failed}")
    return store


def render(window, case: Case) -> Shot:  # noqa: ANN001 - KioskWindow
    """Show ``case`` in ``window`` and take its picture, controls and masks."""
    from PySide6.QtWidgets import QApplication

    from kiosk.ui.a11y.prefs import Preferences
    from kiosk.ui.app import navigate_to

    window.setFixedSize(*case.size)
    window.apply_preferences(
        Preferences(theme=case.theme, text_size=case.text_size, lang=case.lang)
    )
    navigate_to(window, case.screen)
    for _ in range(4):
        QApplication.processEvents()
    image = window.grab().toImage()
    return Shot(_grey(image), control_rects(window), time_masks(window))


def _grey(image) -> np.ndarray:  # noqa: ANN001 - QImage
    from PySide6.QtGui import QImage

    grey = image.convertToFormat(QImage.Format.Format_Grayscale8)
    width, height, stride = grey.width(), grey.height(), grey.bytesPerLine()
    buffer = np.frombuffer(grey.constBits(), dtype=np.uint8, count=stride * height)
    return buffer.reshape(height, stride)[:, :width].copy()


def _rect_in_window(widget, window) -> list[int]:  # noqa: ANN001
    from PySide6.QtCore import QPoint

    origin = widget.mapTo(window, QPoint(0, 0))
    return [origin.x(), origin.y(), widget.width(), widget.height()]


def control_rects(window) -> dict[str, list[int]]:  # noqa: ANN001 - KioskWindow
    """Every visible control people press or read through, by a stable key."""
    from PySide6.QtWidgets import QAbstractButton, QAbstractScrollArea

    controls: dict[str, list[int]] = {}
    for widget in window.findChildren(QAbstractButton) + window.findChildren(QAbstractScrollArea):
        if not widget.isVisible() or widget.window() is not window:
            continue
        name = widget.objectName() or widget.accessibleName()
        if not name and isinstance(widget, QAbstractButton):
            name = widget.text()
        if not name:  # a scroll area: the screen it scrolls
            screen = widget.parentWidget()
            while screen is not None and not hasattr(screen, "screen_name"):
                screen = screen.parentWidget()
            name = getattr(screen, "screen_name", "")
        key = f"{type(widget).__name__}:{name}"
        index = 1
        while f"{key}#{index}" in controls:
            index += 1
        controls[f"{key}#{index}"] = _rect_in_window(widget, window)
    return controls


def time_masks(window) -> list[list[int]]:  # noqa: ANN001 - KioskWindow
    """Labels that show the time or a date: the header clock, dates, when a list was synced."""
    from PySide6.QtWidgets import QLabel

    masks = []
    for label in window.findChildren(QLabel):
        if label.isVisible() and label.window() is window and _TIME_OR_DATE.search(label.text()):
            shown = label.visibleRegion().boundingRect()  # the part its scroll area shows
            if shown.isEmpty():
                continue
            origin = label.mapTo(window, shown.topLeft())
            masks.append([origin.x(), origin.y(), shown.width(), shown.height()])
    return masks


# --- comparing (no Qt) ------------------------------------------------------------------------


def _masked(pixels: np.ndarray, masks: list[list[int]], scale: int = 1) -> np.ndarray:
    out = pixels.copy()
    for x, y, w, h in masks:
        out[max(0, y // scale) : (y + h + scale - 1) // scale,
            max(0, x // scale) : (x + w + scale - 1) // scale] = MASK_GREY  # fmt: skip
    return out


def _reduce(pixels: np.ndarray, factor: int) -> np.ndarray:
    """Mean of every factor×factor block (edges that do not fill a block are dropped)."""
    height, width = (pixels.shape[0] // factor) * factor, (pixels.shape[1] // factor) * factor
    blocks = pixels[:height, :width].astype(np.float32)
    return blocks.reshape(height // factor, factor, width // factor, factor).mean(axis=(1, 3))


def stored_pixels(shot: Shot) -> np.ndarray:
    """What is kept for review: masked, half size, greyscale."""
    return np.rint(_reduce(_masked(shot.pixels, shot.masks), STORED_SCALE)).astype(np.uint8)


def compare(case: Case, shot: Shot, reference: np.ndarray, manifest: dict) -> Result:
    """``shot`` (full size) against the stored half-size ``reference`` and its manifest entry."""
    result = Result(case)
    masks = [*manifest.get("masks", []), *shot.masks]
    now = _masked(stored_pixels(shot), masks, STORED_SCALE).astype(np.float32)
    was = _masked(reference, masks, STORED_SCALE).astype(np.float32)
    if now.shape != was.shape:
        result.cells = 1
        result.changed_cells = 1
        result.moved["screen size"] = (list(was.shape), list(now.shape))
        return result
    factor = CELL // STORED_SCALE
    changed = np.abs(_reduce(now, factor) - _reduce(was, factor)) > CELL_LEVELS
    result.cells = changed.size
    result.changed_cells = int(changed.sum())
    old_controls: dict[str, list[int]] = manifest.get("controls", {})
    for key in old_controls.keys() | shot.controls.keys():
        before, after = old_controls.get(key), shot.controls.get(key)
        if _moved(before, after):
            result.moved[key] = (before, after)
    result.changed_map = changed
    result.pictures = (was, now)
    return result


def _moved(before: list[int] | None, after: list[int] | None) -> bool:
    if before is None or after is None:
        return True  # appeared or went away
    return max(abs(a - b) for a, b in zip(before, after, strict=True)) > GEOMETRY_SLACK


def write_diff(result: Result, out_dir: Path) -> Path:
    """reference | now | changes (changed cells red, moved controls outlined) as one PNG."""
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QColor, QImage, QPainter, QPen

    assert result.pictures is not None and result.changed_map is not None
    was, now = result.pictures
    height, width = was.shape
    canvas = QImage(width * 3, height, QImage.Format.Format_RGB32)
    canvas.fill(QColor("white"))
    painter = QPainter(canvas)
    for column, pixels in enumerate((was, now, now)):
        painter.drawImage(column * width, 0, _to_qimage(pixels.astype(np.uint8)))
    painter.setOpacity(0.6)
    factor = CELL // STORED_SCALE
    for row, col in zip(*np.nonzero(result.changed_map), strict=True):
        painter.fillRect(2 * width + col * factor, row * factor, factor, factor, QColor("red"))
    painter.setOpacity(1.0)
    for key, (before, after) in result.moved.items():
        for rect, colour in ((before, "blue"), (after, "red")):
            if rect and key != "screen size":
                x, y, w, h = (v // STORED_SCALE for v in rect)
                painter.setPen(QPen(QColor(colour), 2))
                painter.drawRect(QRect(2 * width + x, y, w, h))
    painter.end()
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{result.case.name}-diff.png"
    canvas.save(str(path), "PNG")
    result.diff_image = path
    return path


def _to_qimage(pixels: np.ndarray):  # noqa: ANN202 - QImage
    from PySide6.QtGui import QImage

    pixels = np.ascontiguousarray(pixels)
    height, width = pixels.shape
    return QImage(pixels.data, width, height, width, QImage.Format.Format_Grayscale8).copy()


# --- storing ----------------------------------------------------------------------------------


def load_manifest(directory: Path = REFERENCE_DIR) -> dict:
    path = directory / MANIFEST
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def load_reference(case: Case, directory: Path = REFERENCE_DIR) -> np.ndarray:
    from PySide6.QtGui import QImage

    image = QImage(str(directory / f"{case.name}.png"))
    if image.isNull():
        raise FileNotFoundError(directory / f"{case.name}.png")
    return _grey(image)


def save_references(
    shots: dict[Case, Shot], directory: Path = REFERENCE_DIR, keep: dict | None = None
) -> list[Path]:
    """Write every case's PNG and the manifest (controls, masks, the tolerances used); the
    entries of other cases in ``keep`` stay as they were."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    names = {case.name for case in CASES}
    manifest = {k: v for k, v in (keep or {}).items() if k in names}
    manifest |= {
        "about": "Reviewed reference screenshots; regenerate with scripts/update_references.py",
        "tolerance": {
            "cell_px": CELL,
            "cell_levels": CELL_LEVELS,
            "max_changed_cells": MAX_CHANGED_CELLS,
            "geometry_slack_px": GEOMETRY_SLACK,
        },
    }
    for case, shot in shots.items():
        path = directory / f"{case.name}.png"
        _to_qimage(stored_pixels(shot)).save(str(path), "PNG")
        written.append(path)
        manifest[case.name] = {
            "case": asdict(case),
            "controls": shot.controls,
            "masks": shot.masks,
        }
    (directory / MANIFEST).write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )
    return [*written, directory / MANIFEST]
