"""The first-use screens (settings, how-to, practice) are built ahead while nobody touches the
kiosk (kiosk/ui/idle_prepare.py): one per quiet moment, never while someone is tapping, and
without changing what the screen shows."""

from __future__ import annotations

import time

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from kiosk.ui.idle_prepare import IdlePreparer, prepare_visitor_screens


def _wait(qtbot, seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        qtbot.wait(20)


def test_steps_wait_for_a_quiet_moment_and_run_one_at_a_time(qtbot, window) -> None:
    ran: list[str] = []
    preparer = IdlePreparer(
        [("a", lambda: ran.append("a")), ("b", lambda: ran.append("b"))],
        parent=window,
        quiet_ms=600,
    )
    # Someone keeps tapping: nothing is built meanwhile.
    for _ in range(6):
        QTest.mouseClick(window.home, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
        _wait(qtbot, 0.2)
    assert ran == []
    qtbot.waitUntil(lambda: ran == ["a"], timeout=3000)  # then one step...
    qtbot.waitUntil(lambda: preparer.finished, timeout=3000)  # ...and the next
    assert ran == ["a", "b"] and preparer.done == ["a", "b"]
    assert not preparer._timer.isActive()  # done: no timer, no filter left behind


def test_a_step_that_fails_is_logged_and_the_rest_still_run(qtbot, window, caplog) -> None:
    ran: list[str] = []

    def broken() -> None:
        raise RuntimeError("no fonts")

    preparer = IdlePreparer(
        [("broken", broken), ("b", lambda: ran.append("b"))], parent=window, quiet_ms=50
    )
    qtbot.waitUntil(lambda: preparer.finished, timeout=3000)
    assert ran == ["b"] and preparer.done == ["b"]
    assert "could not prepare the broken screen ahead: no fonts" in caplog.text


def test_the_kiosk_builds_its_first_use_screens_ahead_without_changing_the_glass(
    qtbot, window
) -> None:
    visitor = window.visitor
    assert visitor.screens == {}  # made on first use: not at start
    before = window.grab().toImage()
    preparer = prepare_visitor_screens(window)
    preparer.quiet_s = 0.05
    qtbot.waitUntil(lambda: preparer.finished, timeout=5000)
    assert sorted(visitor.screens) == ["howto", "practice", "settings"]
    built = dict(visitor.screens)
    QApplication.processEvents()
    assert window.current.screen == "home"
    assert window.grab().toImage() == before  # still the home screen, pixel for pixel
    visitor.open("howto")  # opening it builds nothing new
    assert visitor.screens == built and window.current.screen == "howto"


def test_a_drag_or_a_held_finger_is_not_a_quiet_moment(qtbot, window) -> None:
    ran: list[str] = []
    preparer = IdlePreparer([("a", lambda: ran.append("a"))], parent=window, quiet_ms=400)
    target = window.home
    QTest.mousePress(target, Qt.MouseButton.LeftButton, pos=QPoint(10, 10))
    for step in range(10):  # a slow drag: moves only, no new press
        QTest.mouseMove(target, QPoint(10 + step * 5, 10))
        _wait(qtbot, 0.1)
    assert ran == []
    _wait(qtbot, 0.6)  # held still, button still down
    assert ran == []
    QTest.mouseRelease(target, Qt.MouseButton.LeftButton, pos=QPoint(60, 10))
    qtbot.waitUntil(lambda: ran == ["a"], timeout=3000)
    assert preparer.finished


def test_a_closed_window_leaves_no_input_filter_behind(qtbot, window) -> None:
    preparer = IdlePreparer([("a", lambda: None)], parent=window, quiet_ms=60_000)
    window.idle_preparer = preparer
    window.close()
    before = preparer._last_input
    _wait(qtbot, 0.05)
    QTest.keyClick(window.home, Qt.Key.Key_A)
    assert preparer._last_input == before and not preparer._timer.isActive()
