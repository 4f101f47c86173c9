"""After a visitor leaves (idle reset), the kiosk gives freed memory back (issue 17)."""

from __future__ import annotations

import pytest

from kiosk.app import memory
from kiosk.config import Config, demo_sources
from kiosk.content.store import Store
from kiosk.ui import memory_care


@pytest.fixture
def kiosk_window(qtbot, demo_store: Store, monkeypatch: pytest.MonkeyPatch):
    """The window `kiosk run` builds (build_window), on the demo content."""
    from kiosk.ui.app import application, build_window

    monkeypatch.setattr(memory_care, "DELAY_MS", 50)
    application()
    window = build_window(Config(None, {}, demo_sources(), demo=True), demo_store)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    yield window
    from PySide6.QtWidgets import QApplication

    from kiosk.ui.a11y.touch import TouchGuard

    for guard in window.findChildren(TouchGuard):  # app-wide filters: not into later tests
        QApplication.instance().removeEventFilter(guard)
    window.read_aloud.controller.shutdown()


def test_idle_reset_gives_memory_back_a_moment_later(qtbot, kiosk_window, monkeypatch) -> None:
    calls: list[str] = []
    real_give_back = memory.give_back

    def spy() -> bool:
        calls.append("trim")
        return real_give_back()

    monkeypatch.setattr(memory, "give_back", spy)
    care = kiosk_window.memory_care
    qtbot.wait(200)
    assert calls == [] and care.given_back == 0, "nothing given back before a visitor left"
    kiosk_window.visitor.reset_for_next_visitor()
    assert calls == [], "not in the reset itself: the screen repaints in the defaults first"
    qtbot.waitUntil(lambda: care.given_back == 1, timeout=3000)
    assert calls == ["trim"]
    kiosk_window.visitor.reset_for_next_visitor()
    kiosk_window.visitor.reset_for_next_visitor()  # resets close together: one trim after them
    qtbot.waitUntil(lambda: care.given_back == 2, timeout=3000)
    qtbot.wait(200)
    assert calls == ["trim", "trim"]
