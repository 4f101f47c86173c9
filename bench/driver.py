"""Drive a real kiosk window in-process the way a person does: mouse clicks, then paint.

Shared by the latency, memory and soak benchmarks. Everything the kiosk may grow later
(settings, themes, speech) is reached through ``hasattr`` probes and through clicking any
visible button, so the benchmarks run on the walking skeleton and keep working as it grows.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QEventLoop, QObject, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget

from kiosk.content.model import Category

PAINT_TIMEOUT_S = 10.0
# Buttons the random driver never presses: they end the session or destroy content.
DENY_WORDS = ("quit", "exit", "shutdown", "restart", "reboot", "delete", "remove", "reset", "clear")
THEME_NAMES = ("light", "dark", "blue")
TEXT_SIZES = (1, 2, 3)


class PaintProbe(QObject):
    """Records when a watched widget's paint pass has finished (after siblings and flush)."""

    def __init__(self) -> None:
        super().__init__()
        self.done_at: dict[int, float] = {}
        self._pending: set[int] = set()

    def watch(self, widget: QWidget) -> None:
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Paint:
            key = id(watched)
            if key not in self._pending:
                self._pending.add(key)
                QTimer.singleShot(0, lambda k=key: self._finish(k))
        return False

    def _finish(self, key: int) -> None:
        self._pending.discard(key)
        self.done_at[key] = time.perf_counter()


