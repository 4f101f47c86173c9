"""Overlays over the whole window: the idle warning and the attract screen.

Neither ever shows anything a visitor did: the attract screen is only built after the reset,
from the store (the most important notice in force).
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QWindow
from PySide6.QtWidgets import QApplication, QFrame, QVBoxLayout, QWidget

from kiosk.i18n import current_language, gettext
from kiosk.i18n import gettext as _
from kiosk.ui.input_events import is_input
from kiosk.ui.widgets.buttons import BigButton
from kiosk.ui.widgets.ruby import RubyLabel


class Overlay(QFrame):
    """Covers its parent completely and follows its size."""

    def __init__(self, parent: QWidget, name: str) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setAutoFillBackground(True)
        self.hide()
        parent.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:  # noqa: ANN001, N802 - Qt override
        from PySide6.QtCore import QEvent

        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize:
            self.setGeometry(self.parentWidget().rect())
        return False

    def popup(self) -> None:
        self.setGeometry(self.parentWidget().rect())
        self.raise_()
        self.show()


class IdleWarning(Overlay):
    continue_chosen = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, "idle-warning")
        self.question = RubyLabel()
        self.question.setProperty("role", "title")
        self.question.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.countdown = RubyLabel()
        self.countdown.setProperty("role", "big")
        self.countdown.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.continue_button = BigButton(name="idle-continue")
        self.continue_button.setProperty("role", "huge")
        self.continue_button.clicked.connect(self.continue_chosen.emit)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(64, 48, 64, 48)
        layout.setSpacing(48)
        layout.addStretch(1)
        layout.addWidget(self.question)
        layout.addWidget(self.countdown)
        layout.addWidget(self.continue_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(1)
        self.seconds = 0

    def show_countdown(self, seconds: int) -> None:
        self.seconds = seconds
        self.question.setText(_("Are you still using the kiosk?"))
        self.countdown.setText(
            _("In {n} seconds the screen goes back to the start.").format(n=seconds)
        )
        # Always Japanese plus the current language (or English): whoever stands there.
        other = _("Continue") if current_language() != "ja" else "Continue"
        self.continue_button.set_text(f"{gettext('Continue', 'ja')} / {other}")
        self.setAccessibleName(self.question.text())

    def popup(self) -> None:
        super().popup()
        self.continue_button.setFocus()


_WAKING = frozenset(
    {
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.TouchBegin,
        QEvent.Type.KeyPress,
    }
)
_ENDING = frozenset(
    {
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.TouchEnd,
        QEvent.Type.TouchCancel,
        QEvent.Type.KeyRelease,
    }
)
_INPUT = (
    _WAKING
    | _ENDING
    | {
        QEvent.Type.MouseMove,
        QEvent.Type.TouchUpdate,
        QEvent.Type.Wheel,
        QEvent.Type.ShortcutOverride,
    }
)
SETTLE_S = 0.4  # a second tap this soon after the waking one is the same gesture (tremor)


class WakeGuard(QObject):
    """Application event filter while the attract screen shows: the first touch, click or key
    only wakes the kiosk and is consumed whole — press, moves, release, the mouse events Qt
    synthesizes from an unhandled touch, and a second tap within ``SETTLE_S`` — so nothing
    under the attract screen (a home tile) ever sees it.

    It works on the window's events before any widget, whatever hides the attract screen
    first (the idle clock's own filter hides it on the same press): it decides by its own
    state, never by the screen's visibility.
    """

    woken = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.state = "off"  # off | armed | waking | settling
        self._settled_at = 0.0

    def arm(self) -> None:
        app = QApplication.instance()
        if app is None:
            return
        app.removeEventFilter(self)
        app.installEventFilter(self)  # the last one installed sees events first
        self.state = "armed"

    def disarm(self) -> None:
        """Off, unless a waking gesture is still under way (it ends itself)."""
        if self.state == "armed":
            self._off()

    def _off(self) -> None:
        self.state = "off"
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if self.state == "off" or not is_input(event):
            return False
        kind = event.type()
        if kind not in _INPUT or not event.spontaneous():
            return False
        if not self._in_my_window(watched):
            return False
        if self.state == "settling" and time.monotonic() > self._settled_at:
            self._off()
            return False
        if self.state == "armed":
            if kind not in _WAKING:
                return False  # a mouse merely moving over the screen wakes nothing
            self.state = "waking"
            self.woken.emit()
        elif self.state == "waking" and kind in _ENDING:
            self.state = "settling"
            self._settled_at = time.monotonic() + SETTLE_S
            QTimer.singleShot(int(SETTLE_S * 1000) + 50, self._settle_done)
        event.accept()
        return True

    def _in_my_window(self, watched: QObject) -> bool:
        """Only the kiosk window the attract screen covers (not a staff dialog, not a
        second window)."""
        owner = self.parent()
        if not isinstance(owner, QWidget):
            return False
        host = owner.window()
        if isinstance(watched, QWidget):
            return watched.window() is host
        if isinstance(watched, QWindow):
            return watched is host.windowHandle()
        return False

    def _settle_done(self) -> None:
        if self.state == "settling":
            self._off()


class AttractScreen(Overlay):
    started = Signal()

    def __init__(self, parent: QWidget) -> None:
        self.wake_guard = WakeGuard()  # before the base class hides us (hideEvent)
        super().__init__(parent, "attract")
        self.wake_guard.setParent(self)
        self.wake_guard.woken.connect(self.started.emit)
        self.place = RubyLabel()
        self.place.setProperty("role", "title")
        self.place.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.start_button = BigButton(name="attract-start")
        self.start_button.setProperty("role", "huge")
        self.start_button.clicked.connect(self.started.emit)
        self.notice = RubyLabel()
        self.notice.setObjectName("attract-notice")
        self.notice.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(64, 48, 64, 48)
        layout.setSpacing(48)
        layout.addWidget(self.place)
        layout.addStretch(1)
        layout.addWidget(self.start_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(1)
        layout.addWidget(self.notice)

    def popup(self) -> None:
        super().popup()
        self.wake_guard.arm()

    def hideEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt override
        # Later, not now: the press that hides us may still be on its way through the
        # filters, and it must be consumed. (With ``self`` as context: a screen deleted
        # meanwhile, as at the window's close, cancels the call.)
        QTimer.singleShot(0, self, self._disarm_if_hidden)
        super().hideEvent(event)

    def _disarm_if_hidden(self) -> None:
        if not self.isVisible():
            self.wake_guard.disarm()

    def show_notice(self, place: str, notice: str) -> None:
        self.place.setText(place)
        # Always both languages: we do not know who walks up next.
        self.start_button.set_text(
            "さわってください\nTouch to start", "さわってください Touch to start"
        )
        self.notice.setText(notice)
        self.notice.setVisible(bool(notice))

    def mousePressEvent(self, event) -> None:  # noqa: ANN001, N802 - anywhere starts
        # Only reached without the guard (a synthetic event): it still starts.
        self.started.emit()
