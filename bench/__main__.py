"""Run every benchmark, print one table, write bench/results.json.

    python -m bench            # the full run (make bench), a few minutes
    python -m bench --quick    # a smoke run: tiny counts, same table and JSON

Each benchmark runs in its own process (python -m bench.<name> [--quick]) and reports
through its last stdout line, ``BENCH_JSON {...}`` (see bench/README.md); any
``bench/*_bench.py`` other parts of the kiosk add is picked up the same way.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.common import BENCH_DIR, Report, parse_bench_output, python_env
from bench.table import format_table

CORE = ("coldstart", "latency", "memory", "soak")
# argv per benchmark, full and --quick (None: skipped in that mode)
ARGS: dict[str, tuple[list[str] | None, list[str] | None]] = {
    "soak": (["--minutes", "1"], None),  # the real soak is `python -m bench.soak --hours H`
    # Re-runs coldstart and latency on one core: too long for the smoke run, whose limits are
    # tested in tests/unit/test_bench_constrain.py.
    "smallpc_bench": ([], None),
    # Real workers and whole gold lists: full runs only (the smoke run must stay short).
    "speech_bench": (["--runs", "3"], None),
    "reading_bench": ([], None),
}
TIMEOUT_S = {"full": 600, "quick": 180}
# The memory run drives a real `kiosk run` (bench/inkiosk.py): on a loaded 2-core VM its
# 10,000 navigations took 17 min; on a quiet one well under 10.
FULL_TIMEOUT_S = {"memory": 1500}


def discover() -> list[str]:
    extra = sorted(p.stem for p in BENCH_DIR.glob("*_bench.py"))
    return [*CORE, *extra]


def run_one(name: str, quick: bool) -> dict[str, Any] | None:
    full_args, quick_args = ARGS.get(name, ([], ["--quick"]))
    extra = quick_args if quick else full_args
    if extra is None:
        return None
    argv = [sys.executable, "-m", f"bench.{name}", *extra]
    started = time.monotonic()
    print(f"· {name} …", flush=True)
    try:
        done = subprocess.run(
            argv,
            env=python_env(),
            cwd=BENCH_DIR.parent,
            capture_output=True,
            text=True,
            timeout=TIMEOUT_S["quick"] if quick else FULL_TIMEOUT_S.get(name, TIMEOUT_S["full"]),
        )
    except subprocess.TimeoutExpired:
        return failed(name, "timed out")
    seconds = time.monotonic() - started
    result = parse_bench_output(done.stdout)
    if result is None:
        tail = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return failed(name, f"exit code {done.returncode}: {tail}")
    for line in done.stdout.splitlines():  # a leak must be seen, not only counted
        if "LEAK" in line and not line.startswith("BENCH_JSON"):
            print(line, flush=True)
    result["seconds"] = round(seconds, 1)
    print(f"  {name}: {seconds:.0f} s", flush=True)
    return result


def failed(name: str, why: str) -> dict[str, Any]:
    report = Report(name)
    report.add(f"{name}: did not finish", None, note=why, ok=False)
    return report.to_json()


def machine() -> dict[str, Any]:
    info: dict[str, Any] = {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "os": platform.platform(),
    }
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                info["memory_gib"] = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    try:
        import PySide6
        from PySide6.QtCore import qVersion

        info["pyside6"] = PySide6.__version__
        info["qt"] = qVersion()
    except ImportError:
        pass
    from bench.coldstart import chromium_binary

    binary = chromium_binary()
    if binary:
        try:
            out = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=30)
            info["chromium"] = out.stdout.strip()
        except (OSError, subprocess.SubprocessError):
            pass
    return info


def describe(info: dict[str, Any]) -> str:
    parts = [
        f"{info.get('cpus')} CPUs ({info.get('cpu', '?')})",
        f"{info.get('memory_gib', '?')} GiB RAM",
        f"Python {info['python']}",
        f"PySide6 {info.get('pyside6', '?')} / Qt {info.get('qt', '?')}",
    ]
    if "chromium" in info:
        parts.append(info["chromium"])
    return ", ".join(parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="tiny counts (smoke test)")
    parser.add_argument("--only", nargs="*", help="run only these benchmarks")
    parser.add_argument("--out", type=Path, default=None, help="JSON file (bench/results.json)")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    names = [n for n in discover() if not args.only or n in args.only]
    started = time.monotonic()
    results = [r for r in (run_one(name, args.quick) for name in names) if r is not None]
    info = machine()
    rows = [row for result in results for row in result.get("rows", [])]
    table = format_table(rows)
    print()
    print(f"Hiroba benchmarks{' (quick)' if args.quick else ''}: {describe(info)}")
    print(table)
    missed = [r["metric"] for r in rows if r.get("ok") is False]
    leak = any(r.get("leak") for r in results)
    if leak:
        print("\nLEAK: memory grew past the limit; see the memory rows above.")
    print(
        f"\n{len(rows)} figures, {len(missed)} target(s) missed; {time.monotonic() - started:.0f} s"
    )
    out = args.out or (BENCH_DIR / ("results-quick.json" if args.quick else "results.json"))
    out.write_text(
        json.dumps(
            {
                "quick": args.quick,
                "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                "machine": info,
                "rows": rows,
                "benches": results,
            },
            ensure_ascii=False,
            indent=1,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"written: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
