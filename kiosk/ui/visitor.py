"""The visitor's side of the kiosk (issue 7): settings, how-to and practice screens, the idle
warning and attract screen, one-switch scanning, the click sound, and forgetting the visitor.

``VisitorSession`` is a QObject owned by KioskWindow. It holds the visitor's preferences and
the defaults they return to, and reaches the window only through its public methods
(``open_screen``, ``go_home``, ``refresh``, ``set_appearance``, ``navigation_buttons`` …).
The window places the widgets it makes (screens, buttons) and asks it to render its screens.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Protocol, TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QGridLayout, QWidget

from kiosk.i18n import current_language, set_language
from kiosk.i18n import gettext as _
from kiosk.ui.a11y.idle import IdleWatcher
from kiosk.ui.a11y.prefs import IdleTimes, Preferences
from kiosk.ui.a11y.scanning import Scanner
from kiosk.ui.a11y.touch import ClickSound, TouchGuard, click_sound_available, install_touch_guard
from kiosk.ui.navigation import Place
from kiosk.ui.theme import Metrics, Theme
from kiosk.ui.visitor_idle import VisitorIdle
from kiosk.ui.widgets.buttons import BigButton
from kiosk.viewmodels.screens import ViewModels

if TYPE_CHECKING:
    from kiosk.ui.screens.attract import AttractScreen, IdleWarning
    from kiosk.ui.screens.howto import HowToScreen
    from kiosk.ui.screens.practice import PracticeScreen
    from kiosk.ui.screens.settings import SettingsScreen
    from kiosk.ui.staged_style import StagedStyle

OverlayT = TypeVar("OverlayT", bound=QWidget)

log = logging.getLogger("kiosk.ui")


class VisitorHost(Protocol):
    """What the session needs from its window (KioskWindow), and nothing more."""

    theme: Theme
    metrics: Metrics
    vms: ViewModels
    navbar: QWidget
    staged_style: StagedStyle

    def open_screen(self, screen: str, argument: object = None) -> None: ...
    def go_home(self) -> None: ...
    def refresh(self) -> None: ...
    def set_appearance(self, theme: str, text_size: int) -> None: ...
    def place_name(self) -> str: ...
    def show_takeover_in_force(self) -> bool: ...
    @property
    def current(self) -> Place: ...
    def navigation_buttons(self) -> dict[str, BigButton]: ...


class VisitorSession(QObject, VisitorIdle):
    """One visitor's choices and the screens that change them; reset after every visitor."""

    visitor_reset = Signal()  # idle reset: speech stops, settings return to defaults
    screen_built = Signal(QWidget)  # a screen made here now exists: the window places it
    SCREENS = ("settings", "howto", "practice")

    def __init__(self, window: QWidget, host: VisitorHost, defaults: Preferences) -> None:
        """``window``: the widget the overlays cover and the idle, scanning and touch filters
        watch. ``host``: the same KioskWindow, seen through the calls the session makes."""
        super().__init__(window)
        self.widget = window
        self.window = host
        self.prefs = self.defaults = defaults
        self.closed = False  # outside opening hours (set by the staff operations)
        self._styled = False  # the first preferences always style the window
        # Built on first use (issue 17): half the kiosk's widgets live on these screens, and
        # building and styling them cost the cold start for screens most visitors never open.
        self._settings: SettingsScreen | None = None
        self._howto: HowToScreen | None = None
        self._practice: PracticeScreen | None = None
        self._idle_warning: IdleWarning | None = None
        self._attract: AttractScreen | None = None
        self._spacing: int | None = None
        self._settings_hooks: list[Callable[[SettingsScreen], None]] = []

        self.settings_button = BigButton(name="settings")
        self.settings_button.clicked.connect(lambda: self.open_settings())
        self.home_language_button = BigButton(name="home-language")
        self.home_language_button.clicked.connect(lambda: self.open_settings("lang"))
        self.home_howto_button = BigButton(name="home-howto")
        self.home_howto_button.clicked.connect(lambda: self.open("howto"))

        self.idle: IdleWatcher | None = None
        self.touch_guard: TouchGuard | None = None
        self.click_sound: ClickSound | None = None
        self.scanner = Scanner(window)
        self.scanner.scope = self._scan_scope

    # --- screens built on first use -----------------------------------------------------

    @property
    def settings(self) -> SettingsScreen:
        if self._settings is None:
            from kiosk.ui.screens.settings import SettingsScreen

            screen = SettingsScreen()
            screen.changed.connect(self.apply_preferences)
            screen.reset_requested.connect(lambda: self.apply_preferences(self.defaults))
            screen.set_sound_available(click_sound_available())
            self._settings = screen
            self._built(screen)
            screen.style_theme_buttons(self.window.theme)
            screen.show_prefs(self.prefs)
            for hook in self._settings_hooks:
                hook(screen)
        return self._settings

    @property
    def howto(self) -> HowToScreen:
        if self._howto is None:
            from kiosk.ui.screens.howto import HowToScreen

            screen = HowToScreen()
            screen.practice_chosen.connect(lambda: self.open("practice", "start"))
            self._howto = screen
            self._built(screen)
            screen.retranslate()
        return self._howto

    @property
    def practice(self) -> PracticeScreen:
        if self._practice is None:
            from kiosk.ui.screens.practice import PracticeScreen

            screen = PracticeScreen()
            screen.open_step_page.connect(lambda: self.open("practice", "away"))
            screen.size_chosen.connect(
                lambda step: self.apply_preferences(replace(self.prefs, text_size=step))
            )
            screen.finished.connect(self.window.go_home)
            screen.read_aloud_requested.connect(self._read_practice_text)
            self._practice = screen
            self._built(screen)
            screen.retranslate()
        return self._practice

    @property
    def idle_warning(self) -> IdleWarning:
        if self._idle_warning is None:
            from kiosk.ui.screens.attract import IdleWarning

            self._idle_warning = IdleWarning(self.widget)
            self._idle_warning.continue_chosen.connect(self._continue_after_warning)
            self._idle_warning.show_countdown(self.idle.left if self.idle else 30)
        return self._idle_warning

    @property
    def attract_screen(self) -> AttractScreen:
        if self._attract is None:
            from kiosk.ui.screens.attract import AttractScreen

            self._attract = AttractScreen(self.widget)
            self._attract.started.connect(self._leave_attract)
        return self._attract

    @property
    def screens(self) -> dict[str, QWidget]:
        """The screens made here that exist so far (see ``screen`` and ``SCREENS``)."""
        built = {"settings": self._settings, "howto": self._howto, "practice": self._practice}
        return {name: screen for name, screen in built.items() if screen is not None}

    def screen(self, name: str) -> QWidget:
        """One of ``SCREENS``, built if needed."""
        return {"settings": self.settings, "howto": self.howto, "practice": self.practice}[name]

    def with_settings(self, hook: Callable[[SettingsScreen], None]) -> None:
        """Run ``hook`` on the settings screen once it exists (now, if it does)."""
        self._settings_hooks.append(hook)
        if self._settings is not None:
            hook(self._settings)

    def _built(self, screen: QWidget) -> None:
        if self._spacing is not None:
            self._space(screen, self._spacing)
        self.screen_built.emit(screen)

    @property
    def furigana(self) -> bool:
        return self.prefs.furigana

    def home_buttons(self) -> list[QWidget]:
        """How-to and language, under the home tiles."""
        return [self.home_howto_button, self.home_language_button]

    def _scan_scope(self) -> QWidget:
        for overlay in (self._attract, self._idle_warning):
            if overlay is not None and overlay.isVisible():
                return overlay
        return self.widget

    def configure(self, defaults: Preferences, idle: IdleTimes | None, scan_ms: int) -> None:
        """From the config: the visitor defaults, idle timing (None: never), scan speed."""
        self.defaults = defaults
        self.scanner.set_interval(scan_ms)
        if self.touch_guard is None and QApplication.instance() is not None:
            self.touch_guard = install_touch_guard(self.widget)
        self.set_idle_times(idle)
        self.apply_preferences(defaults)

    # --- preferences --------------------------------------------------------------------

    def apply_preferences(self, prefs: Preferences) -> None:
        old = self.prefs
        if prefs.lang != current_language():
            set_language(prefs.lang)
        self.prefs = prefs
        self.scanner.set_active(prefs.scanning)
        self._set_click_sound(prefs.click_sound)
        if not self._styled or (prefs.theme, prefs.text_size) != (old.theme, old.text_size):
            self._styled = True
            self.window.set_appearance(prefs.theme, prefs.text_size)
        else:
            self.window.refresh()

    def appearance_changed(self, theme: str, text_size: int) -> None:
        """The window re-styled itself: keep the preferences and the settings screen in step."""
        self.prefs = replace(self.prefs, theme=theme, text_size=text_size)
        if self._settings is not None:
            self._settings.style_theme_buttons(self.window.theme)

    def set_language_live(self, lang: str) -> None:
        set_language(lang)
        self.prefs = replace(self.prefs, lang=lang)
        self.window.refresh()  # render → retranslate → every screen

    def _set_click_sound(self, on: bool) -> None:
        if on and self.click_sound is None:
            self.click_sound = ClickSound(self.window.read_aloud.controller.play_effect)
        if self.touch_guard is not None:
            self.touch_guard.sound = self.click_sound if on else None

    def set_spacing(self, gap: int) -> None:
        """Gaps between targets ≥8 mm at every size, on the screens made here."""
        self._spacing = gap
        for screen in self.screens.values():
            self._space(screen, gap)

    def _space(self, screen: QWidget, gap: int) -> None:
        screen.layout().setSpacing(gap)
        from kiosk.ui.widgets.scroll import ScrollPane

        # a screen built on first use missed the window's pass over its panes: without this
        # its scroll area was 30 px wider (settings' columns and controls differed by history)
        for pane in screen.findChildren(ScrollPane):
            pane.set_spacing(gap)
        if screen is self._settings:
            for grid in screen.findChildren(QGridLayout):
                grid.setSpacing(gap)
        if screen is self._practice:
            self._practice.size_host.layout().setSpacing(gap)

    def retranslate(self) -> None:
        self.settings_button.set_text("⚙ " + _("Settings"), _("Settings"))
        # Also in English: someone who cannot read the current language must find it.
        language = _("Language")
        label = language if language == "Language" else f"{language} / Language"
        self.home_language_button.set_text(label, label)
        self.home_howto_button.set_text("？ " + _("How to use"), _("How to use"))
        if self._settings is not None:
            self._settings.show_prefs(self.prefs)
        for screen in (self._howto, self._practice):
            if screen is not None:
                screen.retranslate()
        if self._idle_warning is not None:
            self._idle_warning.show_countdown(self.idle.left if self.idle else 30)

    # --- the screens made here ----------------------------------------------------------

    def open_settings(self, section: str = "") -> None:
        self.open("settings", section)

    def open_howto(self) -> None:
        self.open("howto")

    def open(self, screen: str, argument: object = None) -> None:
        if screen == "practice" and argument == "start":
            self.practice.start()
        self.window.open_screen(screen, argument)

    def render(self, place: Place) -> QWidget:
        """Fill one of this session's screens for ``place``; the window shows it."""
        if place.screen == "settings":
            self.settings.show_prefs(self.prefs)
            self.settings.set_columns_for_width(self.window.metrics.body * 14 > self.widget.width())
            section = str(place.argument or "")
            heading = self.settings.headings.get(section)
            if heading is not None:
                self.settings.show_section(section)  # issue 20: after the layout
                buttons = self.settings.groups[section]
                current = buttons.get(self.prefs.lang) or next(iter(buttons.values()))
                current.setFocus()
        elif place.screen == "howto":
            from kiosk.ui.screens.howto import button_pictures

            self.howto.show_pictures(*button_pictures(self.window, self.settings_button))
        elif place.screen == "practice":
            self.practice.show_place(place.argument)
        return self.screen(place.screen)

    def _read_practice_text(self, text: str) -> None:
        """The practice's read-aloud step speaks through the kiosk's one voice; leaving the
        practice stops it as leaving a page does (kiosk.ui.read_aloud.place_changed)."""
        read_aloud = getattr(self.window, "read_aloud", None)
        if read_aloud is not None:
            read_aloud.controller.speak(text, current_language(), owner=self.practice)

    # --- idle ---------------------------------------------------------------------------

    def _restyled(self, overlay: OverlayT) -> OverlayT:
        """``overlay`` in the current theme and size before it is filled: a change (the idle
        reset's defaults) may still be on its way to it, a part at a time."""
        self.window.staged_style.ensure(overlay)
        return overlay

    def reset_for_next_visitor(self) -> None:
        """Forget the visitor: defaults, home, no history, every scroll at the top."""
        self.resetting_visitor = True  # the defaults coming back are nobody's choice (usage)
        try:
            self._reset_for_next_visitor()
        finally:
            self.resetting_visitor = False
        self.visitor_reset.emit()

    def _reset_for_next_visitor(self) -> None:
        if self._idle_warning is not None:
            self._idle_warning.hide()
        self.apply_preferences(self.defaults)
        for area in self.widget.findChildren(QAbstractScrollArea):
            area.verticalScrollBar().setValue(0)
        if self._practice is not None:
            self._practice.start()
        self.window.go_home()
        self.window.show_takeover_in_force()
        focused = QApplication.focusWidget()
        if focused is not None:  # the next visitor starts with no control highlighted
            focused.clearFocus()
