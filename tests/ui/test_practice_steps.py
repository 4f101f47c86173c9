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


def _inside_view(practice, button) -> tuple[bool, tuple, tuple]:  # noqa: ANN001
    """Whether ``button`` (in the practice's scrolling part) shows whole in what the pane
    really shows, without scrolling: inside the shown band, inside the viewport's width."""
    from PySide6.QtCore import QPoint

    body = practice.area.widget()
    at = button.mapTo(body, QPoint(0, 0))
    rect = (at.x(), at.y(), at.x() + button.width(), at.y() + button.height())
    top, bottom = practice.scroll.shown_band()
    width = practice.area.viewport().width()
    whole = (
        button.isVisible()
        and top <= rect[1]
        and rect[3] <= bottom
        and rect[0] >= 0
        and rect[2] <= width
    )
    return whole, rect, (top, bottom, width)


def _on_window(window, button) -> bool:  # noqa: ANN001
    """A fixed control (▼, Back) shows whole inside the window, not covered."""
    from PySide6.QtCore import QPoint, QRect

    at = button.mapTo(window, QPoint(0, 0))
    return (
        button.isVisible()
        and button.isEnabled()
        and window.rect().contains(QRect(at, button.size()))
        and window.childAt(at + QPoint(button.width() // 2, button.height() // 2)) is not None
    )


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 800)])
def test_every_step_shows_its_button_without_scrolling(qtbot, window, size) -> None:
    """Issue 20: at 200 % on 1280×800 the praise, step count and instruction of the later
    steps pushed the button the step asks for below the fold: a senior told "press the button
    below" saw none and had to find ▼ first. Every step, every text size, both screens: the
    button(s) the instruction names show whole, with the praise, and nothing scrolled."""
    from kiosk.ui.a11y.prefs import Preferences

    controller = window.read_aloud.controller
    controller.speak = lambda text, lang, owner=None: []
    window.setFixedSize(*size)
    for step in (1, 2, 3):
        window.apply_preferences(Preferences(text_size=step))
        window.visitor.open("practice", "start")
        practice = window.visitor.practice
        seen: list[str] = []

        def settle() -> None:
            for _ in range(4):
                QApplication.processEvents()

        def check(name: str, *buttons, practice=practice, seen=seen, step=step) -> None:  # noqa: ANN001, ANN002, E501
            settle()
            assert practice.area.verticalScrollBar().value() == 0, (size, step, name)
            if name != "tap":
                assert practice.praise.isVisible() and practice.praise.text(), (size, step, name)
            for button in buttons:
                if not practice.area.widget().isAncestorOf(button):  # ▼, Back: fixed places
                    assert _on_window(window, button), (size, step, name, button.objectName())
                    continue
                whole, rect, band = _inside_view(practice, button)
                assert whole, (size, step, name, button.objectName(), rect, band)
            seen.append(name)

        check("tap", practice.target)
        qtbot.mouseClick(practice.target, Qt.MouseButton.LeftButton)
        check("scroll", practice.scroll.down)
        qtbot.mouseClick(practice.scroll.down, Qt.MouseButton.LeftButton)
        check("back", practice.target)
        qtbot.mouseClick(practice.target, Qt.MouseButton.LeftButton)  # the extra page
        check("back-away", window.back_button)
        qtbot.mouseClick(window.back_button, Qt.MouseButton.LeftButton)
        check("read", practice.read_button)
        qtbot.mouseClick(practice.read_button, Qt.MouseButton.LeftButton)
        check("size", *practice.sizes.values())
        qtbot.mouseClick(practice.sizes[step], Qt.MouseButton.LeftButton)  # the same size
        check("done", practice.target)
        assert seen == ["tap", "scroll", "back", "back-away", "read", "size", "done"]
        assert practice.step == "done"
