"""Issue 16 (serious #3): the staff gesture's last tap never lands on the PIN pad (its Cancel)
nor on the control under it; the pad appears only after that tap is released."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, Qt

from kiosk.config import Config, demo_sources
from kiosk.content.model import Category
from kiosk.ops.pin import PinGuard, hash_pin
from kiosk.ui.screens.pinpad import SETTLE_SECONDS
from kiosk.ui.staff import Operations

DEMO = Config(None, {}, demo_sources(), demo=True)


@pytest.fixture
def ops(qtbot, window) -> Iterator[Operations]:  # noqa: ANN001
    attached = Operations(
        window, DEMO, window.vms.store, windowed=False, guard=PinGuard(hash_pin("3917"))
    )
    window.show()
    qtbot.waitExposed(window)
    yield attached
    attached.detach()


def first_three_corners(qtbot, window) -> None:  # noqa: ANN001
    w, h = window.width(), window.height()
    for point in (QPoint(5, 5), QPoint(w - 5, 5), QPoint(w - 5, h - 5)):
        qtbot.mouseClick(window, Qt.MouseButton.LeftButton, pos=point)


def test_last_tap_reaches_neither_the_control_under_it_nor_the_pad(qtbot, window, ops) -> None:  # noqa: ANN001
    window.open_category(Category.HEALTH)
    history = (window.current, window.navigation.depth)
    back = window.back_button
    # the last corner tap lands on the Back button (bottom left, inside the corner zone)
    corner = back.mapTo(window, QPoint(10, back.height() - 10))
    assert corner.x() < 100 and corner.y() > window.height() - 100
    first_three_corners(qtbot, window)
    qtbot.mousePress(window, Qt.MouseButton.LeftButton, pos=corner)
    assert ops.lockdown.gesture_pending
    assert ops.pinpad is None or not ops.pinpad.isVisible()  # not while the finger is down
    qtbot.mouseRelease(window, Qt.MouseButton.LeftButton, pos=corner)
    qtbot.waitUntil(lambda: ops.pinpad is not None and ops.pinpad.isVisible(), timeout=2000)
    qtbot.wait(50)
    assert ops.pinpad.isVisible()  # not cancelled by the release
    assert (
        window.current,
        window.navigation.depth,
    ) == history  # and Back was not pressed by the gesture


def test_pad_ignores_the_in_flight_tap_then_works(qtbot, window, ops) -> None:  # noqa: ANN001
    first_three_corners(qtbot, window)
    h = window.height()
    qtbot.mouseClick(window, Qt.MouseButton.LeftButton, pos=QPoint(5, h - 5))
    qtbot.waitUntil(lambda: ops.pinpad is not None and ops.pinpad.isVisible(), timeout=2000)
    pad = ops.pinpad
    # a doubled or late event of the same tap, even right on Cancel: ignored
    qtbot.mouseClick(pad.cancel, Qt.MouseButton.LeftButton)
    assert pad.isVisible() and pad.ignored_taps >= 1
    qtbot.waitUntil(lambda: time.monotonic() - pad.shown_at > SETTLE_SECONDS)
    qtbot.mouseClick(pad.cancel, Qt.MouseButton.LeftButton)  # a real, later tap on Cancel
    assert not pad.isVisible()


def test_a_lost_release_still_opens_the_pad(qtbot, window, ops) -> None:  # noqa: ANN001
    first_three_corners(qtbot, window)
    qtbot.mousePress(window, Qt.MouseButton.LeftButton, pos=QPoint(5, window.height() - 5))
    qtbot.waitUntil(lambda: ops.pinpad is not None and ops.pinpad.isVisible(), timeout=3000)
    assert not ops.lockdown.gesture_pending