class Kiosk:
    """One kiosk window on the demo content, sized like the real screen."""

    def __init__(
        self,
        data_dir: Path,
        text_size: int = 1,
        theme: str = "light",
        size: tuple[int, int] = (1920, 1080),
    ) -> None:
        from kiosk.config import demo_sources
        from kiosk.content.local import sync_local_packages
        from kiosk.content.store import Store
        from kiosk.i18n import set_language
        from kiosk.ui.app import application
        from kiosk.ui.window import KioskWindow
        from kiosk.viewmodels.screens import ViewModels

        set_language("ja")
        self.app: QApplication = application()
        self.store = Store(data_dir / "bench.sqlite3")
        # as the kiosk UI process does: the furigana analysis (SudachiPy and its dictionary)
        # runs in a helper process, not in the process whose memory the benchmarks measure
        sync_local_packages(self.store, demo_sources(), isolate_readings=True)
        self.window = KioskWindow(ViewModels(self.store), theme=theme, text_size=text_size)
        self.window.resize(*size)
        self._watch()
        self.window.show()
        self.wait_painted(self.screen_probe(), since=0.0)

    @classmethod
    def attach(cls, window: QWidget) -> Kiosk:
        """Drive a window the kiosk itself built and showed (``kiosk run``: bench/inkiosk.py)."""
        kiosk = cls.__new__(cls)
        kiosk.app = QApplication.instance()
        kiosk.store = None
        kiosk.window = window
        kiosk._watch()
        return kiosk

    def _watch(self) -> None:
        self.probe = PaintProbe()
        for widget in self.probe_targets().values():
            self.probe.watch(widget)

    # --- what to watch --------------------------------------------------------------------

    def probe_targets(self) -> dict[str, QWidget]:
        w = self.window
        return {
            "home": w.home.area.viewport(),
            "category": w.category.area.viewport(),
            "page": w.page.reader.viewport(),
        }

    def screen_probe(self) -> QWidget:
        """The widget whose paint means "the current screen is on the glass"."""
        current = self.window.stack.currentWidget()
        name = getattr(current, "screen_name", "")
        target = self.probe_targets().get(name)
        if target is None:  # screens added later (settings, alert...): watch them on demand
            target = current
            self.probe.watch(current)
        return target

    def wait_painted(self, widget: QWidget, since: float) -> float:
        """Process events until ``widget`` finished a paint pass after ``since``; that time."""
        key = id(widget)
        deadline = time.perf_counter() + PAINT_TIMEOUT_S
        while self.probe.done_at.get(key, -1.0) < since:
            if time.perf_counter() > deadline:
                raise TimeoutError(f"{widget.objectName() or type(widget).__name__}: no paint")
            self.app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        return self.probe.done_at[key]

    # --- taps -----------------------------------------------------------------------------

    def tap(self, button: QAbstractButton, wait: bool = True) -> float:
        """Click ``button``; seconds from the press until the resulting screen was painted.

        With ``wait=False`` (random buttons, which may change nothing visible) the events the
        click caused are processed and the time to that point is returned.
        """
        self._make_visible(button)
        start = time.perf_counter()
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)
        if not wait:
            self.settle()
            return time.perf_counter() - start
        painted = self.wait_painted(self.screen_probe(), since=start)
        self.settle()
        return painted - start

    def settle(self) -> None:
        """Process pending events, then the deferred deletes a real event loop would run:
        ``processEvents`` alone never deletes ``deleteLater`` objects posted at its own
        loop level, so without this the driver itself "leaks" temporary widgets."""
        self.app.processEvents()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)

    def _make_visible(self, button: QAbstractButton) -> None:
        for area in (self.window.home.area, self.window.category.area):
            if area.isAncestorOf(button):
                area.ensureWidgetVisible(button)
                self.app.processEvents()

    def tile(self, category: Category) -> QAbstractButton:
        return self.window.home.tiles[category]

    def rows(self) -> list[QAbstractButton]:
        return self.window.category.visible_rows()

    # --- one navigation home → category → page → home --------------------------------------

    def navigate(self, index: int) -> dict[str, float]:
        """The ``index``-th tour: a category tile, one of its pages, then Home."""
        if self.window.current.screen != "home":  # a random tap may have left us elsewhere
            self.tap(self.window.home_button)
        categories = list(Category)
        category = categories[index % len(categories)]
        timings = {"category": self.tap(self.tile(category))}
        rows = self.rows()
        if rows:
            timings["page"] = self.tap(rows[(index // len(categories)) % len(rows)])
            if index % 2:
                timings["back"] = self.tap(self.window.back_button)
        timings["home"] = self.tap(self.window.home_button)
        return timings

    def use_everything_once(self) -> int:
        """Every screen, theme, text size and language once, and a read-aloud press: what a
        kiosk has done after its first hour. Memory that grows only on a first use (a screen
        built when first opened, a size's or a language's fonts) is not growth; what still
        grows after this is. Returns the navigations done."""
        from kiosk.i18n import set_language

        w = self.window
        done = 0
        visitor = getattr(w, "visitor", None)
        for name in getattr(visitor, "SCREENS", ()):
            visitor.open(name)
            self.settle()
            done += 1
        if hasattr(visitor, "show_idle_warning"):
            visitor.show_idle_warning(30)
            self.settle()
            visitor.reset_for_next_visitor()  # nobody answered the warning
            self.settle()
        if hasattr(visitor, "show_attract"):
            visitor.show_attract()
            self.settle()
            visitor.attract_screen.start_button.click()  # a visitor comes
            self.settle()
        from kiosk.config import LANGUAGES

        # Every language at every text size (each script has its fonts, each size its glyph
        # caches), and every theme once (colours: no new fonts).
        looks = [(lang, "light", size) for lang in LANGUAGES for size in TEXT_SIZES]
        looks += [("ja", theme, 1) for theme in THEME_NAMES if theme != "light"]
        for lang, theme, size in looks:
            set_language(lang)
            if hasattr(w, "set_appearance"):
                w.set_appearance(theme, size)
            self.settle()
            for index in range(len(Category)):
                done += len(self.navigate(index))
        set_language("ja")
        if visitor is not None and hasattr(visitor.prefs, "furigana"):  # readings at each size
            from dataclasses import replace

            for size in TEXT_SIZES:
                visitor.apply_preferences(replace(visitor.prefs, furigana=True, text_size=size))
                self.settle()
                for index in range(len(Category)):
                    done += len(self.navigate(index))
            visitor.apply_preferences(replace(visitor.prefs, furigana=False, text_size=1))
        if hasattr(w, "set_appearance"):
            w.set_appearance("light", 1)
        self.tap(w.home_button)
        if self.speech():
            done += 1
        return done

    # --- everything else a person can do ---------------------------------------------------

    def visible_buttons(self) -> list[QAbstractButton]:
        found = []
        for button in self.window.findChildren(QAbstractButton):
            name = (button.objectName() + " " + button.accessibleName()).lower()
            if button.isVisible() and button.isEnabled() and not any(w in name for w in DENY_WORDS):
                found.append(button)
        return found

    def tap_random_button(self, rng: random.Random) -> str:
        buttons = self.visible_buttons()
        if not buttons:
            return "none"
        button = rng.choice(buttons)
        self.tap(button, wait=False)
        return button.objectName() or button.accessibleName() or type(button).__name__

    def change_settings(self, rng: random.Random, process: bool = True) -> str:
        """A theme, text-size or language change through whatever API the window offers."""
        from kiosk.i18n import set_language
        from kiosk.ui.theme import THEMES, Metrics

        w = self.window
        choice = rng.randrange(3)
        if choice == 0:
            theme = rng.choice(THEME_NAMES)
            if hasattr(w, "set_theme"):
                w.set_theme(theme)
            else:
                w.theme = THEMES[theme]
                w.apply_style()
            done = f"theme {theme}"
        elif choice == 1:
            step = rng.choice(TEXT_SIZES)
            if hasattr(w, "set_text_size"):
                w.set_text_size(step)
            else:
                w.metrics = Metrics.for_step(step)
                w.apply_style()
            done = f"text size {step}"
        else:
            lang = rng.choice(("ja", "en"))
            set_language(lang)
            done = f"language {lang}"
        w.refresh()
        if process:
            self.settle()
        return done

    def speech(self, process: bool = True) -> str:
        """Press the read-aloud button, let the first sentence start, press stop: what a visitor
        does (the real worker synthesises and plays; guarded: not in the skeleton)."""
        w = self.window
        bar = getattr(getattr(w, "read_aloud", None), "bar", None)
        if bar is None or not bar.isVisible():
            return ""
        controller = w.read_aloud.controller
        QTest.mouseClick(bar.read_button, Qt.MouseButton.LeftButton)
        if process:
            deadline = time.monotonic() + 10
            while controller.state == "starting" and time.monotonic() < deadline:
                self.app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        if bar.stop_button.isVisible():
            QTest.mouseClick(bar.stop_button, Qt.MouseButton.LeftButton)
        else:
            controller.stop()
        return "speech start/stop"

    def close(self) -> None:
        self.window.close()
        self.window.deleteLater()
        self.app.processEvents()
        if self.store is not None:
            self.store.close()


def close_modals() -> None:
    """Dismiss any modal dialog a random tap opened (PIN prompts, confirmations)."""
    modal = QApplication.activeModalWidget()
    if modal is not None:
        modal.close()


def modal_guard(parent: QObject) -> QTimer:
    timer = QTimer(parent)
    timer.timeout.connect(close_modals)
    timer.start(200)
    return timer


def run_actions(
    kiosk: Kiosk,
    rng: random.Random,
    taps: int,
    on_tap: Callable[[int], Any] | None = None,
    on_action: Callable[[str], Any] | None = None,
) -> None:
    """About ``taps`` navigations: mostly tours of the screens, sometimes a settings change,
    speech start/stop, or any visible button. ``on_tap(n)`` is called after each action with
    the number of navigations done so far; ``on_action(kind)`` with the kind of action
    ("navigation", "theme", "text size", "language", "speech", "button")."""
    done = 0
    tour = 0
    while done < taps:
        roll = rng.random()
        if roll < 0.75:
            done += len(kiosk.navigate(tour))
            tour += 1
            kind = "navigation"
        elif roll < 0.85:
            kind = kiosk.change_settings(rng).rsplit(" ", 1)[0]
            done += 1
        elif roll < 0.90:
            done += 1 if kiosk.speech() else 0
            kind = "speech"
        else:
            kiosk.tap_random_button(rng)
            done += 1
            kind = "button"
        if on_action is not None:
            on_action(kind)
        if on_tap is not None:
            on_tap(done)
