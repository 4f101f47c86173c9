"""Issue 20: the staff menu asks before Exit and Restart (big Yes/No, No the default; No
leaves everything as it was), and shows its log and clock in the kiosk's zone (JST), not in
the machine's (UTC here)."""

from __future__ import annotations

import logging
import os
import time
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kiosk.ops.logs import OneLine, in_kiosk_time
from kiosk.ui.screens.admin import AdminScreen
from kiosk.ui.theme import MIN_TARGET_PX


@pytest.fixture
def admin(qtbot, window):
    actions: list[tuple[str, object]] = []
    screen = AdminScreen(window)
    screen.action.connect(lambda name, value: actions.append((name, value)))
    screen.setGeometry(window.rect())
    screen.show()
    QApplication.processEvents()
    return screen, actions


@pytest.mark.parametrize(
    ("name", "yes"), [("exit", "はい、終わる"), ("restart", "はい、再起動する")]
)
def test_exit_and_restart_ask_first_and_no_changes_nothing(qtbot, admin, name, yes) -> None:
    screen, actions = admin
    qtbot.mouseClick(screen.buttons[name], Qt.MouseButton.LeftButton)
    confirm = screen.confirm
    assert actions == []  # nothing happened yet
    assert confirm.isVisible() and confirm.geometry() == screen.rect()
    assert "か？" in confirm.question.text()
    assert confirm.yes_button.text() == yes and confirm.no_button.text().startswith("いいえ")
    for button in (confirm.yes_button, confirm.no_button):  # big
        assert button.height() >= MIN_TARGET_PX and button.width() >= MIN_TARGET_PX
    assert confirm.no_button.hasFocus()  # the default
    # Space on the default is No
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
    assert not confirm.isVisible() and actions == [] and screen.isVisible()
    # asked again: Escape is No
    qtbot.mouseClick(screen.buttons[name], Qt.MouseButton.LeftButton)
    qtbot.keyClick(confirm, Qt.Key.Key_Escape)
    assert not confirm.isVisible() and actions == []
    # asked again: Yes does it
    qtbot.mouseClick(screen.buttons[name], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(confirm.yes_button, Qt.MouseButton.LeftButton)
    assert actions == [(name, None)] and not confirm.isVisible()


def test_other_actions_are_not_asked(qtbot, admin) -> None:
    screen, actions = admin
    qtbot.mouseClick(screen.buttons["sync"], Qt.MouseButton.LeftButton)
    assert actions == [("sync", None)] and not screen.confirm.isVisible()


def test_leaving_the_menu_forgets_the_question(qtbot, admin) -> None:
    screen, actions = admin
    qtbot.mouseClick(screen.buttons["exit"], Qt.MouseButton.LeftButton)
    screen.hide()
    screen.show()
    assert not screen.confirm.isVisible()
    assert actions == []


def test_log_lines_are_written_and_shown_in_jst(qtbot, admin, monkeypatch) -> None:
    monkeypatch.setenv("TZ", "UTC")  # the machine's clock zone is not the kiosk's
    time.tzset()
    try:
        record = logging.LogRecord("kiosk.ops", logging.INFO, "", 0, "admin: sync", None, None)
        record.created = datetime(2026, 12, 2, 1, 15, 3, tzinfo=UTC).timestamp()
        record.msecs = 250
        line = OneLine("%(asctime)s %(levelname)s %(name)s: %(message)s").format(record)
        assert line == "2026-12-02 10:15:03,250+0900 INFO kiosk.ops: admin: sync"
        # an old line (machine-local = UTC, no offset) and a new one
        old = "2026-12-01 23:59:00,001 INFO kiosk.sync: sync ok"
        assert in_kiosk_time([old, line, "plain"]) == [
            "2026-12-02 08:59:00,001 INFO kiosk.sync: sync ok",
            "2026-12-02 10:15:03,250 INFO kiosk.ops: admin: sync",
            "plain",
        ]
        screen, _actions = admin
        screen.show_log([old, line])
        text = screen.log_view.toPlainText()
        assert "JST" in text.splitlines()[0]
        assert "2026-12-02 08:59:00" in text and "23:59" not in text
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
        os.environ.pop("TZ", None)


def test_clock_shows_jst(qtbot, admin) -> None:
    screen, _actions = admin
    screen.now = lambda: datetime(2026, 12, 2, 1, 15, tzinfo=UTC)
    screen.show_clock()
    assert screen.clock.text() == "いまの日本時間: 12/02 10:15"
    assert screen.clock.isVisible()
