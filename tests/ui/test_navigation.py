from __future__ import annotations

from PySide6.QtCore import Qt

from kiosk.content.model import Category
from kiosk.ui.theme import MIN_TARGET_PX


def test_home_category_page_back_home(qtbot, window, demo_store) -> None:
    assert window.stack.currentWidget() is window.home
    assert not window.back_button.isEnabled()

    qtbot.mouseClick(window.home.tiles[Category.HEALTH], Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.category
    rows = window.category.visible_rows()
    expected = demo_store.items(Category.HEALTH, "ja")
    assert [r.texts()[0] for r in rows] == [i.title for i in expected]

    qtbot.mouseClick(rows[1], Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.page
    item = expected[1]
    page = demo_store.page(item.key)
    assert window.page.title.text() == item.title
    shown = window.page.text()
    for block in page.blocks:
        for line in block.plain_text().splitlines():
            assert line.replace("　", " ").split(" ")[0] in shown

    qtbot.mouseClick(window.back_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.category
    qtbot.mouseClick(window.home_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.home
    assert window.navigation.depth == 1


def test_keyboard_only_flow(qtbot, window) -> None:
    tile = window.home.tiles[Category.NOTICES]
    tile.setFocus()
    qtbot.keyClick(tile, Qt.Key.Key_Space)
    assert window.stack.currentWidget() is window.category
    row = window.category.visible_rows()[0]
    row.setFocus()
    qtbot.keyClick(row, Qt.Key.Key_Space)
    assert window.stack.currentWidget() is window.page
    window.back_button.setFocus()
    qtbot.keyClick(window.back_button, Qt.Key.Key_Space)
    assert window.stack.currentWidget() is window.category


def test_drill_banner_shown_and_opens_disaster(qtbot, window) -> None:
    assert window.home.banner.isVisible()
    assert any("訓練" in t for t in window.home.banner.texts())
    qtbot.mouseClick(window.home.banner, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is not window.home


def test_targets_are_big_and_named(qtbot, window) -> None:
    from PySide6.QtWidgets import QAbstractButton

    window.open_category(Category.NOTICES)
    qtbot.mouseClick(window.category.visible_rows()[0], Qt.MouseButton.LeftButton)
    for screen in (window.home, window.category, window.page):
        window.stack.setCurrentWidget(screen)
        buttons = [b for b in window.findChildren(QAbstractButton) if b.isVisible()]
        assert buttons
        for button in buttons:
            assert button.accessibleName().strip(), button.objectName()
            assert button.height() >= MIN_TARGET_PX, (button.objectName(), button.height())
            assert button.width() >= MIN_TARGET_PX, (button.objectName(), button.width())


def test_english_language_switch_shows_english_pages(qtbot, demo_store) -> None:
    from kiosk.i18n import set_language
    from kiosk.ui.window import KioskWindow
    from kiosk.viewmodels.screens import ViewModels

    set_language("en")
    win = KioskWindow(ViewModels(demo_store))
    qtbot.addWidget(win)
    win.open_category(Category.WELFARE)
    titles = [r.texts()[0] for r in win.category.visible_rows()]
    assert titles == [i.title for i in demo_store.items(Category.WELFARE, "en")]
    assert all(t.isascii() for t in titles)
    assert win.home_button.accessibleName() == "Home"


def test_takeover_speech_and_idle_reset_are_wired(window) -> None:  # noqa: ANN001
    """The alert is read aloud through the page's speech controller; idle reset silences it."""
    from PySide6.QtCore import SIGNAL

    assert window.alert_screen.receivers(SIGNAL("speak_requested(QString,QString)")) >= 1
    assert window.visitor.receivers(SIGNAL("visitor_reset()")) >= 1


def test_card_lines_restyle_when_their_role_changes(qtbot, window) -> None:
    tile = window.home.tiles[Category.HEALTH]
    label, detail = tile._labels[:2]
    big, small = label.font().pixelSize(), detail.font().pixelSize()
    assert big == window.metrics.tile and small < big
    tile.set_lines([("a", "row-date"), ("b", "tile-label")])  # roles swapped
    assert (label.font().pixelSize(), detail.font().pixelSize()) == (small, big)
    tile.set_lines([("a", "row-date"), ("b", "tile-label")])  # unchanged: still right
    assert (label.font().pixelSize(), detail.font().pixelSize()) == (small, big)
