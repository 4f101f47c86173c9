"""Background work hands its result to the UI thread one way: a Qt Signal, queued.

Sync runs in the kiosk's sync process (content/sync_process.py), heard from on plain threads
(the background passes, the staff menu's "sync now"); they must never touch a widget. They
call ``SyncBridge.deliver`` from their own thread; the bridge lives in the UI thread, so Qt
queues ``finished`` to the receivers there (connect bound methods of QObjects, which Qt runs
in their own thread). No polling, no shared flags.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from kiosk.content.model import Source

log = logging.getLogger("kiosk.ops")


class SyncBridge(QObject):
    """The hand-over point: ``deliver`` from any thread, ``finished`` in the UI thread."""

    finished = Signal(object)  # list[SyncResult], or the Exception that stopped the work

    def deliver(self, result: object) -> None:
        self.finished.emit(result)


class SyncWorker(SyncBridge):
    """One ``sync_all`` pass in a thread with its own store connection (the staff menu)."""

    def __init__(self, store_path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store_path = store_path
        self.busy = False
        self.finished.connect(self._done)

    def start(self, sources: tuple[Source, ...]) -> bool:
        if self.busy:
            return False
        self.busy = True
        threading.Thread(target=self._work, args=(sources,), daemon=True).start()
        return True

    def _done(self, _result: object) -> None:
        self.busy = False

    def _work(self, sources: tuple[Source, ...]) -> None:
        # In a sync process, as the background passes are: the UI process never loads the
        # network stack and the readers (kiosk/content/sync_process.py).
        from kiosk.content.sync_process import sync_once

        try:
            result: object = sync_once(self.store_path, sources)
        except Exception as exc:  # reported on the staff screen, never a crash
            log.exception("sync failed")
            result = exc
        self.deliver(result)
