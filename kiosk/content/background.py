"""Sync in the background of the running kiosk: passes on a plain thread of the kiosk's sync
process (kiosk/content/sync_service.py), never in the UI process.

The thread opens its own Store connection (SQLite connections belong to one thread; WAL lets
the UI keep reading while this one writes). Each pass syncs the sources that are due, then
calls ``on_done`` with the results — from this thread; the sync process sends them to the
kiosk, which hands the news over to its UI thread (ui/sync_bridge.py).

When a source is due is kept by ``SyncSchedule``: its refresh interval, spread by a random
jitter (setting ``sync_jitter_seconds``) so that a region's kiosks, restarted together after a
power cut, do not ask the same server in the same second for ever after (the thundering herd;
bench/fleet_bench.py measures it). The thread sleeps until the next source is due.
"""

from __future__ import annotations

import gc
import logging
import random
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path

from kiosk.content.fetch import Fetcher, FetchLimits
from kiosk.content.model import Source
from kiosk.content.store import Store, utc_now
from kiosk.content.sync import POOL_SIZE, SyncResult, refresh_store_readings, sync_all

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


# The longest full collections stay off for one pass (a pass waiting on a slow server).
GC_PAUSE_LIMIT_S = 10.0


@contextmanager
def full_collections_paused(limit: float = GC_PAUSE_LIMIT_S) -> Iterator[None]:
    """No automatic full garbage collection during a pass, for at most ``limit`` seconds.

    A pass unpickles and writes thousands of small objects (items, pages, blocks) in the
    kiosk's own process; they set off full collections that walk every object the process
    holds, with the GIL, and froze the UI thread for 20-150 ms on a busy machine
    (bench/sync_bench.py). Young collections go on (they are short, and free the reference
    cycles a feed read in this process leaves behind); the pass's objects are freed by
    reference counting as each source is written, before the next full collection."""
    thresholds = gc.get_threshold()
    gc.set_threshold(thresholds[0], thresholds[1], _NEVER)
    resume = threading.Timer(limit, _restore_threshold, (thresholds,))
    resume.daemon = True
    resume.start()
    try:
        yield
    finally:
        resume.cancel()
        _restore_threshold(thresholds)


_NEVER = 2**30  # young collections between two full ones


def _restore_threshold(thresholds: tuple[int, int, int]) -> None:
    # Only our own setting is undone: one made meanwhile by someone else is theirs.
    if gc.get_threshold()[2] == _NEVER:
        gc.set_threshold(*thresholds)


