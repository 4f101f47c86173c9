"""Home: the site's service tiles (six categories unless the config declares others, see
kiosk/menu.py), laid out to fill the screen, and a red banner while an alert is active."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.content.model import Category
from kiosk.i18n import gettext as _
from kiosk.ui.widgets.buttons import CardButton, set_style_property
from kiosk.ui.widgets.scroll import ScrollPane, vertical_scroll_area
from kiosk.viewmodels.alerts import drill_marker
from kiosk.viewmodels.screens import HomeVM, Tile

MAX_COLUMNS = 3
FEW_TILES = 3  # this many tiles or fewer fill one row: their text grows with them
TILE_WIDTH_IN_CHARS = 7  # a tile must hold about this many full-width label characters


class Tiles(dict):
    """Tile buttons by service id, in menu order; a Category finds its category's tile."""

    def __missing__(self, key: object) -> CardButton:
        if isinstance(key, Category):
            for tile in self.values():
                if tile.property("category") == key.value:
                    return tile
        raise KeyError(key)


def best_columns(count: int, fits: int) -> int:
    """Columns for ``count`` tiles when at most ``fits`` fit side by side: the fewest rows,
    then the fewest empty cells (4 tiles → 2×2, not 3+1; 2 tiles → side by side)."""
    fits = max(1, min(fits, MAX_COLUMNS))
    if count <= 1:
        return 1

    def cost(columns: int) -> tuple[int, int]:
        rows = -(-count // columns)
        return rows, rows * columns - count

    return min(range(1, fits + 1), key=cost)


class HomeScreen(QWidget):
    category_chosen = Signal(object)  # Category, or a kiosk.menu.Service (a declared tile)
    practice_chosen = Signal()
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
        # The banner's forms, longest first (its lines). A shorter one is shown
        # only while the longer leaves no whole tile on the first page (English at 200 % on
        # 1280×800); the full text is one tap away on the alert screen (issue 20).
        self._banner_forms: list[list[tuple[str, str]]] = []
        self._banner_form = -1  # the form shown (-1: none yet)
        self._banner_name = ""
        self.tiles: Tiles = Tiles()
        self.vm: HomeVM | None = None
        self._services: dict[str, object] = {}  # service id → what a press opens
        self._grid_host = QWidget()
        self._grid = QGridLayout(self._grid_host)
        self._grid.setContentsMargins(0, 0, 12, 0)
        self._grid.setSpacing(24)
        self._columns = 0
        self.area = vertical_scroll_area(self._grid_host)
        self.area.viewport().installEventFilter(self)  # its height decides the tile rows
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
        self._grid.addWidget(self._footer_host, 1 + len(Category), 0, 1, MAX_COLUMNS)
        self.set_tiles([(c.value, c, c) for c in Category])  # until the first view-model

    def set_tiles(self, specs: list[tuple[str, Category | None, object]]) -> None:
        """(service id, category or None, what a press opens) per tile, in order. Rebuilds
        the grid only when the set of tiles changes (a config reload), never per render."""
        keys = [key for key, _category, _target in specs]
        if keys == list(self.tiles):
            self._services = {key: target for key, _category, target in specs}
            return
        for tile in self.tiles.values():
            self._grid.removeWidget(tile)
            tile.hide()  # gone from this frame, not only after the next event loop pass
            tile.deleteLater()
        self.tiles = Tiles()
        for key, category, _unused in specs:
            tile = CardButton("tile")
            tile.setObjectName(f"tile-{key}")
            tile.setProperty("category", category.value if category else "")
            tile.setProperty(
                "few", len(specs) <= FEW_TILES
            )  # larger text (theme.py extra_style_sheet)
            # Tall tiles (few of them) keep title and description together in the middle:
            # stretch above now, below after the first lines (heightForWidth still holds).
            tile.layout().insertStretch(0, 1)
            tile.clicked.connect(lambda _=False, k=key: self._chosen(k))
            self.tiles[key] = tile
        self._services = {key: target for key, _category, target in specs}
        self._grid.removeWidget(self._footer_host)
        self._grid.addWidget(self._footer_host, 1 + len(self.tiles), 0, 1, MAX_COLUMNS)
        self._columns = 0
        self._fit_columns()

    def _chosen(self, key: str) -> None:
        target = self._services.get(key)
        if target == "practice":
            self.practice_chosen.emit()
        elif target is not None:
            self.category_chosen.emit(target)

    def add_footer_buttons(self, buttons: list[QWidget]) -> None:
        for button in buttons:
            self.footer.addWidget(button, 1)

    def set_spacing(self, gap: int) -> None:
        """The gap between tiles and buttons (≥8 mm at every text size)."""
        for layout in (self._grid, self.footer, self.layout()):
            layout.setSpacing(gap)

    def _arrange(self, columns: int) -> None:
        """Lay the tiles out in ``columns`` columns; fewer columns when text is very large.
        Rows share the height, so two tiles are two large tiles, not two and four holes."""
        if columns == self._columns:
            return
        self._columns = columns
        for tile in self.tiles.values():
            self._grid.removeWidget(tile)
        for index, tile in enumerate(self.tiles.values()):
            self._grid.addWidget(tile, 1 + index // columns, index % columns)
        rows = -(-len(self.tiles) // columns)
        # Banner and footer span the columns in use: an unused column would leave a gap.
        self._grid.removeWidget(self.banner)
        self._grid.addWidget(self.banner, 0, 0, 1, columns)
        self._grid.removeWidget(self._footer_host)
        self._grid.addWidget(self._footer_host, 1 + len(self.tiles), 0, 1, columns)
        for row in range(max(len(self.tiles), len(Category)) + 1):
            self._grid.setRowStretch(1 + row, 1 if row < rows else 0)
        for column in range(MAX_COLUMNS):
            self._grid.setColumnStretch(column, 1 if column < columns else 0)

    def eventFilter(self, watched, event) -> bool:  # noqa: ANN001, N802 - Qt override
        if event.type() == QEvent.Type.Resize and watched is self.area.viewport():
            self._fit_columns()
        return False

    def resizeEvent(self, event) -> None:  # noqa: ANN001 - Qt override
        super().resizeEvent(event)
        self._fit_columns()

    def showEvent(self, event) -> None:  # noqa: ANN001 - Qt override
        super().showEvent(event)
        self._fit_columns()

    def set_tile_px(self, pixels: int) -> None:
        self.tile_px = pixels
        self._fit_columns()

    def _fit_columns(self) -> None:
        """The columns that show the most whole tiles before the fold (banner included), then
        on a later page (after ▼), then the most columns; the rows that show grow to fill the
        view, so the first row below the fold starts exactly there (issue 20: no tile cut)."""
        fits = max(1, self.width() // (self.tile_px * TILE_WIDTH_IN_CHARS))
        preferred = best_columns(len(self.tiles), fits)
        pending = Qt.WidgetAttribute.WA_PendingResizeEvent
        if (
            self.area.viewport().height() <= 0
            or not self.tiles
            or not self.window().isVisible()
            or any(w.testAttribute(pending) for w in (self.area, self.area.viewport()))
        ):
            # Not on screen yet, or the view is about to get its real size: showEvent or the
            # view's resize fits it then (the window built at start fitted three times, twice
            # for sizes it never had: issue 17).
            self._arrange(preferred)
            return
        viewport = self.area.viewport().size()
        key = (
            preferred,
            viewport.width(),
            viewport.height(),
            self.tile_px,
            self.banner.isVisibleTo(self) and self.banner.accessibleName(),
            tuple(tile.accessibleName() for tile in self.tiles.values()),
            # readings over the kanji or another font change the heights, not the names
            tuple(tile.heightForWidth(viewport.width() // 2) for tile in self.tiles.values()),
        )
        if key == getattr(self, "_fitted", None):
            return  # nothing that decides the rows changed (every home visit calls this)
        self._fitted = key
        candidates = range(preferred, 0, -1)
        later = {columns: self._first_page(columns, banner=False)[1] for columns in candidates}
        for form in range(len(self._banner_forms) or 1):
            self._show_banner_form(form)
            plans = {columns: self._first_page(columns) for columns in candidates}
            if any(plans[c][1] for c in candidates):
                break  # a whole tile shows under the banner: the longest form that allows it
        columns = max(candidates, key=lambda c: (plans[c][1], later[c], c))
        self._arrange(columns)
        rows, shown, room = plans[columns]
        for row in range(len(Category) + len(self.tiles)):
            self._grid.setRowMinimumHeight(1 + row, 0)
        if shown < len(self.tiles) and rows:
            extra = max(0, room) // len(rows)
            for row, natural in enumerate(rows):
                self._grid.setRowMinimumHeight(1 + row, natural + extra)

    def _first_page(self, columns: int, banner: bool = True) -> tuple[list[int], int, int]:
        """(heights of the tile rows shown whole before the fold, tiles in them, height
        left over below them) with ``columns`` columns at the view's current size; without
        ``banner``, a page that starts at the tiles (as after ▼)."""
        margins = self._grid.contentsMargins()
        width = self.area.viewport().width() - margins.left() - margins.right()
        gap = max(0, self._grid.spacing())
        column_width = max(1, (width - (columns - 1) * gap) // columns)
        room = self.area.viewport().height()
        if banner and self.banner.isVisibleTo(self):
            room -= self.banner.heightForWidth(width) + gap
        tiles = list(self.tiles.values())
        rows: list[int] = []
        for start in range(0, len(tiles), columns):
            height = max(
                tile.heightForWidth(column_width) for tile in tiles[start : start + columns]
            )
            if height > room:
                break
            rows.append(height)
            room -= height + gap
        return rows, min(len(tiles), len(rows) * columns), room + gap

    def show_vm(self, vm: HomeVM) -> None:
        self.vm = vm  # read aloud (kiosk.ui.screen_speech)
        self.set_tiles([(t.key or t.category.value, t.category, _target(t)) for t in vm.tiles])
        for tile_vm in vm.tiles:
            tile = self.tiles[tile_vm.key or tile_vm.category]
            name = f"{tile_vm.label}　{tile_vm.count_text}" if tile_vm.count_text else tile_vm.label
            tile.set_lines(
                [(tile_vm.label, "tile-label"), (tile_vm.description, "row-date")],
                accessible_name=name,
            )
            if not tile.property("centred"):
                tile.layout().addStretch(1)
                tile.setProperty("centred", True)
        if vm.banner is None:
            self.banner.hide()
            self._banner_forms, self._banner_form = [], -1
            self._fit_columns()
            return
        self._alert_id = vm.banner.alert_id
        set_style_property(self.banner, "drill", vm.banner.drill)
        hint = (_("Touch here to read more"), "")
        forms = [[(_banner_line(vm.banner.text, vm.banner.drill), "tile-label"), hint]]
        if vm.banner.short and vm.banner.short != vm.banner.text:
            forms.append([(_banner_line(vm.banner.short, vm.banner.drill), "tile-label"), hint])
        self._banner_name = "　".join(line for line, _role in forms[0])
        if forms != self._banner_forms:
            self._banner_forms = forms
            self._banner_form = -1
            self._fitted = None  # the banner's text decides the rows
        self._show_banner_form(max(0, self._banner_form))
        self.banner.show()
        self._fit_columns()

    def _show_banner_form(self, form: int) -> None:
        """Show the banner's ``form`` (0: the full text); its accessible name stays whole."""
        if not self._banner_forms or form == self._banner_form:
            return
        form = min(form, len(self._banner_forms) - 1)
        self._banner_form = form
        self.banner.set_lines(self._banner_forms[form], accessible_name=self._banner_name)

    def banner_texts(self) -> list[str]:
        """The banner's full text, line by line, whichever form it shows (read aloud)."""
        return [line for line, _role in self._banner_forms[0]] if self._banner_forms else []


def _banner_line(text: str, drill: bool) -> str:
    """⚠ in front, and 訓練 for a drill unless the text already says it (no 警報: see
    drill_marker)."""
    marker = drill_marker(text, drill)
    return f"⚠ {marker}：{text}" if marker else f"⚠ {text}"


def _target(tile: Tile) -> object:
    """What pressing a tile opens: 'practice', the plain Category (the six default tiles keep
    their behaviour exactly), or the declared Service (its own title and sources)."""
    service = tile.service
    if service is not None and service.kind == "practice":
        return "practice"
    if service is None or service.is_plain:
        return tile.category
    return service
