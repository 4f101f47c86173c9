"""Sync in the background of the running kiosk: a plain thread, never the UI thread.

The thread opens its own Store connection (SQLite connections belong to one thread; WAL lets
the UI keep reading while this one writes). Each pass syncs the sources that are due (never
synced, or older than their refresh interval), then calls ``on_done`` with the results — from
this thread, so a UI must hand the news over to its own thread (ui/app.py polls a flag).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from pathlib import Path

from kiosk.content.fetch import FetchLimits
from kiosk.content.model import Source
from kiosk.content.store import Store, utc_now
from kiosk.content.sync import SyncResult, sync_all

log = logging.getLogger("kiosk.sync")


def due_sources(
    store: Store, sources: Sequence[Source], now: datetime | None = None
) -> list[Source]:
    """Sources whose last attempt is older than their refresh interval (or that never ran)."""
    now = now or utc_now()
    attempts = {s.id: s.last_attempt for s in store.source_statuses()}
    due = []
    for source in sources:
        last = attempts.get(source.id)
        if last is None or now - last >= timedelta(minutes=source.refresh_minutes):
            due.append(source)
    return due


class BackgroundSync:
    """Runs sync passes on a daemon thread until ``stop()``.

    ``poll_seconds`` is how often it looks for due sources.
    """

    def __init__(
        self,
        store_path: Path | str,
        sources: Sequence[Source],
        on_done: Callable[[list[SyncResult]], None] | None = None,
        limits: FetchLimits | None = None,
        poll_seconds: float = 60.0,
    ) -> None:
        self.store_path = store_path
        self.sources = [s for s in sources if s.enabled]
        self.on_done = on_done
        self.limits = limits
        self.poll_seconds = poll_seconds
        self.passes = 0
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread = threading.Thread(target=self._run, name="background-sync", daemon=True)

    def start(self) -> BackgroundSync:
        self._thread.start()
        return self

    def stop(self, timeout: float | None = 30.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def run_pass(self, store: Store) -> list[SyncResult]:
        due = due_sources(store, self.sources)
        # prune=False: forgetting sources is the job of a full `kiosk sync`, not of a pass
        # that only looked at the due ones.
        results = sync_all(store, due, limits=self.limits, prune=False) if due else []
        self.passes += 1
        return results

    def _run(self) -> None:
        try:
            store = Store(self.store_path)
        except Exception:
            log.exception("background sync: cannot open the store")
            return
        try:
            while not self._stop.is_set():
                try:
                    results = self.run_pass(store)
                except Exception:  # keep the kiosk's sync alive whatever one pass hit
                    log.exception("background sync pass failed")
                    results = []
                if self.on_done is not None:
                    try:
                        self.on_done(results)
                    except Exception:
                        log.exception("background sync: on_done failed")
                self._wake.wait(self.poll_seconds)
                self._wake.clear()
        finally:
            store.close()
