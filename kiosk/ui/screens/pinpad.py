"""The staff PIN pad: big digits, dots for what was typed, plain messages about waiting."""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QSpacerItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.i18n import gettext as _
from kiosk.ops.pin import MAX_DIGITS, PinGuard, Verdict
from kiosk.ui.a11y.touch import RAPID_ENTRY, SPACING_MM, TARGET_MM, mm_to_px, screen_dpi
from kiosk.ui.theme import MIN_TARGET_PX
from kiosk.ui.widgets.buttons import BigButton
from kiosk.ui.widgets.phrasing import set_phrased_text

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
KEY_WIDTH_PX = 140
KEY_HEIGHT_PX = 90
COLUMN_SPACING_PX = 12
LEFT_MAX_PX = 720


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
        self.title = QLabel()
        set_phrased_text(self.title, _("Staff menu: enter the PIN"))  # wraps between phrases
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
        # Keys ≥8 mm apart on this screen (a finger with tremor must not hit the neighbour);
        # set from the screen's DPI each time the pad opens (apply_touch_spacing).
        self.grid = grid = QGridLayout()
        labels = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "⌫", "0", "OK"]
        for index, label in enumerate(labels):
            button = BigButton(label, name=f"pin-{label}")
            button.setMinimumSize(KEY_WIDTH_PX, KEY_HEIGHT_PX)
            grid.addWidget(button, index // 3, index % 3)
            self.keys[label] = button
            if label.isdigit():
                button.clicked.connect(lambda _=False, d=label: self.press(d))
            if label != "OK":
                button.setProperty(RAPID_ENTRY, True)
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
        # Side by side: what the pad says (and Cancel) on the left, the keys on the right.
        # Stacked, the 8 mm gaps did not fit a 1280×800 screen (issue 20).
        self.title.setWordWrap(True)
        self.column = column = QVBoxLayout()
        column.setSpacing(COLUMN_SPACING_PX)
        column.addStretch(1)
        column.addWidget(self.title)
        column.addWidget(self.dots)
        column.addWidget(self.message)
        # Cancel is a target too: as far from the other targets as the keys are apart.
        fixed = QSizePolicy.Policy.Fixed
        self.cancel_gap = QSpacerItem(0, 0, fixed, fixed)
        column.addItem(self.cancel_gap)
        column.addWidget(self.cancel)
        column.addStretch(1)
        keypad = QVBoxLayout()
        keypad.addStretch(1)
        keypad.addLayout(grid)
        keypad.addStretch(1)
        self.keypad_gap = QSpacerItem(0, 0, fixed, fixed)
        row = QHBoxLayout(self)
        row.setContentsMargins(32, 24, 32, 24)
        row.setSpacing(0)
        left = QWidget()
        left.setLayout(column)
        left.setMaximumWidth(LEFT_MAX_PX)  # on a wide screen the pad stays together
        column.setContentsMargins(0, 0, 0, 0)
        row.addStretch(0)
        row.addWidget(left, 1)
        row.addItem(self.keypad_gap)
        row.addLayout(keypad, 0)
        row.addStretch(0)
        self.row = row
        # While waiting after wrong PINs, count down once a second so staff see why.
        self.wait_timer = QTimer(self)
        self.wait_timer.setInterval(1000)
        self.wait_timer.timeout.connect(self.refresh)
        self.reset()

    def reset(self) -> None:
        self.entered = ""
        self.shown_at = time.monotonic()
        self.apply_touch_spacing()
        self.refresh()

    def apply_touch_spacing(self) -> None:
        """Gaps of 8 mm and keys of ≥16 mm at this screen's physical DPI (kiosk.ui.a11y.touch;
        where the DPI is unknown or implausible, its safe default: 36 px gaps, 72 px keys)."""
        dpi = screen_dpi(self.screen())
        self.gap = mm_to_px(SPACING_MM, dpi)
        target = max(MIN_TARGET_PX, mm_to_px(TARGET_MM, dpi))
        self.grid.setSpacing(self.gap)
        for button in self.keys.values():
            button.setMinimumSize(max(KEY_WIDTH_PX, target), max(KEY_HEIGHT_PX, target))
        self.cancel.setMinimumHeight(max(KEY_HEIGHT_PX, target))
        self.cancel_gap.changeSize(
            0,
            max(0, self.gap - COLUMN_SPACING_PX),  # the column adds one spacing
            QSizePolicy.Policy.Fixed,
            QSizePolicy.Policy.Fixed,
        )
        self.keypad_gap.changeSize(
            2 * self.gap, 0, QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed
        )
        self.column.invalidate()
        self.row.invalidate()

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
