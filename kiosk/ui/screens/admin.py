"""The staff menu: is everything healthy, and the few actions staff need (large, plain)."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from kiosk.config import CONTENT_LANGUAGES, TEXT_SIZES
from kiosk.config import LANGUAGES as LANGUAGES_BY_CODE
from kiosk.config import THEMES as THEME_NAMES
from kiosk.i18n import N_
from kiosk.i18n import gettext as _
from kiosk.i18n.dates import LOCAL_TZ
from kiosk.ui.theme import THEMES
from kiosk.ui.widgets.buttons import BigButton
from kiosk.ui.widgets.scroll import ScrollPane, vertical_scroll_area
from kiosk.viewmodels.staff import AdminStatus

# Offered on the screen; anything else is set in the config file.
HOURS_PRESETS = (
    ("", N_("Always open")),
    ("daily 09:00-17:00", N_("Every day 9:00-17:00")),
    ("mon-fri 09:00-17:00", N_("Mon-Fri 9:00-17:00")),
    ("tue-sun 09:00-19:00", N_("Tue-Sun 9:00-19:00")),
)
# The kiosk's default language is one its content is written in (config.CONTENT_LANGUAGES).
LANGUAGES = tuple((code, LANGUAGES_BY_CODE[code]) for code in CONTENT_LANGUAGES)
# Actions that stop the kiosk for everyone: asked again, with No as the default.
CONFIRMED = {
    "restart": (N_("Restart the kiosk now?"), N_("Yes, restart")),
    "exit": (
        N_("Exit to the desktop now? The kiosk stays off until someone starts it again."),
        N_("Yes, exit"),
    ),
}
CLOCK_MS = 10_000
CONFIRM_FONT_PX = 40
CONFIRM_BUTTON_PX = 120


def _label(text: str = "", role: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    # A wrapped label can be given more height than its lines need (Qt sizes it for a
    # narrower width first): at the top, its lines stay under their heading, not in a gap.
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    if role:
        label.setProperty("role", role)
    return label


class AdminScreen(QWidget):
    """Emits ``action(name, value)``; the controller (kiosk/ui/staff.py) does the work."""

    action = Signal(str, object)
    screen_name = "admin"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("admin")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.buttons: dict[str, BigButton] = {}
        title = _label(_("Staff menu"), "title")
        close = self._button("close", _("Close"))
        # The kiosk's own zone (the log and the status are in it too), whatever the
        # machine's clock zone: staff compare the two.
        self.clock = _label(role="clock")
        self.clock.setObjectName("admin-clock")
        self.clock.setWordWrap(False)
        self._clock_timer = QTimer(self, interval=CLOCK_MS)
        self._clock_timer.timeout.connect(self.show_clock)
        self.now = lambda: datetime.now(LOCAL_TZ)
        top = QHBoxLayout()
        top.addWidget(title, 1)
        top.addWidget(self.clock)
        top.addSpacing(24)
        top.addWidget(close)

        self.facts = _label()
        self.note = _label()
        self.note.setObjectName("admin-note")
        self.sources = _label()
        self.sources.setObjectName("admin-sources")
        self.usage = _label()
        self.usage.setObjectName("admin-usage")
        self.message = _label()
        self.message.setObjectName("admin-message")
        self.log_view = QPlainTextEdit()
        self.log_view.setObjectName("admin-log")
        self.log_view.setReadOnly(True)
        self.log_view.setMinimumHeight(400)
        self.log_view.hide()

        actions = QGridLayout()
        actions.setSpacing(20)
        for index, (name, text) in enumerate(
            (
                ("sync", _("Sync now")),
                ("reload", _("Reload content")),
                ("log", _("Show log")),
                ("restart", _("Restart kiosk")),
                ("exit", _("Exit to desktop")),
            )
        ):
            actions.addWidget(self._button(name, text), index // 3, index % 3)

        body = QWidget()
        column = QVBoxLayout(body)
        column.setSpacing(16)
        column.setContentsMargins(0, 0, 12, 0)
        column.addWidget(self.message)
        column.addLayout(actions)
        column.addWidget(self.log_view)
        column.addWidget(self.note)
        column.addWidget(self.facts)
        column.addWidget(_label(_("Sources"), "title"))
        column.addWidget(self.sources)
        column.addWidget(_label(_("What residents used (last 7 days, counts only)"), "title"))
        column.addWidget(self.usage)
        column.addWidget(_label(_("Opening hours"), "title"))
        column.addLayout(self._choices("hours", [(v, _(t)) for v, t in HOURS_PRESETS]))
        column.addWidget(_label(_("Default text size"), "title"))
        column.addLayout(self._choices("text_size", [(s, str(s)) for s in TEXT_SIZES]))
        column.addWidget(_label(_("Default colours"), "title"))
        column.addLayout(self._choices("theme", [(t, _(THEMES[t].label)) for t in THEME_NAMES]))
        column.addWidget(_label(_("Default language"), "title"))
        column.addLayout(self._choices("lang", list(LANGUAGES)))
        column.addStretch(1)
        self.area = vertical_scroll_area(body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.setSpacing(16)
        layout.addLayout(top)
        layout.addWidget(ScrollPane(self.area), 1)
        self.confirm = ConfirmPanel(self)
        self.confirm.confirmed.connect(lambda name: self.action.emit(name, None))
        self.show_clock()

    def _button(self, name: str, text: str) -> BigButton:
        button = BigButton(text, name=f"admin-{name}")
        if name in CONFIRMED:
            button.clicked.connect(lambda _=False: self.confirm.ask(name))
        else:
            button.clicked.connect(lambda _=False: self.action.emit(name, None))
        self.buttons[name] = button
        return button

    def show_clock(self) -> None:
        now = self.now().astimezone(LOCAL_TZ)
        self.clock.setText(_("Japan time now: {time}").format(time=now.strftime("%m/%d %H:%M")))

    def showEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt override
        self.show_clock()
        self._clock_timer.start()
        super().showEvent(event)

    def hideEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt override
        self._clock_timer.stop()
        self.confirm.cancel()  # a question left open is not an answer
        super().hideEvent(event)

    def resizeEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt override
        self.confirm.setGeometry(self.rect())
        super().resizeEvent(event)

    def _choices(self, name: str, options: list[tuple[object, str]]) -> QGridLayout:
        grid = QGridLayout()
        grid.setSpacing(20)
        for index, (value, text) in enumerate(options):
            button = BigButton(text, name=f"admin-{name}-{value}")
            button.clicked.connect(lambda _=False, v=value: self.action.emit(name, v))
            self.buttons[f"{name}:{value}"] = button
            grid.addWidget(button, index // 2, index % 2)
        return grid

    def show_status(self, status: AdminStatus) -> None:
        self.facts.setText("\n".join(f"{label}: {value}" for label, value in status.facts))
        self.note.setText(status.recovery_note)
        self.note.setVisible(bool(status.recovery_note))
        lines = [("✔ " if s.ok else "✖ ") + s.text for s in status.sources]
        self.sources.setText("\n".join(lines) or _("No sources."))
        self.usage.setText("\n".join(status.usage))

    def show_message(self, text: str) -> None:
        self.message.setText(text)

    def show_log(self, lines: list[str]) -> None:
        """``lines`` as kiosk.ops.logs.tail gives them; shown with their times in JST."""
        from kiosk.ops.logs import in_kiosk_time

        shown = in_kiosk_time(lines)
        header = _("Times in this log are Japan time (JST).")
        self.log_view.setPlainText("\n".join([header, *shown]) if shown else _("The log is empty."))
        self.log_view.setVisible(not self.log_view.isVisible())
        self.log_view.verticalScrollBar().setValue(self.log_view.verticalScrollBar().maximum())


class ConfirmPanel(QFrame):
    """ "Really?" over the whole staff menu: the question and two big buttons, No first and
    focused, so Enter, Space or a slip of the finger on the first button changes nothing."""

    confirmed = Signal(str)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("admin-confirm")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setAutoFillBackground(True)
        self.asking = ""
        # Bigger than the menu's buttons (sizes only: the colours and the focus ring, which
        # trades border for padding, come from the theme's sheet).
        self.setStyleSheet(
            f"QPushButton {{ font-size: {CONFIRM_FONT_PX}px; min-height: {CONFIRM_BUTTON_PX}px;"
            f" min-width: {2 * CONFIRM_BUTTON_PX}px; }}"
        )
        self.question = _label(role="title")
        self.question.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.no_button = BigButton(name="admin-confirm-no")
        self.no_button.setProperty("role", "huge")
        self.no_button.clicked.connect(self.cancel)
        self.yes_button = BigButton(name="admin-confirm-yes")
        self.yes_button.setProperty("role", "huge")
        self.yes_button.clicked.connect(self._yes)
        row = QHBoxLayout()
        row.setSpacing(96)  # far apart: the wrong one is not hit by a tremor
        row.addStretch(1)
        row.addWidget(self.no_button)
        row.addWidget(self.yes_button)
        row.addStretch(1)
        column = QVBoxLayout(self)
        column.setContentsMargins(64, 48, 64, 48)
        column.setSpacing(64)
        column.addStretch(1)
        column.addWidget(self.question)
        column.addLayout(row)
        column.addStretch(1)
        self.hide()

    def ask(self, name: str) -> None:
        question, yes = CONFIRMED[name]
        self.asking = name
        self.question.setText(_(question))
        self.no_button.set_text(_("No, keep running"))
        self.yes_button.set_text(_(yes))
        self.setGeometry(self.parentWidget().rect())
        self.raise_()
        self.show()
        self.no_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def cancel(self) -> None:
        self.asking = ""
        self.hide()

    def _yes(self) -> None:
        name, self.asking = self.asking, ""
        self.hide()
        if name:
            self.confirmed.emit(name)

    def keyPressEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt override
        if event.key() == Qt.Key.Key_Escape:
            self.cancel()
            return
        super().keyPressEvent(event)
