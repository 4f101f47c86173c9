"""`python -m bench --quick` runs every benchmark end to end and writes the table and JSON.

No timing is asserted (machines differ); the test proves the benchmarks still run against
the current kiosk, so `make bench` keeps working as the kiosk grows.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO


@pytest.mark.slow
def test_quick_bench_prints_the_table_and_writes_json(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO))
    result = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--out", str(out)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert "measure" in result.stdout and "target" in result.stdout
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["quick"] is True
    assert data["machine"]["cpus"] >= 1
    metrics = {row["metric"]: row for row in data["rows"]}
    for name in (
        "cold start: kiosk / bare window",
        "tap → page painted, normal text: p95",
        "tap → page painted, 200 % text: p95",
        "RSS after start: kiosk run --demo",
        "  its sync process (requests, TLS, the readers)",
        "RSS growth after warm-up",
    ):
        assert name in metrics, sorted(metrics)
        if sys.platform == "linux" or "RSS" not in name:  # memory is read from /proc
            assert isinstance(metrics[name]["value"], int | float), metrics[name]
        assert metrics[name]["metric"] in result.stdout
    assert not [row for row in data["rows"] if "did not finish" in row["metric"]]
