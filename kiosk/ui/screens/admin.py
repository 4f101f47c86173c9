"""The staff menu: is everything healthy, and the few actions staff need (large, plain)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
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


def _label(text: str = "", role: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
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
        top = QHBoxLayout()
        top.addWidget(title, 1)
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

    def _button(self, name: str, text: str) -> BigButton:
        button = BigButton(text, name=f"admin-{name}")
        button.clicked.connect(lambda _=False: self.action.emit(name, None))
        self.buttons[name] = button
        return button

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
        self.log_view.setPlainText("\n".join(lines) or _("The log is empty."))
        self.log_view.setVisible(not self.log_view.isVisible())
        self.log_view.verticalScrollBar().setValue(self.log_view.verticalScrollBar().maximum())
