"""The running kiosk's sync, in a process of its own (issue 17: a thin UI process).

Fetching and reading feeds brings requests, TLS and every reader into a process, with their
certificates, sessions and parsed documents: about 40 MiB that a kiosk with network sources
carried in its UI process, and parsing that competed with the UI thread for the interpreter.
Here they live in a child of the kiosk (kiosk/content/sync_process.py starts it, and starts
it again if it dies); the UI process only reads the store and repaints when told.

Over stdin the kiosk sends one message:

    ("loop", store_path, sources, cap_bytes, poll_seconds, jitter_seconds)
        BackgroundSync passes until stdin closes (the kiosk stops, or has gone);
    ("once", store_path, sources)
        one full pass (the staff menu's "sync now"), then exit.

Over stdout this process answers ``("done", [SyncResult, ...])`` after each pass and
``("log", logger, level, text)`` for each log record, which the kiosk writes to its own log:
one log file, one writer.
"""

from __future__ import annotations

import logging
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


def _log_to(outbox: _Outbox) -> None:
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
    root.addHandler(_ToKiosk(outbox))
    root.setLevel(logging.INFO)


def serve(requests: IO[bytes], replies: IO[bytes]) -> int:
    from kiosk.content.furigana import analyse_in_helper_from_now

    outbox = _Outbox(replies)
    _log_to(outbox)
    analyse_in_helper_from_now()  # this process lives as long as the kiosk
    try:
        message = read_message(requests)
    except EOFError:
        return 0
    if message[0] == "once":
        _, store_path, sources = message
        from kiosk.content.store import Store
        from kiosk.content.sync import sync_all

        with Store(store_path) as store:
            outbox.send(("done", sync_all(store, sources)))
        return 0
    _, store_path, sources, cap, poll_seconds, jitter_seconds = message
    from kiosk.content.background import BackgroundSync
    from kiosk.content.fetch import FetchLimits

    background = BackgroundSync(
        store_path,
        sources,
        on_done=lambda results: outbox.send(("done", results)),
        limits=FetchLimits(max_bytes=cap, max_decompressed=cap),
        poll_seconds=poll_seconds,
        jitter_seconds=jitter_seconds,
    ).start()
    while True:  # until the kiosk closes our stdin
        try:
            read_message(requests)
        except (EOFError, OSError):
            break
    background.stop(timeout=STOP_TIMEOUT_S)
    return 0


# A pass waiting on a slow server is left this long to finish its write; then the process
# exits anyway (SQLite's transaction keeps the store whole either way).
STOP_TIMEOUT_S = 20.0


def main() -> None:
    # Ctrl+C in a terminal running `kiosk run` reaches the whole process group: the kiosk
    # handles it and closes our stdin, which ends this process without a traceback of its own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    requests, replies = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # a stray print() must not break the message stream
    sys.exit(serve(requests, replies))


if __name__ == "__main__":
    main()
