"""Where `kiosk run`'s cold start goes: a few named moments, for the benchmark only.

The kiosk marks each step of its start (`mark`); bench/coldstart.py asks for them with
``HIROBA_BENCH_FIRST_FRAME`` and the first-frame report prints them as one line
(``HIROBA_PHASES {...}``, milliseconds since the first mark). A kiosk in normal use keeps a
list of eight floats and prints nothing. No Qt here: the first mark comes before any import.
"""

from __future__ import annotations

import json
import time

LINE_PREFIX = "HIROBA_PHASES "
_marks: list[tuple[str, float]] = []


def mark(name: str) -> None:
    """Note that ``name`` has just finished (the first call is the start itself)."""
    _marks.append((name, time.perf_counter()))


def since_start() -> dict[str, float]:
    """Each mark's milliseconds after the first one, in order."""
    if not _marks:
        return {}
    first = _marks[0][1]
    return {name: round((at - first) * 1000, 2) for name, at in _marks}


def line() -> str:
    return LINE_PREFIX + json.dumps(since_start(), ensure_ascii=False)


def parse(text: str) -> dict[str, float] | None:
    """The marks from a ``line()`` (None for any other text)."""
    if not text.startswith(LINE_PREFIX):
        return None
    marks = json.loads(text[len(LINE_PREFIX) :])
    return {str(name): float(ms) for name, ms in marks.items()}
