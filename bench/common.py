"""Shared helpers for the benchmarks: statistics, resident memory, the BENCH_JSON contract.

Every bench script (ours and those other parts of the kiosk add, e.g. bench/sync_bench.py)
prints, as its LAST line on stdout::

    BENCH_JSON {"bench": "<name>", "rows": [{"metric": ..., "value": ..., "unit": ...,
                "target": ..., "ok": true|false|null, "note": ...}], ...}

``python -m bench`` runs each script as a subprocess and gathers the rows into one table.
"""

from __future__ import annotations

import json
import math
import os
import statistics
import subprocess
import sys
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

JSON_PREFIX = "BENCH_JSON "
INKIOSK_MARKER = "INKIOSK "  # bench/inkiosk.py's result line (read by bench/memory.py)
BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
MIB = 1024 * 1024


@dataclass(slots=True)
class Row:
    metric: str
    value: float | str | None
    unit: str = ""
    target: str = ""
    ok: bool | None = None  # None: no target, or not measurable here
    note: str = ""


@dataclass(slots=True)
class Report:
    bench: str
    rows: list[Row] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    def add(self, *args: Any, **kwargs: Any) -> Row:
        row = Row(*args, **kwargs)
        self.rows.append(row)
        return row

    def to_json(self) -> dict[str, Any]:
        return {"bench": self.bench, "rows": [asdict(r) for r in self.rows], **self.extra}

    def emit(self) -> None:
        """Print the contract line (last line of stdout)."""
        sys.stdout.write(JSON_PREFIX + json.dumps(self.to_json(), ensure_ascii=False) + "\n")
        sys.stdout.flush()


def parse_bench_output(stdout: str) -> dict[str, Any] | None:
    """The last BENCH_JSON line of a bench script's output, decoded; None when there is none."""
    for line in reversed(stdout.splitlines()):
        if line.startswith(JSON_PREFIX):
            return json.loads(line[len(JSON_PREFIX) :])
    return None


def percentile(values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile (no interpolation: a reported p95 is a measured value)."""
    ordered = sorted(values)
    if not ordered:
        return math.nan
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def median(values: Iterable[float]) -> float:
    return statistics.median(list(values))


def rss_bytes(pid: int | str = "self") -> int | None:
    """Resident set size from /proc (Linux); None elsewhere."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


FONT_SUFFIXES = (".ttf", ".ttc", ".otf", ".otc", ".pfb")


def rss_parts(pid: int | str = "self") -> dict[str, float] | None:
    """Resident MiB split by what backs it: ``anon`` (heaps, Python objects, Qt caches: what a
    leak grows), ``fonts`` (pages of font files FreeType has mapped: clean, shared with the
    page cache, dropped by the kernel under pressure) and ``code`` (other files: libraries).
    None where /proc/<pid>/smaps is missing."""
    parts = {"anon": 0.0, "fonts": 0.0, "code": 0.0}
    kind = "anon"
    try:
        with open(f"/proc/{pid}/smaps", encoding="utf-8", errors="replace") as smaps:
            for line in smaps:
                head = line.split(maxsplit=6)
                if len(head) >= 5 and "-" in head[0] and ":" in head[3]:  # a mapping's first line
                    path = head[5].strip() if len(head) > 5 else ""
                    if not path.startswith("/"):
                        kind = "anon"
                    elif path.lower().endswith(FONT_SUFFIXES):
                        kind = "fonts"
                    else:
                        kind = "code"
                elif line.startswith("Rss:"):
                    parts[kind] += int(line.split()[1]) / 1024
    except OSError:
        return None
    return parts


def python_env() -> dict[str, str]:
    """Environment for subprocesses: this checkout first on the path, Qt offscreen."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH", "")) if p)
    # Offscreen Qt pretends an 800×800 screen; the kiosk's is 1920×1080 (full-screen windows,
    # backing store and memory all depend on it).
    if env.get("QT_QPA_PLATFORM", "offscreen") == "offscreen":
        env["QT_QPA_PLATFORM"] = f"offscreen:configfile={BENCH_DIR / 'screen-1920x1080.json'}"
    # An installed kiosk has byte-code caches (pip writes them); measure that, not compiling.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def process_tree(pid: int) -> list[int]:
    """``pid`` and all its descendants (Linux /proc)."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children", encoding="ascii") as handle:
                    todo.extend(int(child) for child in handle.read().split())
        except OSError:
            continue
    return found


def pss_bytes(pids: Iterable[int]) -> int | None:
    """Proportional set size summed over processes: shared pages counted once in total,
    so a multi-process browser and a single-process kiosk compare fairly."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as rollup:
                for line in rollup:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1]) * 1024
                        break
        except OSError:
            continue
    return total or None


def kiosk_at_first_frame(argv: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
    """Start ``argv`` (a `kiosk run`) with HIROBA_BENCH_FIRST_FRAME=stay and return once it
    has painted its first frame; it stays up (the caller terminates it)."""
    proc = subprocess.Popen(
        argv,
        env=dict(env, HIROBA_BENCH_FIRST_FRAME="stay"),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    assert proc.stdout is not None
    for raw in proc.stdout:
        if raw.strip() == b"HIROBA_FIRST_FRAME":
            break
    return proc
