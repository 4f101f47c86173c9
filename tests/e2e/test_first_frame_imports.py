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
    print("MODULES " + json.dumps(sorted({m.split(".")[0] for m in sys.modules})), flush=True)
    report(app)
first_frame.report_and_quit = report_modules
from kiosk.cli.main import main
sys.exit(main(["run", "--demo"]))
"""


def modules_at_first_frame(data_dir: Path) -> set[str]:
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        HIROBA_DATA_DIR=str(data_dir),
        HIROBA_BENCH_FIRST_FRAME="1",
        PYTHONPATH=str(REPO),
    )
    done = subprocess.run(
        [sys.executable, "-c", WRAPPER],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("MODULES ")]
    assert lines, f"no first frame (exit {done.returncode}): {done.stderr[-2000:]}"
    return set(json.loads(lines[0].removeprefix("MODULES ")))


@pytest.mark.slow
def test_first_frame_needs_no_speech_readings_network_or_crypto(tmp_path: Path) -> None:
    first = modules_at_first_frame(tmp_path / "data")
    again = modules_at_first_frame(tmp_path / "data")
    assert "PySide6" in first and "kiosk" in first  # the probe itself works
    assert sorted(set(HEAVY) & first) == [], "first start (demo imported)"
    assert sorted(set(HEAVY) & again) == [], "second start"
