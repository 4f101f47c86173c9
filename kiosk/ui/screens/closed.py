"""Outside opening hours: a calm message with the hours (or a blank screen)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.i18n import gettext as _
from kiosk.ui.staged_style import set_own_sheet
from kiosk.ui.widgets.ruby import RubyLabel


class ClosedScreen(QWidget):
    screen_name = "closed"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("closed")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.title = RubyLabel()
        self.title.setProperty("role", "title")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title.setWordWrap(True)
        self.detail = RubyLabel()
        self.detail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.title)
        layout.addWidget(self.detail)
        layout.addStretch(1)

    def show_closed(self, blank: bool, next_opening: str) -> None:
        # Blank means blank: black, nothing lit, nothing to read (saves the panel at night).
        set_own_sheet(self, "QWidget#closed { background: #000000; }" if blank else "")
        self.title.setVisible(not blank)
        self.detail.setVisible(not blank and bool(next_opening))
        self.title.setText(_("The information corner is closed now."))
        self.detail.setText(_("Opens again: {when}").format(when=next_opening))
