"""Every application-wide event filter answers the events that are not input without asking
their type (kiosk/ui/input_events.py): a text-size change sends thousands of polish, style and
layout events through each of them, and ``event.type()`` builds a Python enum member each time.
Input still reaches them: the lockdown still swallows Escape and refuses to close."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QObject, QPointF, Qt
from PySide6.QtGui import QCloseEvent, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QApplication, QPushButton, QWidget

from kiosk.ui.a11y.idle import IdleWatcher
from kiosk.ui.a11y.scanning import Scanner
from kiosk.ui.a11y.touch import TouchGuard
from kiosk.ui.idle_prepare import IdlePreparer
from kiosk.ui.lockdown import LockdownFilter
from kiosk.ui.screens.attract import WakeGuard

NOT_INPUT = (
    QEvent.Type.Polish,
    QEvent.Type.StyleChange,
    QEvent.Type.FontChange,
    QEvent.Type.LayoutRequest,
    QEvent.Type.UpdateRequest,
    QEvent.Type.ChildAdded,
)


class CountingEvent(QEvent):
    """An ordinary non-input event that counts how often its type is asked for."""

    asked = 0

    def type(self) -> QEvent.Type:  # noqa: A003 - QEvent's own name
        CountingEvent.asked += 1
        return super().type()


def _filters(window: QWidget) -> dict[str, QObject]:
    wake = WakeGuard(window)
    wake.state = "armed"  # as while the attract screen shows
    return {
        "touch guard": TouchGuard(window),
        "idle clock": IdleWatcher(60_000, 120_000, parent=window),
        "lockdown": LockdownFilter(window, locked=True, on_gesture=lambda: None),
        "scanning": Scanner(window),
        "screens made ahead": IdlePreparer([], parent=window),
        "attract wake guard": wake,
    }


@pytest.mark.parametrize("kind", NOT_INPUT, ids=lambda kind: kind.name)
def test_application_filters_do_not_ask_the_type_of_events_that_are_not_input(qtbot, kind) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    button = QPushButton("x", window)
    filters = _filters(window)
    try:
        for name, event_filter in filters.items():
            CountingEvent.asked = 0
            event = CountingEvent(kind)
            assert event_filter.eventFilter(button, event) is False, name
            assert CountingEvent.asked == 0, f"{name} asked a {kind.name} event for its type"
    finally:  # the idle clock and the preparer watch the whole application: not past this test
        for event_filter in filters.values():
            QApplication.instance().removeEventFilter(event_filter)
            stop = getattr(event_filter, "stop", None)
            if stop is not None:
                stop()


def test_the_lockdown_still_swallows_escape_and_refuses_to_close(qapp) -> None:
    window = QWidget()
    lockdown = LockdownFilter(window, locked=True, on_gesture=lambda: None)
    escape = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier)
    assert lockdown.eventFilter(window, escape) is True
    assert lockdown.swallowed == 1
    close = QCloseEvent()
    assert lockdown.eventFilter(window, close) is True
    assert not close.isAccepted()
    other = QCloseEvent()  # another window closing (a dialog) is not the kiosk's business
    assert lockdown.eventFilter(QWidget(), other) is False
    lockdown.allow_close = True  # staff chose "quit"
    assert lockdown.eventFilter(window, QCloseEvent()) is False
    unlocked = LockdownFilter(QWidget(), locked=False, on_gesture=lambda: None)
    assert unlocked.eventFilter(unlocked.window, QCloseEvent()) is False


def test_the_touch_guard_still_swallows_a_second_press_at_once(qapp) -> None:
    window = QWidget()
    button = QPushButton("x", window)
    guard = TouchGuard(window)

    def press() -> QMouseEvent:
        return QMouseEvent(
            QEvent.Type.MouseButtonPress,
            QPointF(5, 5),
            QPointF(5, 5),
            Qt.MouseButton.LeftButton,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )

    assert guard.eventFilter(button, press()) is False
    assert guard.eventFilter(button, press()) is True  # a tremor's second tap
    assert guard.swallowed == 1
