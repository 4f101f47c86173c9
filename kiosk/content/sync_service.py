"""The running kiosk's sync, in a process of its own (issue 17: a thin UI process).

Fetching and reading feeds brings requests, TLS and every reader into a process, with their
certificates, sessions and parsed documents: about 40 MiB that a kiosk with network sources
carried in its UI process, and parsing that competed with the UI thread for the interpreter.
Here they live in a child of the kiosk (kiosk/content/sync_process.py starts it, and starts
it again if it dies); the UI process only reads the store and repaints when told.

Over stdin the kiosk sends one message:

    ("loop", {store_path, sources, cap_mb, poll_seconds, jitter_seconds, log_level})
        BackgroundSync passes until stdin closes (the kiosk stops, or has gone);
    ("once", {store_path, sources, log_level})
        one full pass (the staff menu's "sync now"), then exit.

Over stdout this process answers ``("done", [SyncResult, ...])`` after each pass and
``("log", logger, level, text)`` for each log record, which the kiosk writes to its own log:
one log file, one writer.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading
from contextlib import suppress
from typing import IO

from kiosk.pipes import Message, read_message, write_message


class _Outbox:
    """Messages to the kiosk, whole, from any thread of this process."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        self.lock = threading.Lock()

    def send(self, message: Message) -> None:
        # OSError: the kiosk has gone; its end of stdin closes too, which ends this process.
        with self.lock, suppress(OSError, ValueError):
            write_message(self.stream, message)


class _ToKiosk(logging.Handler):
    def __init__(self, outbox: _Outbox) -> None:
        super().__init__()
        self.outbox = outbox
        self.setFormatter(logging.Formatter("%(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.outbox.send(("log", record.name, record.levelno, self.format(record)))
        except Exception:  # noqa: BLE001 - logging must never take the sync down
            self.handleError(record)


def _log_to(outbox: _Outbox, level: int) -> None:
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
    root.addHandler(_ToKiosk(outbox))
    root.setLevel(level)

    # A crash here, in any thread, reaches the kiosk's log too, not only stderr.
    def crashed(kind, value, trace) -> None:  # noqa: ANN001
        logging.getLogger("kiosk.sync").critical(
            "sync process crashed", exc_info=(kind, value, trace)
        )

    sys.excepthook = crashed
    threading.excepthook = lambda args: crashed(args.exc_type, args.exc_value, args.exc_traceback)


def _die_with_the_kiosk() -> None:
    """Linux: SIGTERM to this process when the kiosk ends, however it ends (killed too), so a
    sync never outlives its kiosk writing to the store the next start repairs or backs up.
    (Without it a pass waiting on a slow server kept an orphan alive for minutes.)"""
    parent = os.getppid()
    with suppress(Exception):
        import ctypes

        libc = ctypes.CDLL(None)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != parent:  # the kiosk ended before the line above
        os._exit(0)


PR_SET_PDEATHSIG = 1  # linux/prctl.h


def serve(requests: IO[bytes], replies: IO[bytes]) -> int:
    """Answer the kiosk's one request; the exit code (1: the sync thread died by itself, and
    the kiosk starts a new process after a pause)."""
    from kiosk.content.furigana import analyse_in_helper_from_now

    outbox = _Outbox(replies)
    try:
        message = read_message(requests)
    except EOFError:
        return 0
    kind, options = message[0], message[1]
    _log_to(outbox, int(options.get("log_level", logging.INFO)))
    analyse_in_helper_from_now()  # this process lives as long as the kiosk
    if kind == "once":
        from kiosk.content.store import Store
        from kiosk.content.sync import sync_all

        with Store(options["store_path"]) as store:
            outbox.send(("done", sync_all(store, options["sources"])))
        return 0
    from kiosk.content.background import BackgroundSync
    from kiosk.content.fetch import MB, FetchLimits

    cap = int(options["cap_mb"]) * MB
    background = BackgroundSync(
        options["store_path"],
        options["sources"],
        on_done=lambda results: outbox.send(("done", results)),
        limits=FetchLimits(max_bytes=cap, max_decompressed=cap),
        poll_seconds=float(options["poll_seconds"]),
        jitter_seconds=float(options["jitter_seconds"]),
    ).start()

    released = threading.Event()

    def until_the_kiosk_lets_go() -> None:
        with suppress(EOFError, OSError):
            while True:  # the kiosk closes our stdin to stop us (or it has gone)
                read_message(requests)
        background.stop(timeout=STOP_TIMEOUT_S)  # then the process exits, done or not
        released.set()

    threading.Thread(target=until_the_kiosk_lets_go, name="stdin", daemon=True).start()
    while background.running and not released.is_set():
        background.wait(0.5)
    if background.stopping:
        released.wait(STOP_TIMEOUT_S)
        return 0
    logging.getLogger("kiosk.sync").error("sync process: its sync thread ended by itself")
    return 1


# A pass waiting on a slow server is left this long to finish its write; then the process
# exits anyway (SQLite's transaction keeps the store whole either way).
STOP_TIMEOUT_S = 20.0


def main() -> None:
    # Ctrl+C in a terminal running `kiosk run` reaches the whole process group: the kiosk
    # handles it and closes our stdin, which ends this process without a traceback of its own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_the_kiosk()
    # The messages own the real stdout; whatever else writes to it (a library, a stray print)
    # goes to stderr instead of into the message stream.
    replies = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    code = serve(sys.stdin.buffer, replies)
    with suppress(OSError, ValueError):
        replies.flush()
    logging.shutdown()
    # Not sys.exit: the interpreter would wait for download threads still stuck on a slow
    # server; the store is whole, nothing else is left to do.
    os._exit(code)


if __name__ == "__main__":
    main()
