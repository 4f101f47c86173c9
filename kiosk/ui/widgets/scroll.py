"""Scrolling that needs no swipe: big ▲ ▼ buttons beside any scrollable view."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractScrollArea, QHBoxLayout, QScrollArea, QVBoxLayout, QWidget

from kiosk.i18n import gettext as _
from kiosk.ui.widgets.buttons import BigButton

PAGE_FRACTION = 0.8  # keep a few lines of context when paging


class ScrollPane(QWidget):
    """Wraps a scroll area; the buttons page it and disable themselves at either end."""

    def __init__(self, view: QAbstractScrollArea, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.up = BigButton("▲", name="scroll-up")
        self.down = BigButton("▼", name="scroll-down")
        column = QVBoxLayout()
        column.addWidget(self.up)
        column.addStretch(1)
        column.addWidget(self.down)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(view, 1)
        row.addLayout(column)
        bar = view.verticalScrollBar()
        self.up.clicked.connect(lambda: self.page(-1))
        self.down.clicked.connect(lambda: self.page(+1))
        bar.rangeChanged.connect(self._update_buttons)
        bar.valueChanged.connect(self._update_buttons)
        self.retranslate()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._update_buttons()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._update_buttons()

    def set_spacing(self, gap: int) -> None:
        """Room for ▲ and ▼ one above the other, however little space the screen has."""
        self.layout().setSpacing(gap)
        self.setMinimumHeight(2 * self.up.sizeHint().height() + gap)

    def retranslate(self) -> None:
        self.up.setAccessibleName(_("Scroll up"))
        self.down.setAccessibleName(_("Scroll down"))

    def page(self, direction: int) -> None:
        bar = self.view.verticalScrollBar()
        step = max(1, int(self.view.viewport().height() * PAGE_FRACTION))
        bar.setValue(bar.value() + direction * step)

    def _update_buttons(self) -> None:
        bar = self.view.verticalScrollBar()
        scrollable = bar.maximum() > bar.minimum()
        self.up.setVisible(scrollable)
        self.down.setVisible(scrollable)
        self.up.setEnabled(bar.value() > bar.minimum())
        self.down.setEnabled(bar.value() < bar.maximum())


def vertical_scroll_area(body: QWidget) -> QScrollArea:
    """A scroll area that only ever scrolls up and down (never sideways) around ``body``."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setWidget(body)
    return area
