"""Home: six big category tiles, and a red banner while an alert is active."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QVBoxLayout, QWidget

from kiosk.content.model import Category
from kiosk.i18n import gettext as _
from kiosk.ui.widgets.buttons import CardButton
from kiosk.viewmodels import HomeVM

COLUMNS = 3


class HomeScreen(QWidget):
    category_chosen = Signal(object)  # Category
    alert_chosen = Signal(str)
    screen_name = "home"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.banner = CardButton("alert")
        self.banner.setObjectName("alert-banner")
        self.banner.hide()
        self.banner.clicked.connect(lambda: self.alert_chosen.emit(self._alert_id))
        self._alert_id = ""
        self.tiles: dict[Category, CardButton] = {}
        grid = QGridLayout()
        grid.setSpacing(24)
        for index, category in enumerate(Category):
            tile = CardButton("tile")
            tile.setObjectName(f"tile-{category.value}")
            tile.clicked.connect(lambda _=False, c=category: self.category_chosen.emit(c))
            grid.addWidget(tile, index // COLUMNS, index % COLUMNS)
            self.tiles[category] = tile
        for row in range(2):
            grid.setRowStretch(row, 1)
        for column in range(COLUMNS):
            grid.setColumnStretch(column, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.setSpacing(24)
        layout.addWidget(self.banner)
        layout.addLayout(grid, 1)

    def show_vm(self, vm: HomeVM) -> None:
        for tile_vm in vm.tiles:
            tile = self.tiles[tile_vm.category]
            tile.set_lines(
                [
                    (tile_vm.label, "tile-label"),
                    (tile_vm.description, ""),
                    (tile_vm.count_text, ""),
                ],
                accessible_name=f"{tile_vm.label}　{tile_vm.count_text}",
            )
        if vm.banner is None:
            self.banner.hide()
            return
        self._alert_id = vm.banner.alert_id
        self.banner.setProperty("drill", vm.banner.drill)
        self.banner.style().unpolish(self.banner)
        self.banner.style().polish(self.banner)
        marker = _("Drill") if vm.banner.drill else _("Alert")
        # Content often marks drills itself (【訓練】); never say it twice.
        text = vm.banner.text if marker in vm.banner.text else f"{marker}：{vm.banner.text}"
        self.banner.set_lines([(f"⚠ {text}", "tile-label"), (_("Touch here to read more"), "")])
        self.banner.show()
