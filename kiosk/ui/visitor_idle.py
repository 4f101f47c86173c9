"""The visitor session's idle side: the idle clock, its warning and attract screen, and what
comes before them (an alert that takes over, a kiosk closed for the night, a reading aloud).

A part of ``VisitorSession`` (kiosk/ui/visitor.py), kept here so each file has one job.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kiosk.ui.a11y.idle import IdleWatcher
from kiosk.ui.a11y.prefs import IdleTimes

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from kiosk.ui.a11y.prefs import Preferences
    from kiosk.ui.a11y.scanning import Scanner
    from kiosk.ui.screens.attract import AttractScreen, IdleWarning
    from kiosk.ui.visitor import VisitorHost


class VisitorIdle:
    """Mixed into VisitorSession, which owns these attributes and the screens."""

    if TYPE_CHECKING:
        idle: IdleWatcher | None
        scanner: Scanner
        widget: QWidget
        window: VisitorHost
        closed: bool
        defaults: Preferences
        _idle_warning: IdleWarning | None
        _attract: AttractScreen | None

        @property
        def idle_warning(self) -> IdleWarning: ...
        @property
        def attract_screen(self) -> AttractScreen: ...
        def reset_for_next_visitor(self) -> None: ...
        def _restyled(self, overlay): ...  # noqa: ANN001, ANN202

    def set_idle_times(self, idle: IdleTimes | None) -> None:
        if self.idle is not None:
            self.scanner.pressed.disconnect(self.idle.restart)
            self.idle.stop()
            self.idle.deleteLater()
            self.idle = None
        if idle is None:
            return
        self.idle = IdleWatcher(
            idle.idle_ms, idle.attract_ms, idle.warning_s, self.widget, tick_ms=idle.tick_ms
        )
        self.idle.warn.connect(self.show_idle_warning)
        self.idle.tick.connect(self._count_down)
        self.idle.reset.connect(self.reset_for_next_visitor)
        self.idle.attract.connect(self.show_attract)
        self.idle.activity.connect(self._continue_after_warning)
        self.scanner.pressed.connect(self.idle.restart)
        read_aloud = getattr(self.window, "read_aloud", None)
        if read_aloud is not None:  # a new clock while the kiosk reads: held from the start
            self.idle.hold(read_aloud.controller.state in ("starting", "reading"))

    def _count_down(self, seconds: int) -> None:
        if self._idle_warning is not None:
            self._idle_warning.show_countdown(seconds)

    def set_closed(self, closed: bool) -> None:
        """Outside opening hours the closed screen is all there is: closing forgets the last
        visitor at once (their language and text size too), and no idle warning or attract
        screen comes up over the closed screen all night."""
        if closed == self.closed:
            return
        self.closed = closed
        if closed:
            self.reset_for_next_visitor()
            if self._attract is not None:
                self._attract.hide()
        elif self.idle is not None:
            self.idle.restart()

    def show_idle_warning(self, seconds: int) -> None:
        if self.closed:
            return
        self._restyled(self.idle_warning).show_countdown(seconds)
        self.idle_warning.popup()

    def on_speech_state(self, state: str) -> None:
        """A visitor listening to a page does not touch the screen: while the kiosk reads
        aloud the idle clock waits, and it starts again when the reading ends."""
        if self.idle is not None:
            self.idle.hold(state in ("starting", "reading"))

    def make_way_for_alert(self) -> None:
        """An alert that takes over the screen comes before the idle warning and the attract
        screen: both go, and the idle clock starts again from the alert."""
        if self._idle_warning is not None:
            self._idle_warning.hide()
        if self._attract is not None:
            self._attract.hide()
        if self.idle is not None and self.idle.state != "active":
            self.idle.restart()

    def _continue_after_warning(self) -> None:
        if self.idle is not None and self.idle.state != "active":
            self.idle.restart()
        if self._idle_warning is not None:
            self._idle_warning.hide()
        if self._attract is not None and self._attract.isVisible():
            self._leave_attract()

    def show_attract(self) -> None:
        if self.closed:
            return
        if self.window.current.screen == "alert" and self.window.show_takeover_in_force():
            return  # a warning in force stays in view; the attract screen would hide it
        lang = self.defaults.lang
        self._restyled(self.attract_screen).show_notice(
            self.window.place_name(), self.window.vms.attract_notice(lang)
        )
        self.attract_screen.popup()

    def _leave_attract(self) -> None:
        if self._attract is not None:
            self._attract.hide()
        if self.idle is not None and self.idle.state != "active":
            self.idle.restart()
        self.window.go_home()
