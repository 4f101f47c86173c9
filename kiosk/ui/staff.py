"""Kiosk operations on the Qt side: lockdown, staff menu, opening hours, maintenance,
usage counts and watchdog keep-alives.

``Operations`` is attached to a ready ``KioskWindow``; it only listens to the window (its
``navigated`` signal, events) and lays its own screens over it, so window.py stays unaware.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.config import Config
from kiosk.content.store import Store, utc_now
from kiosk.exit_codes import EXIT_RESTART
from kiosk.i18n import current_language, set_language
from kiosk.i18n import gettext as _
from kiosk.i18n.dates import format_clock, format_short_day
from kiosk.ops import recovery
from kiosk.ops.defaults import save_default
from kiosk.ops.logs import rotate_logs, tail
from kiosk.ops.pin import PinGuard
from kiosk.ops.schedule import Maintenance, OpeningHours, ScheduleError
from kiosk.ops.usage import UsageLog
from kiosk.ops.watchdog import Notifier
from kiosk.ui.lockdown import LockdownFilter, lock_window_flags
from kiosk.ui.staff_jobs import ContentJobs
from kiosk.ui.staged_style import FULL
from kiosk.ui.theme import Metrics, style_sheet
from kiosk.ui.usage_counts import VisitorCounts
from kiosk.ui.widgets.overlay import FollowWindowSize

if TYPE_CHECKING:  # built on first use: their modules (and the readers behind the staff
    # status) are not imported before the first frame
    from kiosk.ui.screens.admin import AdminScreen
    from kiosk.ui.screens.closed import ClosedScreen
    from kiosk.ui.screens.pinpad import PinPad

log = logging.getLogger("kiosk.ops")

SCHEDULE_CHECK_MS = 30_000


class Operations(QObject, ContentJobs):
    def __init__(
        self,
        window,  # noqa: ANN001 - KioskWindow
        config: Config,
        store: Store,
        windowed: bool,
        notifier: Notifier | None = None,
        usage: UsageLog | None = None,
        guard: PinGuard | None = None,
        quit: Callable[[int], None] | None = None,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.config = config
        self.store = store
        self.store_path = Path(store.path)
        self.clock = clock
        self.notifier = notifier or Notifier({})
        self.usage = usage
        self.guard = guard or PinGuard(None)
        self.quit = quit or (lambda code: QApplication.instance().exit(code))
        self.admin: AdminScreen | None = None
        self.pinpad: PinPad | None = None
        self._closed: ClosedScreen | None = None  # built when the kiosk first closes

        app = QApplication.instance()
        self.lockdown = LockdownFilter(
            window,
            locked=not windowed,
            on_gesture=self.open_pinpad,
            on_activity=self._activity,
            on_read_aloud=lambda: self._count("read_aloud"),
        )
        app.installEventFilter(self.lockdown)
        if not windowed:
            lock_window_flags(window)  # a no-op when the window was made locked
            window.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        if bool(config.get("hide_cursor")):
            app.setOverrideCursor(Qt.CursorShape.BlankCursor)
        self._resizer = FollowWindowSize(window, self._overlays)

        self.admin_idle = QTimer(self)
        self.admin_idle.setSingleShot(True)
        self.admin_idle.setInterval(int(config.get("admin_idle_seconds")) * 1000)
        self.admin_idle.timeout.connect(self._admin_idle)

        self.start_content_jobs(self.store_path)

        self.hours = self._parse_hours(str(config.get("opening_hours")))
        self.maintenance = Maintenance.parse(str(config.get("maintenance_time")), clock)
        self.schedule_timer = QTimer(self)
        self.schedule_timer.setInterval(SCHEDULE_CHECK_MS)
        self.schedule_timer.timeout.connect(self.check_schedule)
        self.schedule_timer.start()

        self.keepalive = QTimer(self)
        interval = self.notifier.keepalive_ms
        if interval:
            self.keepalive.setInterval(interval)
            self.keepalive.timeout.connect(self.notifier.keepalive)
            self.keepalive.start()

        # what visitors open (usage counts), never while staff use the kiosk
        self.counts = VisitorCounts(window, usage, counting=lambda: not self.admin_open)
        window.visitor.visitor_reset.connect(self._visitor_left)
        self.check_schedule()

    def detach(self) -> None:
        """Undo what was attached to the application (tests; a window being replaced)."""
        app = QApplication.instance()
        app.removeEventFilter(self.lockdown)
        self.lockdown.allow_close = True
        if bool(self.config.get("hide_cursor")):
            app.restoreOverrideCursor()
        for timer in (self.schedule_timer, self.keepalive, self.admin_idle):
            timer.stop()
        self.stop_content_jobs()
        self.counts.detach()
        self.window.visitor.visitor_reset.disconnect(self._visitor_left)

    # --- overlays ---------------------------------------------------------------------------

    @property
    def closed(self) -> ClosedScreen:
        """The "closed" screen, built the first time the kiosk closes (not at start)."""
        if self._closed is None:
            from kiosk.ui.screens.closed import ClosedScreen

            self._closed = ClosedScreen(self.window)
            self._closed.hide()
        return self._closed

    def _overlays(self) -> list[QWidget]:
        return [w for w in (self._closed, self.pinpad, self.admin) if w is not None]

    def _cover(self, overlay: QWidget) -> None:
        if overlay is not self._closed:
            # Staff screens keep normal-size text whatever residents chose: they hold more.
            overlay.setProperty(FULL, True)  # a whole sheet of its own (see staged_style.py)
            overlay.setStyleSheet(style_sheet(self.window.theme, Metrics.for_step(1)))
        overlay.setGeometry(self.window.rect())
        overlay.show()
        overlay.raise_()

    def open_pinpad(self) -> None:
        if self.admin is not None and self.admin.isVisible():
            return
        log.info("admin: gesture, PIN pad shown")
        if self.pinpad is None:
            from kiosk.ui.screens.pinpad import PinPad

            self.pinpad = PinPad(self.guard, self.window)
            self.pinpad.accepted.connect(self.open_admin)
            self.pinpad.cancelled.connect(self._pin_cancelled)
        self.pinpad.reset()
        self._cover(self.pinpad)
        self.admin_idle.start()

    def _pin_cancelled(self) -> None:
        log.info("admin: PIN pad cancelled")
        self.close_admin()

    def open_admin(self) -> None:
        log.info("admin: staff menu opened")
        if self.pinpad is not None:
            self.pinpad.hide()
        if self.admin is None:
            from kiosk.ui.screens.admin import AdminScreen

            self.admin = AdminScreen(self.window)
            self.admin.action.connect(self.admin_action)
        self.refresh_admin()
        self._cover(self.admin)
        self.admin_idle.start()

    def close_admin(self) -> None:
        for overlay in (self.pinpad, self.admin):
            if overlay is not None:
                overlay.hide()
        self.admin_idle.stop()

    @property
    def admin_open(self) -> bool:
        return self.admin is not None and self.admin.isVisible()

    def _admin_idle(self) -> None:
        log.info("admin: session ended (idle)")
        self.close_admin()

    def _visitor_left(self) -> None:
        """The idle reset also closes a PIN pad left open, digits and all: the next visitor
        must not find one, nor half a PIN. (An open staff menu keeps its own idle limit.)"""
        if self.window.visitor.closed:
            return  # closing for the night: staff at the pad stay (the staff idle limit holds)
        if self.pinpad is not None and self.pinpad.isVisible() and not self.admin_open:
            log.info("admin: PIN pad closed (idle)")
            self.pinpad.reset()
            self.close_admin()

    def _activity(self) -> None:
        if self.admin_idle.isActive():
            self.admin_idle.start()  # restart the countdown

    def refresh_admin(self) -> None:
        if self.admin is None:
            return
        from kiosk.viewmodels.staff import admin_status

        background = getattr(self.window, "background_sync", None)  # None: no network source
        self.admin.show_status(
            admin_status(
                self.store,
                self.store_path,
                str(self.config.get("opening_hours")),
                self.usage,
                sync=background.state() if background is not None else None,
            )
        )

    # --- staff actions ----------------------------------------------------------------------

    def admin_action(self, name: str, value: object) -> None:
        log.info("admin: %s%s", name, "" if value is None else f" = {value}")
        if name == "close":
            self.close_admin()
        elif name == "sync":
            self.sync_now()
        elif name == "reload":
            self.reload_content()
        elif name == "log":
            assert self.admin is not None
            self.admin.show_log(tail(60))
        elif name == "restart":
            self.lockdown.allow_close = True
            self.quit(EXIT_RESTART)
        elif name == "exit":
            self.lockdown.allow_close = True
            self.notifier.stopping()
            self.quit(0)
        elif name == "hours":
            self.set_hours(str(value))
        elif name in ("text_size", "theme", "lang"):
            self.set_default(name, value)

    def set_hours(self, text: str) -> None:
        save_default("opening_hours", text)
        self.config = self.config.with_overrides(opening_hours=text)
        self.hours = self._parse_hours(text)
        self.refresh_admin()
        if self.admin is not None:
            self.admin.show_message(_("Opening hours saved."))

    def set_default(self, name: str, value: object) -> None:
        save_default(name, value)
        self.config = self.config.with_overrides(**{name: value})
        window = self.window
        # The next visitor starts from the new default too (VisitorSession.defaults).
        window.visitor.defaults = replace(window.visitor.defaults, **{name: value})
        if name == "text_size":
            window.set_appearance(window.theme.name, int(str(value)))
            self.counts.text_size_is_default()  # staff set it: no visitor chose it
        elif name == "theme":
            window.set_appearance(str(value), window.visitor.prefs.text_size)
        elif name == "lang":
            set_language(str(value))
            if self.admin is not None:  # rebuilt so its own labels change language too
                self.admin.deleteLater()
                self.admin = None
            self.open_admin()
        window.refresh()
        if self.admin is not None:
            self.admin.show_message(_("Saved as the default."))

    # --- opening hours and maintenance --------------------------------------------------

    def _parse_hours(self, text: str) -> OpeningHours:
        try:
            return OpeningHours.parse(text)
        except ScheduleError as exc:  # checked at start; a bad value here keeps it open
            log.error("opening hours ignored: %s", exc)
            return OpeningHours.parse("")

    def check_schedule(self) -> None:
        now = self.clock()
        if self.hours.is_open(now):
            if self._closed is not None and self._closed.isVisible():
                log.info("opening hours: open")
                self._closed.hide()
                self.window.visitor.set_closed(False)
        elif not self.closed.isVisible():
            log.info("opening hours: closed")
            self.window.visitor.set_closed(True)  # the last visitor forgotten: home, defaults
            opening = self.hours.next_opening(now)
            lang = current_language()
            when = (
                f"{format_short_day(opening, lang)} {format_clock(opening, lang)}"
                if opening
                else ""
            )
            # Closing right after a theme or size change: restyled before it is filled (its
            # fonts lay it out), as the window does with its screens.
            self.window.staged_style.ensure(self.closed)
            self.closed.show_closed(self.config.get("closed_screen") == "blank", when)
            self._cover(self.closed)
            for overlay in (self.pinpad, self.admin):  # staff stay on top if they are in
                if overlay is not None and overlay.isVisible():
                    overlay.raise_()
        if self.maintenance.due():
            self.run_maintenance()

    def run_maintenance(self) -> None:
        self.maintenance.mark_done()
        log.info("maintenance: start")

        def finish() -> None:
            self.report_navigation()
            recovery.vacuum(self.store_path)
            rotate_logs()
            log.info("maintenance: done")
            if bool(self.config.get("maintenance_restart")):
                log.info("maintenance: restart")
                self.lockdown.allow_close = True
                self.quit(EXIT_RESTART)

        # Never under a reload or sync the staff started: the vacuum and the restart wait.
        self._after_current_work(lambda: self.sync_now(after=finish) or finish())

    # --- usage counts (kiosk/ui/usage_counts.py) ---------------------------------------------

    def _count(self, kind: str, detail: str = "") -> None:
        self.counts.count(kind, detail)

    def report_navigation(self) -> None:
        self.counts.report(log)
