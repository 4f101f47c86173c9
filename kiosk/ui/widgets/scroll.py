"""Scrolling that needs no swipe: big ▲ ▼ buttons beside any scrollable view."""

from __future__ import annotations

import weakref
from collections.abc import Sequence

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QHBoxLayout,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from kiosk.i18n import gettext as _
from kiosk.ui.widgets.buttons import BigButton

PAGE_FRACTION = 0.8  # keep a few lines of context when paging
_PANES: weakref.WeakSet[ScrollPane] = weakref.WeakSet()  # every pane made (see panes_in)


def panes_in(widget: QWidget) -> list[ScrollPane]:
    """The scroll panes inside ``widget``. ``findChildren(ScrollPane)`` would hand every Qt
    object under it to Python to test its type (hundreds at start, each looked up: issue 17)."""
    return [pane for pane in list(_PANES) if isValid(pane) and widget.isAncestorOf(pane)]


class ScrollPane(QWidget):
    """Wraps a scroll area; the buttons page it and disable themselves at either end.

    Every screen fills its whole area with one pane (same margins everywhere), so ▲ sits at
    the top right and ▼ at the bottom right of the screen area on every screen: one place
    each. What a screen shows above its scrolling part (a title) goes in ``header``, to the
    left of the buttons; ``body`` replaces ``view`` on the left when the view sits inside a
    wider widget (the page's centred column).
    """

    def __init__(
        self,
        view: QAbstractScrollArea,
        parent: QWidget | None = None,
        header: Sequence[QWidget] = (),
        body: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        _PANES.add(self)
        know_viewport(view)  # before the first viewport() (any kind of view)
        self.view = view
        self.up = BigButton("▲", name="scroll-up")
        self.down = BigButton("▼", name="scroll-down")
        for button in (self.up, self.down):  # hidden, they keep their place: nothing shifts
            policy = button.sizePolicy()
            policy.setRetainSizeWhenHidden(True)
            button.setSizePolicy(policy)
        column = QVBoxLayout()
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.up)
        column.addStretch(1)
        column.addWidget(self.down)
        self.left = QVBoxLayout()
        self.left.setContentsMargins(0, 0, 0, 0)
        self.left.setSpacing(12)
        for widget in header:
            self.left.addWidget(widget)
        self.left.addWidget(body or view, 1)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addLayout(self.left, 1)
        row.addLayout(column)
        bar = view.verticalScrollBar()
        self.up.clicked.connect(lambda: self.page(-1))
        self.down.clicked.connect(lambda: self.page(+1))
        # covers a line cut by the bottom edge (see _update_cover); the page's background
        self._cover = QWidget(view.viewport())
        self._cover.setObjectName("scroll-cover")
        self._cover.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self._cover.hide()
        # and one over a line the top edge cuts (the last page stops at the end of the content,
        # so it cannot always start at a line)
        self._top_cover = QWidget(view.viewport())
        self._top_cover.setObjectName("scroll-cover")
        self._top_cover.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self._top_cover.hide()
        self._cover_pending = False
        # the cover follows every relayout of what scrolls, not only scrolling
        view.viewport().installEventFilter(self)
        if isinstance(view, QScrollArea) and view.widget() is not None:
            view.widget().installEventFilter(self)
        bar.rangeChanged.connect(self._update_buttons)
        bar.valueChanged.connect(self._scrolled)
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

    def eventFilter(self, watched, event) -> bool:  # noqa: ANN001, N802 - Qt override
        if event.type() in (QEvent.Type.Resize, QEvent.Type.LayoutRequest):
            self._schedule_cover()
        return False

    def _schedule_cover(self) -> None:
        """Update the covers once, after the relayout under way (one navigation sends
        dozens of resizes, layout requests and range changes)."""
        if not self._cover_pending:
            self._cover_pending = True
            QTimer.singleShot(0, self, self._deferred_cover)

    def _deferred_cover(self) -> None:
        self._cover_pending = False
        self._update_cover()

    def retranslate(self) -> None:
        self.up.setAccessibleName(_("Scroll up"))
        self.down.setAccessibleName(_("Scroll down"))

    def page(self, direction: int) -> None:
        """Page by whole lines: ▼ brings the first line that was cut to the top; ▲ brings
        back the lines above so the old top line is the last one shown."""
        bar = self.view.verticalScrollBar()
        top, height = bar.value(), self.view.viewport().height()
        lines = content_lines(self.view)
        target = None
        if direction > 0:
            cut = [t for t, b in lines if b > top + height + 1 and t > top]
            # the first hidden line, exactly where the cover starts (same rule, see hidden_from)
            target = hidden_from(lines, min(cut), top) if cut else None
        else:
            earlier = [t for t, _b in lines if top - height <= t < top]
            target = min(earlier) if earlier else None
        if target is None:  # no line to align to (or one taller than the view)
            target = top + direction * max(1, int(height * PAGE_FRACTION))
        bar.setValue(target)

    def _update_cover(self) -> None:
        """Hide a line the bottom edge cuts through: the view shows whole lines only (a line
        of text, or a whole tile, see content_lines). The cover spans the view's
        width: in a grid of tiles the row below is hidden whole, and ▼ brings exactly what it
        hides to the top. It takes the touches it covers: nothing hidden can be pressed."""
        bar = self.view.verticalScrollBar()
        top, height = bar.value(), self.view.viewport().height()
        lines = content_lines(self.view) if bar.maximum() > bar.minimum() else []
        cut = [t for t, b in lines if t < top + height < b - 1 and t > top]
        bottom_cover = hidden_from(lines, min(cut), top) - top if cut else None
        # a line cut at the top is hidden only when most of the view is left for the rest
        above = [b for t, b in lines if t + 1 < top < b]
        top_cover = hidden_until(lines, max(above)) - top if above else 0
        if not 0 < top_cover < height // 2:
            top_cover = 0
        self._show_cover(self._cover, bottom_cover, height)
        self._show_cover(self._top_cover, 0 if top_cover else None, top_cover)

    def _show_cover(self, cover: QWidget, y: int | None, bottom: int) -> None:
        if y is None or bottom <= y:
            cover.hide()
            return
        cover.setGeometry(0, y, self.view.viewport().width(), bottom - y)
        cover.raise_()
        cover.show()

    def shown_band(self) -> tuple[int, int]:
        """(top, bottom) of what the pane really shows, in content coordinates: the viewport
        less what the covers hide."""
        top = self.view.verticalScrollBar().value()
        bottom = top + self.view.viewport().height()
        if self._cover.isVisibleTo(self):
            bottom = top + self._cover.y()
        if self._top_cover.isVisibleTo(self):
            top += self._top_cover.height()
        return top, bottom

    def _scrolled(self) -> None:
        """A text view scrolls by moving its viewport's children too (QWidget.scroll), covers
        included: they are put back at once, before the next paint, not after it (a deferred
        update let one frame show the cover moved with the text and a half-cut line)."""
        self._update_cover()
        self._update_buttons()

    def _update_buttons(self) -> None:
        self._schedule_cover()
        bar = self.view.verticalScrollBar()
        scrollable = bar.maximum() > bar.minimum()
        self.up.setVisible(scrollable)
        self.down.setVisible(scrollable)
        self.up.setEnabled(bar.value() > bar.minimum())
        self.down.setEnabled(bar.value() < bar.maximum())


