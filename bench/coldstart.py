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

MARKER = "HIROBA_FIRST_FRAME"
TARGET_RATIO = 1.5
TIMEOUT_S = 60


def time_to_marker(argv: list[str], env: dict[str, str]) -> float:
    """Seconds from spawning ``argv`` to the marker line on its stdout."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True
    )
    assert proc.stdout is not None
    elapsed = None
    for line in proc.stdout:
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
    return elapsed


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
        for _ in range(runs):
            kiosk_s.append(time_to_marker(kiosk, kiosk_env))
            bare_s.append(time_to_marker(bare, env))
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
        report.extra.update(
            kiosk_ms=[s * 1000 for s in kiosk_s], bare_ms=[s * 1000 for s in bare_s]
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
