"""Cold start: process start → first painted frame of the interactive home screen.

Compared in the same run with a bare PySide6 window (bench/bare_window.py), runs interleaved so
both see the same machine noise; optionally with headless Chromium rendering an equivalent
local page (the usual alternative: a browser in kiosk mode). Run: python -m bench.coldstart
"""

from __future__ import annotations

import argparse
import html
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import BENCH_DIR, Report, median, python_env
from kiosk import start_phases

MARKER = "HIROBA_FIRST_FRAME"
TARGET_RATIO = 1.5
TIMEOUT_S = 60
BEFORE_FIRST_LINE = "interpreter, before the program's first line"
# The bare window's step beside each of the kiosk's (the note of the kiosk's row).
BARE_BESIDE = {
    BEFORE_FIRST_LINE: BEFORE_FIRST_LINE,
    "window modules imported": "PySide6 imported",
    "Qt application and fonts": "Qt application",
    "shown": "shown",
    "first frame": "first frame",
}


def time_to_marker(argv: list[str], env: dict[str, str]) -> float:
    """Seconds from spawning ``argv`` to the marker line on its stdout."""
    return timed_start(argv, env)[0]


def timed_start(argv: list[str], env: dict[str, str]) -> tuple[float, dict[str, float]]:
    """Seconds from spawning ``argv`` to the marker line on its stdout, and the moments the
    program noted on the way (its HIROBA_PHASES line: ms after its own first line)."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True
    )
    assert proc.stdout is not None
    elapsed = None
    phases: dict[str, float] = {}
    for line in proc.stdout:
        phases = start_phases.parse(line.strip()) or phases
        if line.strip() == MARKER:
            elapsed = time.perf_counter() - start
            break
    try:
        proc.wait(timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    if elapsed is None:
        raise RuntimeError(f"{' '.join(argv)}: no {MARKER} line (exit code {proc.returncode})")
    return elapsed, phases


def phase_spans(total_ms: float, phases: dict[str, float]) -> dict[str, float]:
    """Milliseconds each step took: the interpreter's own start (the whole time less what the
    program saw from its first line), then each mark less the one before it."""
    spans = {BEFORE_FIRST_LINE: total_ms - max(phases.values(), default=0.0)}
    previous = 0.0
    for name, at in phases.items():
        if name != "start":
            spans[name] = at - previous
        previous = at
    return spans


def median_spans(runs: list[dict[str, float]]) -> dict[str, float]:
    names = [name for name in runs[0] if all(name in run for run in runs)] if runs else []
    return {name: median(run[name] for run in runs) for name in names}


def time_to_exit(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(
        argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=TIMEOUT_S, check=True
    )
    return time.perf_counter() - start


def chromium_binary() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def demo_home_html(out_dir: Path) -> Path:
    """A local page equivalent to the kiosk's home screen (same texts, font, sizes)."""
    from kiosk.config import ASSETS, demo_sources
    from kiosk.content.local import sync_local_packages
    from kiosk.content.store import Store
    from kiosk.i18n import set_language
    from kiosk.ui.theme import THEMES, Metrics
    from kiosk.viewmodels.screens import ViewModels

    set_language("ja")
    store = Store(out_dir / "demo.sqlite3")
    sync_local_packages(store, demo_sources())
    vms = ViewModels(store)
    home = vms.home("ja")
    day, clock = vms.clock("ja")
    store.close()
    theme, metrics = THEMES["light"], Metrics.for_step(1)
    tiles = "".join(
        f'<a class="tile" href="#"><b>{html.escape(t.label)}</b>'
        f"<span>{html.escape(t.description)}</span></a>"
        for t in home.tiles
    )
    banner = (
        f'<a class="alert" href="#">⚠ {html.escape(home.banner.text)}</a>' if home.banner else ""
    )
    fonts = "".join(
        f'@font-face {{ font-family: "UD"; font-weight: {w}; '
        f'src: url("{(ASSETS / "fonts" / f).as_uri()}"); }}'
        for w, f in (("normal", "BIZUDGothic-Regular.ttf"), ("bold", "BIZUDGothic-Bold.ttf"))
    )
    page = f"""<!doctype html><html lang="ja"><head><meta charset="utf-8"><style>
{fonts}
body {{ margin: 0; font-family: "UD"; font-size: {metrics.body}px; background: {theme.background};
       color: {theme.text}; display: flex; flex-direction: column; height: 100vh; }}
header {{ display: flex; justify-content: space-between; padding: 12px 32px;
         border-bottom: 3px solid {theme.border}; font-weight: bold; }}
main {{ flex: 1; padding: 24px 32px; }}
.grid {{ display: grid; grid-template-columns: repeat(3, 1fr); gap: 24px; }}
.tile {{ background: {theme.surface}; border: 3px solid {theme.border}; border-radius: 12px;
        padding: 12px 24px; color: {theme.surface_text}; text-decoration: none;
        display: flex; flex-direction: column; gap: 8px; }}
.tile b {{ font-size: {metrics.tile}px; }}
.alert {{ display: block; background: {theme.alert}; color: {theme.alert_text};
         padding: 12px 24px; margin-bottom: 24px; font-size: {metrics.chrome}px; }}
nav {{ padding: 16px 32px; border-top: 3px solid {theme.border}; display: flex; gap: 40px; }}
a {{ text-decoration: none; }}
nav a {{ background: {theme.button}; color: {theme.button_text}; padding: 8px 24px;
        min-height: {metrics.target}px; border-radius: 12px; font-weight: bold; }}
</style></head><body>
<header><span>ひろば</span><span>{html.escape(day)}<br>{html.escape(clock)}</span></header>
<main>{banner}<div class="grid">{tiles}</div></main>
<nav><a href="#">◀ 戻る</a><a href="#">⌂ ホーム</a></nav></body></html>"""
    path = out_dir / "home.html"
    path.write_text(page, encoding="utf-8")
    return path


