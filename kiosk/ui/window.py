"""The main window: header with clock, one screen at a time, and a fixed navigation bar.

Back and Home sit in the same place on every screen. Navigation keeps a history stack of
(screen, argument) so Back always returns to exactly where the person was.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QStackedWidget, QVBoxLayout, QWidget

from kiosk.content.model import Category
from kiosk.i18n import current_language
from kiosk.i18n import gettext as _
from kiosk.ui.a11y.touch import screen_dpi, touch_metrics
from kiosk.ui.navigation import Place
from kiosk.ui.read_aloud import ReadAloud
from kiosk.ui.screens.alert import AlertScreen
from kiosk.ui.screens.category import CategoryScreen
from kiosk.ui.screens.home import HomeScreen
from kiosk.ui.screens.page import PageScreen
from kiosk.ui.theme import THEMES, Metrics, Theme, extra_style_sheet, style_sheet
from kiosk.ui.visitor import AccessibilityMixin
from kiosk.ui.widgets.buttons import BigButton
from kiosk.viewmodels.alerts import ALERT_KEY_PREFIX, takeover_key
from kiosk.viewmodels.screens import ViewModels

log = logging.getLogger("kiosk.ui")
ALERT_CHECK_MS = 30_000


class KioskWindow(AccessibilityMixin, QWidget):
    # issue 8 (ops): (screen, detail) after every render; usage counts and take-home listen.
    navigated = Signal(str, str)
    visitor_reset = Signal()  # idle reset: speech stops, settings return to defaults

    def __init__(
        self,
        viewmodels: ViewModels,
        theme: str = "light",
        text_size: int = 1,
        town_name: str = "",
    ) -> None:
        super().__init__()
        self.setObjectName("kiosk-window")
        self.vms = viewmodels
        from kiosk.ui.widgets.ruby import register_ruby_source

        register_ruby_source(viewmodels.store.title_ruby)  # stored furigana of content titles
        self.theme: Theme = THEMES[theme]
        # Sized for this screen's DPI from the start, so configuring the window later does not
        # style it a second time (a full style sheet pass costs tens of ms at cold start).
        self.metrics = touch_metrics(Metrics.for_step(text_size), screen_dpi())
        self.town_name = town_name
        self.history: list[Place] = []

        self.header = QFrame()
        self.header.setObjectName("header")
        self.place_label = QLabel()
        self.place_label.setProperty("role", "place")
        self.place_label.setWordWrap(True)
        self.date_label = QLabel()
        self.date_label.setProperty("role", "clock")
        self.time_label = QLabel()
        self.time_label.setProperty("role", "clock")
        self.time_label.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.date_label.setAlignment(Qt.AlignmentFlag.AlignRight)
        clock = QVBoxLayout()
        clock.setSpacing(0)
        clock.addWidget(self.date_label)
        clock.addWidget(self.time_label)
        header_row = QHBoxLayout(self.header)
        header_row.setContentsMargins(32, 12, 32, 12)
        header_row.addWidget(self.place_label, 1)
        header_row.addLayout(clock)

        self.home = HomeScreen()
        self.category = CategoryScreen()
        self.page = PageScreen()
        self.alert_screen = AlertScreen()
        self.stack = QStackedWidget()
        for screen in (self.home, self.category, self.page, self.alert_screen):
            self.stack.addWidget(screen)
        self.home.category_chosen.connect(self.open_category)
        self.home.alert_chosen.connect(self.open_alert)
        self.home.practice_chosen.connect(lambda: self._open("practice", "start"))  # a tile
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
        nav_row.setContentsMargins(32, 16, 32, 16)
        nav_row.setSpacing(40)  # ≥8 mm between targets
        nav_row.addWidget(self.back_button)
        nav_row.addWidget(self.home_button)
        nav_row.addStretch(1)
        self.actions_row = nav_row  # later issues add page actions (read aloud, settings) here
        self.read_aloud = ReadAloud(self)  # read-aloud controls at the right end; pages only
        # An alert that takes over is read aloud once; an idle reset silences everything.
        self.alert_screen.speak_requested.connect(self.read_aloud.controller.speak)
        self.visitor_reset.connect(self.read_aloud.controller.stop)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.navbar)

        self.install_accessibility()  # settings, how-to, idle, scanning (visitor.py)

        self.clock_timer = QTimer(self)
        self.clock_timer.timeout.connect(self.update_clock)
        self.clock_timer.start(1000)
        self.alert_timer = QTimer(self)  # expiry needs no sync: look again every half minute
        self.alert_timer.timeout.connect(self.check_alerts)
        self.alert_timer.start(ALERT_CHECK_MS)
        self.apply_style()
        self.go_home()
        self.check_alerts()

    def closeEvent(self, event) -> None:  # noqa: ANN001 - Qt override
        super().closeEvent(event)
        if event.isAccepted():
            # A closed window must not keep reading the store (clock, alerts, idle, sync poll).
            for timer in self.findChildren(QTimer):
                timer.stop()
            self.read_aloud.controller.shutdown()  # and no speech worker process outlives it

    # --- appearance ----------------------------------------------------------------------

    def apply_style(self) -> None:
        self.setStyleSheet(
            style_sheet(self.theme, self.metrics) + extra_style_sheet(self.theme, self.metrics)
        )
        self.home.set_tile_px(self.metrics.tile)

    def retranslate(self) -> None:
        self.back_button.set_text("◀ " + _("Back"), _("Back"))
        self.home_button.set_text("⌂ " + _("Home"), _("Home"))
        self.place_label.setText(self.town_name or _("Hiroba information corner"))
        self.read_aloud.retranslate()
        self.update_clock()
        self.retranslate_accessibility()

    def update_clock(self) -> None:
        day, time_of_day = self.vms.clock(current_language())
        if self.date_label.text() != day:
            self.date_label.setText(day)
        if self.time_label.text() != time_of_day:
            self.time_label.setText(time_of_day)

    # --- navigation ----------------------------------------------------------------------

    @property
    def current(self) -> Place:
        return self.history[-1]

    def go_home(self) -> None:
        self.history = [Place("home")]
        self._render()

    def go_back(self) -> None:
        if len(self.history) > 1:
            self.history.pop()
        self._render()

    def open_category(self, category: Category | object) -> None:  # or a declared Service
        self.history.append(Place("category", category))
        self._render()

    def open_page(self, item_key: str) -> None:
        if item_key.startswith(ALERT_KEY_PREFIX):  # alert rows in the disaster category
            self.open_alert(item_key[len(ALERT_KEY_PREFIX) :])
            return
        self.history.append(Place("page", item_key))
        self._render()

    def open_alert(self, alert_id: str) -> None:
        self.history.append(Place("alert", alert_id))
        self._render()

    def refresh(self) -> None:
        """Re-read the current screen from the store (after a sync or a language change)."""
        self._render()
        self.check_alerts()

    def check_alerts(self) -> None:
        """Take over the screen for a new alert at or above the configured severity; leave the
        alert screen when its alert is cancelled or expired; keep the home banner current."""
        lang = current_language()
        alerts = self.vms.alert_vms
        top = alerts.takeover()
        showing = self.current.screen == "alert"
        if top is not None and takeover_key(top) not in self._taken_over:
            self._taken_over.add(takeover_key(top))
            if not (showing and self.current.argument == top.id):
                self.history.append(Place("alert", top.id))
            self._render()
            log.info("alert takeover: %s", top.id)
            self.alert_screen.announce(lang)
            return
        if showing and alerts.alert(str(self.current.argument), lang) is None:
            self._render()  # the alert is gone: back to where the person was (see _render)
        elif self.current.screen == "home":
            self._render()  # keeps the banner current

    def _render(self) -> None:
        lang = current_language()
        place = self.current
        self.retranslate()
        if place.screen == "home":
            self.home.show_vm(self.vms.home(lang))
            self.stack.setCurrentWidget(self.home)
        elif place.screen == "category":
            vm = self.vms.category(place.argument, lang)  # type: ignore[arg-type]
            self.category.show_vm(vm)
            self.stack.setCurrentWidget(self.category)
        elif place.screen == "page":
            page_vm = self.vms.page(str(place.argument), lang)
            if page_vm is None:  # gone after a sync: fall back to where we came from
                self.history.pop()
                self._render()
                return
            self.page.show_vm(page_vm, self.theme, self.metrics, furigana=self.furigana)
            self.stack.setCurrentWidget(self.page)
        elif place.screen in self.extra_screens:
            self.render_extra(place.screen, place.argument)
        elif place.screen == "alert":
            alert_vm = self.vms.alert_vms.alert(str(place.argument), lang)
            if alert_vm is None:  # cancelled or expired: back to where the person was
                self.history.pop()
                self._render()
                return
            self.alert_screen.show_vm(alert_vm, self.theme, self.metrics)
            self.stack.setCurrentWidget(self.alert_screen)
        # The alert screen has one way out, its own big OK button.
        self.navbar.setVisible(place.screen != "alert")
        self.back_button.setEnabled(len(self.history) > 1)
        self.home_button.setEnabled(place.screen != "home")
        self.settings_button.setEnabled(place.screen != "settings")
        self.read_aloud.place_changed(place.screen, place.argument)
        log.info("screen shown: %s", place.screen)
        # issue 8 (ops): tell listeners what is shown; detail is a category id or item key.
        detail = getattr(place.argument, "value", place.argument)
        self.navigated.emit(place.screen, "" if detail is None else str(detail))
