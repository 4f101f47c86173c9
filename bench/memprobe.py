"""Which kind of action makes resident memory grow? One action type at a time, in-process.

For each action type (navigation tours only, theme changes only, text-size changes only,
language changes only, furigana on/off, random buttons) a fresh kiosk window is driven for
``--actions`` actions after a warm-up; the table shows RSS growth after the warm-up, live
widgets, live QObjects under the window, and (with ``--trace``) the Python heap growth from
tracemalloc with its top allocation sites. Native growth = RSS growth the Python heap does
not explain (glyph caches, style sheet caches, text documents).

Run: python -m bench.memprobe [--actions 1000] [--only navigation,theme] [--trace]
"""

from __future__ import annotations

import argparse
import gc
import random
import subprocess
import sys
import tempfile
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from bench.common import MIB, rss_bytes

HEADER = f"{'action':<11} {'RSS MiB':>17} {'growth':>7} {'widgets':>11} {'QObjects':>11} py KiB"
ACTION_TYPES = (
    "idle",
    "navigation_sizes",
    "navigation",
    "theme",
    "text_size",
    "language",
    "furigana",
    "buttons",
    "mixed",
)


def _counts(kiosk) -> tuple[int, int]:  # noqa: ANN001 - bench.driver.Kiosk
    from PySide6.QtCore import QObject
    from PySide6.QtWidgets import QApplication

    return len(QApplication.allWidgets()), len(kiosk.window.findChildren(QObject))


def action(kind: str, kiosk, rng: random.Random) -> Callable[[int], None]:  # noqa: ANN001
    """One step of ``kind``; called with the step number."""
    from bench.driver import THEME_NAMES, run_actions
    from kiosk.i18n import set_language

    window = kiosk.window

    def step(n: int) -> None:
        if kind == "idle":  # the control: timers and event processing only
            pass
        elif kind == "navigation":
            kiosk.navigate(n)
        elif kind == "navigation_sizes":  # tours at every text size in turn
            if n % 4 == 0:
                window.set_appearance(window.visitor.prefs.theme, 1 + (n // 4) % 3)
            kiosk.navigate(n)
        elif kind == "theme":
            window.set_appearance(THEME_NAMES[n % 3], window.visitor.prefs.text_size)
        elif kind == "text_size":
            window.set_appearance(window.visitor.prefs.theme, 1 + n % 3)
        elif kind == "language":
            set_language(("ja", "en")[n % 2])
            window.refresh()
        elif kind == "furigana":
            from dataclasses import replace

            prefs = window.visitor.prefs
            window.visitor.apply_preferences(replace(prefs, furigana=not prefs.furigana))
            kiosk.navigate(n)
        elif kind == "buttons":
            kiosk.tap_random_button(rng)
        else:
            run_actions(kiosk, rng, 1)
        kiosk.settle()

    return step


def probe(kind: str, actions: int, trace: bool, seed: int = 10) -> dict[str, float]:
    from bench.driver import Kiosk, modal_guard

    rng = random.Random(seed)
    with tempfile.TemporaryDirectory(prefix="hiroba-memprobe-") as tmp:
        kiosk = Kiosk(Path(tmp))
        modal_guard(kiosk.window)
        step = action(kind, kiosk, rng)
        warmup = max(30, actions // 10)
        for n in range(warmup):
            step(n)
        gc.collect()
        if trace:
            tracemalloc.start(8)
            before = tracemalloc.take_snapshot()
        rss0 = (rss_bytes() or 0) / MIB
        widgets0, objects0 = _counts(kiosk)
        curve = []
        every = max(1, actions // 8)
        for n in range(warmup, warmup + actions):
            step(n)
            if (n - warmup + 1) % every == 0:
                curve.append(round((rss_bytes() or 0) / MIB, 1))
        gc.collect()
        rss1 = (rss_bytes() or 0) / MIB
        widgets1, objects1 = _counts(kiosk)
        result = {
            "rss0": rss0,
            "rss1": rss1,
            "widgets0": widgets0,
            "widgets1": widgets1,
            "objects0": objects0,
            "objects1": objects1,
            "curve": curve,
        }
        if trace:
            after = tracemalloc.take_snapshot()
            stats = after.compare_to(before, "lineno")
            result["py_kib"] = sum(s.size_diff for s in stats) / 1024
            for s in stats[:5]:
                print(f"    [{kind}] {s.size_diff / 1024:+8.1f} KiB  {s.traceback[0]}")
            tracemalloc.stop()
        kiosk.close()
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--actions", type=int, default=1000)
    parser.add_argument("--only", default=",".join(ACTION_TYPES))
    parser.add_argument("--trace", action="store_true", help="tracemalloc: Python heap growth")
    parser.add_argument("--quiet", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    kinds = args.only.split(",")
    if len(kinds) > 1:
        print(HEADER, flush=True)  # one fresh process per action type: caches start empty for each
        for kind in kinds:
            extra = ["--trace"] if args.trace else []
            cmd = [sys.executable, "-m", "bench.memprobe", "--actions", str(args.actions)]
            quiet = subprocess.DEVNULL  # the offscreen platform's warnings
            subprocess.run([*cmd, "--only", kind, "--quiet", *extra], stderr=quiet, check=False)
        return 0
    if not args.quiet:
        print(HEADER)
    for kind in kinds:
        r = probe(kind, args.actions, args.trace)
        growth = (r["rss1"] - r["rss0"]) / r["rss0"] * 100
        print(
            f"{kind:<11} {r['rss0']:7.1f} → {r['rss1']:7.1f} {growth:+6.2f}% "
            f"{r['widgets0']:>4} → {r['widgets1']:<4} {r['objects0']:>4} → {r['objects1']:<4} "
            f"{r.get('py_kib', float('nan')):+.0f}",
            flush=True,
        )
        print(f"{'':<11} curve: {' '.join(str(v) for v in r['curve'])}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
