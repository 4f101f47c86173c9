"""Big buttons: every control a person touches is one of these (≥72 px, named, focusable)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget


class BigButton(QPushButton):
    """A plain big button with a visible label that is also its accessible name."""

    def __init__(self, text: str = "", parent: QWidget | None = None, name: str = "") -> None:
        # Not (text, parent): PySide would weigh the (icon, text, parent) overload and build
        # QIcon's Python type, 151 enum members, ~2 ms of cold start. set_text below sets it.
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setAutoDefault(False)
        if name:
            self.setObjectName(name)
        self.set_text(text)

    def set_text(self, text: str, accessible: str | None = None) -> None:
        self.setText(text)
        self.setAccessibleName(accessible or text)


class CardButton(QPushButton):
    """A button holding several lines of wrapping text (tiles, list rows, alert banners).

    QPushButton cannot wrap its own text, so the text lives in child labels; the button
    reports height-for-width from its layout so long titles grow the row instead of clipping.
    """

    def __init__(self, role: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", role)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setAutoDefault(False)
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(24, 12, 24, 12)
        self._layout.setSpacing(8)
        self._labels: list[QLabel] = []

    def set_lines(
        self,
        lines: list[tuple[str, str]],
        accessible_name: str | None = None,
        furigana: bool = False,
    ) -> None:
        """``lines`` are (text, label role) pairs, top to bottom; with ``furigana`` the first
        line (the title) gets readings over its kanji."""
        from kiosk.ui.widgets.ruby import RubyLabel

        while len(self._labels) < len(lines):
            # Its role before it has a parent: a label made inside a polished button is
            # polished at once, and setting the role then styles it a second time (issue 17).
            label = RubyLabel()
            label.setProperty("role", lines[len(self._labels)][1])
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            label.setTextFormat(Qt.TextFormat.PlainText)
            self._layout.addWidget(label)
            self._labels.append(label)
        for index, (label, (text, role)) in enumerate(zip(self._labels, lines, strict=False)):
            label.set_ruby_text(text, furigana and index == 0)
            label.setVisible(bool(text))
            set_style_property(label, "role", role)
        for label in self._labels[len(lines) :]:
            label.hide()
        self.setAccessibleName(accessible_name or "　".join(t for t, _ in lines if t))
        self.updateGeometry()

    def texts(self) -> list[str]:
        return [label.text() for label in self._labels if label.isVisibleTo(self)]

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return max(self._layout.totalHeightForWidth(width), self.minimumHeight())

    def sizeHint(self):
        return self._layout.totalSizeHint().expandedTo(self.minimumSize())

    def minimumSizeHint(self):
        return self._layout.totalMinimumSize()


def set_style_property(widget: QWidget, name: str, value: object) -> None:
    """Set a property the style sheet selects on, re-polishing only when it really changed.

    Re-polishing recomputes the widget's style sheet; doing it on every screen visit cost
    measurable tap latency and (via the first ``style()`` call) cold-start time (bench/).
    A widget not yet polished picks the property up when it is first shown.
    """
    if widget.property(name) == value:
        return
    widget.setProperty(name, value)
    if widget.testAttribute(Qt.WidgetAttribute.WA_WState_Polished):
        style = widget.style()
        style.unpolish(widget)
        style.polish(widget)
