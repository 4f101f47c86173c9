"""The staff PIN pad: big digits, dots for what was typed, plain messages about waiting."""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.i18n import gettext as _
from kiosk.ops.pin import MAX_DIGITS, PinGuard, Verdict
from kiosk.ui.widgets.buttons import BigButton

# Presses in the first moments after the pad appears belong to the gesture that opened it
# (a touch screen's late or doubled events), not to the pad: they are ignored.
SETTLE_SECONDS = 0.4
TAP_EVENTS = (
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseButtonRelease,
    QEvent.Type.MouseButtonDblClick,
    QEvent.Type.TouchBegin,
    QEvent.Type.TouchEnd,
)


class PinPad(QWidget):
    accepted = Signal()
    cancelled = Signal()
    screen_name = "pinpad"

    def __init__(self, guard: PinGuard, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pinpad")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.guard = guard
        self.entered = ""
        self.title = QLabel(_("Staff menu: enter the PIN"))
        self.title.setProperty("role", "title")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.dots = QLabel()
        self.dots.setObjectName("pin-dots")
        self.dots.setProperty("role", "title")
        self.dots.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message = QLabel()
        self.message.setObjectName("pin-message")
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.keys: dict[str, BigButton] = {}
        grid = QGridLayout()
        grid.setSpacing(16)
        labels = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "⌫", "0", "OK"]
        for index, label in enumerate(labels):
            button = BigButton(label, name=f"pin-{label}")
            button.setMinimumSize(140, 90)
            grid.addWidget(button, index // 3, index % 3)
            self.keys[label] = button
            if label.isdigit():
                button.clicked.connect(lambda _=False, d=label: self.press(d))
        self.keys["⌫"].set_text("⌫", _("Delete"))
        self.keys["OK"].set_text(_("OK"))
        self.keys["⌫"].clicked.connect(self.delete)
        self.keys["OK"].clicked.connect(self.submit)
        self.cancel = BigButton(_("Cancel"), name="pin-cancel")
        self.cancel.clicked.connect(self.cancelled.emit)
        self.shown_at = 0.0
        self.ignored_taps = 0
        for button in (*self.keys.values(), self.cancel):
            button.installEventFilter(self)
        column = QVBoxLayout()
        column.setSpacing(12)
        column.addStretch(1)
        column.addWidget(self.title)
        column.addWidget(self.dots)
        column.addWidget(self.message)
        column.addLayout(grid)
        column.addWidget(self.cancel)
        column.addStretch(1)
        row = QHBoxLayout(self)
        row.addStretch(1)
        row.addLayout(column, 2)
        row.addStretch(1)
        # While waiting after wrong PINs, count down once a second so staff see why.
        self.wait_timer = QTimer(self)
        self.wait_timer.setInterval(1000)
        self.wait_timer.timeout.connect(self.refresh)
        self.reset()

    def reset(self) -> None:
        self.entered = ""
        self.shown_at = time.monotonic()
        self.refresh()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() in TAP_EVENTS and time.monotonic() - self.shown_at < SETTLE_SECONDS:
            self.ignored_taps += 1
            event.accept()
            return True  # the tap that opened the pad (or its echo): never Cancel or a digit
        return False

    def press(self, digit: str) -> None:
        if self.guard.status().wait_seconds == 0 and len(self.entered) < MAX_DIGITS:
            self.entered += digit
        self._show_dots()

    def delete(self) -> None:
        self.entered = self.entered[:-1]
        self._show_dots()

    def submit(self) -> None:
        verdict = self.guard.attempt(self.entered)
        self.entered = ""
        self._show_dots()
        if verdict.ok:
            self.message.setText("")
            self.accepted.emit()
            return
        self._show_verdict(verdict, wrong=True)

    def refresh(self) -> None:
        self._show_dots()
        verdict = self.guard.status()
        self._show_verdict(verdict, wrong=False)

    def _show_dots(self) -> None:
        self.dots.setText("●" * len(self.entered) or "　")

    def _show_verdict(self, verdict: Verdict, wrong: bool) -> None:
        waiting = verdict.wait_seconds > 0
        for key, button in self.keys.items():
            button.setEnabled((not waiting and not verdict.no_pin) or key == "⌫")
        if waiting:
            self.wait_timer.start()
        else:
            self.wait_timer.stop()
        if verdict.no_pin:
            text = _("No PIN is set. Set one with: kiosk set-pin")
        elif verdict.locked:
            minutes = -(-verdict.wait_seconds // 60)
            text = _("Too many wrong PINs. Locked for {n} min.").format(n=minutes)
        elif waiting:
            text = _("Wrong PIN. Try again in {n} s.").format(n=verdict.wait_seconds)
        elif wrong:
            text = _("Wrong PIN. {n} tries left.").format(n=verdict.tries_left)
        else:
            text = ""
        self.message.setText(text)

    def is_locked(self) -> bool:
        return self.guard.status().locked
