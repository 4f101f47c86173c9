"""Reading fetched documents in worker processes, not in the kiosk's own process.

Parsing a feed and simplifying its HTML is CPU work in Python: in threads it runs one at a time
under the GIL, and while it runs the UI thread of the kiosk waits its turn for the GIL. A sync
of many changed sources (50 feeds × 100 items: ~3 s of parsing) therefore took as long as all
the parsing put end to end and made the screen stutter. In worker processes the parsing uses
every core and the UI process only waits on a pipe.

Only kinds that never fetch anything themselves go to the workers (feeds, HTML pages, CSV);
alert index feeds and bundles follow links through the kiosk's own capped fetcher and stay in
the sync thread. A document whose reading kills or hangs a worker fails alone with a one-line
reason (the source keeps its last good content) and the pool is started afresh.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool

from kiosk.content.model import Source, SourceContent
from kiosk.content.readers.errors import ReaderError

log = logging.getLogger("kiosk.sync")

# Parsing in the sync threads is CPU work under the GIL: running it on many threads at once
# gains nothing and makes the UI thread queue behind all of them for the GIL. Downloads stay
# concurrent; documents read in-thread are read one at a time.
PARSE_SLOT = threading.BoundedSemaphore(1)
# Kinds whose readers need nothing but the bytes (see readers.BYTE_READERS).
POOL_KINDS = frozenset({"feed", "jsonfeed", "html", "csv"})
# Smaller documents read faster in the thread than they travel to a worker and back (a
# 20-item feed: ~10 ms), and a pass of only such documents starts no workers at all.
POOL_MIN_BYTES = 32 * 1024
# A document no real publisher would need this long for (a 10 MB feed reads in ~2 s).
READ_TIMEOUT_S = 120.0


class PoolUnavailable(Exception):  # noqa: N818 - a signal: read in the thread instead
    """The worker processes cannot start here (they died before answering anything)."""


def _read(kind: str, data: bytes, source: Source) -> SourceContent:
    """In the worker: the same reader `kiosk read` and in-thread sync use."""
    from kiosk.content.readers import BYTE_READERS

    return BYTE_READERS[kind](data, source, None)


def _warm() -> None:
    # Import the readers while the first download is still on its way.
    import kiosk.content.readers  # noqa: F401


class ParsePool:
    """Worker processes for one sync pass, started on the first document that needs one."""

    def __init__(self, workers: int | None = None, timeout: float = READ_TIMEOUT_S) -> None:
        self.workers = workers or max(1, min(2, os.cpu_count() or 1))
        self.timeout = timeout
        self._lock = threading.Lock()
        self._executor: ProcessPoolExecutor | None = None
        self._answered = False  # a worker answered once: later deaths are the document's
        self.unusable = False

    def read(self, kind: str, data: bytes, source: Source) -> SourceContent:
        """The reader's answer from a worker; its ContentError is raised here as it was there.
        A worker that dies or hangs becomes a ReaderError for this document only. Raises
        PoolUnavailable when workers cannot run at all here (the caller reads in-thread)."""
        if self.unusable:
            raise PoolUnavailable
        executor = self._start()
        try:
            future = executor.submit(_read, kind, data, source)
            content = future.result(self.timeout)
            self._answered = True
            return content
        except BrokenProcessPool:
            self._discard(executor)
            if not self._answered:
                self.unusable = True
                log.warning("sync: reader processes cannot start here; reading in the sync threads")
                raise PoolUnavailable from None
            raise ReaderError(
                "reading this document stopped the reader process (too big or broken?)"
            ) from None
        except FutureTimeout:
            self._discard(executor, kill=True)
            raise ReaderError(f"reading this document took over {self.timeout:g} s") from None

    def close(self) -> None:
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            # Idle workers exit on their own; the pass need not wait for them to go.
            executor.shutdown(wait=False, cancel_futures=True)

    def __enter__(self) -> ParsePool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _start(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._executor is None:
                # spawn, not fork: the kiosk process has threads (Qt, sync, speech) and a
                # forked copy of their locks can deadlock.
                self._executor = ProcessPoolExecutor(
                    self.workers, mp_context=multiprocessing.get_context("spawn"), initializer=_warm
                )
            return self._executor

    def _discard(self, executor: ProcessPoolExecutor, kill: bool = False) -> None:
        """Forget a pool that can no longer be trusted; the next document starts a new one."""
        with self._lock:
            if self._executor is executor:
                self._executor = None
        if kill:  # a hung worker never returns: stop it, or shutdown would wait for ever
            for process in list(getattr(executor, "_processes", {}).values()):
                process.kill()
        executor.shutdown(wait=False, cancel_futures=True)
        log.warning("sync: reader processes restarted")