class SyncSchedule:
    """When each source is next due (plain Python; the clock is the caller's ``now``).

    A source never synced is due at once (an empty kiosk needs its content). After a restart a
    source is due at its usual time (last attempt + refresh) plus a random delay of up to
    ``START_SPREAD`` × jitter: a fleet coming back from a power cut spreads over minutes, not
    seconds, while its stored content stays on screen. After each attempt the next one is
    refresh ± jitter/2 seconds from the attempt's start, so the average interval stays the
    refresh interval and the kiosks' phases keep drifting apart. No spread ever exceeds the
    source's own refresh interval.
    """

    START_SPREAD = 5

    def __init__(
        self,
        sources: Sequence[Source],
        jitter_seconds: float = 0.0,
        rng: random.Random | None = None,
    ) -> None:
        self.sources = list(sources)
        self.jitter = max(0.0, float(jitter_seconds))
        self.rng = rng or random.Random()
        self.next_due: dict[str, datetime] = {}

    @property
    def started(self) -> bool:
        return bool(self.next_due) or not self.sources

    def _jitter(self, source: Source) -> float:
        return min(self.jitter, source.refresh_minutes * 60.0)

    def start(self, last_attempts: dict[str, datetime | None], now: datetime) -> None:
        for source in self.sources:
            last = last_attempts.get(source.id)
            if last is None:
                self.next_due[source.id] = now
                continue
            usual = max(now, last + timedelta(minutes=source.refresh_minutes))
            widest = min(self.START_SPREAD * self.jitter, source.refresh_minutes * 60.0)
            spread = self.rng.uniform(0.0, widest)
            self.next_due[source.id] = usual + timedelta(seconds=spread)

    def due(self, now: datetime) -> list[Source]:
        return [s for s in self.sources if self.next_due.get(s.id, now) <= now]

    def done(self, sources: Sequence[Source], started: datetime) -> None:
        for source in sources:
            half = self._jitter(source) / 2
            interval = source.refresh_minutes * 60.0 + self.rng.uniform(-half, half)
            self.next_due[source.id] = started + timedelta(seconds=interval)

    def next_wakeup(self) -> datetime | None:
        return min(self.next_due.values(), default=None)


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
        jitter_seconds: float = 0.0,
    ) -> None:
        self.store_path = store_path
        self.sources = [s for s in sources if s.enabled]
        self.on_done = on_done
        self.limits = limits
        self.poll_seconds = poll_seconds  # the longest sleep between two looks at the schedule
        self.schedule = SyncSchedule(self.sources, jitter_seconds)
        # One HTTP session for the kiosk's life: a minute's poll reuses the open (TLS)
        # connection instead of a new handshake each time, which would cost more than the 304.
        self.fetcher: Fetcher | None = None
        self.passes = 0
        # Fingerprints of the bytes behind each source's stored content (sync_bodies).
        self.bodies: dict[str, str] = {}
        self._readings_tried = False
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

    @property
    def stopping(self) -> bool:
        """``stop()`` was asked for (a thread that ended without it died)."""
        return self._stop.is_set()

    def wait(self, timeout: float | None = None) -> None:
        """Until the thread has ended (stopped, or died: it cannot open the store)."""
        if self._thread.is_alive():
            self._thread.join(timeout)

    def run_pass(self, store: Store, now: datetime | None = None) -> list[SyncResult]:
        now = now or utc_now()
        if not self.schedule.started:
            attempts = {s.id: s.last_attempt for s in store.source_statuses()}
            self.schedule.start(attempts, now)
        due = self.schedule.due(now)
        # prune=False: forgetting sources is the job of a full `kiosk sync`, not of a pass
        # that only looked at the due ones.
        results = []
        if due:
            if self.fetcher is None:
                self.fetcher = Fetcher(self.limits, pool_size=POOL_SIZE)
            with full_collections_paused():
                results = sync_all(
                    store,
                    due,
                    fetcher=self.fetcher,
                    prune=False,
                    readings=False,
                    bodies=self.bodies,
                )
        self.schedule.done(due, now)
        self.passes += 1
        return results

    def close(self) -> None:
        """Close the HTTP session (the thread does this itself when it stops)."""
        if self.fetcher is not None:
            self.fetcher.close()
            self.fetcher = None

    def _readings_due(self, results: list[SyncResult]) -> bool:
        # After a pass that stored something, and once at start (pages stored by an older
        # analysis, or by a pass the kiosk was stopped in). Not after every quiet pass: when
        # the analysis cannot run, trying again each minute would only burn the CPU.
        first = not self._readings_tried
        self._readings_tried = True
        return first or any(r.status == "ok" for r in results)

    def _deliver(self, results: list[SyncResult]) -> None:
        if self.on_done is None:
            return
        try:
            self.on_done(results)
        except Exception:
            log.exception("background sync: on_done failed")

    def _sleep_seconds(self) -> float:
        wakeup = self.schedule.next_wakeup()
        if wakeup is None:
            return self.poll_seconds
        return min(self.poll_seconds, max(0.5, (wakeup - utc_now()).total_seconds()))

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
                self._deliver(results)
                if self._readings_due(results) and refresh_store_readings(store, self._stop.is_set):
                    self._deliver([])  # the screen shows the new furigana
                self._wake.wait(self._sleep_seconds())
                self._wake.clear()
        finally:
            self.close()
            store.close()
