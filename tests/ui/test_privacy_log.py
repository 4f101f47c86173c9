"""Issue 16 (privacy): the log keeps no timestamp per screen change, and an idle reset is not a
visitor's "text size 1" (or language) choice in the usage counts."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import replace

import pytest
from PySide6.QtCore import Qt

from kiosk.config import Config, demo_sources
from kiosk.content.model import Category
from kiosk.ops.pin import PinGuard
from kiosk.ops.usage import UsageLog
from kiosk.ui.staff import Operations

DEMO = Config(None, {}, demo_sources(), demo=True)


@pytest.fixture
def ops(qtbot, window, tmp_path) -> Iterator[Operations]:  # noqa: ANN001
    usage = UsageLog(tmp_path / "usage.sqlite3")
    attached = Operations(
        window, DEMO, window.vms.store, windowed=True, usage=usage, guard=PinGuard(None)
    )
    yield attached
    attached.detach()
    usage.close()


def test_navigation_is_logged_only_as_counts(qtbot, window, ops, caplog) -> None:  # noqa: ANN001
    caplog.set_level(logging.DEBUG)
    window.open_category(Category.HEALTH)
    row = window.category.visible_rows()[0]
    key = str(row.property("key"))
    qtbot.mouseClick(row, Qt.MouseButton.LeftButton)
    window.go_back()
    window.go_home()
    lines = [r.getMessage() for r in caplog.records]
    assert not any("screen shown" in line for line in lines), lines
    assert not any(key in line or "health" in line for line in lines), lines
    caplog.clear()
    ops.run_maintenance()  # the daily report: counts, one line, no item or category named
    qtbot.waitUntil(lambda: not ops.sync_worker.busy, timeout=30_000)
    reports = [r.getMessage() for r in caplog.records if "navigation" in r.getMessage()]
    assert reports == ["navigation since the last report: 4 (category 2, home 1, page 1)"]


def test_idle_reset_is_not_counted_as_a_text_size_choice(qtbot, window, ops) -> None:  # noqa: ANN001
    assert ops.usage is not None
    window.visitor.apply_preferences(
        replace(window.visitor.prefs, text_size=3)
    )  # a visitor's real choice
    window.open_category(Category.HEALTH)
    window.visitor.reset_for_next_visitor()  # idle: defaults (text size 1, Japanese) come back
    window.open_category(Category.NOTICES)
    totals = ops.usage.totals()
    assert totals.get(("text_size", "3")) == 1
    assert ("text_size", "1") not in totals, totals
    assert not any(kind == "language" for kind, _detail in totals), totals


def test_idle_reset_after_a_language_choice_counts_only_the_choice(qtbot, window, ops) -> None:  # noqa: ANN001
    assert ops.usage is not None
    window.visitor.set_language_live("en")
    window.visitor.reset_for_next_visitor()  # back to Japanese: nobody chose that
    totals = ops.usage.totals()
    assert totals == {("language", "en"): 1}, totals


def test_listening_leaves_no_line_in_the_log(qtbot, window, caplog) -> None:  # noqa: ANN001
    # When a visitor pressed 読み上げ is theirs: at INFO the log kept "read-aloud: starting" /
    # "idle" with a timestamp each time.
    caplog.set_level(logging.INFO)
    controller = window.read_aloud.controller
    controller.speak("本日は晴れです。", "ja", owner=window.home)
    controller.stop()
    lines = [r.getMessage() for r in caplog.records if r.levelno >= logging.INFO]
    assert not any("read-aloud" in line for line in lines), lines
