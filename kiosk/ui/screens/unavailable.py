"""Shown when the kiosk cannot start: plain words for residents, the reason for staff."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from kiosk.fonts import css_families

# Both languages at once and no gettext: the reason may be that the config (and so the
# language) could not be read at all.
TITLE = "一時的に使えません\nTemporarily unavailable"
ASK_STAFF = "係の人にお知らせください。\nPlease tell a member of staff."
STYLE = (
    """
QWidget#unavailable { background: #FFFFFF; }
QLabel { color: #000000; font-size: 40px; font-family: """
    + css_families()
    + """; }
QLabel#unavailable-title { font-size: 64px; font-weight: bold; }
QLabel#unavailable-reason { font-size: 24px; color: #333333; }
"""
)


class UnavailableScreen(QWidget):
    screen_name = "unavailable"

    def __init__(self, reason: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("unavailable")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setStyleSheet(STYLE)
        title = QLabel(TITLE)
        title.setObjectName("unavailable-title")
        ask = QLabel(ASK_STAFF)
        self.reason = QLabel("For staff / 係の人へ: " + " ".join(reason.split()))
        self.reason.setObjectName("unavailable-reason")
        self.reason.setWordWrap(True)
        self.reason.setTextFormat(Qt.TextFormat.PlainText)
        for label in (title, ask, self.reason):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(64, 64, 64, 64)
        layout.addStretch(2)
        layout.addWidget(title)
        layout.addSpacing(32)
        layout.addWidget(ask)
        layout.addStretch(3)
        layout.addWidget(self.reason)
