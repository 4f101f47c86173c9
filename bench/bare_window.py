"""Baseline: the smallest PySide6 program that puts a frame on screen (cold-start reference)."""

import sys

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel


class FirstPaint(QObject):
    seen = False

    def eventFilter(self, watched, event):  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Paint and not self.seen:
            self.seen = True
            QTimer.singleShot(0, done)  # after the whole first frame has been painted
        return False


def done() -> None:
    print("HIROBA_FIRST_FRAME", flush=True)
    app.quit()


app = QApplication(sys.argv[:1])
window = QLabel("Hello")
window.installEventFilter(watcher := FirstPaint())
window.showFullScreen()
sys.exit(app.exec())
