"""Log setup: one line per event, to stderr and to rotating files in the state dir.

Events say what the kiosk did ("sync ok: …", "admin: sync now"), never who did it or what
they typed: there is no personal data to log in the first place. What visitors do is never a
line with a timestamp (that, joined with the per-day page counts, would say who read what
when): navigation is logged only as counts, at daily maintenance and when the kiosk stops.
"""

from __future__ import annotations

import logging
import logging.handlers
import re
import sys
from collections import Counter, deque
from datetime import datetime
from pathlib import Path

from kiosk.i18n.dates import LOCAL_TZ
from kiosk.ops.paths import log_path

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
MAX_BYTES = 1_000_000
BACKUPS = 7


class OneLine(logging.Formatter):
    """Tracebacks and multi-line messages folded into one line, so each event is one line.

    Times are the kiosk's (JST, kiosk.i18n.dates.LOCAL_TZ) with their offset, whatever zone
    the machine's clock is set to: staff read them next to the kiosk's clock."""

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:  # noqa: N802
        when = datetime.fromtimestamp(record.created, LOCAL_TZ)
        return (
            when.strftime(datefmt or "%Y-%m-%d %H:%M:%S")
            + f",{int(record.msecs):03d}"
            + (when.strftime("%z") if not datefmt else "")
        )

    def format(self, record: logging.LogRecord) -> str:
        return " ⏎ ".join(super().format(record).splitlines())


def setup_logging(verbose: bool = False, to_file: bool = True) -> Path | None:
    """Configure the root logger; returns the log file (None if it cannot be written)."""
    root = logging.getLogger()
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    for handler in list(root.handlers):
        root.removeHandler(handler)
        handler.close()
    formatter = OneLine(FORMAT)
    stream = logging.StreamHandler(sys.stderr)
    stream.setFormatter(formatter)
    root.addHandler(stream)
    if not to_file:
        return None
    path = log_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
        )
    except OSError as exc:
        logging.getLogger("kiosk").warning("log file off: %s: %s", path, exc)
        return None
    handler.setFormatter(formatter)
    root.addHandler(handler)
    return path


class NavigationCounts:
    """Screens shown, counted by kind only; reported as one line and started afresh."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()

    def add(self, what: str) -> None:
        self.counts[what] += 1

    def report(self, logger: logging.Logger | None = None) -> str | None:
        """Log (and return) the counts since the last report; nothing if there were none."""
        if not self.counts:
            return None
        parts = ", ".join(f"{name} {n}" for name, n in sorted(self.counts.items()))
        line = f"navigation since the last report: {sum(self.counts.values())} ({parts})"
        self.counts.clear()
        (logger or logging.getLogger("kiosk.ops")).info("%s", line)
        return line


_STAMP = re.compile(r"^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})(,\d{3})?([+-]\d{4})?")


def in_kiosk_time(lines: list[str]) -> list[str]:
    """Log lines with their leading time in the kiosk's zone (JST), without the offset.

    Lines written before times carried an offset are in the machine's local zone (that is
    what ``logging`` wrote); they are converted too, so one log never mixes zones."""
    shown = []
    for line in lines:
        match = _STAMP.match(line)
        if match is None:
            shown.append(line)
            continue
        stamp, millis, offset = match.groups()
        try:
            when = datetime.strptime(
                stamp + (offset or ""), "%Y-%m-%d %H:%M:%S" + ("%z" if offset else "")
            )
        except ValueError:
            shown.append(line)
            continue
        local = (when if offset else when.astimezone()).astimezone(LOCAL_TZ)
        shown.append(local.strftime("%Y-%m-%d %H:%M:%S") + (millis or "") + line[match.end() :])
    return shown


def rotate_logs() -> bool:
    """Start a fresh log file now (daily maintenance); True if there was a file log."""
    rotated = False
    for handler in logging.getLogger().handlers:
        if isinstance(handler, logging.handlers.RotatingFileHandler):
            handler.doRollover()
            rotated = True
    return rotated


def tail(lines: int = 40, path: Path | None = None) -> list[str]:
    path = path or log_path()
    try:
        with path.open(encoding="utf-8", errors="replace") as handle:
            return [line.rstrip("\n") for line in deque(handle, maxlen=lines)]
    except OSError:
        return []
