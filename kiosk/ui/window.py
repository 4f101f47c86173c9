"""The main window: header with clock, one screen at a time, and a fixed navigation bar.

Back and Home sit in the same place on every screen. Navigation (ui/navigation.py) keeps a
history stack of places so Back always returns to exactly where the person was. The visitor's
side — settings, how-to, idle, scanning — is a VisitorSession (ui/visitor.py) the window owns.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.content.model import Category
from kiosk.i18n import current_language
from kiosk.i18n import gettext as _
from kiosk.ui.a11y.keys import handle_key
from kiosk.ui.a11y.prefs import IdleTimes, Preferences
from kiosk.ui.a11y.touch import screen_dpi, touch_metrics
from kiosk.ui.navigation import Navigation, Place
from kiosk.ui.read_aloud import ReadAloud
from kiosk.ui.screens.alert import AlertScreen
from kiosk.ui.screens.category import CategoryScreen
from kiosk.ui.screens.home import HomeScreen
from kiosk.ui.screens.page import PageScreen
from kiosk.ui.staged_style import StagedStyle
from kiosk.ui.theme import THEMES, Metrics, Theme, extra_style_sheet, style_sheet
from kiosk.ui.visitor import VisitorSession
from kiosk.ui.widgets.buttons import BigButton
from kiosk.ui.widgets.elided import ElidedLabel
from kiosk.ui.widgets.scroll import panes_in
from kiosk.viewmodels.alerts import ALERT_KEY_PREFIX, takeover_key
from kiosk.viewmodels.screens import ViewModels

log = logging.getLogger("kiosk.ui")
ALERT_CHECK_MS = 30_000


class KioskWindow(QWidget):
    # issue 8 (ops): (screen, detail) after every render; usage counts and take-home listen.
    navigated = Signal(str, str)

    def __init__(
        self,
        viewmodels: ViewModels,
        theme: str = "light",
        text_size: int = 1,
        town_name: str = "",
        locked: bool = False,
    ) -> None:
        super().__init__()
        if locked:  # before any child exists: later it re-polishes the whole window
            from kiosk.ui.lockdown import lock_window_flags

            lock_window_flags(self)
        self.setObjectName("kiosk-window")
        self.vms = viewmodels
        from kiosk.ui.widgets.ruby_sources import register_ruby_source

        register_ruby_source(viewmodels.store.title_ruby)  # stored furigana of content titles
        self.theme: Theme = THEMES[theme]
        # Sized for this screen's DPI from the start, so configuring the window later does not
        # style it a second time (a full style sheet pass costs tens of ms at cold start).
        self.metrics = touch_metrics(Metrics.for_step(text_size), screen_dpi())
        self.town_name = town_name
        self.navigation = Navigation()
        # The style sheet before any child exists: each child is then styled once, when it is
        # first shown, instead of once more when the sheet arrives (issue 17, cold start).
        self._set_style_sheet()

        self.header = QFrame()
        self.header.setObjectName("header")
        # issue 20: one line in every language at every size; a long place name is shortened
        # with … (the whole name stays its accessible name), the date is the short form.
        self.place_label = ElidedLabel()
        self.place_label.setProperty("role", "place")
        self.date_label = QLabel()
        self.date_label.setProperty("role", "clock")
        self.time_label = QLabel()
        self.time_label.setProperty("role", "clock")
        self.time_label.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.date_label.setAlignment(Qt.AlignmentFlag.AlignRight)
        header_row = QHBoxLayout(self.header)
        header_row.setContentsMargins(32, 12, 32, 12)
        header_row.setSpacing(24)
        header_row.addWidget(self.place_label, 1)
        header_row.addWidget(self.date_label)
        header_row.addWidget(self.time_label)

        self.home = HomeScreen()
        self.category = CategoryScreen()
        self.page = PageScreen()
        self.alert_screen = AlertScreen()
        self.stack = QStackedWidget()
        # Later theme and text-size changes: the parts on the glass first (staged_style.py).
        self.staged_style = StagedStyle(self, self.stack)
        for screen in (self.home, self.category, self.page, self.alert_screen):
            self.stack.addWidget(screen)
        self.home.category_chosen.connect(self.open_category)
        self.home.alert_chosen.connect(self.open_alert_from_banner)
        self.home.practice_chosen.connect(lambda: self.visitor.open("practice", "start"))  # a tile
        self.category.item_chosen.connect(self.open_page)
        self.alert_screen.acknowledged.connect(self.go_back)
        self._taken_over: set[str] = set()  # takeover keys already shown once

        self.navbar = QFrame()
        self.navbar.setObjectName("navbar")
        self.back_button = BigButton(name="back")
        self.home_button = BigButton(name="home")
        self.back_button.clicked.connect(self.go_back)
        self.home_button.clicked.connect(self.go_home)
        nav_row = QHBoxLayout(self.navbar)
        nav_row.setContentsMargins(32, 8, 32, 8)  # issue 20: room for the content
        nav_row.setSpacing(40)  # ≥8 mm between targets
        nav_row.addWidget(self.back_button)
        nav_row.addWidget(self.home_button)
        nav_row.addStretch(1)
        self.actions_row = nav_row  # later issues add page actions (read aloud, settings) here
        self.read_aloud = ReadAloud(self)  # read-aloud controls at the right end; pages only

        # An alert that takes over is read aloud once; an idle reset silences everything.
        self.alert_screen.speak_requested.connect(self.read_aloud.controller.speak)
        self.alert_screen.sound_requested.connect(self.read_aloud.controller.play_effect)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.navbar)
        # issue 20: header and navbar keep their height on every screen (a screen with a tall
        # size hint squeezed the bar, and every control in it moved)
        for bar in (self.header, self.navbar):
            bar.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        # Settings, how-to, idle and scanning: the visitor's side, owned here.
        defaults = Preferences(theme=theme, text_size=text_size, lang=current_language())
        self.visitor = VisitorSession(self, host=self, defaults=defaults)
        self.visitor.screen_built.connect(self.stack.addWidget)  # built on first use
        nav_row.addWidget(self.visitor.settings_button)
        self.home.add_footer_buttons(self.visitor.home_buttons())
        self.read_aloud.bind_visitor(self.visitor)  # idle reset stops reading; speed in settings

        self.clock_timer = QTimer(self)
        self.clock_timer.timeout.connect(self.update_clock)
        self.clock_timer.start(1000)
        self.alert_timer = QTimer(self)  # expiry needs no sync: look again every half minute
        self.alert_timer.timeout.connect(self.check_alerts)
        self.alert_timer.start(ALERT_CHECK_MS)
        self.apply_style()
        self.go_home()
        self.check_alerts(home_rendered=True)

    def closeEvent(self, event) -> None:  # noqa: ANN001 - Qt override
        super().closeEvent(event)
        if event.isAccepted():
            # A closed window must not keep reading the store (clock, alerts, idle, sync poll).
            for timer in self.findChildren(QTimer):
                timer.stop()
            preparer = getattr(self, "idle_preparer", None)  # kiosk/ui/idle_prepare.py
            if preparer is not None:
                preparer.stop()  # and its application-wide input filter goes too
            self.read_aloud.controller.shutdown()  # and no speech worker process outlives it

    # --- appearance ----------------------------------------------------------------------

    def apply_style(self) -> None:
        self._set_style_sheet()
        self.home.set_tile_px(self.metrics.tile)

    def _set_style_sheet(self) -> None:
        sheet = style_sheet(self.theme, self.metrics) + extra_style_sheet(self.theme, self.metrics)
        staged = getattr(self, "staged_style", None)
        if staged is not None:  # a live change: screen by screen (see staged_style.py)
            staged.set_sheet(sheet)
        elif sheet != self.styleSheet():  # the same sheet again would still restyle every child
            self.setStyleSheet(sheet)

    @property
    def current_style_sheet(self) -> str:
        """The theme's sheet in force (the window's own is the one it started with)."""
        staged = getattr(self, "staged_style", None)
        return staged.sheet if staged is not None else self.styleSheet()

    def _show(self, screen: QWidget) -> None:
        """Bring ``screen`` up, restyled first if a theme change has not reached it yet."""
        self.staged_style.ensure(screen)
        self.stack.setCurrentWidget(screen)

    def set_appearance(self, theme: str, text_size: int) -> None:
        """Re-style the whole window live: colours and every size (text, targets, gaps)."""
        styled = (self.theme, self.metrics)
        self.theme = THEMES[theme]
        self.metrics = touch_metrics(Metrics.for_step(text_size), screen_dpi())
        if (self.theme, self.metrics) != styled:  # a style sheet pass is expensive: only on change
            self.apply_style()
        self.apply_spacing(self.metrics.gap)
        self.visitor.appearance_changed(theme, text_size)
        self.refresh()

    def apply_spacing(self, gap: int) -> None:
        """Gaps between targets ≥8 mm at every size."""
        self.actions_row.setSpacing(gap)
        self.home.set_spacing(gap)
        self.category.set_spacing(gap)
        self.visitor.set_spacing(gap)
        for pane in panes_in(self):
            pane.set_spacing(gap)

    def apply_preferences(self, prefs: Preferences) -> None:
        """A visitor's choices (settings screen, tests, the idle reset): see VisitorSession."""
        self.visitor.apply_preferences(prefs)

    def configure(self, defaults: Preferences, idle: IdleTimes | None, scan_ms: int) -> None:
        """From the config: visitor defaults, idle timing (None: never), scan speed."""
        self.visitor.configure(defaults, idle, scan_ms)

    def retranslate(self) -> None:
        self.back_button.set_text("◀ " + _("Back"), _("Back"))
        self.home_button.set_text("⌂ " + _("Home"), _("Home"))
        self.place_label.setText(self.place_name())
        self.read_aloud.retranslate()
        self.update_clock()
        self.visitor.retranslate()
        self.stack.setAccessibleName(_("Screen"))

    def place_name(self) -> str:
        """The name in the header: the town's, or the kiosk's own."""
        return self.town_name or _("Hiroba information corner")

    def navigation_buttons(self) -> dict[str, BigButton]:
        """Back and Home, as the how-to screen pictures them."""
        return {"back": self.back_button, "home": self.home_button}

    def update_clock(self) -> None:
        day, time_of_day = self.vms.clock(current_language())
        if self.date_label.text() != day:
            self.date_label.setText(day)
        if self.time_label.text() != time_of_day:
            self.time_label.setText(time_of_day)

    # --- navigation ----------------------------------------------------------------------

    @property
    def current(self) -> Place:
        return self.navigation.place

    def go_home(self) -> None:
        self.navigation.home()
        self.home.area.verticalScrollBar().setValue(0)  # issue 20: the alert banner shows
        self._render()

    def go_back(self) -> None:
        self.navigation.back()
        self._render()

    def open_screen(self, screen: str, argument: object = None) -> None:
        """Go forward to ``screen`` (one of the window's or the visitor session's)."""
        self.navigation.open(screen, argument)
        self._render()

    def open_category(self, category: Category | object) -> None:  # or a declared Service
        self.open_screen("category", category)

    def open_page(self, item_key: str) -> None:
        if item_key.startswith(ALERT_KEY_PREFIX):  # alert rows in the disaster category
            self.open_alert(item_key[len(ALERT_KEY_PREFIX) :])
            return
        self.open_screen("page", item_key)

    def open_alert(self, alert_id: str) -> None:
        self.open_screen("alert", alert_id)

    def open_alert_from_banner(self, alert_id: str) -> None:
        """issue 20: an alert opened from the home banner is read aloud at once (what it is
        and what to do), like a takeover; leaving the alert stops it."""
        self.open_alert(alert_id)
        if self.current.screen == "alert":
            self.read_aloud.read_alert()

    def refresh(self) -> None:
        """Re-read the current screen from the store (after a sync or a language change)."""
        self._render()
        self.check_alerts(home_rendered=True)

    def refresh_after_sync(self, _results: object = None) -> None:
        """A background sync finished (delivered on the UI thread by ui/sync_bridge.py)."""
        self.refresh()
        log.info("sync done: screen refreshed")

    def check_alerts(self, home_rendered: bool = False) -> None:
        """Take over the screen for a new alert at or above the configured severity; leave the
        alert screen when its alert is cancelled or expired; keep the home banner current
        (``home_rendered``: the caller has just rendered it from the store, once is enough)."""
        lang = current_language()
        alerts = self.vms.alert_vms
        top = alerts.takeover()
        showing = self.current.screen == "alert"
        if top is not None and takeover_key(top) not in self._taken_over:
            self._taken_over.add(takeover_key(top))
            self.visitor.make_way_for_alert()  # not under the attract screen or idle warning
            if not (showing and self.current.argument == top.id):
                self.navigation.open("alert", top.id)
            self._render()
            log.info("alert takeover: %s", top.id)
            self.alert_screen.announce(lang)
            return
        if showing and alerts.alert(str(self.current.argument), lang) is None:
            self._render()  # the alert is gone: back to where the person was (see _render)
        elif self.current.screen == "home" and not home_rendered:
            self._render()  # keeps the banner current

    def show_takeover_in_force(self) -> bool:
        """After an idle reset: a warning that took over the screen and is still in force is
        the first thing the next visitor sees (without reading it aloud to an empty room)."""
        top = self.vms.alert_vms.takeover()
        if top is None:
            return False
        if not (self.current.screen == "alert" and self.current.argument == top.id):
            self.open_alert(top.id)
        return True

    def _screen_widget(self, screen: str) -> QWidget | None:
        """The widget that shows ``screen`` (a visitor screen is built if needed)."""
        if screen in self.visitor.SCREENS:
            return self.visitor.screen(screen)
        return {
            "home": self.home,
            "category": self.category,
            "page": self.page,
            "alert": self.alert_screen,
        }.get(screen)

    def _render(self) -> None:
        lang = current_language()
        place = self.current
        target = self._screen_widget(place.screen)
        if target is not None:
            # Restyled before it is filled, not only before it shows: its fonts decide how the
            # content is laid out (a page's readings are sized from the reader's font).
            self.staged_style.ensure(target)
        self.retranslate()
        if place.screen == "home":
            self.home.show_vm(self.vms.home(lang))
            self._show(self.home)
        elif place.screen == "category":  # a Category, or a declared Service (site menu)
            self.category.furigana = self.visitor.furigana
            self.category.show_vm(self.vms.category(place.argument, lang))
            self._show(self.category)
        elif place.screen == "page":
            page_vm = self.vms.page(str(place.argument), lang)
            if page_vm is None:  # gone after a sync: fall back to where we came from
                self.go_back()
                return
            self.page.show_vm(page_vm, self.theme, self.metrics, furigana=self.visitor.furigana)
            self._show(self.page)
        elif place.screen in self.visitor.SCREENS:
            self._show(self.visitor.render(place))
        elif place.screen == "alert":
            alert_vm = self.vms.alert_vms.alert(str(place.argument), lang)
            if alert_vm is None:  # cancelled or expired: back to where the person was
                self.go_back()
                return
            self.alert_screen.show_vm(alert_vm, self.theme, self.metrics)
            frame, margins = self.navbar.contentsMargins(), self.actions_row.contentsMargins()
            self.alert_screen.match_navbar(  # issue 20: OK where the bar's buttons are
                self.navbar.sizeHint().height(),
                frame.top() + margins.top(),
                frame.bottom() + margins.bottom(),
            )
            self._show(self.alert_screen)
        # The alert screen has one way out, its own big OK button.
        self.navbar.setVisible(place.screen != "alert")
        self.back_button.setEnabled(self.navigation.can_go_back)
        self.home_button.setEnabled(place.screen != "home")
        self.visitor.settings_button.setEnabled(place.screen != "settings")
        self.read_aloud.place_changed(place.screen, place.argument)
        # No log line here: a timestamp per screen change, joined with the per-day page counts,
        # would tell who read what when. Operations logs navigation as counts (issue 16).
        # issue 8 (ops): tell listeners what is shown; detail is a category id or item key.
        detail = getattr(place.argument, "value", place.argument)
        self.navigated.emit(place.screen, "" if detail is None else str(detail))

    # --- keyboard -----------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if not handle_key(event, self.focusNextPrevChild):
            super().keyPressEvent(event)
