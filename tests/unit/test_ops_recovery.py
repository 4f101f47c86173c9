from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from kiosk.config import demo_sources
from kiosk.content.model import Category
from kiosk.content.store import Store, utc_now
from kiosk.content.sync import sync_all
from kiosk.ops import doctor, recovery


def corrupt(path: Path) -> None:
    for suffix in ("-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    with path.open("r+b") as handle:
        handle.write(b"this is not an sqlite file" * 8)


def make_store(path: Path) -> None:
    with Store(path) as store:
        sync_all(store, demo_sources())
    recovery.backup_store(path)


def test_backup_rotates_and_restore_brings_content_back(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    make_store(path)
    assert recovery.backup_path(path).exists()
    recovery.backup_store(path)
    assert recovery.backup_path(path, 1).exists()
    corrupt(path)
    assert recovery.integrity(path) != "ok"
    store, note = recovery.open_store(path)
    assert note and "restored from the last good copy" in note
    assert len(store.items(Category.HEALTH, "ja")) >= 4
    store.close()
    assert recovery.integrity(path) == "ok"
    assert path.with_name("store.sqlite3.broken").exists()
    assert recovery.recent_note(tmp_path) is not None
    assert recovery.recent_note(tmp_path, utc_now() + timedelta(days=8)) is None


def test_broken_store_without_copy_starts_empty(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    with Store(path) as store:
        sync_all(store, demo_sources())
    corrupt(path)
    store, note = recovery.open_store(path)
    assert note and "no good copy" in note
    assert store.items(Category.HEALTH, "ja") == []
    store.close()


def test_healthy_store_opens_without_note(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    make_store(path)
    store, note = recovery.open_store(path)
    store.close()
    assert note is None
    assert recovery.vacuum(path)


def test_doctor_flags_a_broken_store_and_a_recent_repair(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    make_store(path)
    assert doctor.check_store(path).ok
    assert doctor.check_recovery(path).ok
    corrupt(path)
    broken = doctor.check_store(path)
    assert not broken.ok and "✖" in broken.line() and broken.hint
    recovery.open_store(path)[0].close()
    assert doctor.check_store(path).ok
    assert not doctor.check_recovery(path).ok
