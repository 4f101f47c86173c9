"""Background work hands its result to the UI thread one way: a Qt Signal, queued.

Sync runs in the kiosk's sync process (content/sync_process.py), heard from on plain threads
(the background passes, the staff menu's "sync now"); they must never touch a widget. They
call ``SyncBridge.deliver`` from their own thread; the bridge lives in the UI thread, so Qt
queues ``finished`` to the receivers there (connect bound methods of QObjects, which Qt runs
in their own thread). No polling, no shared flags.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from pathlib import Path
from typing import NamedTuple

from PySide6.QtCore import QObject, Signal

from kiosk.content.model import Source

log = logging.getLogger("kiosk.ops")


class SyncBridge(QObject):
    """The hand-over point: ``deliver`` from any thread, ``finished`` in the UI thread."""

    finished = Signal(object)  # the work's result, or the Exception that stopped it

    def deliver(self, result: object) -> None:
        self.finished.emit(result)


class _Job(SyncBridge):
    """One piece of the staff menu's content work in a thread of its own (one of each kind at
    a time; the staff menu keeps a sync and a reload apart); its result, or the Exception that
    stopped it, comes back through ``finished``."""

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
        try:
            result: object = self.run(sources)
        except Exception as exc:  # reported on the staff screen, never a crash
            log.exception("%s failed", type(self).__name__)
            result = exc
        # The staff menu may be gone meanwhile (its window replaced): nobody to tell.
        with contextlib.suppress(RuntimeError):
            self.deliver(result)

    def run(self, sources: tuple[Source, ...]) -> object:
        raise NotImplementedError


class SyncWorker(_Job):
    """One ``sync_all`` pass (the staff menu's "sync now"): a list of SyncResult."""

    def run(self, sources: tuple[Source, ...]) -> object:
        # In a sync process, as the background passes are: the UI process never loads the
        # network stack and the readers (kiosk/content/sync_process.py).
        from kiosk.content.sync_process import sync_once

        return sync_once(self.store_path, sources)


class Reloaded(NamedTuple):
    """What a reload read: the packages read again, and those of them that failed (their last
    good content kept, the reason in the store)."""

    read: list[str]
    failed: list[str]


class ReloadWorker(_Job):
    """The local packages whose files changed, read again (the staff menu's "Reload
    content"), on a store connection of its own: a volunteer's new folder of pages can take
    seconds to read, and the staff menu stays responsive meanwhile. A Reloaded comes back."""

    def run(self, sources: tuple[Source, ...]) -> object:
        from kiosk.content.local import sync_local_packages
        from kiosk.content.store import Store

        with Store(self.store_path) as store:
            read = sync_local_packages(store, sources, isolate_readings=True)
            failing = {s.id for s in store.source_statuses() if s.last_error}
        return Reloaded(read, [source_id for source_id in read if source_id in failing])
