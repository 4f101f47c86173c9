"""KioskWindow's accessibility side (issue 7), kept out of window.py so it merges cleanly.

KioskWindow inherits this mixin; window.py only calls ``install_accessibility()`` once,
adds ``extra_screens`` to its render switch and the extra style sheet to ``apply_style``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
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

    extra_screens: frozenset[str]
    prefs: Preferences
    defaults: Preferences
    furigana: bool
    idle: IdleWatcher | None
    touch_guard: TouchGuard | None

    # --- screens and overlays built on first use --------------------------------------
    # The first frame needs none of them (issue 17): each is built the first time anything
    # touches it, then styled, translated and spaced like the rest of the window.

    @property
    def settings(self) -> SettingsScreen:
        return self._lazy_widget("settings")

    @property
    def howto(self) -> HowToScreen:
        return self._lazy_widget("howto")

    @property
    def practice(self) -> PracticeScreen:
        return self._lazy_widget("practice")

    @property
    def idle_warning(self) -> IdleWarning:
        return self._lazy_widget("idle_warning")

    @property
    def attract_screen(self) -> AttractScreen:
        return self._lazy_widget("attract_screen")

    def built(self, name: str) -> QWidget | None:
        """The screen or overlay ``name`` if it has been built, else None (builds nothing)."""
        return self._lazy.get(name)

    def when_built(self, name: str, callback: Callable[[QWidget], object]) -> None:
        """Call ``callback(widget)`` now if ``name`` is built, else right after it is."""
        widget = self._lazy.get(name)
        if widget is not None:
            callback(widget)
        else:
            self._when_built.setdefault(name, []).append(callback)

    def _lazy_widget(self, name: str):  # noqa: ANN202 - one of the properties above
        widget = self._lazy.get(name)
        if widget is None:
            widget = self._lazy[name] = getattr(self, f"_build_{name}")()
            for callback in self._when_built.pop(name, []):
                callback(widget)
        return widget

    def _build_settings(self) -> SettingsScreen:
        from kiosk.ui.screens.settings import SettingsScreen

        screen = SettingsScreen()
        self.stack.addWidget(screen)  # type: ignore[attr-defined]
        screen.changed.connect(self.apply_preferences)
        screen.reset_requested.connect(lambda: self.apply_preferences(self.defaults))
        screen.set_sound_available(click_sound_available())
        screen.style_theme_buttons(self.theme)
        screen.show_prefs(self.prefs)
        self._space_screen(screen)
        return screen

    def _build_howto(self) -> HowToScreen:
        from kiosk.ui.screens.howto import HowToScreen

        screen = HowToScreen()
        self.stack.addWidget(screen)  # type: ignore[attr-defined]
        screen.practice_chosen.connect(lambda: self._open("practice", "start"))
        screen.retranslate()
        self._space_screen(screen)
        return screen

    def _build_practice(self) -> PracticeScreen:
        from kiosk.ui.screens.howto import PracticeScreen

        screen = PracticeScreen()
        self.stack.addWidget(screen)  # type: ignore[attr-defined]
        screen.open_step_page.connect(lambda: self._open("practice", "away"))
        screen.size_chosen.connect(
            lambda step: self.apply_preferences(replace(self.prefs, text_size=step))
        )
        screen.finished.connect(self.go_home)  # type: ignore[attr-defined]
        screen.retranslate()
        self._space_screen(screen)
        return screen

    def _build_idle_warning(self) -> IdleWarning:
        from kiosk.ui.screens.attract import IdleWarning

        overlay = IdleWarning(self)  # type: ignore[arg-type]
        overlay.continue_chosen.connect(self._continue_after_warning)
        overlay.show_countdown(self.idle.left if self.idle else 30)
        return overlay

    def _build_attract_screen(self) -> AttractScreen:
        from kiosk.ui.screens.attract import AttractScreen

        overlay = AttractScreen(self)  # type: ignore[arg-type]
        overlay.started.connect(self._leave_attract)
        return overlay

    def install_accessibility(self) -> None:
        from kiosk.ui.widgets.buttons import BigButton

        self._lazy: dict[str, QWidget] = {}
        self._when_built: dict[str, list[Callable[[QWidget], object]]] = {}
        self.furigana = False
        self.prefs = self.defaults = Preferences(
            theme=self.theme.name,
            text_size=self._step_of(self.metrics),
            lang=current_language(),
        )
        self.metrics = touch_metrics(self.metrics, screen_dpi())
        self.extra_screens = frozenset(("settings", "howto", "practice"))

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

        self.idle = None
        self.touch_guard = None
        self.click_sound: ClickSound | None = None
        self.scanner = Scanner(self)  # type: ignore[arg-type]
        self.scanner.scope = self._scan_scope

    def _scan_scope(self) -> QWidget:
        for name in ("attract_screen", "idle_warning"):
            overlay = self.built(name)
            if overlay is not None and overlay.isVisible():
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
        self.idle.tick.connect(lambda left: self.idle_warning.show_countdown(left))
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
        if (settings := self.built("settings")) is not None:
            settings.style_theme_buttons(self.theme)
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
        for screen in (self.home, self.category):
            screen.layout().setSpacing(gap)  # type: ignore[attr-defined]
        self._space_screen(self)  # type: ignore[arg-type]
        for name in ("settings", "howto", "practice"):
            if (screen := self.built(name)) is not None:
                self._space_screen(screen)

    def _space_screen(self, root: QWidget) -> None:
        """Gaps of one screen (or, for the window, of its scroll panes) at the current size."""
        from PySide6.QtWidgets import QGridLayout

        from kiosk.ui.widgets.scroll import ScrollPane

        gap = self.metrics.gap
        if root is not self:
            root.layout().setSpacing(gap)
        for pane in root.findChildren(ScrollPane):
            pane.layout().setSpacing(gap)
            # room for ▲ and ▼ one above the other, however little space the screen has
            pane.setMinimumHeight(2 * pane.up.sizeHint().height() + gap)
        if getattr(root, "groups", None) is not None:  # the settings screen's choice grids
            for grid in root.findChildren(QGridLayout):
                grid.setSpacing(gap)
        size_host = getattr(root, "size_host", None)  # the practice screen's size buttons
        if size_host is not None:
            size_host.layout().setSpacing(gap)

    def retranslate_accessibility(self) -> None:
        self.settings_button.set_text("⚙ " + _("Settings"), _("Settings"))
        # Also in English: someone who cannot read the current language must find it.
        language = _("Language")
        label = language if language == "Language" else f"{language} / Language"
        self.home_language_button.set_text(label, label)
        self.home_howto_button.set_text("？ " + _("How to use"), _("How to use"))
        if (settings := self.built("settings")) is not None:
            settings.show_prefs(self.prefs)
        for name in ("howto", "practice"):
            if (screen := self.built(name)) is not None:
                screen.retranslate()
        if (warning := self.built("idle_warning")) is not None:
            warning.show_countdown(self.idle.left if self.idle else 30)
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
        widget = getattr(self, screen)
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
        log.info("idle warning shown")

    def _continue_after_warning(self) -> None:
        if self.idle is not None and self.idle.state != "active":
            self.idle.restart()
        if (warning := self.built("idle_warning")) is not None:
            warning.hide()
        if (attract := self.built("attract_screen")) is not None and attract.isVisible():
            self._leave_attract()

    def reset_for_next_visitor(self) -> None:
        """Forget the visitor: defaults, home, no history, every scroll at the top."""
        if (warning := self.built("idle_warning")) is not None:
            warning.hide()
        self.apply_preferences(self.defaults)
        for area in self.findChildren(QAbstractScrollArea):  # type: ignore[attr-defined]
            area.verticalScrollBar().setValue(0)
        if (practice := self.built("practice")) is not None:
            practice.start()
        self.go_home()  # type: ignore[attr-defined]
        focused = QApplication.focusWidget()
        if focused is not None:  # the next visitor starts with no control highlighted
            focused.clearFocus()
        self.visitor_reset.emit()  # type: ignore[attr-defined]
        log.info("visitor reset")

    def _show_attract(self) -> None:
        place = self.place_label.text()  # type: ignore[attr-defined]
        self.attract_screen.show_notice(place, self._latest_notice())
        self.attract_screen.popup()
        log.info("screen shown: attract")

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
