"""Category: big rows of item titles with their dates, newest first."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from kiosk.ui.widgets.buttons import CardButton
from kiosk.ui.widgets.ruby import RubyLabel
from kiosk.ui.widgets.scroll import ScrollPane, vertical_scroll_area
from kiosk.viewmodels.screens import CategoryVM

HEADING_WIDGETS = 4  # title, updated, stale, empty: first in the scrolling list


class CategoryScreen(QWidget):
    item_chosen = Signal(str)
    screen_name = "category"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = RubyLabel()
        self.title.setProperty("role", "title")
        self.updated = QLabel()
        self.updated.setProperty("role", "muted")
        self.stale = RubyLabel()
        self.stale.setProperty("role", "muted")
        self.empty = RubyLabel()
        self.rows: list[CardButton] = []
        self.vm: CategoryVM | None = None
        self.furigana = False  # set by the window (settings)
        self._list = QWidget()
        self._list_layout = QVBoxLayout(self._list)
        self._list_layout.setContentsMargins(0, 0, 12, 0)
        self._list_layout.setSpacing(20)
        # The heading scrolls with the rows: at 200 % on a small screen the rows get the room.
        for widget in (self.title, self.updated, self.stale, self.empty):
            self._list_layout.addWidget(widget)
        self._list_layout.addStretch(1)
        self.area = vertical_scroll_area(self._list)
        self.scroll = ScrollPane(self.area)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.addWidget(self.scroll, 1)

    def set_spacing(self, gap: int) -> None:
        """The gap between rows (≥8 mm at every text size)."""
        self._list_layout.setSpacing(gap)
        self.layout().setSpacing(gap)

    def show_vm(self, vm: CategoryVM) -> None:
        self.vm = vm  # read aloud (kiosk.ui.screen_speech)
        self.title.setText(vm.title)
        self.updated.setText(vm.updated_text)
        self.updated.setVisible(bool(vm.updated_text))
        self.stale.setText(vm.stale_text)
        self.stale.setVisible(bool(vm.stale_text))
        self.empty.setText(vm.empty_text)
        self.empty.setVisible(not vm.rows)
        # Reuse row widgets between visits: cheaper than rebuilding, and nothing leaks.
        while len(self.rows) < len(vm.rows):
            row = CardButton("row")
            row.clicked.connect(lambda _=False, r=row: self.item_chosen.emit(r.property("key")))
            self._list_layout.insertWidget(HEADING_WIDGETS + len(self.rows), row)
            self.rows.append(row)
        for row, row_vm in zip(self.rows, vm.rows, strict=False):
            row.setProperty("key", row_vm.item_key)
            row.set_lines(
                [(row_vm.title, "tile-label"), (row_vm.date_text, "row-date")],
                furigana=self.furigana,
            )
            row.show()
        for row in self.rows[len(vm.rows) :]:
            row.hide()
        self.area.verticalScrollBar().setValue(0)

    def page_rows(self) -> list[CardButton]:
        """Rows that open a page (the disaster category lists active alerts first)."""
        from kiosk.viewmodels.alerts import ALERT_KEY_PREFIX

        return [
            r
            for r in self.visible_rows()
            if not str(r.property("key")).startswith(ALERT_KEY_PREFIX)
        ]

    def visible_rows(self) -> list[CardButton]:
        return [r for r in self.rows if not r.isHidden()]
