"""Overlays over the whole window: the idle warning and the attract screen.

Neither ever shows anything a visitor did: the attract screen is only built after the reset,
from the store (the most important notice in force).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from kiosk.i18n import current_language, gettext
from kiosk.i18n import gettext as _
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


class AttractScreen(Overlay):
    started = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, "attract")
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

    def show_notice(self, place: str, notice: str) -> None:
        self.place.setText(place)
        # Always both languages: we do not know who walks up next.
        self.start_button.set_text(
            "さわってください\nTouch to start", "さわってください Touch to start"
        )
        self.notice.setText(notice)
        self.notice.setVisible(bool(notice))

    def mousePressEvent(self, event) -> None:  # noqa: ANN001, N802 - anywhere starts
        self.started.emit()
