"""One-switch scanning: focus moves by itself every N seconds; the one switch (Space or
Enter, as switch interfaces send) presses whatever has focus."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget

from kiosk.ui.input_events import is_input

SELECT_KEYS = (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter)


class Scanner(QObject):
    # A switch press was taken here: the filter swallows it, so the idle clock (another
    # application filter) never sees it and must hear of it from this signal.
    pressed = Signal()

    def __init__(self, root: QWidget, interval_ms: int = 2000) -> None:
        super().__init__(root)
        self.root = root
        # Where to scan: the window, or an overlay covering it (idle warning, attract).
        self.scope: Callable[[], QWidget] = lambda: root
        self.timer = QTimer(self, interval=interval_ms)
        self.timer.timeout.connect(self.advance)

    @property
    def active(self) -> bool:
        return self.timer.isActive()

    def set_active(self, on: bool) -> None:
        app = QApplication.instance()
        if on and not self.active:
            self.timer.start()
            app.installEventFilter(self)
            self.advance()
        elif not on and self.active:
            self.timer.stop()
            app.removeEventFilter(self)

    def set_interval(self, interval_ms: int) -> None:
        self.timer.setInterval(interval_ms)

    def targets(self) -> list[QAbstractButton]:
        """Visible, enabled buttons of the window, in reading order (top-left first)."""
        buttons = [
            b
            for b in self.scope().findChildren(QAbstractButton)
            if b.isVisible()
            and b.isEnabled()
            and b.window() is self.root.window()
            and b.focusPolicy() != Qt.FocusPolicy.NoFocus
            and _on_screen(b)
        ]
        return sorted(
            buttons,
            key=lambda b: (
                b.mapTo(self.root, b.rect().topLeft()).y() // 40,
                b.mapTo(self.root, b.rect().topLeft()).x(),
            ),
        )

    def advance(self) -> None:
        targets = self.targets()
        if not targets:
            return
        focused = QApplication.focusWidget()
        index = targets.index(focused) + 1 if focused in targets else 0
        target = targets[index % len(targets)]
        target.setFocus(Qt.FocusReason.TabFocusReason)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if not is_input(event):
            return False
        if event.type() == QEvent.Type.KeyPress and event.key() in SELECT_KEYS:  # type: ignore[attr-defined]
            # the key goes to whatever had focus when it was pressed, even if the scan
            # timer has moved on since
            focused = watched if isinstance(watched, QAbstractButton) else None
            focused = focused or QApplication.focusWidget()
            if isinstance(focused, QAbstractButton) and focused.isVisible():
                self.timer.start()  # give the person the full interval on the new screen
                self.pressed.emit()
                focused.click()
                QTimer.singleShot(0, self._refocus)
                return True
        return False

    def _refocus(self) -> None:
        focused = QApplication.focusWidget()
        if focused is None or not focused.isVisible() or focused not in self.targets():
            self.advance()


def _on_screen(widget: QWidget) -> bool:
    """Inside every scrolling parent's visible part (no scanning to invisible rows)."""
    rect = widget.rect()
    parent = widget.parentWidget()
    top_left = widget.mapTo(widget.window(), rect.topLeft())
    while parent is not None:
        origin = parent.mapTo(widget.window(), parent.rect().topLeft())
        if not (origin.y() - 1 <= top_left.y() <= origin.y() + parent.height()):
            return False
        parent = parent.parentWidget()
    return True
