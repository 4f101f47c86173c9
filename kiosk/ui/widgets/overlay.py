"""Overlays (PIN pad, staff menu, closed screen) that always cover their whole window."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget


class FollowWindowSize(QObject):
    """Keeps ``overlays()`` covering the whole window whenever the window is resized."""

    def __init__(self, window: QWidget, overlays: Callable[[], list[QWidget]]) -> None:
        super().__init__(window)
        self.overlays = overlays
        window.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Resize and isinstance(obj, QWidget):
            for overlay in self.overlays():
                overlay.setGeometry(obj.rect())
        return False
