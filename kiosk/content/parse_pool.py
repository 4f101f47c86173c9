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
Each worker has the next document in its pipe while it reads the current one (as
multiprocessing's call queue did): a worker that had to wait for a sync thread to be scheduled
between two documents sat idle ~20 ms a document on a busy PC.
"""

from __future__ import annotations

import collections
import logging
import os
import pickle
import subprocess
import threading
import time

from kiosk.content.model import Source, SourceContent
from kiosk.content.parse_worker import Message, read_message, write_message
from kiosk.content.readers.errors import ReaderError
from kiosk.pipes import worker_command

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
# Documents sent to one worker at once: the one it reads and the next.
DEPTH = 2


class PoolUnavailable(Exception):  # noqa: N818 - a signal: read in the thread instead
    """The worker processes cannot start here (they died before answering anything)."""


def _command() -> tuple[list[str], dict[str, str]]:
    return worker_command("kiosk.content.parse_worker")


class _Job:
    """One message to a worker and, once there, its answer."""

    def __init__(self, message: Message) -> None:
        self.message = message
        self.reply: Message | None = None
        self.worker: _Worker | None = None
        self.lost = False  # its worker died while reading it
        self.resend = False  # its worker died before it got to it: send it to another
        self._done = threading.Event()

    def finish(self, reply: Message | None = None, lost: bool = False) -> None:
        self.reply, self.lost, self.resend = reply, lost, reply is None and not lost
        self._done.set()

    def wait(self, timeout: float) -> bool:
        return self._done.wait(timeout)

    def reset(self) -> None:
        self.worker, self.reply, self.lost, self.resend = None, None, False, False
        self._done.clear()


class _Worker:
    """One worker process; its answers come in the order the documents went in, and a thread
    of its own hands each to the sync thread waiting for it."""

    def __init__(self, pool: ParsePool) -> None:
        command, env = _command()
        self.process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env
        )
        self._pool = pool
        self.pending: collections.deque[_Job] = collections.deque()
        self._send_lock = threading.Lock()  # documents go in the order they are listed
        self.load = 0  # documents given to it and not yet answered (under the pool's lock)
        self.dead = False
        self.timed_out = False
        threading.Thread(target=self._replies, name="parse-replies", daemon=True).start()

    def send(self, job: _Job) -> None:
        job.worker = self
        with self._send_lock:
            if self.dead or self.process.poll() is not None:  # died between documents
                job.finish()  # to another worker
                return
            self.pending.append(job)
            try:
                assert self.process.stdin is not None
                # May wait until the worker takes it (a document bigger than the pipe).
                write_message(self.process.stdin, job.message)
            except (OSError, ValueError):  # gone before it took this one: not its fault
                self.pending.pop()
                job.finish()
                self.kill()  # the reply thread sees the end and settles the others

    def _replies(self) -> None:
        stdout = self.process.stdout
        assert stdout is not None
        while True:
            try:
                reply = read_message(stdout)
            except (EOFError, OSError, ValueError, pickle.UnpicklingError):
                break
            self.pending.popleft().finish(reply)
            self._pool._answered = True
            self._pool._notify(self)
        with self._send_lock:
            self.dead = True
            jobs, self.pending = list(self.pending), collections.deque()
        self.kill()
        self.process.wait()
        stdout.close()
        for index, job in enumerate(jobs):  # the first was being read; the others never were
            job.finish(lost=index == 0)
        self._pool._notify()

    def time_out(self) -> None:
        self.timed_out = True
        self.kill()

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()

    def leave(self) -> None:
        """Close its stdin: the worker ends by itself once it has answered what it has."""
        with self._send_lock:
            try:
                if self.process.stdin is not None:
                    self.process.stdin.close()
            except OSError:
                pass
        timer = threading.Timer(EXIT_WAIT_S, self.kill)  # a stuck one does not stay
        timer.daemon = True
        timer.start()


class ParsePool:
    """Worker processes for one sync pass: all started on the first document that needs one
    (the second starts while the first reads); each has at most DEPTH documents at once."""

    def __init__(self, workers: int | None = None, timeout: float = READ_TIMEOUT_S) -> None:
        self.workers = workers or max(1, min(2, os.cpu_count() or 1))
        self.timeout = timeout
        self._room = threading.Condition()
        self._alive: list[_Worker] = []
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
        with self._room:
            self._closed = True
            workers, self._alive = self._alive, []
        for worker in workers:
            worker.leave()

    def __enter__(self) -> ParsePool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _ask(self, message: Message) -> Message:
        job = _Job(message)
        deadline = time.monotonic() + self.timeout
        while True:
            if self.unusable:
                raise PoolUnavailable
            worker = self._worker_with_room()
            worker.send(job)
            if not job.wait(max(0.0, deadline - time.monotonic())):
                worker.time_out()  # stuck on this document (earlier ones timed out first)
                job.wait(EXIT_WAIT_S)
            if job.reply is not None:
                return job.reply
            if worker.timed_out and job.lost:
                log.warning("sync: a reader process took over %g s; started afresh", self.timeout)
                raise ReaderError(f"reading this document took over {self.timeout:g} s")
            if job.lost and self._answered:
                log.warning("sync: a reader process stopped; started afresh")
                raise ReaderError(
                    "reading this document stopped the reader process (too big or broken?)"
                )
            if job.lost or not (self._answered or worker.timed_out):  # none ever answered here
                self.unusable = True
                log.warning("sync: reader processes cannot start here; reading in the sync threads")
                raise PoolUnavailable
            job.reset()  # never read (it waited behind the one that failed): another worker
            deadline = time.monotonic() + self.timeout

    def _worker_with_room(self) -> _Worker:
        """The live worker with the fewest documents, once one has fewer than DEPTH; a new one
        when fewer than ``workers`` are alive. The first call starts them all."""
        with self._room:
            while True:
                if self.unusable:
                    raise PoolUnavailable
                self._alive = [w for w in self._alive if not w.dead and w.process.poll() is None]
                if len(self._alive) < self.workers:
                    count = self.workers if not self._started else 1
                    self._started = True
                    self._start(count)
                    continue
                worker = min(self._alive, key=lambda w: w.load)
                if worker.load < DEPTH:
                    worker.load += 1
                    return worker
                self._room.wait()

    def _start(self, count: int) -> None:
        for _ in range(count):
            try:
                self._alive.append(_Worker(self))
            except OSError as exc:  # no interpreter to start (a frozen build, a full process table)
                if not self._alive:
                    log.warning("sync: reader processes cannot start here: %s", exc)
                    self.unusable = True
                    raise PoolUnavailable from None
                return

    def _notify(self, answered: _Worker | None = None) -> None:
        """A worker answered one document (has room for another), or one died."""
        with self._room:
            if answered is not None:
                answered.load -= 1
            self._room.notify_all()


class _RemoteTraceback(Exception):
    """Where the reader failed in the worker, for the log's traceback of an unexpected error."""

    def __init__(self, trace: str) -> None:
        super().__init__(trace)

    def __str__(self) -> str:
        return "\n" + str(self.args[0])
