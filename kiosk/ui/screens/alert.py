"""Alert takeover: the warning in the largest type, where, what to do, when — and one big OK.

Shown over whatever screen was open when an alert at or above the configured severity comes in
for this kiosk's area (see KioskWindow.check_alerts). OK returns to where the person was.
Asks for a chime (``sound_requested``) and for the text to be read aloud (``speak_requested``);
the window plays both through the speech worker process.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QFrame, QHBoxLayout, QSizePolicy, QVBoxLayout, QWidget

from kiosk.config import ASSETS
from kiosk.i18n import gettext as _
from kiosk.ui.theme import BUTTON_BOX_PX, RING_PX, Metrics, Theme
from kiosk.ui.widgets.buttons import BigButton
from kiosk.ui.widgets.ruby import RubyLabel
from kiosk.ui.widgets.scroll import ScrollPane, vertical_scroll_area
from kiosk.viewmodels.alerts import AlertVM

log = logging.getLogger("kiosk.ui.alert")
CHIME = ASSETS / "sounds" / "alert-chime.wav"
LINE_HEIGHT_PERCENT = 150
MAX_LINE_CHARS = 40
SHORT_BELOW_LINES = 14  # a window fewer body lines tall gets the smaller band
HUGE_MIN_PX = 72  # the event line: never smaller than this, whatever the text size
OK_MIN_PX = 40  # beside the read-aloud bar OK's label shrinks to fit, never below this
OK_BOX_PX = 2 * 3 + 2 * 24 + 8  # border, padding (theme.py) and a little air
OK_AIR_PX = 3  # between OK's letters and its focus ring, above and below


def _label(role: str, name: str) -> RubyLabel:
    """A wrapping label: lines break between phrases, line height ≥1.5 (RubyLabel)."""
    label = RubyLabel()
    label.setObjectName(name)
    label.setProperty("role", role)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    return label


def _set_paragraphs(label: RubyLabel, value: str) -> None:
    label.setText(value)
    label.setProperty("plain", value)


class AlertScreen(QWidget):
    speak_requested = Signal(str, str)  # text, language — read aloud once per takeover
    chimed = Signal()  # the chime was started (or would have been, without audio support)
    # (wav file, volume): the window plays it through the speech worker's loudspeaker
    sound_requested = Signal(object, int)
    acknowledged = Signal()  # the OK button
    screen_name = "alert"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vm: AlertVM | None = None
        self.band = QFrame()
        self.band.setObjectName("alert-band")
        self.event_label = _label("alert-event", "alert-event")
        self.area = _label("alert-area", "alert-area")
        band_layout = QVBoxLayout(self.band)
        band_layout.setContentsMargins(32, 20, 32, 20)
        band_layout.setSpacing(8)
        band_layout.addWidget(self.event_label)
        band_layout.addWidget(self.area)

        self.headline = _label("alert-text", "alert-headline")
        self.todo_heading = _label("alert-heading", "alert-todo-heading")
        self.instruction = _label("alert-instruction", "alert-instruction")
        self.description = _label("alert-text", "alert-description")
        self.issued = _label("muted", "alert-issued")
        body = QWidget()
        body.setObjectName("alert-body")
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(8, 8, 20, 8)
        body_layout.setSpacing(20)
        # Everything scrolls but OK, so at 200 % text on a small screen nothing is cut off and
        # the warning itself is always what shows first.
        body_layout.addWidget(self.band)
        body_layout.addWidget(self.issued)
        for widget in (self.headline, self.todo_heading, self.instruction, self.description):
            body_layout.addWidget(widget)
        body_layout.addStretch(1)
        self.scroll_area = vertical_scroll_area(body)
        self.scroll = ScrollPane(self.scroll_area)

        self.ok_button = BigButton(name="alert-ok")
        self.ok_button.setProperty("role", "alert-ok")
        self.ok_button.clicked.connect(lambda: self.acknowledged.emit())
        # OK takes the strip's width left of the read-aloud bar, whatever its label; the label
        # then gets the largest size that fits (fit_ok), so it is never cut (pt-BR at 200 %).
        policy = self.ok_button.sizePolicy()
        policy.setHorizontalPolicy(QSizePolicy.Policy.Ignored)
        self.ok_button.setSizePolicy(policy)
        self.ok_button.installEventFilter(self)
        self._ok_px = 0  # 0: the title size
        self._look: tuple[Theme, Metrics] | None = None

        # OK sits in a strip as tall as the navigation bar it replaces, so the scrolling part
        # and ▲ ▼ have exactly the place they have on every other screen; the read-aloud bar
        # docks at its right, where it sits in the navigation bar (see dock).
        self.ok_strip = QWidget()
        self.ok_strip.setObjectName("alert-ok-strip")
        strip = QHBoxLayout(self.ok_strip)
        strip.setContentsMargins(0, 0, 0, 0)
        strip.addWidget(self.ok_button, 1, Qt.AlignmentFlag.AlignVCenter)
        self.bar_slot = QWidget()  # OK keeps the strip's full height; the bar has margins
        QVBoxLayout(self.bar_slot).setContentsMargins(0, 0, 0, 0)
        strip.addWidget(self.bar_slot)
        self.bar_slot.hide()
        self._strip_margins = (0, 0)  # above and below OK (match_navbar)
        self._bar_margins = (0, 0, 0)  # right, top, bottom of the docked bar (dock)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 0)
        layout.setSpacing(24)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(self.ok_strip)

    def style_for(self, theme: Theme, metrics: Metrics) -> str:
        """The screen's own sizes: the event in the largest type the kiosk uses."""
        band, band_text = (theme.alert, theme.alert_text)
        if self._drill:
            band, band_text = theme.drill, theme.drill_text
        huge = max(metrics.title, HUGE_MIN_PX)
        area = metrics.title
        window = self.window()
        if window is not None and 0 < window.height() < SHORT_BELOW_LINES * metrics.body:
            # 200 % on a short screen: the band smaller, so what to do shows too (issue 20)
            huge = max(HUGE_MIN_PX, round(metrics.body * 1.15))
            area = metrics.body
        return f"""
        QFrame#alert-band {{ background: {band}; border: 4px solid {band_text};
                             border-radius: 12px; }}
        QFrame#alert-band QLabel {{ color: {band_text}; }}
        QLabel#alert-event {{ font-size: {huge}px; font-weight: bold; }}
        QLabel#alert-area {{ font-size: {area}px; font-weight: bold; }}
        QLabel#alert-todo-heading {{ font-size: {metrics.title}px; font-weight: bold; }}
        QLabel#alert-instruction {{ font-size: {metrics.title}px; font-weight: bold;
                                    border-left: 8px solid {theme.alert}; padding-left: 16px; }}
        QPushButton#alert-ok {{ font-size: {self._ok_px or metrics.title}px;
                                min-height: {metrics.target - BUTTON_BOX_PX}px;
                                max-height: {metrics.target - BUTTON_BOX_PX}px; }}
        """

    def _ok_fit(self, metrics: Metrics) -> int:
        """The largest label size up to the title's at which OK's label fits its width, and
        its letters fit inside the focus ring (OK is as tall as the navigation bar's buttons)."""
        width = self.ok_button.width() - OK_BOX_PX
        if not self.ok_button.isVisible() or width <= 0:
            return self._ok_px  # not laid out yet: keep what it was
        height = metrics.target - 2 * (RING_PX + OK_AIR_PX)
        font = QFont(self.ok_button.font())
        text = _("OK, I understand")
        for px in range(metrics.title, OK_MIN_PX, -2):
            font.setPixelSize(px)
            fm = QFontMetrics(font)
            if (
                fm.horizontalAdvance(text) <= width
                and fm.tightBoundingRect(text).height() <= height
            ):
                return px if px < metrics.title else 0
        return OK_MIN_PX

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self.ok_button and event.type() == QEvent.Type.Resize and self._look:
            theme, metrics = self._look
            fitted = self._ok_fit(metrics)
            if fitted != self._ok_px:  # OK's width does not follow its label: no loop
                self._ok_px = fitted
                self.setStyleSheet(self.style_for(theme, metrics))
        return False

    def match_navbar(self, height: int, top: int = 0, bottom: int = 0) -> None:
        """The OK strip takes the navigation bar's height (the window hides the bar here), and
        OK the place and height of the bar's buttons: ``top``/``bottom`` px from the strip's
        edges (the bar's border and margins), so its focus ring is never cut by the window's
        edge (it touched the bottom at 1280×800, issue 20)."""
        self.ok_strip.setFixedHeight(height)
        self._strip_margins = (top, bottom)
        self._place_strip()

    def _place_strip(self) -> None:
        """OK and the docked bar, each ``_strip_margins`` / ``_bar_margins`` from the strip's
        top and bottom edges; the bar ``right`` px from its right edge."""
        top, bottom = self._strip_margins
        right, bar_top, bar_bottom = self._bar_margins
        self.ok_strip.layout().setContentsMargins(0, top, right, bottom)
        # the bar's margins are measured from the strip's edges, as in the navigation bar
        self.bar_slot.layout().setContentsMargins(
            0, max(0, bar_top - top), 0, max(0, bar_bottom - bottom)
        )

    def dock(self, bar: QWidget, right: int, top: int, bottom: int, spacing: int) -> None:
        """Put the read-aloud ``bar`` right of OK, ``right`` px from the strip's right edge
        (where Settings and its gap are in the navigation bar), ``top``/``bottom`` px from
        the strip's edges as in the navigation bar: the same place and size as there."""
        self._bar_margins = (right, top, bottom)
        self._place_strip()
        self.ok_strip.layout().setSpacing(spacing)
        self.bar_slot.layout().addWidget(bar)
        self.bar_slot.show()
        bar.show()

    def holds(self, bar: QWidget) -> bool:
        return bar.parentWidget() is self.bar_slot

    def undock(self, bar: QWidget) -> None:
        self.bar_slot.layout().removeWidget(bar)
        self.bar_slot.hide()
        self._bar_margins = (0, 0, 0)
        self._place_strip()

    @property
    def _drill(self) -> bool:
        return bool(self.vm and self.vm.drill)

    def show_vm(self, vm: AlertVM, theme: Theme, metrics: Metrics) -> None:
        self.vm = vm
        self._look = (theme, metrics)
        self._ok_px = self._ok_fit(metrics)
        self.setStyleSheet(self.style_for(theme, metrics))
        # Short lines (DESIGN: ≤40 full-width characters), each at its own type size.
        for label, size in (
            (self.headline, metrics.body),
            (self.description, metrics.body),
            (self.instruction, metrics.title),
        ):
            label.setMaximumWidth(MAX_LINE_CHARS * size + 48)
        _set_paragraphs(self.event_label, f"⚠ {vm.event}")
        _set_paragraphs(self.area, _("Area: {area}").format(area=vm.area) if vm.area else "")
        self.area.setVisible(bool(vm.area))
        _set_paragraphs(self.issued, vm.issued_text)
        self.issued.setVisible(bool(vm.issued_text))
        _set_paragraphs(self.todo_heading, _("What to do"))
        self.todo_heading.setVisible(bool(vm.instruction))
        _set_paragraphs(self.instruction, vm.instruction)
        self.instruction.setVisible(bool(vm.instruction))
        _set_paragraphs(self.headline, vm.headline)
        self.headline.setVisible(bool(vm.headline))
        _set_paragraphs(self.description, vm.description)
        self.description.setVisible(bool(vm.description))
        self.ok_button.set_text(_("OK, I understand"))
        self.band.setAccessibleName(f"{vm.event} {vm.area}")
        self.scroll_area.verticalScrollBar().setValue(0)
        self.ok_button.setFocus()  # Enter/Space acknowledges from the keyboard too

    def announce(self, lang: str) -> None:
        """Chime, then ask for the alert to be read aloud (once per takeover)."""
        self.play_chime()
        if self.vm is not None:
            # in the alert's own language (a Japanese-only alert under an English screen)
            self.speak_requested.emit(self.vm.speech_text(), self.vm.speech_lang or lang)

    def play_chime(self) -> None:
        # Played in the speech worker process (no audio in the UI process, issue 17); silent,
        # logged once, where there is no audio device.
        self.sound_requested.emit(CHIME, 90)
        self.chimed.emit()

    def texts(self) -> list[str]:
        """Visible texts, top to bottom, as plain text (for tests and the leak/a11y checks)."""
        labels = (self.event_label, self.area, self.issued, self.headline, self.instruction)
        return [
            str(label.property("plain") or label.text())
            for label in labels
            if label.isVisibleTo(self)
        ]
