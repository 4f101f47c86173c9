"""Issue 16 (serious #4) end to end: `kiosk run` on a data folder that is a real read-only
mount (a private mount namespace: `unshare -m` + a read-only bind mount, which root cannot
write through either) shows the content it has and tells staff in one line, instead of the
"temporarily unavailable" screen. Skipped only where mount namespaces are not allowed."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from kiosk.config import demo_sources
from kiosk.content.store import Store
from kiosk.content.sync import sync_all
from tests.conftest import kiosk_command

READ_ONLY_MOUNT = 'mount --bind "$D" "$D" && mount -o remount,bind,ro "$D" || exit 99; exec "$@"'


def _can_mount_read_only(folder: Path) -> bool:
    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run(
        ["unshare", "-m", "sh", "-c", READ_ONLY_MOUNT, "-", "sh", "-c", 'touch "$D/x"'],
        env=dict(os.environ, D=str(folder)),
        capture_output=True,
        check=False,
    )
    return (
        probe.returncode not in (0, 99)
        and not (folder / "x").exists()
        and (b"Read-only" in probe.stderr)
    )


def _hashes(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("*") if p.is_file()
    }


@pytest.mark.parametrize("with_wal", [False, True], ids=["clean-shutdown", "wal-pending"])
def test_run_on_a_read_only_mount_shows_the_content(tmp_path: Path, with_wal: bool) -> None:
    data = tmp_path / "data"
    data.mkdir()
    if not _can_mount_read_only(data):
        pytest.skip("no mount namespaces here (unshare -m / mount not permitted)")
    store_path = data / "demo.sqlite3"
    if with_wal:  # a copy taken while the store was open: the newest content is in the -wal
        build = tmp_path / "build"
        store = Store(build / "demo.sqlite3")
        sync_all(store, demo_sources())
        for suffix in ("", "-wal", "-shm"):
            shutil.copyfile(build / f"demo.sqlite3{suffix}", data / f"demo.sqlite3{suffix}")
        store.close()
        assert (data / "demo.sqlite3-wal").stat().st_size > 0
    else:
        with Store(store_path) as store:
            sync_all(store, demo_sources())
        assert not (data / "demo.sqlite3-wal").exists()
    before = _hashes(data)
    env = dict(os.environ, D=str(data), HIROBA_DATA_DIR=str(data), QT_QPA_PLATFORM="offscreen")
    env.pop("HIROBA_STATE_DIR", None)  # logs and PIN state are on the read-only disk too
    result = subprocess.run(
        ["unshare", "-m", "sh", "-c", READ_ONLY_MOUNT, "-",
         *kiosk_command("run", "--demo", "--exit-after", "1.5")],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    assert "unavailable" not in result.stderr
    assert "kiosk ready" in result.stderr
    notes = [line for line in result.stderr.splitlines() if "store: read-only" in line]
    assert len(notes) == 1, result.stderr[-3000:]
    shown = re.search(r"showing the (\d+) items it has", notes[0])
    assert "Read-only file system" in notes[0] and shown and int(shown[1]) >= 30
    assert _hashes(data) == before  # nothing written, nothing renamed to .broken
