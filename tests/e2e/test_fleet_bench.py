"""`python -m bench.fleet_bench --quick`: 50 simulated kiosks (the real sync code on a simulated
clock) against one static host. Asserts behaviour, never wall-clock figures: every kiosk ends
up with the new alert and the new bundle, an unchanged stretch is 304s only, and jitter turns
the restart herd into a spread."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from bench.common import parse_bench_output
from tests.conftest import REPO


@pytest.mark.slow
def test_quick_fleet_converges_and_jitter_breaks_the_herd() -> None:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    done = subprocess.run(
        [sys.executable, "-m", "bench.fleet_bench", "--quick"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = parse_bench_output(done.stdout)
    assert result is not None and result["bench"] == "fleet"
    kiosks = result["kiosks"]
    assert kiosks == 50
    assert result["converged"] == {"alert": kiosks, "bundle": kiosks}
    assert result["failed_requests"] == 0
    assert set(result["unchanged_statuses"]) == {"304"}  # nothing changed: nothing downloaded
    peaks = result["peaks"]
    assert peaks["herd"] >= kiosks  # no jitter: the whole fleet in one second
    assert peaks["restart"] * 4 <= peaks["herd"]
    rows = {row["metric"]: row for row in result["rows"]}
    day = rows["fleet: bytes per kiosk per day, nothing changed"]
    assert day["unit"] == "KB" and day["value"] > 0
    assert rows["fleet: new alert on 95 % of kiosks after it reaches the mirror"]["value"] > 0
