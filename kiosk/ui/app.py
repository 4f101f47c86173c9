"""Start the Qt side: application, bundled fonts, the kiosk window; also offscreen screenshots."""

from __future__ import annotations

import gc
import logging
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from kiosk.config import Config
from kiosk.content.store import Store
from kiosk.start_phases import mark
from kiosk.viewmodels.screens import ViewModels

log = logging.getLogger("kiosk.ui")


class NothingToShow(ValueError):
    """The screen asked for has nothing in the store to show (said in one line, no traceback)."""


def application():
    """The kiosk's QApplication: created once, with the kiosk's fonts registered and set.

    Also when something else created the QApplication first (pytest-qt, a benchmark): the
    fonts are then registered on it, so every screen renders with the fonts the kiosk names.
    """
    from PySide6.QtWidgets import QApplication

    from kiosk.ui.fonts import kiosk_font, register_fonts

    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
        app.setApplicationName("Hiroba")
    register_fonts()
    if app.font().families() != kiosk_font().families():
        app.setFont(kiosk_font())
    return app


def build_window(
    config: Config,
    store: Store,
    clock: Callable[[], datetime] | None = None,
    locked: bool = False,
):
    from kiosk.content.alerts import policy_from
    from kiosk.ui.window import KioskWindow

    window = KioskWindow(
        ViewModels(
            store,
            wareki=bool(config.get("wareki")),
            policy=policy_from(config),
            sources=config.sources,
            **({"clock": clock} if clock is not None else {}),  # screenshots of past alerts
            services=getattr(config, "services", ()),  # issue 18: the site's home tiles
        ),
        theme=str(config.get("theme")),
        text_size=int(config.get("text_size")),
        town_name=str(config.get("town_name")),
        locked=locked,
    )
    # issue 8 (ops): QR code of the source link beside each page, and Print.
    from kiosk.ui.takehome import TakeHome

    window.takehome = TakeHome(window, str(config.get("printer")))
    configure_accessibility(window, config)
    window.read_aloud.configure(
        str(config.get("speech_engine")),
        str(config.get("speech_rate")),
        int(config.get("speech_volume")),
    )
    from kiosk.ui.site_menu import apply_menu  # issue 18: what this site offers

    apply_menu(window, config.menu)
    from kiosk.ui.memory_care import care_for  # issue 17: memory back after each visitor

    care_for(window)
    return window


def configure_accessibility(window, config: Config) -> None:
    """Visitor defaults and idle timing from the config (issue 7)."""
    from kiosk.ui.a11y.prefs import IdleTimes, Preferences

    defaults = Preferences.from_config(config)
    idle = IdleTimes.from_config(config)
    window.configure(defaults, idle, scan_ms=int(config.get("scan_seconds")) * 1000)


def run(
    config: Config,
    store: Store,
    windowed: bool,
    exit_after: float | None = None,
    setup=None,  # issue 8 (ops): setup(app, window) attaches lockdown, staff menu, watchdog
) -> int:
    app = application()
    mark("Qt application and fonts")
    window = build_window(config, store, locked=not windowed)
    mark("window built")
    operations = setup(app, window) if setup is not None else None  # noqa: F841 - kept alive
    mark("staff tools attached")
    from PySide6.QtCore import QTimer

    # Load the voice before the first press, but after the first frame: cold start first.
    QTimer.singleShot(2000, window.read_aloud.controller.warm_up)
    app.aboutToQuit.connect(window.read_aloud.controller.shutdown)
    if windowed:
        window.resize(1280, 800)
        window.show()
    else:  # issue 16: the whole screen even on bare X, and back in front if hidden
        from kiosk.ui.lockdown import KeepInFront

        lockdown = getattr(operations, "lockdown", None)
        window.keep_in_front = KeepInFront(
            window, allow_leave=lambda: bool(getattr(lockdown, "allow_close", False))
        )
        window.keep_in_front.show()
    mark("shown")
    # A read-only store (issue 16) shows what it has; a sync could only fail on every pass.
    read_only = getattr(store, "read_only", False)
    background = None if read_only else start_background_sync(config, window)
    from kiosk.ui import first_frame

    if background is not None:  # its interpreter and imports would compete with the start
        first_frame.after_first_frame(window, background.start)
        # and for a window never painted (covered at start): started anyway (start is once)
        QTimer.singleShot(SYNC_START_ANYWAY_MS, background.start)

    if first_frame.requested():  # benchmarks only (bench/coldstart.py)
        first_frame.after_first_frame(window.home, lambda: first_frame.report_and_quit(app))
    # A pass after the first frame's other callbacks (the benchmark's marker among them): the
    # frame is on the screen, and start-up garbage is collected right after it, not before.
    # The window's first frame, whichever screen it shows (an alert may take over at start).
    first_frame.after_first_frame(window, lambda: QTimer.singleShot(0, _after_first_frame))
    # The screens made on first use, made ahead while nobody is touching the kiosk.
    first_frame.after_first_frame(window, lambda: _prepare_when_idle(window))
    from kiosk.content.phrases import remember_start_phrases

    app.aboutToQuit.connect(remember_start_phrases)  # also when it quits at once (benchmarks)
    if exit_after is not None:
        # exit(), not quit(): in Qt 6 quit() asks windows to close, and a locked kiosk says no.
        QTimer.singleShot(int(exit_after * 1000), lambda: app.exit(0))
    try:
        return int(app.exec())
    finally:
        if background is not None:
            background.stop(timeout=5)


