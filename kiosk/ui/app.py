"""Start the Qt side: application, bundled fonts, the kiosk window; also offscreen screenshots."""

from __future__ import annotations

import gc
import logging
import os
import sys
from pathlib import Path

from kiosk.config import ASSETS, Config
from kiosk.content.store import Store
from kiosk.viewmodels import ViewModels

log = logging.getLogger("kiosk.ui")
FONT_FILES = ("BIZUDGothic-Regular.ttf", "BIZUDGothic-Bold.ttf")


def has_display() -> bool:
    if os.environ.get("QT_QPA_PLATFORM"):
        return os.environ["QT_QPA_PLATFORM"] not in ("offscreen", "minimal")
    if sys.platform.startswith("linux"):
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


def use_offscreen_if_headless() -> bool:
    """Switch Qt to offscreen rendering when there is no screen; True if it did."""
    if has_display():
        return False
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    return True


def application():
    from kiosk.ui.pyside_guard import immortalize_singletons

    immortalize_singletons()  # PySide6 6.12 leaks references to None (see pyside_guard)
    from PySide6.QtGui import QFont, QFontDatabase
    from PySide6.QtWidgets import QApplication

    from kiosk.ui.theme import FONT_FAMILY

    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
        app.setApplicationName("Hiroba")
        for name in FONT_FILES:
            if QFontDatabase.addApplicationFont(str(ASSETS / "fonts" / name)) < 0:
                log.warning("font not loaded: %s", name)
        font = QFont(FONT_FAMILY)
        font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
        app.setFont(font)
    return app


def build_window(config: Config, store: Store):
    from kiosk.ui.window import KioskWindow

    return KioskWindow(
        ViewModels(store, wareki=bool(config.get("wareki"))),
        theme=str(config.get("theme")),
        text_size=int(config.get("text_size")),
        town_name=str(config.get("town_name")),
    )


def run(config: Config, store: Store, windowed: bool, exit_after: float | None = None) -> int:
    app = application()
    window = build_window(config, store)
    if windowed:
        window.resize(1280, 800)
        window.show()
    else:
        window.showFullScreen()
    from PySide6.QtCore import QTimer

    from kiosk.ui import first_frame

    if first_frame.requested():  # benchmarks only (bench/coldstart.py)
        first_frame.after_first_frame(window.home, lambda: first_frame.report_and_quit(app))
    first_frame.after_first_frame(window.home, _settle_memory)
    if exit_after is not None:
        QTimer.singleShot(int(exit_after * 1000), app.quit)
    return int(app.exec())


def _settle_memory() -> None:
    """Once the window is up: collect start-up garbage, then keep the long-lived start-up
    objects out of every later collection (shorter GC pauses while people tap)."""
    gc.collect()
    gc.freeze()
    gc.enable()


def screenshot(config: Config, store: Store, screen: str, size: tuple[int, int], out: Path) -> Path:
    """Render one screen offscreen at ``size`` and save it as PNG."""
    app = application()
    window = build_window(config, store)
    window.setFixedSize(*size)
    window.show()
    navigate_to(window, screen)
    app.processEvents()
    image = window.grab()
    out.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(out), "PNG"):
        raise OSError(f"{out}: could not write the PNG")
    window.close()
    return out


def navigate_to(window, screen: str) -> None:
    """Open a representative example of ``screen``: the first category with items, its first
    item. Used by screenshots and benchmarks."""
    from kiosk.content.model import Category
    from kiosk.i18n import current_language

    window.go_home()
    if screen == "home":
        return
    lang = current_language()
    category = next((c for c in Category if window.vms.store.items(c, lang)), Category.DISASTER)
    window.open_category(category)
    if screen == "category":
        return
    rows = window.category.visible_rows()
    if screen == "page":
        if not rows:
            raise ValueError("no page to show: the store has no items")
        window.open_page(rows[0].property("key"))
        return
    raise ValueError(f"unknown screen {screen!r}")
