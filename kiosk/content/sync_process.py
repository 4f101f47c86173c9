"""The kiosk's side of its sync process (kiosk/content/sync_service.py): start it, hear from
it, start it again when it dies, stop it.

Nothing here imports the network stack, the readers or Qt: results arrive as SyncResult
values (kiosk/content/sync_result.py) and log records are written to this process's log. A
UI hands ``on_done`` over to its own thread (ui/sync_bridge.py), as with BackgroundSync,
whose passes the process runs.

A sync process that dies (killed, out of memory, a crash in a library) costs no content: the
store keeps the last good copy, the log gets one line, and the process is started again after
a pause that grows while it keeps dying at once (1 s, 2 s, … 5 min).
"""

from __future__ import annotations

import logging
import subprocess
import threading
import time
from collections.abc import Callable, Sequence
from contextlib import suppress
from pathlib import Path

from kiosk.content.sync_result import SyncResult
from kiosk.pipes import Message, read_message, worker_command, write_message
from kiosk.sources import Source

log = logging.getLogger("kiosk.sync")

SERVICE = "kiosk.content.sync_service"
RESTART_FIRST_S = 1.0
RESTART_MAX_S = 300.0
# A process that ran this long before it died was working: the next pause starts short again.
HEALTHY_RUN_S = 60.0
ONCE_TIMEOUT_S = 600.0  # "sync now": a whole pass over slow servers


def _spawn() -> subprocess.Popen[bytes]:
    argv, env = worker_command(SERVICE)
    return subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)


def _log_level() -> int:
    """What the process sends: INFO and up, DEBUG too under `kiosk run --verbose`; this
    process's loggers then keep what they are set to keep."""
    return min(logging.getLogger().getEffectiveLevel(), logging.INFO)


def _request(kind: str, store_path: Path | str, sources: list[Source], **more: object) -> Message:
    """The one message the sync process reads first (kiosk/content/sync_service.py)."""
    options = {"store_path": store_path, "sources": sources, "log_level": _log_level(), **more}
    return (kind, options)


def _relay_log(message: Message) -> None:
    _, name, level, text = message
    logging.getLogger(str(name)).log(int(level), "%s", text)


def _read_answers(
    process: subprocess.Popen[bytes], on_done: Callable[[list[SyncResult]], None]
) -> None:
    """Pass on what ``process`` says until it closes its stdout (it ended, or was stopped).
    A message that makes no sense (an updated kiosk on disk answering an older one, a broken
    stream) ends the process: nobody would read it any more, and a full pipe would stall it."""
    assert process.stdout is not None
    while True:
        try:
            message = read_message(process.stdout)
            kind = message[0]
        except (EOFError, OSError):
            return
        except Exception as exc:  # noqa: BLE001 - any garbage: unpickling runs its code
            log.error("sync process: unreadable message (%s); stopping it", type(exc).__name__)
            _kill(process)
            return
        if kind == "log":
            with suppress(Exception):
                _relay_log(message)
        elif kind == "done":
            try:
                on_done(list(message[1]))
            except Exception:
                log.exception("sync process: on_done failed")


def _kill(process: subprocess.Popen[bytes]) -> None:
    with suppress(OSError):
        process.kill()


class SyncProcess:
    """BackgroundSync passes in a child process, for as long as the kiosk runs."""

    def __init__(
        self,
        store_path: Path | str,
        sources: Sequence[Source],
        on_done: Callable[[list[SyncResult]], None] | None = None,
        cap_mb: int = 10,
        poll_seconds: float = 60.0,
        jitter_seconds: float = 0.0,
    ) -> None:
        self.sources = [s for s in sources if s.enabled]
        self.on_done = on_done or (lambda _results: None)
        self.request = _request(
            "loop",
            store_path,
            self.sources,
            cap_mb=int(cap_mb),  # the setting fetch_max_mb; the process knows what a MB is
            poll_seconds=poll_seconds,
            jitter_seconds=jitter_seconds,
        )
        self.process: subprocess.Popen[bytes] | None = None
        self.starts = 0  # processes started (tests, diagnostics)
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._supervise, name="sync-process", daemon=True)

    def start(self) -> SyncProcess:
        """Start (once; later calls do nothing)."""
        with self._lock:
            if self._thread.ident is None:
                self._thread.start()
        return self

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    @property
    def pid(self) -> int | None:
        process = self.process
        return process.pid if process is not None and process.poll() is None else None

    def state(self) -> tuple[str, int]:
        """("running" | "restarting" | "stopped", times started again): for the staff menu."""
        again = max(0, self.starts - 1)
        if self._stop.is_set() or not self._thread.is_alive():
            return "stopped", again
        return ("running" if self.pid is not None else "restarting"), again

    def stop(self, timeout: float | None = 5.0) -> None:
        """Close the process's stdin (it finishes its write and exits), kill it after
        ``timeout`` seconds, and stop starting new ones."""
        self._stop.set()
        with self._lock:
            process = self.process
        if process is not None:
            _close_input(process)
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def _supervise(self) -> None:
        pause = RESTART_FIRST_S
        while not self._stop.is_set():
            started = time.monotonic()
            try:
                code = self._run_one()
            except Exception:  # never the end of the kiosk's sync: log it, start again
                log.exception("sync process: supervision failed")
                code = -1
            if self._stop.is_set() or code is None:
                return
            if time.monotonic() - started >= HEALTHY_RUN_S:
                pause = RESTART_FIRST_S
            log.warning(
                "sync process ended (exit code %s); the stored content stays; starting it "
                "again in %g s",
                code,
                pause,
            )
            if self._stop.wait(pause):
                return
            pause = min(pause * 2, RESTART_MAX_S)

    def _run_one(self) -> int | None:
        """One process's life; its exit code, or None when stopped before it started."""
        with self._lock:
            if self._stop.is_set():
                return None
            try:
                self.process = process = _spawn()
            except (OSError, subprocess.SubprocessError) as exc:
                log.error("sync process cannot start: %s", exc)
                return -1
            self.starts += 1
        assert process.stdin is not None
        with suppress(OSError, ValueError):  # it died at once: its exit code says so below
            write_message(process.stdin, self.request)
        _read_answers(process, self.on_done)
        return process.wait()


def _close_input(process: subprocess.Popen[bytes]) -> None:
    if process.stdin is not None:
        with suppress(OSError):
            process.stdin.close()


def sync_once(store_path: Path | str, sources: Sequence[Source]) -> list[SyncResult]:
    """One full pass over ``sources`` in a sync process (the staff menu's "sync now"): the UI
    process stays as lean as it started. Raises RuntimeError when the process gives no
    answer (it died, or took longer than ONCE_TIMEOUT_S)."""
    process = _spawn()
    results: list[list[SyncResult]] = []
    timer = threading.Timer(ONCE_TIMEOUT_S, _kill, (process,))
    timer.daemon = True
    timer.start()
    code: int | None = None
    try:
        assert process.stdin is not None
        with suppress(OSError, ValueError):  # it died at once: no answer says so below
            write_message(process.stdin, _request("once", store_path, list(sources)))
        _close_input(process)
        _read_answers(process, results.append)
        code = process.wait()
    finally:
        timer.cancel()
        if code is None:  # interrupted: never leave it running, nor unwaited for
            _kill(process)
            process.wait()
    if not results:
        raise RuntimeError(f"the sync process ended without an answer (exit code {code})")
    return results[0]