def start_background_sync(config: Config, window):
    """Sync network sources in the kiosk's sync process (kiosk/content/sync_process.py); each
    pass's results reach the UI thread through a SyncBridge signal, and the window re-renders.

    Returns the SyncProcess, not started yet (or None when there is nothing to fetch)."""
    sources = [s for s in config.sources if s.enabled and s.kind != "package"]
    if not sources:
        return None  # nothing to fetch: no sync process either
    from kiosk.content.sync_process import SyncProcess
    from kiosk.ui.sync_bridge import SyncBridge

    bridge = SyncBridge(window)
    bridge.finished.connect(window.refresh_after_sync)
    background = SyncProcess(
        config.store_path,
        sources,
        on_done=bridge.deliver,
        cap_mb=int(config.get("fetch_max_mb")),
        jitter_seconds=max(0, int(config.get("sync_jitter_seconds"))),
    )
    window.background_sync = background  # keeps it reachable for tests and for shutdown
    return background


SYNC_START_ANYWAY_MS = 10_000


def _prepare_when_idle(window) -> None:  # noqa: ANN001 - KioskWindow
    from kiosk.ui.idle_prepare import prepare_visitor_screens

    prepare_visitor_screens(window)


def _after_first_frame() -> None:
    from kiosk.content.phrases import remember_start_phrases

    # The first frame's phrase breaks, for the next start. Recording stops here: what a
    # visitor opens later is never written down (privacy), and the file stays small.
    remember_start_phrases()
    _settle_memory()


def _settle_memory() -> None:
    """Once the window is up: collect start-up garbage, then keep the long-lived start-up
    objects out of every later collection (shorter GC pauses while people tap)."""
    gc.collect()
    gc.freeze()
    gc.enable()
    from kiosk.ops.memory import tune_allocator  # ctypes: after the frame, not before

    tune_allocator()  # issue 17: big C blocks mapped apart, the heap stops fragmenting


def screenshot(
    config: Config,
    store: Store,
    screen: str,
    size: tuple[int, int],
    out: Path,
    clock: Callable[[], datetime] | None = None,
) -> Path:
    """Render one screen offscreen at ``size`` and save it as PNG (as of ``clock()``)."""
    app = application()
    window = build_window(config, store, clock)
    window.setFixedSize(*size)
    window.show()
    navigate_to(window, screen)
    for _ in range(3):  # layouts settle over a few passes (issue 20: the scroll covers)
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
    from kiosk.i18n import current_language

    if screen in ("admin", "pinpad"):  # issue 8 (ops): the staff screens over home
        window.go_home()
        _preview_staff_screen(window, screen)
        return
    window.go_home()
    if screen == "home":
        return
    if screen == "alert":
        active = window.vms.alert_vms.active()
        if not active:
            raise NothingToShow(
                "no alert to show: the store has no alert in force"
                " (--alert FILE shows a document's)"
            )
        window.open_alert(active[0].id)
        return
    if screen in ("settings", "howto", "practice"):
        window.visitor.open(screen)
        return
    lang = current_language()
    window.open_category(window.vms.first_category_with_items(lang))
    if screen == "category":
        return
    rows = window.category.page_rows()
    if screen == "page":
        if not rows:
            raise NothingToShow("no page to show: the store has no items (run kiosk sync first)")
        window.open_page(rows[0].property("key"))
        return
    raise ValueError(f"unknown screen {screen!r}")


def _preview_staff_screen(window, screen: str) -> None:  # noqa: ANN001 - KioskWindow
    """Show the staff menu or PIN pad for screenshots (no lockdown, nothing counted)."""
    from kiosk.ops.pin import PinGuard
    from kiosk.ui.staff import Operations

    ops = Operations(window, Config(), window.vms.store, windowed=True, guard=PinGuard({}))
    ops.schedule_timer.stop()
    if screen == "pinpad":
        ops.open_pinpad()
        assert ops.pinpad is not None
        ops.pinpad.entered = "12"
        ops.pinpad.refresh()
    else:
        ops.open_admin()
    window._staff_preview = ops  # kept alive with the window
