"""Operations end to end: watchdog keep-alives, store self-repair, doctor, PIN, usage, units."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import stat
import subprocess
from pathlib import Path

import pytest

from tests.conftest import REPO, kiosk_command


def _run(*args: str, stdin: str | None = None, timeout: float = 120):
    return subprocess.run(
        kiosk_command(*args),
        capture_output=True,
        text=True,
        timeout=timeout,
        input=stdin,
        check=False,
    )


def _doctor() -> dict[str, dict[str, object]]:
    result = _run("doctor", "--json")
    assert result.returncode in (0, 1), result.stderr
    checks = {c["key"]: c for c in json.loads(result.stdout)}
    assert (result.returncode == 1) == any(not c["ok"] for c in checks.values())
    return checks


@pytest.mark.slow
def test_watchdog_keepalives_stop_when_the_event_loop_freezes(tmp_path: Path) -> None:
    address = tmp_path / "notify.sock"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    server.bind(str(address))
    env = dict(
        os.environ,
        NOTIFY_SOCKET=str(address),
        WATCHDOG_USEC="400000",  # keep-alive every 0.2 s
        HIROBA_TEST_FREEZE_ON_SIGUSR1="1",
        QT_QPA_PLATFORM="offscreen",
    )
    proc = subprocess.Popen(
        kiosk_command("run", "--demo"),
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        server.settimeout(60)  # start-up (reading the demo packages) on a slow machine
        messages = [server.recv(4096).decode()]
        assert messages[0].startswith("READY=1"), messages
        server.settimeout(5)
        for _ in range(3):
            messages.append(server.recv(4096).decode())
        assert messages[1:] == ["WATCHDOG=1"] * 3
        proc.send_signal(signal.SIGUSR1)  # test-only: blocks the Qt event loop
        server.settimeout(2.0)  # ten keep-alive periods
        late = []
        with pytest.raises(TimeoutError):  # noqa: PT012 - at most one was already on its way
            while True:
                late.append(server.recv(4096))
        assert len(late) <= 1
        assert proc.poll() is None  # alive but frozen: exactly what systemd must catch
    finally:
        proc.kill()
        proc.wait(timeout=30)
        server.close()


@pytest.mark.slow
def test_corrupt_store_comes_back_from_the_last_good_copy(tmp_path: Path) -> None:
    data = Path(os.environ["HIROBA_DATA_DIR"])
    first = _run("run", "--demo", "--exit-after", "0.3")
    assert first.returncode == 0, first.stderr
    store = data / "demo.sqlite3"
    assert (data / "demo.sqlite3.last-good").exists()
    for suffix in ("-wal", "-shm"):
        Path(f"{store}{suffix}").unlink(missing_ok=True)
    store.write_bytes(b"garbage, not a database " * 200)

    checks = _doctor()
    assert checks["store"]["ok"] is False and checks["store"]["hint"]

    second = _run("run", "--demo", "--exit-after", "0.3")
    assert second.returncode == 0, second.stderr
    assert "store restored from last good copy" in second.stderr
    assert "kiosk ready" in second.stderr
    pages = json.loads(_run("pages", "--json", "--demo").stdout)
    assert all(len(c["items"]) >= 4 for c in pages["categories"])

    checks = _doctor()
    assert checks["store"]["ok"] is True
    assert checks["store_recovery"]["ok"] is False  # staff are told it happened
    log = (data / "state" / "kiosk.log").read_text(encoding="utf-8")
    assert "store restored from last good copy" in log


def test_doctor_text_lines_and_exit_code() -> None:
    result = _run("doctor")
    lines = result.stdout.splitlines()
    assert len(lines) >= 13 and all(line[0] in "✔✖" for line in lines)
    assert result.returncode == (1 if any(line.startswith("✖") for line in lines) else 0)
    assert any("kiosk set-pin" in line for line in lines)  # no PIN on a fresh install


def test_bad_config_shows_unavailable_and_exits_2(tmp_path: Path) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text('[kiosk]\nlang = "ja"\ntext_size = 9\n', encoding="utf-8")
    result = _run("run", "--config", str(config), "--exit-after", "0.3")
    assert result.returncode == 2
    assert f"{config}:3: text_size = 9 is not one of" in result.stderr
    assert "screen shown: unavailable" in result.stderr


def test_set_pin_from_stdin(tmp_path: Path) -> None:
    assert _run("set-pin", "--pin-stdin", stdin="1234\n4321\n").returncode == 2
    assert _run("set-pin", "--pin-stdin", stdin="12\n12\n").returncode == 2
    weak = _run("set-pin", "--pin-stdin", stdin="0000\n0000\n")  # issue 16: weak PINs refused
    assert weak.returncode == 2 and "too easy to guess" in weak.stderr
    result = _run("set-pin", "--pin-stdin", stdin="3917\n3917\n")
    assert result.returncode == 0, result.stderr
    pin_file = Path(os.environ["HIROBA_CONFIG"]).parent / "admin-pin.json"
    assert stat.S_IMODE(pin_file.stat().st_mode) == 0o600
    # The PIN itself is never stored: no value of the record is it. (Not "3917" nowhere in the
    # file: a random salt or hash may contain those four digits — it did once in 10^4 runs.)
    record = json.loads(pin_file.read_text())
    assert "3917" not in {str(value) for value in record.values()}
    assert record["algorithm"] == "scrypt" and len(record["hash"]) >= 32
    from kiosk.ops.pin import verify_pin

    assert verify_pin("3917", record) and not verify_pin("3918", record)
    assert "admin: PIN set" in result.stderr


def test_usage_csv_has_a_header_even_when_empty() -> None:
    result = _run("usage", "--csv")
    assert result.returncode == 0
    assert result.stdout.splitlines() == ["day,kind,detail,count"]


@pytest.mark.parametrize("unit", ["hiroba-kiosk.service", "hiroba-cage.service"])
def test_systemd_units_verify(tmp_path: Path, unit: str) -> None:
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze not installed")
    # verify checks that ExecStart exists: stand in a tree like /opt/hiroba
    root = tmp_path / "opt-hiroba"
    (root / ".venv" / "bin").mkdir(parents=True)
    (root / "deploy").mkdir()
    kiosk = root / ".venv" / "bin" / "kiosk"
    kiosk.write_text("#!/bin/sh\n")
    kiosk.chmod(0o755)
    shutil.copy2(REPO / "deploy" / "hiroba-cage-session.sh", root / "deploy")
    text = (REPO / "deploy" / unit).read_text(encoding="utf-8")
    assert "Restart=always" in text and "WatchdogSec=" in text and "Type=notify" in text
    target = tmp_path / unit
    target.write_text(text.replace("/opt/hiroba", str(root)), encoding="utf-8")
    result = subprocess.run(
        [analyze, "verify", str(target)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
