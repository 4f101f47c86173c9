"""Issue 16 (serious #4): an intact store that cannot be written is opened read-only and shown;
it is never "repaired" (renamed to .broken) and staff are told in one line.

Tests run as root, and root ignores mode bits: a folder of mode 555 stays writable for root.
So the write failure a kiosk user meets in a 555 folder (EACCES) is injected at the one place
the kiosk probes for it, and the store is then really opened with SQLite's read-only mode: a
write through it must fail. The same case on a real read-only mount runs end to end in
tests/e2e/test_readonly_store.py; as a non-root user the real chmod 555 case runs here too."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import tempfile
from pathlib import Path

import pytest

from kiosk.config import demo_sources
from kiosk.content.model import Category
from kiosk.content.store import Store, StoreError
from kiosk.content.sync import sync_all
from kiosk.ops import recovery
from kiosk.viewmodels.staff import admin_status


def make_store(path: Path) -> None:
    with Store(path) as store:  # closing the last connection folds the WAL into the file
        sync_all(store, demo_sources())


def digest(folder: Path) -> dict[str, str]:
    """Every file's hash, but SQLite's empty -wal/-shm: here the folder is only said to be
    unwritable, so a read-only connection may still create them (a real one cannot)."""
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if not p.name.endswith(("-wal", "-shm"))
    }


@pytest.fixture
def not_writable(monkeypatch: pytest.MonkeyPatch) -> None:
    """The folder refuses new files, as a 555 folder does for the kiosk's own user."""

    def refuse(*_args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied", str(kwargs.get("dir")))

    monkeypatch.setattr(recovery.tempfile, "mkstemp", refuse)


def check_read_only_open(path: Path) -> None:
    before = digest(path.parent)
    store, note = recovery.open_store(path)
    try:
        assert getattr(store, "read_only", False)
        assert len(store.items(Category.HEALTH, "ja")) >= 4  # the content is shown
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            store._db.execute("DELETE FROM items")  # really read-only, not just labelled so
    finally:
        store.close()
    assert note is not None and "\n" not in note and note.startswith("read-only (")
    assert "Permission denied" in note and "items it has" in note
    assert digest(path.parent) == before  # nothing renamed, copied or created
    assert not path.with_name(path.name + ".broken").exists()


def test_intact_store_in_an_unwritable_folder_opens_read_only(
    tmp_path: Path, not_writable: None
) -> None:
    path = tmp_path / "store.sqlite3"
    make_store(path)
    check_read_only_open(path)


def test_staff_menu_says_it_in_one_line(tmp_path: Path, not_writable: None) -> None:
    path = tmp_path / "store.sqlite3"
    make_store(path)
    store, note = recovery.open_store(path)
    try:
        status = admin_status(store, path, "")
    finally:
        store.close()
    assert note is not None and "Permission denied" in status.recovery_note
    assert "読み取り専用" in status.recovery_note  # in the staff's language (tests: Japanese)
    assert status.recovery_note.count("\n") == 0


def test_a_broken_store_on_a_read_only_disk_is_a_clear_start_error(
    tmp_path: Path, not_writable: None
) -> None:
    path = tmp_path / "store.sqlite3"
    path.write_bytes(b"this is not an sqlite file" * 100)
    before = digest(tmp_path)
    with pytest.raises(StoreError, match="cannot be repaired here"):
        recovery.open_store(path)
    assert digest(tmp_path) == before


def test_writable_store_is_not_opened_read_only(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    make_store(path)
    store, note = recovery.open_store(path)
    store.close()
    assert note is None and not getattr(store, "read_only", False)
    assert not list(tmp_path.glob(".hiroba-write-check-*"))  # the probe cleans up after itself
    assert recovery.session_note() is None


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores mode 555; see not_writable above")
def test_real_mode_555_folder(tmp_path: Path) -> None:
    path = tmp_path / "data" / "store.sqlite3"
    path.parent.mkdir()
    make_store(path)
    path.chmod(0o444)
    path.parent.chmod(0o555)
    try:
        assert not os.access(path.parent, os.W_OK)
        with pytest.raises(PermissionError):
            tempfile.mkstemp(dir=path.parent)
        store, note = recovery.open_store(path)
        store.close()
        assert getattr(store, "read_only", False) and note and "read-only" in note
        assert not path.with_name(path.name + ".broken").exists()
    finally:
        path.parent.chmod(0o755)
