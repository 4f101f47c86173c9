"""KioskWindow's accessibility side (issue 7), kept out of window.py so it merges cleanly.

KioskWindow inherits this mixin; window.py only calls ``install_accessibility()`` once,
adds ``extra_screens`` to its render switch and the extra style sheet to ``apply_style``.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractButton, QAbstractScrollArea, QApplication, QWidget

from kiosk.config import TEXT_SIZES
from kiosk.content.model import Category
from kiosk.i18n import current_language, set_language
from kiosk.i18n import gettext as _
from kiosk.ui.a11y.idle import IdleWatcher
from kiosk.ui.a11y.prefs import IdleTimes, Preferences
from kiosk.ui.a11y.scanning import Scanner
from kiosk.ui.a11y.touch import (
    ClickSound,
    TouchGuard,
    click_sound_available,
    install_touch_guard,
    screen_dpi,
    touch_metrics,
)
from kiosk.ui.navigation import Place
from kiosk.ui.theme import THEMES, Metrics, Theme

if TYPE_CHECKING:
    from kiosk.ui.screens.attract import AttractScreen, IdleWarning
    from kiosk.ui.screens.howto import HowToScreen, PracticeScreen
    from kiosk.ui.screens.settings import SettingsScreen
    from kiosk.ui.widgets.buttons import BigButton

log = logging.getLogger("kiosk.ui")
ARROW_KEYS = {
    Qt.Key.Key_Right: True,
    Qt.Key.Key_Down: True,
    Qt.Key.Key_Left: False,
    Qt.Key.Key_Up: False,
}


class AccessibilityMixin:
    # provided by KioskWindow
    theme: Theme
    metrics: Metrics
    history: list
    stack: object
    home: object
    category: object
    page: object
    navbar: QWidget
    actions_row: object
    back_button: BigButton
    home_button: BigButton

    settings: SettingsScreen
    howto: HowToScreen
    practice: PracticeScreen
    idle_warning: IdleWarning
    attract_screen: AttractScreen
    extra_screens: dict[str, QWidget]
    prefs: Preferences
    defaults: Preferences
    furigana: bool
    idle: IdleWatcher | None
    touch_guard: TouchGuard | None

    def install_accessibility(self) -> None:
        from kiosk.ui.screens.attract import AttractScreen, IdleWarning
        from kiosk.ui.screens.howto import HowToScreen, PracticeScreen
        from kiosk.ui.screens.settings import SettingsScreen
        from kiosk.ui.widgets.buttons import BigButton

        self.furigana = False
        self.prefs = self.defaults = Preferences(
            theme=self.theme.name,
            text_size=self._step_of(self.metrics),
            lang=current_language(),
        )
        self.metrics = touch_metrics(self.metrics, screen_dpi())
        self.settings = SettingsScreen()
        self.howto = HowToScreen()
        self.practice = PracticeScreen()
        self.extra_screens = {
            "settings": self.settings,
            "howto": self.howto,
            "practice": self.practice,
        }
        for screen in self.extra_screens.values():
            self.stack.addWidget(screen)  # type: ignore[attr-defined]
        self.settings.changed.connect(self.apply_preferences)
        self.settings.reset_requested.connect(lambda: self.apply_preferences(self.defaults))
        self.howto.practice_chosen.connect(lambda: self._open("practice", "start"))
        self.practice.open_step_page.connect(lambda: self._open("practice", "away"))
        self.practice.size_chosen.connect(
            lambda step: self.apply_preferences(replace(self.prefs, text_size=step))
        )
        self.practice.finished.connect(self.go_home)  # type: ignore[attr-defined]

        self.settings_button = BigButton(name="settings")
        self.settings_button.clicked.connect(lambda: self.open_settings())
        self.actions_row.addWidget(self.settings_button)  # type: ignore[attr-defined]
        self.home_language_button = BigButton(name="home-language")
        self.home_language_button.clicked.connect(lambda: self.open_settings("lang"))
        self.home_howto_button = BigButton(name="home-howto")
        self.home_howto_button.clicked.connect(lambda: self._open("howto"))
        self.home.add_footer_buttons(  # type: ignore[attr-defined]
            [self.home_howto_button, self.home_language_button]
        )

        self.idle_warning = IdleWarning(self)  # type: ignore[arg-type]
        self.idle_warning.continue_chosen.connect(self._continue_after_warning)
        self.attract_screen = AttractScreen(self)  # type: ignore[arg-type]
        self.attract_screen.started.connect(self._leave_attract)
        self.idle = None
        self.touch_guard = None
        self.click_sound: ClickSound | None = None
        self.scanner = Scanner(self)  # type: ignore[arg-type]
        self.scanner.scope = self._scan_scope
        self.settings.set_sound_available(click_sound_available())

    def _scan_scope(self) -> QWidget:
        for overlay in (self.attract_screen, self.idle_warning):
            if overlay.isVisible():
                return overlay
        return self  # type: ignore[return-value]

    @staticmethod
    def _step_of(metrics: Metrics) -> int:
        return next((s for s in TEXT_SIZES if Metrics.for_step(s).body == metrics.body), 1)

    def configure(self, defaults: Preferences, idle: IdleTimes | None, scan_ms: int) -> None:
        """From the config: the visitor defaults, idle timing (None: never), scan speed."""
        self.defaults = defaults
        self.scanner.set_interval(scan_ms)
        if self.touch_guard is None and QApplication.instance() is not None:
            self.touch_guard = install_touch_guard(self)  # type: ignore[arg-type]
        self.set_idle_times(idle)
        self.apply_preferences(defaults)

    def set_idle_times(self, idle: IdleTimes | None) -> None:
        if self.idle is not None:
            self.idle.stop()
            self.idle.deleteLater()
            self.idle = None
        if idle is None:
            return
        self.idle = IdleWatcher(
            idle.idle_ms,
            idle.attract_ms,
            idle.warning_s,
            self,
            tick_ms=idle.tick_ms,  # type: ignore[arg-type]
        )
        self.idle.warn.connect(self._show_idle_warning)
        self.idle.tick.connect(self.idle_warning.show_countdown)
        self.idle.reset.connect(self.reset_for_next_visitor)
        self.idle.attract.connect(self._show_attract)
        self.idle.activity.connect(self._continue_after_warning)

    # --- appearance and language ------------------------------------------------------

    def set_appearance(self, theme: str, text_size: int) -> None:
        """Re-style the whole window live: colours and every size (text, targets, gaps)."""
        styled = (self.theme, self.metrics)
        self.theme = THEMES[theme]
        self.metrics = touch_metrics(Metrics.for_step(text_size), screen_dpi())
        self.prefs = replace(self.prefs, theme=theme, text_size=text_size)
        if (self.theme, self.metrics) != styled:  # a style sheet pass is expensive: only on change
            self.apply_style()  # type: ignore[attr-defined]
        self._apply_spacing()
        self.settings.style_theme_buttons(self.theme)
        self.refresh()  # type: ignore[attr-defined]

    def set_language_live(self, lang: str) -> None:
        set_language(lang)
        self.prefs = replace(self.prefs, lang=lang)
        self.refresh()  # type: ignore[attr-defined]  # _render → retranslate → every screen

    def apply_preferences(self, prefs: Preferences) -> None:
        old = self.prefs
        if prefs.lang != current_language():
            set_language(prefs.lang)
        self.prefs = prefs
        self.furigana = prefs.furigana
        self.category.furigana = prefs.furigana  # type: ignore[attr-defined]
        self.scanner.set_active(prefs.scanning)
        self._set_click_sound(prefs.click_sound)
        if (prefs.theme, prefs.text_size) != (old.theme, old.text_size) or not hasattr(
            self, "_styled"
        ):
            self._styled = True
            self.set_appearance(prefs.theme, prefs.text_size)
        else:
            self.refresh()  # type: ignore[attr-defined]

    def _set_click_sound(self, on: bool) -> None:
        if on and self.click_sound is None:
            self.click_sound = ClickSound()
        if self.touch_guard is not None:
            self.touch_guard.sound = self.click_sound if on else None

    def _apply_spacing(self) -> None:
        """Gaps between targets ≥8 mm at every size."""
        gap = self.metrics.gap
        self.actions_row.setSpacing(gap)  # type: ignore[attr-defined]
        self.home._grid.setSpacing(gap)  # type: ignore[attr-defined]
        self.home.footer.setSpacing(gap)  # type: ignore[attr-defined]
        self.category._list_layout.setSpacing(gap)  # type: ignore[attr-defined]
        for screen in (self.home, self.category, self.settings, self.howto, self.practice):
            screen.layout().setSpacing(gap)  # type: ignore[attr-defined]
        from PySide6.QtWidgets import QGridLayout

        from kiosk.ui.widgets.scroll import ScrollPane

        for pane in self.findChildren(ScrollPane):  # type: ignore[attr-defined]
            pane.layout().setSpacing(gap)
            # room for ▲ and ▼ one above the other, however little space the screen has
            pane.setMinimumHeight(2 * pane.up.sizeHint().height() + gap)
        for grid in self.settings.findChildren(QGridLayout):
            grid.setSpacing(gap)
        self.practice.size_host.layout().setSpacing(gap)

    def retranslate_accessibility(self) -> None:
        self.settings_button.set_text("⚙ " + _("Settings"), _("Settings"))
        # Also in English: someone who cannot read the current language must find it.
        language = _("Language")
        label = language if language == "Language" else f"{language} / Language"
        self.home_language_button.set_text(label, label)
        self.home_howto_button.set_text("？ " + _("How to use"), _("How to use"))
        self.settings.show_prefs(self.prefs)
        self.howto.retranslate()
        self.practice.retranslate()
        self.idle_warning.show_countdown(self.idle.left if self.idle else 30)
        self.stack.setAccessibleName(_("Screen"))  # type: ignore[attr-defined]

    # --- navigation to the new screens ------------------------------------------------

    def open_settings(self, section: str = "") -> None:
        self._open("settings", section)

    def open_howto(self) -> None:
        self._open("howto")

    def _open(self, screen: str, argument: object = None) -> None:
        if screen == "practice" and argument == "start":
            self.practice.start()
        self.history.append(Place(screen, argument))
        self._render()  # type: ignore[attr-defined]

    def render_extra(self, screen: str, argument: object) -> None:
        """Called by KioskWindow._render for the screens added here."""
        widget = self.extra_screens[screen]
        if screen == "settings":
            self.settings.show_prefs(self.prefs)
            self.settings.set_columns_for_width(self.metrics.body * 14 > self.width())  # type: ignore[attr-defined]
            if argument:
                heading = self.settings.headings.get(str(argument))
                if heading is not None:
                    self.settings.area.ensureWidgetVisible(heading)
                    buttons = self.settings.groups[str(argument)]
                    current = buttons.get(self.prefs.lang) or next(iter(buttons.values()))
                    current.setFocus()
        elif screen == "howto":
            self.howto.show_pictures(self._button_pictures(), self._button_names())
        elif screen == "practice":
            self.practice.show_place(argument)
        self.stack.setCurrentWidget(widget)  # type: ignore[attr-defined]

    def _button_names(self) -> dict[str, str]:
        return {
            "back": self.back_button.accessibleName(),
            "home": self.home_button.accessibleName(),
            "settings": self.settings_button.accessibleName(),
            "scroll-up": _("Scroll up"),
            "scroll-down": _("Scroll down"),
        }

    def _button_pictures(self) -> dict:
        """The real buttons, rendered as they look right now (enabled, current theme)."""
        from kiosk.ui.widgets.buttons import BigButton

        pictures = {}
        samples = {
            "back": self.back_button.text(),
            "home": self.home_button.text(),
            "settings": self.settings_button.text(),
            "scroll-up": "▲",
            "scroll-down": "▼",
        }
        for key, text in samples.items():
            sample = BigButton(text, self.navbar)  # styled by the window's sheet
            sample.ensurePolished()
            sample.resize(sample.sizeHint())
            pictures[key] = sample.grab()
            sample.deleteLater()
        return pictures

    # --- idle ---------------------------------------------------------------------------

    def _show_idle_warning(self, seconds: int) -> None:
        self.idle_warning.show_countdown(seconds)
        self.idle_warning.popup()

    def _continue_after_warning(self) -> None:
        if self.idle is not None and self.idle.state != "active":
            self.idle.restart()
        self.idle_warning.hide()
        if self.attract_screen.isVisible():
            self._leave_attract()

    def reset_for_next_visitor(self) -> None:
        """Forget the visitor: defaults, home, no history, every scroll at the top."""
        self.resetting_visitor = True  # the defaults coming back are nobody's choice (usage)
        try:
            self._reset_for_next_visitor()
        finally:
            self.resetting_visitor = False
        self.visitor_reset.emit()  # type: ignore[attr-defined]

    def _reset_for_next_visitor(self) -> None:
        self.idle_warning.hide()
        self.apply_preferences(self.defaults)
        for area in self.findChildren(QAbstractScrollArea):  # type: ignore[attr-defined]
            area.verticalScrollBar().setValue(0)
        self.practice.start()
        self.go_home()  # type: ignore[attr-defined]
        focused = QApplication.focusWidget()
        if focused is not None:  # the next visitor starts with no control highlighted
            focused.clearFocus()

    def _show_attract(self) -> None:
        place = self.place_label.text()  # type: ignore[attr-defined]
        self.attract_screen.show_notice(place, self._latest_notice())
        self.attract_screen.popup()

    def _leave_attract(self) -> None:
        self.attract_screen.hide()
        if self.idle is not None and self.idle.state != "active":
            self.idle.restart()
        self.go_home()  # type: ignore[attr-defined]

    def _latest_notice(self) -> str:
        """The most important thing in force: an active alert, else the newest notice."""
        lang = self.defaults.lang
        vms = self.vms  # type: ignore[attr-defined]
        alerts = vms.alerts()
        if alerts:  # what and where, short like the home banner; details are a touch away
            alert = alerts[0]
            event = alert.text("event", lang) or alert.text("headline", lang)
            area = alert.text("area", lang)
            return f"⚠ {event}　{area}" if area else f"⚠ {event}"
        items = vms.store.items(Category.NOTICES, lang)
        return items[0].title if items else ""

    # --- keyboard -----------------------------------------------------------------------

    def handle_arrow_key(self, event: QKeyEvent) -> bool:
        """Arrows move focus like Tab/Shift+Tab, so a keypad alone is enough."""
        forward = ARROW_KEYS.get(Qt.Key(event.key()))
        focused = QApplication.focusWidget()
        if forward is None or isinstance(focused, QAbstractScrollArea):
            return False
        if focused is not None and not isinstance(focused, QAbstractButton):
            return False
        self.focusNextPrevChild(forward)  # type: ignore[attr-defined]
        return True

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        focused = QApplication.focusWidget()
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and isinstance(
            focused, QAbstractButton
        ):
            focused.click()  # Enter presses like Space, as people expect
            return
        if not self.handle_arrow_key(event):
            super().keyPressEvent(event)  # type: ignore[misc]
