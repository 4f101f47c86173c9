"""Issue 20's smaller items: Home shows the top (the alert banner), 言語 opens the languages,
the disabled Back and Home on the home screen look disabled."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from kiosk.content.model import Category
from kiosk.ui.a11y.prefs import Preferences
from kiosk.ui.app import navigate_to


def test_home_starts_at_the_top_so_the_alert_banner_shows(qtbot, window) -> None:
    window.setFixedSize(1280, 800)
    window.apply_preferences(Preferences(text_size=3))
    navigate_to(window, "home")
    QApplication.processEvents()
    bar = window.home.area.verticalScrollBar()
    assert bar.maximum() > 0 and window.home.banner.isVisible()
    bar.setValue(bar.maximum())
    window.open_category(Category.NOTICES)
    qtbot.mouseClick(window.home_button, Qt.MouseButton.LeftButton)
    QApplication.processEvents()
    assert bar.value() == 0
    banner_top = window.home.banner.mapTo(window.home.area.viewport(), QPoint(0, 0)).y()
    assert 0 <= banner_top < window.home.area.viewport().height()


def test_language_button_opens_settings_at_the_languages(qtbot, window) -> None:
    window.setFixedSize(1280, 800)
    window.apply_preferences(Preferences(text_size=3))
    navigate_to(window, "home")
    qtbot.mouseClick(window.visitor.home_language_button, Qt.MouseButton.LeftButton)
    settings = window.visitor.settings
    heading = settings.headings["lang"]

    def heading_at_top() -> bool:
        y = heading.mapTo(settings.area.viewport(), QPoint(0, 0)).y()
        return 0 <= y < 40

    qtbot.waitUntil(heading_at_top, timeout=3000)
    assert settings.area.verticalScrollBar().value() > 0  # not simply the top of the screen


def test_disabled_back_and_home_on_home_look_disabled(qtbot, window) -> None:
    navigate_to(window, "home")
    QApplication.processEvents()
    for button in (window.back_button, window.home_button):
        assert not button.isEnabled()
        picture = button.grab().toImage()
        live = window.visitor.settings_button.grab().toImage()
        middle = picture.pixelColor(picture.width() // 2, 8)
        filled = live.pixelColor(live.width() // 2, 8)
        # a live button is filled with the button colour; a disabled one is not
        assert middle.name() != filled.name(), button.objectName()
