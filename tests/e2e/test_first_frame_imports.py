"""`kiosk run` paints its first frame without the heavy libraries only later work needs.

Speech (numpy, Open JTalk), readings (pykakasi), the network (requests) and signatures
(cryptography) cost tens of MiB and hundreds of ms at start (issue 17); they load on first use,
after the home screen is on the screen. Checked on a first start (demo packages imported into
an empty store) and on a second start (store already filled), the way a kiosk starts daily.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

HEAVY = ("numpy", "pykakasi", "pyopenjtalk", "requests", "cryptography", "sudachipy")
WRAPPER = """
import json, sys
import kiosk.ui.first_frame as first_frame
report = first_frame.report_and_quit
def report_modules(app):
    print("MODULES " + json.dumps(sorted(sys.modules)), flush=True)
    qt = sorted(m for m in sys.modules if m.startswith("PySide6."))
    print("QT " + json.dumps(qt), flush=True)
    widgets = sorted({type(w).__name__ for w in app.allWidgets()})
    print("WIDGETS " + json.dumps(widgets), flush=True)
    report(app)
first_frame.report_and_quit = report_modules
from kiosk.cli.main import main
sys.exit(main(["run", "--demo"]))
"""


def first_frame_report(data_dir: Path) -> dict[str, set[str]]:
    """MODULES (top-level names), QT (PySide6 modules) and WIDGETS (classes alive) at the
    first frame of `kiosk run --demo`."""
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        HIROBA_DATA_DIR=str(data_dir),
        HIROBA_CACHE_DIR=str(data_dir.parent / "cache"),  # the phrases the last start kept
        HIROBA_BENCH_FIRST_FRAME="1",
        PYTHONPATH=str(REPO),
    )
    env.pop("HIROBA_READINGS_IN_PROCESS", None)  # the real kiosk: readings in the helper
    env.pop("HIROBA_READINGS", None)
    done = subprocess.run(
        [sys.executable, "-c", WRAPPER],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    report = {}
    for line in done.stdout.splitlines():
        key, _, value = line.partition(" ")
        if key in ("MODULES", "QT", "WIDGETS"):
            report[key] = set(json.loads(value))
    assert "MODULES" in report, f"no first frame (exit {done.returncode}): {done.stderr[-2000:]}"
    return report


def modules_at_first_frame(data_dir: Path) -> set[str]:
    return first_frame_report(data_dir)["MODULES"]


@pytest.mark.slow
def test_first_frame_needs_no_speech_readings_network_or_crypto(tmp_path: Path) -> None:
    first = modules_at_first_frame(tmp_path / "data")
    again = modules_at_first_frame(tmp_path / "data")
    assert "PySide6" in first and "kiosk" in first  # the probe itself works
    assert sorted(set(HEAVY) & first) == [], "first start (demo imported)"
    assert sorted(set(HEAVY) & again) == [], "second start"
    # nor OpenSSL (3 MiB resident): package fingerprints and catalog cache names are BLAKE2
    # from CPython's own module, the PIN's scrypt loads hashlib when a PIN is tried
    assert sorted({"_hashlib", "_ssl", "hashlib", "hmac"} & again) == [], "second start"


# Built on first use (issue 17): none of these is needed to paint the home screen.
LATER_WIDGETS = (
    "AdminScreen",
    "PinPad",
    "ClosedScreen",
    "SettingsScreen",
    "HowToScreen",
    "PracticeScreen",
    "IdleWarning",
    "AttractScreen",
)


@pytest.mark.slow
def test_first_frame_builds_no_staff_screens_or_print(tmp_path: Path) -> None:
    report = first_frame_report(tmp_path / "data")
    widgets = report["WIDGETS"]
    assert "HomeScreen" in widgets and "KioskWindow" in widgets  # the probe sees the window
    assert sorted(set(LATER_WIDGETS) & widgets) == []
    assert "PySide6.QtPrintSupport" not in report["QT"]  # printers are asked on a page
    assert "segno" not in report["MODULES"]  # QR codes are drawn for a page with a link


# Loaded only by what a visitor or the staff does later, or by reading a changed package.
LATER_MODULES = (
    "markdown_it",  # package pages: unchanged packages are not read again
    "feedparser",  # the readers behind the staff status and sync
    "kiosk.content.importer",  # `kiosk content import`: nothing imported, nothing to settle
    "kiosk.content.packages",  # the package reader: unchanged packages are not read again
    "budoux",  # the home screen's phrases are kept from the last start (kiosk.content.phrases)
    "kiosk.content.reading",  # furigana: stored with the content, asked for when switched on
    "kiosk.ui.screens.admin",
    "kiosk.ui.screens.pinpad",
    "kiosk.ui.screens.settings",
    "kiosk.ui.screens.howto",
    "kiosk.ui.screens.practice",
    "kiosk.ui.screens.attract",
    "kiosk.speech.normalize",  # sentence splitting: on the first read-aloud press
    "kiosk.speech.player",  # audio lives in the speech worker process, never in the UI
    "miniaudio",
    "kiosk.ops.health",  # the staff screen's and /metrics' view (starts: kiosk.ops.starts)
    "kiosk.cli.content",  # the other commands: `kiosk run` parses its own words only
    "kiosk.cli.fleet",
    "kiosk.cli.mirror",
    "kiosk.speech.cli",
)


@pytest.mark.slow
def test_a_second_start_loads_nothing_for_later(tmp_path: Path) -> None:
    modules_at_first_frame(tmp_path / "data")  # the first start imports the demo packages
    again = modules_at_first_frame(tmp_path / "data")
    assert "kiosk.ui.window" in again
    assert sorted(set(LATER_MODULES) & again) == []


KIOSK_STEPS = [
    "start",
    "command line read",
    "config and store",
    "window modules imported",
    "Qt application and fonts",
    "window built",
    "staff tools attached",
    "shown",
    "first frame",
]


@pytest.mark.slow
def test_the_cold_start_benchmark_sees_every_step_of_both_starts(tmp_path: Path) -> None:
    """bench/coldstart.py's step rows come from these lines: the real `kiosk run` and the bare
    window each print their moments, in order, and the steps add up to the whole start."""
    from bench.coldstart import BENCH_DIR, phase_spans, timed_start
    from bench.common import python_env

    env = python_env()
    env.update(
        HIROBA_DATA_DIR=str(tmp_path / "data"),
        HIROBA_CACHE_DIR=str(tmp_path / "cache"),
        HIROBA_CONFIG=str(tmp_path / "no-config.toml"),
        HIROBA_BENCH_FIRST_FRAME="1",
    )
    seconds, kiosk = timed_start([sys.executable, "-m", "kiosk", "run", "--demo"], env)
    assert list(kiosk) == KIOSK_STEPS
    assert list(kiosk.values()) == sorted(kiosk.values())
    spans = phase_spans(seconds * 1000, kiosk)
    assert abs(sum(spans.values()) - seconds * 1000) < 0.01
    _, bare = timed_start([sys.executable, str(BENCH_DIR / "bare_window.py")], env)
    assert list(bare) == ["start", "PySide6 imported", "Qt application", "shown", "first frame"]
    assert list(bare.values()) == sorted(bare.values())
