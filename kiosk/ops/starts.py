"""How many times `kiosk run` has started (hiroba_restarts_total, issue 18): one small file in
the state directory, counted before anything else can fail, so a kiosk that crashes while it
builds its window still shows its restarts. Its own module: `kiosk run` imports it before the
first frame; the rest of kiosk/ops/health.py (the staff screen's and /metrics' view) comes
later.
"""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path

from kiosk.ops.paths import state_dir

log = logging.getLogger("kiosk.health")  # as the rest of the health view
STARTS_FILE = "starts.json"
# When this run started (the health view's uptime): set here, because `kiosk run` imports this
# module at its start and the health view only when the staff menu or /metrics first asks.
STARTED_MONOTONIC = time.monotonic()
STARTED_WALL = time.time()


def starts_path() -> Path:
    return state_dir() / STARTS_FILE


def record_start(path: Path | None = None) -> int:
    """Count one start of `kiosk run`; returns the number of starts so far. Never raises."""
    path = path or starts_path()
    count = read_starts(path) + 1
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(json.dumps({"starts": count}), encoding="utf-8")
        tmp.replace(path)
    except OSError as exc:
        log.warning("start not counted: %s", exc)
    return count


def read_starts(path: Path | None = None) -> int:
    path = path or starts_path()
    try:
        value = json.loads(path.read_text(encoding="utf-8")).get("starts", 0)
    except (OSError, ValueError, AttributeError):
        return 0
    return value if isinstance(value, int) and value >= 0 else 0
