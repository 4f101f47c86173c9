"""Baseline: the smallest PySide6 program that puts a frame on screen (cold-start reference).

It notes the same kind of moments as the kiosk (kiosk/start_phases.py, one HIROBA_PHASES line
before the marker), without importing anything of the kiosk's.
"""

import json
import sys
import time

marks = {"start": time.perf_counter()}

from PySide6.QtCore import QEvent, QObject, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QLabel  # noqa: E402

marks["PySide6 imported"] = time.perf_counter()


class FirstPaint(QObject):
    seen = False

    def eventFilter(self, watched, event):  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Paint and not self.seen:
            self.seen = True
            QTimer.singleShot(0, done)  # after the whole first frame has been painted
        return False


def done() -> None:
    marks["first frame"] = time.perf_counter()
    start = marks["start"]
    phases = {name: round((at - start) * 1000, 2) for name, at in marks.items()}
    print("HIROBA_PHASES " + json.dumps(phases), flush=True)
    print("HIROBA_FIRST_FRAME", flush=True)
    app.quit()


app = QApplication(sys.argv[:1])
marks["Qt application"] = time.perf_counter()
window = QLabel("Hello")
window.installEventFilter(watcher := FirstPaint())
window.showFullScreen()
marks["shown"] = time.perf_counter()
sys.exit(app.exec())