def hidden_from(lines: Sequence[tuple[int, int]], y: int, top: int) -> int:
    """Where a bottom cover starting at ``y`` must really start: lines side by side (a
    picture beside its text, two columns) overlap, and a cover through one line must not cut
    the line beside it, so it moves up to that line's top until it cuts none. Paging down
    brings this same line to the top: one rule for paging and covering."""
    while True:
        starts = [t for t, b in lines if top < t < y < b - 1]
        if not starts:
            return y
        y = min(starts)


def hidden_until(lines: Sequence[tuple[int, int]], y: int) -> int:
    """Where a top cover ending at ``y`` must really end (the same rule, upside down)."""
    while True:
        ends = [b for t, b in lines if t + 1 < y < b]
        if not ends:
            return y
        y = max(ends)


VIEWPORT_NAME = "qt_scrollarea_viewport"  # the name Qt gives the viewport it makes


def know_viewport(view: QAbstractScrollArea) -> None:
    """Let PySide meet ``view``'s viewport by name, so ``viewport()`` needs no type search.

    The viewport is a plain QWidget that Qt made. The first time ``viewport()`` hands such a
    widget to Python, PySide looks through every QWidget class for its type (20-50 ms, once per
    process: issue 17, cold start); found as a named child, its type is known at once. The
    widget is the same one: nothing about the view changes.
    """
    view.findChild(QWidget, VIEWPORT_NAME, Qt.FindChildOption.FindDirectChildrenOnly)


