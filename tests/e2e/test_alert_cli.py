"""The CLI with alert sources: local-path JMX/CAP sources sync, pages --json lists alerts,
and the alert screen renders offscreen."""

from __future__ import annotations

import json
import subprocess

import pytest

from tests.alertdata import DATA
from tests.conftest import kiosk_command

pytestmark = pytest.mark.slow


def run(*args: str, env_dir) -> subprocess.CompletedProcess[str]:
    import os

    env = dict(os.environ, HIROBA_DATA_DIR=str(env_dir), QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        kiosk_command(*args), capture_output=True, text=True, env=env, timeout=120, check=False
    )


def test_sync_local_alert_sources(tmp_path) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text(
        f"""
[kiosk]
area_codes = ["14"]

[[source]]
id = "jma-landslide"
kind = "jmx"
category = "disaster"
path = "{DATA / "jmx" / "VXWW50_level4_dosha_kiken_keiho_sample_2026format.xml"}"

[[source]]
id = "cap-missing"
kind = "cap"
category = "disaster"
path = "{tmp_path / "missing.xml"}"
""",
        encoding="utf-8",
    )
    result = run("sync", "--config", str(config), env_dir=tmp_path / "data")
    lines = result.stdout.splitlines()
    assert "jma-landslide: ok (1 alert)" in lines
    assert any(line.startswith("cap-missing: failed") for line in lines)
    assert result.returncode == 1


def test_pages_json_lists_active_alerts(tmp_path) -> None:
    result = run("pages", "--demo", "--json", env_dir=tmp_path / "data")
    assert result.returncode == 0, result.stderr
    alerts = json.loads(result.stdout)["alerts"]
    drill = next(a for a in alerts if a["id"] == "drill-landslide")  # dated when loaded
    assert drill["drill"] is True and drill["takeover"] is False
    assert drill["event"] == "【訓練】土砂災害警戒情報"


def test_screenshot_alert_screen(tmp_path) -> None:
    out = tmp_path / "alert.png"
    result = run(
        "screenshot", "--demo", "--screen", "alert", "--out", str(out), env_dir=tmp_path / "d"
    )
    assert result.returncode == 0, result.stderr
    assert out.stat().st_size > 10_000


def test_the_alert_screen_with_no_alert_in_force_is_one_clear_line(tmp_path) -> None:
    # A store with pages but no alert (the demo's drill ends two hours after it is loaded):
    # the screenshot said so with a Python traceback.
    config = tmp_path / "kiosk.toml"
    config.write_text(
        f"""
[[source]]
id = "ichikawa-aed"
kind = "csv"
category = "facilities"
path = "{DATA / "opendata_csv" / "ichikawa_122033_aed_cp932.csv"}"
""",
        encoding="utf-8",
    )
    assert run("sync", "--config", str(config), env_dir=tmp_path / "data").returncode == 0
    out = tmp_path / "alert.png"
    result = run(
        "screenshot", "--config", str(config), "--screen", "alert", "--out", str(out),
        env_dir=tmp_path / "data",
    )  # fmt: skip
    assert result.returncode == 1 and not out.exists()
    assert "Traceback" not in result.stderr
    assert "kiosk: no alert to show: the store has no alert in force" in result.stderr
    page = run(
        "screenshot", "--config", str(config), "--screen", "page", "--out", str(out),
        env_dir=tmp_path / "data",
    )  # fmt: skip
    assert page.returncode == 0 and out.stat().st_size > 10_000  # the pages are still there
