"""A keypad alone is enough: Enter presses like Space, arrows move focus like Tab/Shift+Tab."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractButton, QAbstractScrollArea, QApplication

ARROW_KEYS = {
    Qt.Key.Key_Right: True,
    Qt.Key.Key_Down: True,
    Qt.Key.Key_Left: False,
    Qt.Key.Key_Up: False,
}


def handle_key(event: QKeyEvent, move_focus: Callable[[bool], object]) -> bool:
    """Act on ``event`` if it is Enter on a button or an arrow between buttons; True if done.

    ``move_focus(forward)`` moves the focus one control on (the window's focusNextPrevChild).
    """
    focused = QApplication.focusWidget()
    if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and isinstance(
        focused, QAbstractButton
    ):
        focused.click()
        return True
    forward = ARROW_KEYS.get(Qt.Key(event.key()))
    if forward is None or isinstance(focused, QAbstractScrollArea):
        return False
    if focused is not None and not isinstance(focused, QAbstractButton):
        return False
    move_focus(forward)
    return True
