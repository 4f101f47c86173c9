"""Issue 20: the touch that wakes the attract screen only wakes it; it never also opens the
tile that lies underneath (mouse, touch, and the mouse Qt synthesizes from an unhandled touch)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from kiosk.ui.a11y.prefs import IdleTimes
from kiosk.ui.app import navigate_to


@pytest.fixture
def attract(qtbot, window):
    navigate_to(window, "home")
    # as in the kiosk: the idle clock watches every input and shows the attract screen
    window.visitor.set_idle_times(IdleTimes(idle_ms=60_000, attract_ms=120_000, warning_s=20))
    window.visitor.idle._start_attract()
    QApplication.processEvents()
    screen = window.visitor.attract_screen
    assert screen.isVisible()
    tile = next(iter(window.home.tiles.values()))
    where = tile.mapTo(window, tile.rect().center())
    # the attract screen covers the tile there: a touch at that point is a touch on it
    assert window.childAt(where) is not tile and screen.geometry().contains(where)
    opened: list[object] = []
    window.home.category_chosen.connect(opened.append)
    window.home.practice_chosen.connect(lambda: opened.append("practice"))
    yield window, screen, where, opened
    window.visitor.set_idle_times(None)


def _settle(qtbot) -> None:
    for _ in range(5):
        QApplication.processEvents()
        qtbot.wait(20)


def test_mouse_press_and_release_only_wake(qtbot, attract) -> None:
    window, screen, where, opened = attract
    QTest.mousePress(window.windowHandle(), Qt.MouseButton.LeftButton, pos=where)
    QTest.mouseRelease(window.windowHandle(), Qt.MouseButton.LeftButton, pos=where)
    _settle(qtbot)
    assert not screen.isVisible()
    assert window.current.screen == "home"
    assert opened == []


def test_a_double_tap_only_wakes(qtbot, attract) -> None:
    window, screen, where, opened = attract
    QTest.mouseDClick(window.windowHandle(), Qt.MouseButton.LeftButton, pos=where)
    _settle(qtbot)
    assert not screen.isVisible()
    assert opened == []


def test_touch_only_wakes(qtbot, attract) -> None:
    """A finger: Qt sends touch events and, as no tile takes touch, synthesizes the mouse
    press and release from it."""
    window, screen, where, opened = attract
    device = QTest.createTouchDevice()
    QTest.touchEvent(window.windowHandle(), device).press(0, where).commit()
    QTest.touchEvent(window.windowHandle(), device).move(0, where + QPoint(2, 1)).commit()
    QTest.touchEvent(window.windowHandle(), device).release(0, where + QPoint(2, 1)).commit()
    _settle(qtbot)
    assert not screen.isVisible()
    assert opened == []


def test_the_next_touch_works_again(qtbot, attract) -> None:
    window, _screen, where, opened = attract
    QTest.mouseClick(window.windowHandle(), Qt.MouseButton.LeftButton, pos=where)
    _settle(qtbot)
    assert opened == []
    qtbot.wait(450)  # the tremor guard's 400 ms between two presses
    QTest.mouseClick(window.windowHandle(), Qt.MouseButton.LeftButton, pos=where)
    _settle(qtbot)
    assert len(opened) == 1  # the visitor's first real touch opens the tile


def test_a_key_only_wakes(qtbot, attract) -> None:
    window, screen, _where, opened = attract
    tile = next(iter(window.home.tiles.values()))
    tile.setFocus()
    QTest.keyClick(window.windowHandle(), Qt.Key.Key_Space)
    _settle(qtbot)
    assert not screen.isVisible()
    assert opened == []


def test_hidden_otherwise_the_guard_lets_go(qtbot, attract) -> None:
    """Put away by something else (a reset, the staff): the next touch is a normal touch."""
    window, screen, where, opened = attract
    screen.hide()
    _settle(qtbot)
    assert screen.wake_guard.state == "off"
    QTest.mouseClick(window.windowHandle(), Qt.MouseButton.LeftButton, pos=where)
    _settle(qtbot)
    assert len(opened) == 1
