"""Screens only some visitors open are built on first use (issue 17), and work when they are.

Settings, how-to, practice and the idle overlays are not built with the window; when first
opened after the visitor already changed language, colours and text size, they come up in
that language and those colours, and their controls act on the window.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kiosk.ui.visitor import AccessibilityMixin

LAZY = ("settings", "howto", "practice", "idle_warning", "attract_screen")


def _classes() -> set[str]:
    return {type(w).__name__ for w in QApplication.allWidgets()}


def test_window_starts_without_the_later_screens(window) -> None:  # noqa: ANN001
    for name in LAZY:
        assert window.built(name) is None, name
    assert not {"SettingsScreen", "HowToScreen", "PracticeScreen", "IdleWarning"} & _classes()


def test_settings_built_on_first_open_follow_earlier_changes(qtbot, window) -> None:  # noqa: ANN001
    window.set_language_live("en")
    window.set_appearance("dark", 2)
    qtbot.mouseClick(window.settings_button, Qt.MouseButton.LeftButton)
    settings = window.built("settings")
    assert settings is not None and window.stack.currentWidget() is settings
    assert settings.title.text() == "Settings"  # English, chosen before it existed
    assert settings.groups["theme"]["dark"].isChecked()
    assert settings.groups["size"][2].isChecked()
    assert settings.layout().spacing() == window.metrics.gap  # spaced like the window
    qtbot.mouseClick(settings.groups["theme"]["blue"], Qt.MouseButton.LeftButton)
    assert window.theme.name == "blue" and window.prefs.theme == "blue"
    assert window.settings is settings  # built once


def test_howto_and_practice_built_on_first_open(qtbot, window) -> None:  # noqa: ANN001
    qtbot.mouseClick(window.home_howto_button, Qt.MouseButton.LeftButton)
    howto = window.built("howto")
    assert howto is not None and window.stack.currentWidget() is howto
    assert window.built("practice") is None
    window._open("practice", "start")
    practice = window.built("practice")
    assert practice is not None and window.stack.currentWidget() is practice
    assert practice.step == "tap"


def test_idle_warning_built_when_first_needed(window) -> None:  # noqa: ANN001
    window._show_idle_warning(25)
    warning = window.built("idle_warning")
    assert warning is not None and warning.isVisible()
    window.reset_for_next_visitor()
    assert not warning.isVisible()


def test_lazy_names_are_properties() -> None:
    for name in LAZY:
        assert isinstance(getattr(AccessibilityMixin, name), property), name
