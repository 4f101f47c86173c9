"""Reading fetched documents in worker processes, not in the kiosk's own process.

Parsing a feed and simplifying its HTML is CPU work in Python: in threads it runs one at a time
under the GIL, and while it runs the UI thread of the kiosk waits its turn for the GIL. A sync
of many changed sources (50 feeds × 100 items: ~3 s of parsing) therefore took as long as all
the parsing put end to end and made the screen stutter. In worker processes the parsing uses
every core and the UI process only waits on a pipe.

Only kinds that never fetch anything themselves go to the workers (feeds, HTML pages, CSV);
alert index feeds and bundles follow links through the kiosk's own capped fetcher and stay in
the sync thread. A document whose reading kills or hangs a worker fails alone with a one-line
reason (the source keeps its last good content) and a fresh worker takes its place.

The workers are ``python -m kiosk.content.parse_worker`` started with subprocess (as the speech
worker is), not multiprocessing's spawn: spawn runs the kiosk's main script (kiosk.cli.main and
everything it imports) in every worker before its first document, and the pass is CPU-bound.
"""

from __future__ import annotations

import logging
import os
import pickle
import subprocess
import sys
import threading

from kiosk.content.model import Source, SourceContent
from kiosk.content.parse_worker import Message, read_message, write_message
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
# How long a closed pool's idle workers get to leave on their own before they are killed.
EXIT_WAIT_S = 10.0


class PoolUnavailable(Exception):  # noqa: N818 - a signal: read in the thread instead
    """The worker processes cannot start here (they died before answering anything)."""


class _Gone(Exception):  # noqa: N818 - a signal, not an error
    """The worker died, or was killed for taking too long."""


def _command() -> tuple[list[str], dict[str, str]]:
    env = dict(os.environ)
    # The worker must import this same kiosk package, wherever it was imported from.
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
    return [sys.executable, "-m", "kiosk.content.parse_worker"], env


class _Worker:
    """One worker process; asked by one sync thread at a time."""

    def __init__(self) -> None:
        command, env = _command()
        self.process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env
        )
        self.timed_out = False

    def ask(self, message: Message, timeout: float) -> Message:
        """The worker's answer; _Gone if it died or took longer than ``timeout`` (then it is
        killed: a worker stuck in a document never reads the next)."""
        process = self.process
        assert process.stdin is not None and process.stdout is not None
        watchdog = threading.Timer(timeout, self._time_out)
        watchdog.daemon = True
        watchdog.start()
        try:
            write_message(process.stdin, message)
            return read_message(process.stdout)
        except (OSError, EOFError, ValueError, pickle.UnpicklingError):
            raise _Gone from None
        finally:
            watchdog.cancel()

    def _time_out(self) -> None:
        self.timed_out = True
        self.kill()

    def alive(self) -> bool:
        return not self.timed_out and self.process.poll() is None

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()

    def leave(self) -> None:
        """Close its stdin: the worker ends by itself once it sees that."""
        try:
            if self.process.stdin is not None:
                self.process.stdin.close()
        except OSError:
            pass


def _reap(workers: list[_Worker]) -> None:
    """Wait for workers that were told to leave (no zombies), and kill any that do not."""
    for worker in workers:
        try:
            worker.process.wait(EXIT_WAIT_S)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.process.wait()
        for stream in (worker.process.stdout,):
            if stream is not None:
                stream.close()


class ParsePool:
    """Worker processes for one sync pass: all started on the first document that needs one
    (the second starts while the first reads), each asked by one sync thread at a time."""

    def __init__(self, workers: int | None = None, timeout: float = READ_TIMEOUT_S) -> None:
        self.workers = workers or max(1, min(2, os.cpu_count() or 1))
        self.timeout = timeout
        self._lock = threading.Lock()
        self._slots = threading.BoundedSemaphore(self.workers)  # documents in the workers
        self._idle: list[_Worker] = []
        self._started = False
        self._closed = False
        self._answered = False  # a worker answered once: later deaths are the document's
        self.unusable = False

    def read(self, kind: str, data: bytes, source: Source) -> SourceContent:
        """The reader's answer from a worker; its ContentError is raised here as it was there.
        A worker that dies or hangs becomes a ReaderError for this document only. Raises
        PoolUnavailable when workers cannot run at all here (the caller reads in-thread)."""
        reply = self._ask(("read", kind, data, source))
        if reply[0] == "ok":
            return reply[1]
        _, error, trace = reply
        raise error from _RemoteTraceback(trace)

    def modules(self) -> list[str]:
        """The modules a worker has imported (tests: what a worker loads before a document)."""
        return self._ask(("modules",))[1]

    def close(self) -> None:
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
        self._let_go(idle)

    def __enter__(self) -> ParsePool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _ask(self, message: Message) -> Message:
        if self.unusable:
            raise PoolUnavailable
        with self._slots:
            worker = self._take()
            try:
                reply = worker.ask(message, self.timeout)
            except _Gone:
                worker.kill()
                self._let_go([worker])
                if worker.timed_out:
                    log.warning(
                        "sync: a reader process took over %g s; started afresh", self.timeout
                    )
                    raise ReaderError(
                        f"reading this document took over {self.timeout:g} s"
                    ) from None
                if not self._answered:
                    self.unusable = True
                    log.warning(
                        "sync: reader processes cannot start here; reading in the sync threads"
                    )
                    raise PoolUnavailable from None
                log.warning("sync: a reader process stopped; started afresh")
                raise ReaderError(
                    "reading this document stopped the reader process (too big or broken?)"
                ) from None
            self._answered = True
            self._give_back(worker)
            return reply

    def _take(self) -> _Worker:
        """An idle worker; a new one when none is idle (fewer than ``workers`` are alive: the
        caller holds one of the slots). The first call starts them all."""
        with self._lock:
            if self._idle:
                return self._idle.pop()
            count = 1 if self._started else self.workers
            self._started = True
            started: list[_Worker] = []
            try:
                while len(started) < count:
                    started.append(_Worker())
            except OSError as exc:  # no interpreter to start (a frozen build, a full process table)
                if not started:
                    log.warning("sync: reader processes cannot start here: %s", exc)
                    self.unusable = True
                    raise PoolUnavailable from None
            self._idle.extend(started[1:])
            return started[0]

    def _give_back(self, worker: _Worker) -> None:
        with self._lock:
            if not self._closed and worker.alive():
                self._idle.append(worker)
                return
        self._let_go([worker])

    @staticmethod
    def _let_go(workers: list[_Worker]) -> None:
        if not workers:
            return
        for worker in workers:
            worker.leave()
        # Idle workers exit on their own; the pass need not wait for them to go.
        threading.Thread(target=_reap, args=(workers,), name="parse-reaper", daemon=True).start()


class _RemoteTraceback(Exception):
    """Where the reader failed in the worker, for the log's traceback of an unexpected error."""

    def __init__(self, trace: str) -> None:
        super().__init__(trace)

    def __str__(self) -> str:
        return "\n" + str(self.args[0])
