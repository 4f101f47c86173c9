"""Issue 7 acceptance: targets, names, keyboard, scanning, idle reset, live settings."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QAbstractButton, QApplication

from kiosk.content.model import Category
from kiosk.i18n import current_language, gettext
from kiosk.ops.pin import PinGuard, hash_pin
from kiosk.ui.a11y.prefs import IdleTimes, Preferences
from kiosk.ui.a11y.touch import SPACING_MM, TARGET_MM, mm_to_px
from kiosk.ui.theme import MIN_TARGET_PX

SCREENS = ("home", "category", "page", "settings", "howto", "practice")


def _show(window, screen: str) -> None:
    from kiosk.ui.app import navigate_to

    navigate_to(window, screen)
    QApplication.processEvents()


def _visible_buttons(window) -> list[QAbstractButton]:
    return [b for b in window.findChildren(QAbstractButton) if b.isVisible()]


def _gap(a: QRect, b: QRect) -> int:
    dx = max(b.left() - a.right(), a.left() - b.right(), 0)
    dy = max(b.top() - a.bottom(), a.top() - b.bottom(), 0)
    return max(dx, dy)


@pytest.mark.parametrize("size", [1, 2, 3])
def test_targets_are_16mm_and_8mm_apart_at_every_text_size(qtbot, window, size) -> None:
    window.apply_preferences(Preferences(text_size=size))
    minimum = max(MIN_TARGET_PX, mm_to_px(TARGET_MM, None))
    spacing = mm_to_px(SPACING_MM, None)
    for screen in SCREENS:
        _show(window, screen)
        buttons = _visible_buttons(window)
        assert buttons, screen
        # what a finger can reach: the part not scrolled out of sight
        rects = {
            b: b.visibleRegion().boundingRect().translated(b.mapTo(window, b.rect().topLeft()))
            for b in buttons
            if not b.visibleRegion().isEmpty()
        }
        for button, rect in rects.items():
            name = (screen, button.objectName(), button.accessibleName())
            assert button.height() >= minimum and button.width() >= minimum, (name, rect)
            # nothing sticks out of the window (no clipping, no horizontal scrolling)
            assert rect.right() <= window.width() and rect.left() >= 0, (name, rect)
        ordered = list(rects.items())
        for i, (a, ra) in enumerate(ordered):
            for b, rb in ordered[i + 1 :]:
                if a.isAncestorOf(b) or b.isAncestorOf(a):
                    continue
                assert _gap(ra, rb) >= spacing - 1, (screen, a.objectName(), b.objectName())


def _walk(interface, found: list) -> None:
    for index in range(interface.childCount()):
        child = interface.child(index)
        if child is None or child.state().invisible:
            continue
        found.append(child)
        _walk(child, found)


def test_every_control_on_every_screen_has_an_accessible_name(qtbot, window) -> None:
    controls = {QAccessible.Role.PushButton, QAccessible.Role.CheckBox, QAccessible.Role.Button}
    for screen in SCREENS:
        _show(window, screen)
        nodes: list = []
        _walk(QAccessible.queryAccessibleInterface(window), nodes)
        buttons = [n for n in nodes if n.role() in controls]
        assert len(buttons) >= 3, screen
        for node in buttons:
            name = node.text(QAccessible.Text.Name).strip()
            assert name, (screen, node.object().objectName())


def _tab_to(qtbot, window, target, limit: int = 80) -> None:
    for _ in range(limit):
        if QApplication.focusWidget() is target:
            return
        qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {target.objectName()}")


def test_keyboard_only_walk_home_category_page_settings_home(qtbot, window) -> None:
    window.activateWindow()
    window.home.tiles[Category.DISASTER].setFocus()
    _tab_to(qtbot, window, window.home.tiles[Category.HEALTH])
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert window.stack.currentWidget() is window.category
    row = window.category.visible_rows()[0]
    _tab_to(qtbot, window, row)
    qtbot.keyClick(row, Qt.Key.Key_Return)
    assert window.stack.currentWidget() is window.page
    _tab_to(qtbot, window, window.visitor.settings_button)
    qtbot.keyClick(window.visitor.settings_button, Qt.Key.Key_Space)
    assert window.stack.currentWidget() is window.visitor.settings
    _tab_to(qtbot, window, window.home_button)
    qtbot.keyClick(window.home_button, Qt.Key.Key_Return)
    assert window.stack.currentWidget() is window.home
    assert window.navigation.depth == 1
    # arrows move focus like Tab
    first = QApplication.focusWidget()
    qtbot.keyClick(first, Qt.Key.Key_Right)
    assert QApplication.focusWidget() is not first


def test_scanning_mode_selects_a_tile(qtbot, window) -> None:
    window.visitor.scanner.set_interval(20)
    window.apply_preferences(Preferences(scanning=True))
    tiles = set(window.home.tiles.values())
    qtbot.waitUntil(lambda: QApplication.focusWidget() in tiles, timeout=5000)
    chosen = QApplication.focusWidget()
    qtbot.keyClick(chosen, Qt.Key.Key_Space)
    assert window.stack.currentWidget() is window.category
    window.apply_preferences(Preferences(scanning=False))
    assert not window.visitor.scanner.active


def test_idle_warning_then_reset_restores_defaults(qtbot, window) -> None:
    window.configure(Preferences(), None, 2000)
    window.apply_preferences(Preferences(theme="blue", text_size=3, lang="en", furigana=True))
    window.open_category(Category.HEALTH)
    window.open_page(window.category.page_rows()[0].property("key"))
    window.page.reader.verticalScrollBar().setValue(200)
    assert window.theme.name == "blue" and current_language() == "en"
    resets: list[bool] = []
    window.visitor.visitor_reset.connect(lambda: resets.append(True))
    window.visitor.set_idle_times(
        IdleTimes(idle_ms=30, attract_ms=60_000, warning_s=20, tick_ms=10)
    )
    warnings: list[int] = []
    window.visitor.idle.warn.connect(warnings.append)
    window.visitor.idle.warn.connect(
        lambda _s: warnings.append(int(window.visitor.idle_warning.continue_button.isVisible()))
    )
    qtbot.waitUntil(lambda: bool(resets), timeout=5000)
    assert warnings[0] >= 20  # the countdown starts at ≥20 s
    assert warnings[1] == 1  # with a visible Continue button
    assert not window.visitor.idle_warning.isVisible()
    assert window.theme.name == "light"
    assert window.metrics.body == 32
    assert current_language() == "ja"
    assert not window.visitor.furigana
    assert [p.screen for p in window.navigation.places()] == ["home"]
    assert window.page.reader.verticalScrollBar().value() == 0
    assert window.home_button.accessibleName() == "ホーム"


def test_continue_keeps_the_visitor(qtbot, window) -> None:
    window.apply_preferences(Preferences(text_size=2))
    window.open_category(Category.NOTICES)
    window.visitor.set_idle_times(
        IdleTimes(idle_ms=30, attract_ms=60_000, warning_s=20, tick_ms=500)
    )
    qtbot.waitUntil(lambda: window.visitor.idle_warning.isVisible(), timeout=5000)
    qtbot.mouseClick(window.visitor.idle_warning.continue_button, Qt.MouseButton.LeftButton)
    assert not window.visitor.idle_warning.isVisible()
    assert window.visitor.prefs.text_size == 2
    assert window.current.screen == "category"
    window.visitor.set_idle_times(None)


def test_attract_screen_after_longer_idle_shows_no_visitor_traces(qtbot, window) -> None:
    window.open_category(Category.HEALTH)
    window.visitor.set_idle_times(IdleTimes(idle_ms=20, attract_ms=150, warning_s=20, tick_ms=2))
    qtbot.waitUntil(lambda: window.visitor.attract_screen.isVisible(), timeout=5000)
    assert "さわってください" in window.visitor.attract_screen.start_button.text()
    assert window.visitor.attract_screen.notice.text()
    assert [p.screen for p in window.navigation.places()] == ["home"]
    qtbot.mouseClick(window.visitor.attract_screen.start_button, Qt.MouseButton.LeftButton)
    assert not window.visitor.attract_screen.isVisible()
    window.visitor.set_idle_times(None)


def test_settings_switch_theme_size_language_live(qtbot, window) -> None:
    window.visitor.open_settings()
    qtbot.mouseClick(window.visitor.settings.groups["theme"]["dark"], Qt.MouseButton.LeftButton)
    assert window.theme.name == "dark"
    assert "#000000" in window.styleSheet()
    qtbot.mouseClick(window.visitor.settings.groups["size"][3], Qt.MouseButton.LeftButton)
    assert window.metrics.body == 64
    assert window.stack.currentWidget() is window.visitor.settings
    for lang in ("en", "zh-Hans", "ko", "vi", "pt-BR", "ja"):
        qtbot.mouseClick(window.visitor.settings.groups["lang"][lang], Qt.MouseButton.LeftButton)
        assert current_language() == lang
        assert window.home_button.accessibleName() == gettext("Home", lang)
        assert window.visitor.settings.title.text() == gettext("Settings", lang)
    assert window.visitor.settings.groups["lang"]["ja"].isChecked()


def test_furigana_on_page_and_titles(qtbot, window) -> None:
    window.apply_preferences(Preferences(furigana=True))
    window.open_category(Category.DISASTER)
    assert any(r._labels[0].has_ruby() for r in window.category.visible_rows())
    window.open_page(window.category.page_rows()[0].property("key"))
    spans = window.page.reader.ruby_spans()
    assert len(spans) > 5
    assert window.page.title.has_ruby()
    # the text itself is unchanged: readings are painted, never inserted
    window.apply_preferences(Preferences(furigana=False))
    assert window.page.reader.ruby_spans() == []
    assert not window.page.title.has_ruby()


def test_debounce_ignores_a_second_tap(qtbot, window) -> None:
    from kiosk.ui.a11y.touch import install_touch_guard

    guard = install_touch_guard(window)
    guard.debounce_s = 60.0  # (a slow CI machine must not turn "too soon" into "later")
    try:
        tile = window.home.tiles[Category.HEALTH]
        qtbot.mouseClick(tile, Qt.MouseButton.LeftButton)
        assert window.current.screen == "category"
        qtbot.mouseClick(window.back_button, Qt.MouseButton.LeftButton)  # tremor: too soon
        assert window.current.screen == "category"
        assert guard.swallowed == 1
    finally:
        QApplication.instance().removeEventFilter(guard)


def test_pin_digits_typed_in_a_row_are_not_debounced(qtbot, window) -> None:
    from kiosk.ui.a11y.touch import install_touch_guard
    from kiosk.ui.screens.pinpad import SETTLE_SECONDS, PinPad

    guard = install_touch_guard(window)
    guard.debounce_s = 60.0  # every press below is "too soon" for a visitor's button
    try:
        pad = PinPad(PinGuard(hash_pin("4821")), window)
        pad.reset()
        pad.setGeometry(window.rect())
        pad.show()
        qtbot.wait(int(SETTLE_SECONDS * 1000) + 50)  # the pad ignores its first moments
        for digit in "4821":  # staff type a PIN faster than 400 ms a digit
            qtbot.mouseClick(pad.keys[digit], Qt.MouseButton.LeftButton)
        assert pad.entered == "4821" and guard.swallowed == 0
        qtbot.mouseClick(pad.keys["⌫"], Qt.MouseButton.LeftButton)
        assert pad.entered == "482"
        qtbot.mouseClick(pad.cancel, Qt.MouseButton.LeftButton)  # a visitor's kind of button…
        qtbot.mouseClick(pad.cancel, Qt.MouseButton.LeftButton)  # …is still debounced
        assert guard.swallowed == 1
    finally:
        QApplication.instance().removeEventFilter(guard)


def test_practice_praises_every_step(qtbot, window) -> None:
    window.visitor.open_howto()
    assert window.visitor.howto.pictures["back"].pixmap().width() >= MIN_TARGET_PX
    qtbot.mouseClick(window.visitor.howto.practice_button, Qt.MouseButton.LeftButton)
    practice = window.visitor.practice
    assert practice.step == "tap"
    qtbot.mouseClick(practice.target, Qt.MouseButton.LeftButton)
    assert practice.step == "scroll" and practice.praise.text()
    qtbot.waitUntil(lambda: practice.scroll.down.isVisible(), timeout=3000)
    qtbot.mouseClick(practice.scroll.down, Qt.MouseButton.LeftButton)
    assert practice.step == "back"
    qtbot.mouseClick(practice.target, Qt.MouseButton.LeftButton)
    assert practice.away
    qtbot.mouseClick(window.back_button, Qt.MouseButton.LeftButton)
    assert practice.step == "read" and window.current.screen == "practice"
    practice.read_aloud_requested.disconnect()  # the voice itself: tests/ui/test_read_aloud.py
    qtbot.mouseClick(practice.read_button, Qt.MouseButton.LeftButton)
    assert practice.step == "size"
    qtbot.mouseClick(practice.sizes[2], Qt.MouseButton.LeftButton)
    assert window.visitor.prefs.text_size == 2
    assert practice.step == "done"
    qtbot.mouseClick(practice.target, Qt.MouseButton.LeftButton)
    assert window.current.screen == "home"


def test_switch_presses_keep_the_visitor(qtbot, window) -> None:
    # The scanner takes the switch's key before the idle clock sees it: a switch user kept
    # pressing and was still reset as if gone.
    window.visitor.scanner.set_interval(60_000)  # focus stays where the presses put it
    window.visitor.set_idle_times(
        IdleTimes(idle_ms=300, attract_ms=60_000, warning_s=20, tick_ms=10)
    )
    window.apply_preferences(Preferences(scanning=True))  # as a visitor turns it on, later
    warnings: list[int] = []
    window.visitor.idle.warn.connect(warnings.append)
    try:
        for _press in range(10):  # a press every 100 ms for a second: more than the idle time
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
            qtbot.wait(100)
        assert warnings == []
        qtbot.waitUntil(lambda: bool(warnings), timeout=5000)  # and idle again when they stop
    finally:
        window.visitor.set_idle_times(None)
        window.apply_preferences(Preferences(scanning=False))


def test_scanning_stays_inside_the_idle_warning(qtbot, window) -> None:
    window.visitor.show_idle_warning(25)
    assert window.visitor.scanner.targets() == [window.visitor.idle_warning.continue_button]
    window.visitor.idle_warning.hide()
    assert len(window.visitor.scanner.targets()) > 5


def test_language_button_on_home_opens_the_language_choice(qtbot, window) -> None:
    assert window.visitor.home_language_button.isVisible()
    assert "Language" in window.visitor.home_language_button.text()
    qtbot.mouseClick(window.visitor.home_language_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.visitor.settings
    assert QApplication.focusWidget() is window.visitor.settings.groups["lang"]["ja"]


def test_the_name_check_catches_an_unnamed_button(qtbot, window) -> None:
    from kiosk.ui.widgets.buttons import BigButton

    nameless = BigButton(parent=window.home)
    nameless.show()
    nodes: list = []
    _walk(QAccessible.queryAccessibleInterface(window), nodes)
    unnamed = [
        n
        for n in nodes
        if n.role() == QAccessible.Role.PushButton and not n.text(QAccessible.Text.Name).strip()
    ]
    assert [n.object() for n in unnamed] == [nameless]


def test_set_appearance_restyles_live(qtbot, window) -> None:
    window.set_appearance("dark", 3)
    assert window.theme.name == "dark" and window.metrics.body == 64
    assert "background: #000000" in window.styleSheet()
    QApplication.processEvents()
    assert window.home_button.height() >= window.metrics.target
    window.set_appearance("light", 1)
    assert window.metrics.body == 32


def test_drill_is_not_marked_twice_in_other_languages(qtbot, window) -> None:
    window.apply_preferences(Preferences(lang="zh-Hans"))
    title = window.home.banner.texts()[0]
    assert "訓練" in title and gettext("Drill", "zh-Hans") not in title
