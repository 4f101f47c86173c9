"""Resident memory: after start, and over 10,000 scripted navigations of every screen.

Two figures:
- the real kiosk (``kiosk run --demo``, full screen, offscreen) a few seconds after start;
- a real ``kiosk run --demo`` process (same entry, config, lockdown, staff menu, speech
  controller; bench/inkiosk.py) with bench/driver.py attached after its first frame (before
  2026-12-02's 4th session, and with ``--in-process``: a window this process built), driven:
  taps through every screen, settings
  changes (theme, text size, language), speech start/stop where the kiosk has it, and any
  visible button; RSS sampled along the way. Growth is measured from the end of a warm-up
  (every screen, theme, text size and language used once — first uses build screens and font
  caches, which is not growth — then the first 10 % of random use) to the end. ≥5 % is
  printed as LEAK. The end figure is also split into anonymous memory (what a leak grows) and
  font-file pages FreeType has mapped (clean, shared, reclaimable; they come and go with the
  fonts in use: Korean and Chinese screens map Noto CJK).
With ``--trace``: RSS growth after the warm-up attributed to the kind of action that was
running when it happened (navigation, theme, text size, language, speech, button), and the
Python heap's growth (tracemalloc) with its top allocation sites: what RSS grew by that the
Python heap does not explain is native (Qt caches, fonts, documents).
Run: python -m bench.memory [--navigations N] [--trace]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from bench.common import (
    MIB,
    Report,
    kiosk_at_first_frame,
    process_tree,
    pss_bytes,
    python_env,
    rss_bytes,
    rss_parts,
)

TARGET_MIB = 110.0
TARGET_GROWTH = 0.05
SETTLE_S = 3.0
WAIT_S = 0.5  # after the idle reset, past kiosk/ui/memory_care.py's delay


def kiosk_rss_after_start(settle_s: float = SETTLE_S) -> tuple[float | None, float | None]:
    """RSS and PSS (MiB) of a real `kiosk run --demo` once settled after its first frame.

    Measured on the second start: the first imports the demo content (as a kiosk does once),
    later starts skip unchanged packages and never load the Markdown reader.
    """
    with tempfile.TemporaryDirectory(prefix="hiroba-mem-") as tmp:
        env = python_env()
        env.update(HIROBA_DATA_DIR=tmp, HIROBA_CONFIG=str(Path(tmp) / "none.toml"))
        argv = [sys.executable, "-m", "kiosk", "run", "--demo", "--exit-after", "60"]
        rss = pss = None
        for settle in (0.0, settle_s):
            proc = kiosk_at_first_frame(argv, env)
            try:
                time.sleep(settle)
                rss = rss_bytes(proc.pid)
                pss = pss_bytes([proc.pid])
            finally:
                proc.terminate()
                proc.wait(timeout=10)
    return (rss / MIB if rss else None), (pss / MIB if pss else None)


def chromium_pss_after_start(settle_s: float = SETTLE_S) -> float | None:
    """PSS (MiB) of headless Chromium showing the equivalent home page, all its processes."""
    from bench.coldstart import chromium_argv, chromium_binary, demo_home_html

    binary = chromium_binary()
    if binary is None:
        return None
    with tempfile.TemporaryDirectory(prefix="hiroba-mem-chromium-") as tmp:
        page = demo_home_html(Path(tmp))
        argv = [a for a in chromium_argv(binary, page, Path(tmp) / "profile", Path(tmp) / "x.png")]
        argv = [a for a in argv if not a.startswith("--screenshot")]  # stay up, showing it
        proc = subprocess.Popen(
            argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
        )
        try:
            time.sleep(settle_s + 2)  # no first-frame marker to wait for: give it time
            pss = pss_bytes(process_tree(proc.pid))
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
    return pss / MIB if pss else None


def _round(value: float | None) -> float | None:
    return round(value, 1) if value is not None else None


def sample() -> float:
    gc.collect()  # count what is kept, not garbage waiting for the next collection
    return (rss_bytes() or 0) / MIB


class ActionTrace:
    """RSS change per kind of action, measured around each action (after the warm-up)."""

    def __init__(self) -> None:
        self.growth: dict[str, float] = {}
        self.count: dict[str, int] = {}
        self.last = (rss_bytes() or 0) / MIB

    def reset(self) -> None:
        self.growth.clear()
        self.count.clear()
        self.last = (rss_bytes() or 0) / MIB

    def __call__(self, kind: str) -> None:
        now = (rss_bytes() or 0) / MIB
        self.growth[kind] = self.growth.get(kind, 0.0) + now - self.last
        self.count[kind] = self.count.get(kind, 0) + 1
        self.last = now

    def print_top(self) -> None:
        print("RSS growth after warm-up by kind of action (MiB, count):")
        for kind, growth in sorted(self.growth.items(), key=lambda kv: -kv[1]):
            print(f"  {kind:<12} {growth:+7.2f} MiB  {self.count[kind]:>6}×")


def drive_real_kiosk(navigations: int, seed: int, trace: bool = False) -> dict[str, object]:
    """``measure`` inside a real ``kiosk run --demo`` process (bench/inkiosk.py)."""
    from bench.common import INKIOSK_MARKER as MARKER

    with tempfile.TemporaryDirectory(prefix="hiroba-mem-") as tmp:
        env = python_env()
        env.update(HIROBA_DATA_DIR=tmp, HIROBA_CONFIG=str(Path(tmp) / "none.toml"))
        argv = [sys.executable, "-m", "bench.inkiosk", "memory", "--navigations", str(navigations)]
        argv += ["--seed", str(seed), *(["--trace"] if trace else [])]
        done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    for line in done.stdout.splitlines():
        if line.startswith(MARKER):
            return json.loads(line[len(MARKER) :])
        print(line)  # --trace's tables
    tail = "\n".join(done.stderr.strip().splitlines()[-12:])
    raise RuntimeError(f"bench.inkiosk exit code {done.returncode}:\n{tail}")


def drive(navigations: int, seed: int, trace: bool = False) -> dict[str, object]:
    """The in-process window (bench/driver.py builds it): ``measure`` on it."""
    from bench.driver import Kiosk

    with tempfile.TemporaryDirectory(prefix="hiroba-mem-") as tmp:
        kiosk = Kiosk(Path(tmp))
        result = measure(kiosk, navigations, seed, trace)
        kiosk.close()
    return result


def measure(kiosk, navigations: int, seed: int, trace: bool = False) -> dict[str, object]:  # noqa: ANN001 - bench.driver.Kiosk
    """Drive ``kiosk`` for ``navigations``; RSS at start, after the warm-up, at the end."""
    from bench.driver import modal_guard, run_actions

    rng = random.Random(seed)
    warmup = max(1, navigations // 10)
    every = max(1, navigations // 40)
    curve: list[tuple[int, float]] = []
    parts_curve: list[tuple[int, float, float, float]] = []  # navigations, anon, fonts, code

    def record(done: int) -> float:
        rss = sample()
        curve.append((done, rss))
        parts = rss_parts() or {"anon": 0.0, "fonts": 0.0, "code": 0.0}
        parts_curve.append((done, parts["anon"], parts["fonts"], parts["code"]))
        return rss

    modal_guard(kiosk.window)
    start = record(0)
    next_sample = every

    def on_tap(done: int) -> None:
        nonlocal next_sample
        if done >= next_sample:
            record(done)
            next_sample += every

    actions = ActionTrace() if trace else None
    # Warm-up: every screen, theme, size and language once (first uses build screens and
    # font caches: not growth), then random use; growth is measured from there.
    covered = kiosk.use_everything_once()
    on_tap(covered)
    run_actions(kiosk, rng, warmup, lambda n: on_tap(n + covered), actions)
    warmup += covered
    warm = record(warmup)
    warm_parts = parts_curve[-1]
    if actions is not None:
        actions.reset()
        tracemalloc.start(4)
        heap = tracemalloc.take_snapshot()
    run_actions(kiosk, rng, navigations - warmup, lambda n: on_tap(n + warmup), actions)
    end = record(navigations)
    if actions is not None:
        actions.print_top()
        stats = tracemalloc.take_snapshot().compare_to(heap, "lineno")
        tracemalloc.stop()
        total = sum(s.size_diff for s in stats) / MIB
        print(f"Python heap growth (tracemalloc): {total:+.2f} MiB; RSS {end - warm:+.2f} MiB")
        for stat in stats[:8]:
            print(f"  {stat.size_diff / 1024:+9.1f} KiB  {stat.traceback[0]}")
    return {
        "start": start,
        "warm": warm,
        "end": end,
        "warmup": warmup,
        "curve": curve,
        "parts": dict(zip(("anon", "fonts", "code"), parts_curve[-1][1:], strict=True)),
        "warm_parts": dict(zip(("anon", "fonts", "code"), warm_parts[1:], strict=True)),
        "parts_curve": parts_curve,
        **after_visitor_left(kiosk),
    }


def after_visitor_left(kiosk) -> dict[str, object]:  # noqa: ANN001 - bench.driver.Kiosk
    """RSS once the last visitor has left: the idle reset, then what the kiosk does in the
    seconds after it (kiosk/ui/memory_care.py). Reported apart, after the end figure."""
    from PySide6.QtCore import QEventLoop

    visitor = getattr(kiosk.window, "visitor", None)
    if visitor is None or not hasattr(visitor, "reset_for_next_visitor"):
        return {}
    visitor.reset_for_next_visitor()
    care = getattr(kiosk.window, "memory_care", None)  # None: a kiosk without it (A/B)
    wait_s = WAIT_S + (care.timer.interval() / 1000 if care is not None else 0.0)
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline:
        kiosk.app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
    return {"after_reset": sample(), "after_reset_parts": rss_parts(), "after_reset_wait_s": wait_s}


def run(
    navigations: int,
    seed: int,
    settle_s: float = SETTLE_S,
    trace: bool = False,
    in_process: bool = False,
) -> Report:
    report = Report("memory")
    real, real_pss = kiosk_rss_after_start(settle_s)
    report.add(
        "RSS after start: kiosk run --demo",
        round(real, 1) if real else None,
        "MiB",
        target=f"≤ {TARGET_MIB:g} MiB",
        ok=None if real is None else real <= TARGET_MIB,
        note=f"{settle_s:g} s after the home screen",
    )
    from bench.networked import measure as networked

    town = networked(settle_s)
    ui, sync = town.get("ui_rss"), town.get("sync_rss")
    report.add(
        f"RSS after the first sync: kiosk with {town['sources']} network sources (127.0.0.1)",
        _round(ui),
        "MiB",
        target=f"≤ {TARGET_MIB:g} MiB",
        ok=None if ui is None else ui <= TARGET_MIB,
        note=f"the UI process; {town.get('ok')} sources ok, real feeds (bench/networked.py)",
    )
    report.add(
        "  its sync process (requests, TLS, the readers)",
        _round(sync),
        "MiB",
        note=f"PSS {town.get('sync_pss') or 0:.1f} MiB; the UI process's PSS "
        f"{town.get('ui_pss') or 0:.1f} MiB",
    )
    chromium = chromium_pss_after_start(settle_s)
    report.add("PSS after start: kiosk run --demo", _round(real_pss), "MiB")
    report.add(
        "PSS after start: headless Chromium, same page",
        _round(chromium),
        "MiB",
        note="all its processes" if chromium else "Chromium not installed",
    )
    if in_process:
        result, where = drive(navigations, seed, trace), "in-process window"
    else:
        result, where = drive_real_kiosk(navigations, seed, trace), "kiosk run --demo + driver"
    start, warm, end = result["start"], result["warm"], result["end"]
    growth = (end - warm) / warm if warm else 0.0
    peak = max(v for _, v in result["curve"]) if result["curve"] else end
    report.add(f"RSS {where}: driver attached", round(start, 1), "MiB")
    report.add(
        f"RSS after {navigations:,} navigations",
        round(end, 1),
        "MiB",
        target=f"≤ {TARGET_MIB:g} MiB",
        ok=max(end, peak) <= TARGET_MIB,
        note=f"peak {peak:.1f} MiB",
    )
    parts = result["parts"]
    if parts:
        report.add(
            f"  of which anonymous (heap, Python, Qt caches) after {navigations:,}",
            round(parts["anon"], 1),
            "MiB",
            note=f"font file pages {parts['fonts']:.1f} MiB (clean, reclaimable), "
            f"libraries {parts['code']:.1f} MiB",
        )
        warm_parts = result["warm_parts"]
        report.add(
            "  anonymous memory growth after warm-up",
            round((parts["anon"] - warm_parts["anon"]) / warm_parts["anon"] * 100, 2),
            "%",
            note=f"{warm_parts['anon']:.1f} → {parts['anon']:.1f} MiB; font file pages "
            f"{warm_parts['fonts']:.1f} → {parts['fonts']:.1f}, libraries "
            f"{warm_parts['code']:.1f} → {parts['code']:.1f}",
        )
    if "after_reset" in result:
        reset_parts = result["after_reset_parts"] or {"anon": 0.0, "fonts": 0.0}
        anon, fonts = reset_parts["anon"], reset_parts["fonts"]
        report.add(
            "RSS after the idle reset that follows (visitor gone)",
            round(result["after_reset"], 1),
            "MiB",
            note=f"{result['after_reset_wait_s']:g} s after it; anonymous {anon:.1f}, "
            f"font file pages {fonts:.1f} MiB",
        )
    leak = growth >= TARGET_GROWTH
    report.add(
        "RSS growth after warm-up",
        round(growth * 100, 2),
        "%",
        target=f"< {TARGET_GROWTH * 100:g} %",
        ok=not leak,
        note=("LEAK! " if leak else "")
        + f"{warm:.1f} → {end:.1f} MiB after {result['warmup']:,} warm-up navigations",
    )
    report.extra["curve_mib"] = result["curve"]
    report.extra["parts_curve_mib"] = result["parts_curve"]
    report.extra["leak"] = leak
    if leak:
        print(
            "\n" + "!" * 70 + f"\nLEAK: resident memory grew {growth:.1%} over the run\n" + "!" * 70
        )
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--navigations", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=10)
    parser.add_argument("--quick", action="store_true", help="200 navigations (smoke test)")
    parser.add_argument("--trace", action="store_true", help="growth by kind of action")
    parser.add_argument(
        "--in-process",
        action="store_true",
        help="drive a window built in this process (the figure before 2026-12-02's 4th "
        "session) instead of a real `kiosk run --demo`",
    )
    args = parser.parse_args(argv)
    quick = {"navigations": 200, "settle_s": 1.0} if args.quick else {}
    report = run(
        quick.get("navigations", args.navigations),
        args.seed,
        quick.get("settle_s", SETTLE_S),
        args.trace,
        args.in_process,
    )
    for row in report.rows:
        print(f"{row.metric}: {row.value} {row.unit} {row.note}")
    report.emit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
