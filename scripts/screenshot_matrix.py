#!/usr/bin/env python3
"""Render the issue-20 acceptance matrix, to be LOOKED at (not a test).

    .venv/bin/python scripts/screenshot_matrix.py [--out /tmp/matrix] [--quick]

Every screen × 3 themes × text sizes 1 and 3 × 1920×1080 and 1280×800, and home/page/alert
in the six languages (text size 3, 1280×800, light), from the demo content in one process.
Besides the single PNGs it writes contact sheets (sheets/*.png, four screens each at half
size) so a person can look through the lot quickly; --quick renders only 1280×800 size 3.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

SCREENS = ("home", "category", "page", "alert", "settings", "howto", "practice")
STAFF_SCREENS = ("admin", "pinpad")  # open over home; rendered last in each set
THEMES = ("light", "dark", "blue")
LANGS = ("ja", "en", "zh-Hans", "ko", "vi", "pt-BR")
LANG_SCREENS = ("home", "page", "alert")


def _shoot(window, out: Path, screen: str, size, theme: str, step: int, lang: str) -> Path:  # noqa: ANN001
    from PySide6.QtWidgets import QApplication

    from kiosk.ui.a11y.prefs import Preferences
    from kiosk.ui.app import navigate_to

    window.setFixedSize(*size)
    window.apply_preferences(Preferences(theme=theme, text_size=step, lang=lang))
    navigate_to(window, screen)
    for _ in range(4):
        QApplication.processEvents()
    out.parent.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(out), "PNG")
    staff = getattr(window, "_staff_preview", None)
    if staff is not None:  # the staff screens lie over home: close them for the next shot
        staff.close_admin()
        window._staff_preview = None
    return out


def _sheets(paths: list[Path], out_dir: Path, prefix: str) -> list[Path]:
    """Four pictures a sheet, each at half size, with its file name above it."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QColor, QImage, QPainter

    sheets = []
    for start in range(0, len(paths), 4):
        group = [QImage(str(p)) for p in paths[start : start + 4]]
        cell_w = max(img.width() for img in group) // 2
        cell_h = max(img.height() for img in group) // 2 + 24
        sheet = QImage(cell_w * 2 + 8, cell_h * 2 + 8, QImage.Format.Format_RGB32)
        sheet.fill(QColor("#808080"))
        painter = QPainter(sheet)
        for index, (img, path) in enumerate(zip(group, paths[start : start + 4], strict=True)):
            x, y = (index % 2) * (cell_w + 8), (index // 2) * (cell_h + 8)
            painter.setPen(QColor("black"))
            painter.drawText(x + 4, y + 17, path.stem)
            scaled = img.scaled(
                img.width() // 2, img.height() // 2, mode=Qt.TransformationMode.SmoothTransformation
            )
            painter.drawImage(x, y + 24, scaled)
        painter.end()
        sheet_path = out_dir / f"{prefix}-{start // 4 + 1}.png"
        sheet.save(str(sheet_path), "PNG")
        sheets.append(sheet_path)
    return sheets


def main(argv: list[str] | None = None) -> int:
    from update_references import demo_window

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("/tmp/matrix"))
    parser.add_argument("--quick", action="store_true", help="only 1280×800 at text size 3")
    args = parser.parse_args(argv)
    sizes = [(1280, 800)] if args.quick else [(1920, 1080), (1280, 800)]
    steps = [3] if args.quick else [1, 3]
    sheets_dir = args.out / "sheets"
    sheets_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        window, store = demo_window(Path(scratch))
        count = 0
        try:
            for width, height in sizes:
                for step in steps:
                    for theme in THEMES:
                        folder = args.out / f"{width}x{height}" / f"size{step}"
                        paths = [
                            _shoot(
                                window,
                                folder / f"{theme}-{screen}.png",
                                screen,
                                (width, height),
                                theme,
                                step,
                                "ja",
                            )
                            for screen in (*SCREENS, *STAFF_SCREENS)
                        ]
                        count += len(paths)
                        _sheets(paths, sheets_dir, f"{width}x{height}-size{step}-{theme}")
            paths = []
            for lang in LANGS:
                for screen in LANG_SCREENS:
                    path = args.out / "lang" / f"{lang}-{screen}.png"
                    paths.append(_shoot(window, path, screen, (1280, 800), "light", 3, lang))
            count += len(paths)
            _sheets(paths, sheets_dir, "lang-1280x800-size3")
        finally:
            window.close()
            store.close()
    print(f"{count} screenshots in {args.out}; contact sheets in {sheets_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
