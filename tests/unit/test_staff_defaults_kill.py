"""Staff defaults survive the kiosk being killed while it writes them (SIGKILL, a real process)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kiosk.ops.defaults import load_defaults

WRITER = """
import sys
from pathlib import Path
from kiosk.ops.defaults import save_default
path = Path(sys.argv[1])
save_default("opening_hours", "mon-fri 09:00-17:00", path)
save_default("lang", "en", path)
print("ready", flush=True)
i = 0
while True:
    save_default("text_size", 1 + i % 3, path)
    i += 1
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="POSIX kill")
def test_a_kill_in_the_middle_of_a_write_loses_no_default(tmp_path: Path) -> None:
    path = tmp_path / "staff-defaults.json"
    root = str(Path(__file__).resolve().parents[2])
    env = dict(os.environ, PYTHONPATH=root)
    for delay in (0.02, 0.05, 0.08, 0.11, 0.14, 0.17, 0.2, 0.23):
        writer = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path)], env=env, stdout=subprocess.PIPE, text=True
        )
        assert writer.stdout is not None and writer.stdout.readline().strip() == "ready"
        time.sleep(delay)  # somewhere in the middle of one of many writes
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        writer.stdout.close()
        got = load_defaults(path)
        assert got.get("opening_hours") == "mon-fri 09:00-17:00", (delay, got)
        assert got.get("lang") == "en" and got.get("text_size") in (1, 2, 3)
    assert [p.name for p in tmp_path.iterdir() if p.name != path.name] in (
        [],
        [".staff-defaults.json.tmp"],
    )
