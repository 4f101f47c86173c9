"""Tap → screen painted: real clicks on a real window, timed to the end of the paint pass.

Each tour taps a category tile, one of its pages (the reader's viewport painting is the
"page painted" moment), sometimes Back, then Home; at normal text size and at 200 %, then
both again with furigana on (readings are content: stored at sync/import, only painted here),
including the very first page a fresh kiosk shows after furigana was switched on.
Run: python -m bench.latency [--navigations N]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.common import BENCH_DIR, Report, percentile, python_env

TARGET_P95_MS = 50.0
TIMES_PREFIX = "LATENCY_TIMES "
PEAK_KEY = "peak rss mib"


def measure(text_size: int, navigations: int, furigana: bool = False) -> dict[str, list[float]]:
    """Milliseconds per screen kind. With ``furigana`` also "ruby pages": how many of the pages
    painted carried readings (1.0 each), so a run that painted none cannot pass for one."""
    from bench.driver import Kiosk

    times: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory(prefix="hiroba-latency-") as tmp:
        kiosk = Kiosk(Path(tmp), text_size=text_size)
        try:
            if furigana:
                switch_furigana_on(kiosk)
            for index in range(navigations):
                for screen, seconds in kiosk.navigate(index).items():
                    times.setdefault(screen, []).append(seconds * 1000)
                if furigana and kiosk.window.page.reader._readings:
                    times.setdefault("ruby pages", []).append(1.0)
        finally:
            kiosk.close()
    return times


def measure_apart(text_size: int, navigations: int, furigana: bool) -> dict[str, list[float]]:
    """``measure`` in a process of its own: one kiosk per process, as on a kiosk PC (a
    process that built the other looks' kiosks first would carry their memory, and the
    small-PC run reports the tapping kiosk's peak RSS)."""
    argv = [sys.executable, "-m", "bench.latency", "--look", f"{text_size}:{int(furigana)}"]
    done = subprocess.run(
        [*argv, "--navigations", str(navigations)],
        env=python_env(),
        cwd=BENCH_DIR.parent,
        capture_output=True,
        text=True,
        check=False,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith(TIMES_PREFIX)]
    if not lines:
        tail = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise RuntimeError(f"latency look {text_size}/{furigana}: exit {done.returncode}: {tail}")
    return json.loads(lines[-1][len(TIMES_PREFIX) :])


def switch_furigana_on(kiosk) -> None:  # noqa: ANN001 - bench.driver.Kiosk
    """The visitor's furigana switch, as the settings screen flips it."""
    from dataclasses import replace

    visitor = kiosk.window.visitor
    visitor.apply_preferences(replace(visitor.prefs, furigana=True))
    kiosk.settle()


def run(navigations: int) -> Report:
    report = Report("latency")
    looks = (
        (1, False, "normal text"),
        (3, False, "200 % text"),
        (1, True, "furigana, normal text"),
        (3, True, "furigana, 200 % text"),
    )
    peaks: list[float] = []
    for text_size, furigana, label in looks:
        times = measure_apart(text_size, navigations // 2 if furigana else navigations, furigana)
        ruby_pages = len(times.pop("ruby pages", []))
        peaks.extend(times.pop(PEAK_KEY, []))
        page = times.get("page", [])
        p95 = percentile(page, 0.95)
        prefix = f"tap → page painted, {label}"
        report.add(f"{prefix}: p50", round(percentile(page, 0.50), 1), "ms")
        report.add(
            f"{prefix}: p95",
            round(p95, 1),
            "ms",
            target=f"≤ {TARGET_P95_MS:g} ms",
            ok=p95 <= TARGET_P95_MS,
            note=f"{len(page)} navigations"
            + (f", {ruby_pages} pages painted with readings" if furigana else ""),
        )
        if furigana:  # the "first page with furigana": the first tour's page
            report.add(f"{prefix}: first page after switching on", round(page[0], 1), "ms")
        report.add(f"{prefix}: max", round(max(page), 1), "ms")
        others = [t for screen, values in times.items() if screen != "page" for t in values]
        other_p95 = percentile(others, 0.95)
        report.add(
            f"tap → category/home/back painted, {label}: p95",
            round(other_p95, 1),
            "ms",
            target=f"≤ {TARGET_P95_MS:g} ms",
            ok=other_p95 <= TARGET_P95_MS,
            note=f"{len(others)} taps",
        )
        report.extra[f"text_size_{text_size}" + ("_furigana" if furigana else "")] = {
            screen: {
                "n": len(values),
                "p50": percentile(values, 0.5),
                "p95": percentile(values, 0.95),
                "max": max(values),
            }
            for screen, values in times.items()
        }
    if peaks:
        report.add(
            "peak RSS of a tapping kiosk process",
            round(max(peaks), 1),
            "MiB",
            note="the largest of the looks' processes (getrusage of each, one kiosk each)",
        )
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--navigations", type=int, default=500)
    parser.add_argument("--quick", action="store_true", help="20 navigations (smoke test)")
    parser.add_argument("--look", help="SIZE:FURIGANA — measure one look in this process")
    args = parser.parse_args(argv)
    if args.look:  # one look, for measure_apart: the times as one JSON line
        size, furigana = (int(part) for part in args.look.split(":"))
        times = measure(size, args.navigations, bool(furigana))
        # this kiosk process's own peak (the demo's furigana analysis runs in a helper)
        times[PEAK_KEY] = [resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024]
        print(TIMES_PREFIX + json.dumps(times), flush=True)
        return 0
    report = run(20 if args.quick else args.navigations)
    for row in report.rows:
        print(f"{row.metric}: {row.value} {row.unit}")
    report.emit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
