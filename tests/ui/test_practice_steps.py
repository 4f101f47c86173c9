"""Issue 20: in the practice every step has its own praise (the extra page of the Back step
showed the scroll step's), a step count says how far along one is, and there is a read-aloud
step that speaks through the kiosk's voice."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kiosk.i18n import gettext


def test_each_step_has_its_own_praise_and_a_count(qtbot, window) -> None:
    spoken: list[tuple[str, str, object]] = []
    controller = window.read_aloud.controller
    controller.speak = lambda text, lang, owner=None: spoken.append((text, lang, owner)) or []
    window.visitor.open("practice", "start")
    practice = window.visitor.practice
    seen: list[tuple[str, str, str]] = []  # (step, count, praise) on every screen shown

    def look() -> None:
        QApplication.processEvents()
        count = practice.count.text() if practice.count.isVisible() else ""
        praise = practice.praise.text() if practice.praise.isVisible() else ""
        seen.append((practice.step + ("-away" if practice.away else ""), count, praise))

    look()
    qtbot.mouseClick(practice.target, Qt.MouseButton.LeftButton)
    look()
    qtbot.waitUntil(lambda: practice.scroll.down.isVisible(), timeout=3000)
    qtbot.mouseClick(practice.scroll.down, Qt.MouseButton.LeftButton)
    look()
    qtbot.mouseClick(practice.target, Qt.MouseButton.LeftButton)  # opens the extra page
    look()
    qtbot.mouseClick(window.back_button, Qt.MouseButton.LeftButton)
    look()
    assert practice.read_button.isVisible()
    assert practice.read_button.text() == "▶ 読み上げ"  # the real read-aloud button's words
    qtbot.mouseClick(practice.read_button, Qt.MouseButton.LeftButton)
    look()
    qtbot.mouseClick(practice.sizes[1], Qt.MouseButton.LeftButton)
    look()

    steps = [step for step, _count, _praise in seen]
    assert steps == ["tap", "scroll", "back", "back-away", "read", "size", "done"]
    counts = [count for _step, count, _praise in seen]
    assert counts == [f"れんしゅう {n} / 5" for n in (1, 2, 3, 3, 4, 5)] + [""]
    praises = [praise for _step, _count, praise in seen]
    assert praises[0] == ""  # nothing done yet
    assert all(praises[1:]), praises
    assert len(set(praises[1:])) == len(praises[1:]), praises  # each step its own praise
    assert "文が動きました" in praises[2] and "文が動きました" not in praises[3]
    # the practice text was handed to the voice, in the visitor's language
    assert spoken == [(practice.read_text.text(), "ja", practice)]
    assert "れんしゅう" in spoken[0][0]


def test_count_is_translated(qtbot, window) -> None:
    from kiosk.ui.a11y.prefs import Preferences

    window.apply_preferences(Preferences(lang="en"))
    window.visitor.open("practice", "start")
    assert window.visitor.practice.count.text() == "Step 1 of 5"
    for lang in ("zh-Hans", "ko", "vi", "pt-BR"):
        assert gettext("Step {n} of {total}", lang) != "Step {n} of {total}", lang


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 800)])
def test_first_step_shows_the_button_it_asks_for(qtbot, window, size) -> None:
    """ "Press the big button below": the button must show, whole, without scrolling, at every
    text size (the step count added above the instruction pushed it 9 px under the fold at
    200 % on 1280×800, where the scroll cover hid it and left the screen blank)."""
    from PySide6.QtCore import QPoint

    from kiosk.ui.a11y.prefs import Preferences
    from kiosk.ui.app import navigate_to

    window.setFixedSize(*size)
    for step in (1, 2, 3):
        window.apply_preferences(Preferences(text_size=step))
        navigate_to(window, "practice")
        for _ in range(4):
            QApplication.processEvents()
        practice = window.visitor.practice
        assert practice.step == "tap" and practice.count.isVisible()
        body = practice.area.widget()
        top = practice.target.mapTo(body, QPoint(0, 0)).y()
        shown_top, shown_bottom = practice.scroll.shown_band()
        assert shown_top <= top and top + practice.target.height() <= shown_bottom, (
            size,
            step,
            (top, top + practice.target.height()),
            (shown_top, shown_bottom),
        )