def vertical_scroll_area(body: QWidget) -> QScrollArea:
    """A scroll area that only ever scrolls up and down (never sideways) around ``body``."""
    area = QScrollArea()
    know_viewport(area)
    area.setWidgetResizable(True)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setWidget(body)
    return area


def content_lines(view: QAbstractScrollArea) -> list[tuple[int, int]]:
    """(top, bottom) of every line of text in ``view``, in content coordinates: the lines of
    a text browser's document; a tile, banner or other control no taller than the view as one
    unit; the lines of every other wrapping label (also inside list rows and taller tiles)."""
    from PySide6.QtWidgets import QTextEdit

    from kiosk.ui.widgets.ruby import RubyLabel

    lines: list[tuple[int, int]] = []
    if isinstance(view, QTextEdit):
        document = view.document()
        layout = document.documentLayout()
        # a line's readings (RubyReader) sit above it: they belong to the line
        band = getattr(view, "ruby_band", lambda _block: 0.0)
        block = document.begin()
        while block.isValid():
            origin = layout.blockBoundingRect(block).top()
            text_layout = block.layout()
            above = band(block)
            for index in range(text_layout.lineCount() if text_layout else 0):
                line = text_layout.lineAt(index)
                top = origin + line.y()
                lines.append((int(top - above), int(top + line.height() + 0.999)))
            block = block.next()
        return lines
    body = view.widget() if isinstance(view, QScrollArea) else None
    if body is None:
        return lines
    from PySide6.QtCore import QPoint
    from PySide6.QtWidgets import QAbstractButton, QLabel

    # A tile or a banner no taller than the view is one unit: shown whole or not at all. A list
    # row goes by its lines, like text: the fold cuts its box, never a line (a box cut by the
    # edge says "more below"; a hidden row left half the view blank at 200 %).
    limit = view.viewport().height()
    cards = [
        card
        for card in body.findChildren(QAbstractButton)
        if card.isVisibleTo(body)
        and 0 < card.height() <= limit
        and card.property("role") != "row"
        and card.findChildren(RubyLabel)
    ]
    for widget in body.findChildren(QWidget):
        if not widget.isVisibleTo(body) or widget.height() <= 0:
            continue
        top = widget.mapTo(body, QPoint(0, 0)).y()
        if widget in cards:
            lines.append((top, top + widget.height()))
        elif any(card.isAncestorOf(widget) for card in cards):
            continue  # inside a card counted whole
        elif isinstance(widget, RubyLabel):  # also the lines inside a row or a tall tile
            lines.extend((top + t, top + b) for t, b in widget.line_spans())
        elif isinstance(widget, QLabel) and (spans := label_lines(widget)) is not None:
            lines.extend((top + t, top + b) for t, b in spans)  # e.g. the staff menu's lists
        elif (isinstance(widget, QAbstractButton) and not widget.findChildren(RubyLabel)) or (
            isinstance(widget, QLabel) and not isinstance(widget.parentWidget(), QAbstractButton)
        ):
            lines.append((top, top + widget.height()))
    return sorted(lines)


def label_lines(label) -> list[tuple[int, int]] | None:  # noqa: ANN001 - QLabel
    """(top, bottom) of each line of a wrapped plain-text label set at its top, in the label's
    coordinates; None for any other label (it is one unit). Without this a list in one label
    taller than the view was one "line" the bottom cover hid whole: the staff menu's sources
    could not be read once they no longer fitted on the screen."""
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QTextLayout, QTextOption

    top_aligned = bool(label.alignment() & Qt.AlignmentFlag.AlignTop)
    if not (label.wordWrap() and top_aligned and label.textFormat() == Qt.TextFormat.PlainText):
        return None
    area = label.contentsRect()
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WordWrap)
    spans, y = [], float(area.top())
    for paragraph in label.text().split("\n"):
        layout = QTextLayout(paragraph, label.font())
        layout.setTextOption(option)
        layout.beginLayout()
        height = 0.0
        while (line := layout.createLine()).isValid():
            line.setLineWidth(area.width())
            line.setPosition(QPointF(0, height))
            spans.append((int(y + height), int(y + height + line.height() + 0.999)))
            height += line.height()
        layout.endLayout()
        y += height
    return spans
