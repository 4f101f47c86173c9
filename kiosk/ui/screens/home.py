"""Home: six big category tiles, and a red banner while an alert is active."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.content.model import Category
from kiosk.i18n import gettext as _
from kiosk.ui.widgets.buttons import CardButton, set_style_property
from kiosk.ui.widgets.scroll import ScrollPane, vertical_scroll_area
from kiosk.viewmodels.alerts import already_marked
from kiosk.viewmodels.screens import HomeVM

MAX_COLUMNS = 3
TILE_WIDTH_IN_CHARS = 7  # a tile must hold about this many full-width label characters


class HomeScreen(QWidget):
    category_chosen = Signal(object)  # Category
    alert_chosen = Signal(str)
    screen_name = "home"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tile_px = 40
        self.banner = CardButton("alert")
        self.banner.setObjectName("alert-banner")
        self.banner.hide()
        self.banner.clicked.connect(lambda: self.alert_chosen.emit(self._alert_id))
        self._alert_id = ""
        self.tiles: dict[Category, CardButton] = {}
        for category in Category:
            tile = CardButton("tile")
            tile.setObjectName(f"tile-{category.value}")
            tile.clicked.connect(lambda _=False, c=category: self.category_chosen.emit(c))
            self.tiles[category] = tile
        self._grid_host = QWidget()
        self._grid = QGridLayout(self._grid_host)
        self._grid.setContentsMargins(0, 0, 12, 0)
        self._grid.setSpacing(24)
        self._columns = 0
        self.area = vertical_scroll_area(self._grid_host)
        self.scroll = ScrollPane(self.area)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.setSpacing(24)
        # The alert banner is the first thing in the scrolling part: at 200 % on a small
        # screen a long alert then grows the page instead of being clipped.
        self._grid.addWidget(self.banner, 0, 0, 1, MAX_COLUMNS)
        layout.addWidget(self.scroll, 1)
        # How-to and language buttons (kiosk.ui.visitor) go below the tiles, inside
        # the scrolling part, so at 200 % on a small screen they never squeeze the tiles.
        self._footer_host = QWidget()
        self.footer = QHBoxLayout(self._footer_host)
        self.footer.setContentsMargins(0, 0, 0, 0)
        self.footer.setSpacing(36)
        self._grid.addWidget(self._footer_host, 1 + len(self.tiles), 0, 1, MAX_COLUMNS)
        self._arrange(MAX_COLUMNS)

    def add_footer_buttons(self, buttons: list[QWidget]) -> None:
        for button in buttons:
            self.footer.addWidget(button, 1)

    def _arrange(self, columns: int) -> None:
        """Lay the tiles out in ``columns`` columns; fewer columns when text is very large."""
        if columns == self._columns:
            return
        self._columns = columns
        for tile in self.tiles.values():
            self._grid.removeWidget(tile)
        for index, tile in enumerate(self.tiles.values()):
            self._grid.addWidget(tile, 1 + index // columns, index % columns)
        rows = -(-len(self.tiles) // columns)
        for row in range(len(self.tiles)):
            self._grid.setRowStretch(1 + row, 1 if row < rows else 0)
        for column in range(MAX_COLUMNS):
            self._grid.setColumnStretch(column, 1 if column < columns else 0)

    def resizeEvent(self, event) -> None:  # noqa: ANN001 - Qt override
        super().resizeEvent(event)
        self._fit_columns()

    def set_tile_px(self, pixels: int) -> None:
        self.tile_px = pixels
        self._fit_columns()

    def _fit_columns(self) -> None:
        fits = max(1, self.width() // (self.tile_px * TILE_WIDTH_IN_CHARS))
        self._arrange(min(MAX_COLUMNS, fits))

    def show_vm(self, vm: HomeVM) -> None:
        for tile_vm in vm.tiles:
            tile = self.tiles[tile_vm.category]
            tile.set_lines(
                [(tile_vm.label, "tile-label"), (tile_vm.description, "row-date")],
                accessible_name=f"{tile_vm.label}　{tile_vm.count_text}",
            )
        if vm.banner is None:
            self.banner.hide()
            return
        self._alert_id = vm.banner.alert_id
        set_style_property(self.banner, "drill", vm.banner.drill)
        marker = _("Drill") if vm.banner.drill else _("Alert")
        if vm.banner.drill:
            marked = already_marked(vm.banner.text, marker)
        else:
            marked = marker in vm.banner.text  # 大雨警報 needs no 警報： in front
        text = vm.banner.text if marked else f"{marker}：{vm.banner.text}"
        self.banner.set_lines([(f"⚠ {text}", "tile-label"), (_("Touch here to read more"), "")])
        self.banner.show()