def chromium_argv(binary: str, page: Path, profile: Path, shot: Path) -> list[str]:
    return [
        binary,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        "--window-size=1920,1080",
        f"--screenshot={shot}",
        page.as_uri(),
    ]


def add_phase_rows(report: Report, kiosk: dict[str, float], bare: dict[str, float]) -> None:
    """One row per step of the kiosk's start (median ms), the bare window's like step in the
    note: where the difference between the two is made."""
    for name, ms in kiosk.items():
        beside = BARE_BESIDE.get(name)
        note = f"bare window: {bare[beside]:.1f} ms" if beside in bare else ""
        if name == "window modules imported" and note:
            note += " (all of PySide6; the kiosk's Qt modules load in this step)"
        report.add(f"cold start step: {name}", round(ms, 1), "ms", note=note)


def run(runs: int) -> Report:
    report = Report("coldstart")
    env = python_env()
    with tempfile.TemporaryDirectory(prefix="hiroba-bench-") as tmp:
        tmp_path = Path(tmp)
        env["HIROBA_DATA_DIR"] = str(tmp_path / "data")
        env["HIROBA_CONFIG"] = str(tmp_path / "no-config.toml")
        kiosk_env = dict(env, HIROBA_BENCH_FIRST_FRAME="1")
        kiosk = [sys.executable, "-m", "kiosk", "run", "--demo"]
        bare = [sys.executable, str(BENCH_DIR / "bare_window.py")]
        # One unmeasured run each: imports the demo into the store and warms the file cache,
        # as on any kiosk that has started before (a kiosk is restarted, not installed, daily).
        time_to_marker(kiosk, kiosk_env)
        time_to_marker(bare, env)
        kiosk_s, bare_s = [], []
        kiosk_spans, bare_spans = [], []
        for _ in range(runs):
            for argv, run_env, seconds, spans in (
                (kiosk, kiosk_env, kiosk_s, kiosk_spans),
                (bare, env, bare_s, bare_spans),
            ):
                elapsed, phases = timed_start(argv, run_env)
                seconds.append(elapsed)
                spans.append(phase_spans(elapsed * 1000, phases))
        k, b = median(kiosk_s), median(bare_s)
        ratio = k / b
        report.add(
            "cold start: bare PySide6 window", round(b * 1000, 1), "ms", note=f"median of {runs}"
        )
        report.add(
            "cold start: kiosk home screen", round(k * 1000, 1), "ms", note=f"median of {runs}"
        )
        report.add(
            "cold start: kiosk / bare window",
            round(ratio, 2),
            "×",
            target=f"≤ {TARGET_RATIO}×",
            ok=ratio <= TARGET_RATIO,
        )
        add_phase_rows(report, median_spans(kiosk_spans), median_spans(bare_spans))
        report.extra.update(
            kiosk_ms=[s * 1000 for s in kiosk_s],
            bare_ms=[s * 1000 for s in bare_s],
            kiosk_phases_ms=kiosk_spans,
            bare_phases_ms=bare_spans,
        )

        binary = chromium_binary()
        if binary is None:
            report.add("cold start: headless Chromium", None, "ms", note="Chromium not installed")
            return report
        page = demo_home_html(tmp_path)
        chrome_s = []
        chrome_runs = min(runs, 10) if runs > 2 else 1  # --quick: one run shows it works
        for index in range(chrome_runs + 1):
            profile = Path(tempfile.mkdtemp(prefix="profile-", dir=tmp))  # a new profile each run
            argv = chromium_argv(binary, page, profile, tmp_path / f"shot{index}.png")
            try:
                seconds = time_to_exit(argv)
            except (subprocess.SubprocessError, OSError) as exc:
                report.add("cold start: headless Chromium", None, "ms", note=f"failed: {exc}")
                return report
            if index:  # the first run only warms the file cache
                chrome_s.append(seconds)
        c = median(chrome_s)
        report.add(
            "cold start: headless Chromium screenshot",
            round(c * 1000, 1),
            "ms",
            note=f"median of {len(chrome_s)}, to exit (PNG written); same page and font",
        )
        report.add("cold start: kiosk / Chromium", round(k / c, 2), "×")
        report.extra["chromium_ms"] = [s * 1000 for s in chrome_s]
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--quick", action="store_true", help="2 runs (smoke test)")
    args = parser.parse_args(argv)
    report = run(2 if args.quick else args.runs)
    for row in report.rows:
        print(f"{row.metric}: {row.value} {row.unit} {row.note}")
    report.emit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
