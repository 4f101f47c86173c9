"""The store's last good copy: kept after each good start and sync, restored when it breaks.

Copies are made with the sqlite3 backup API (consistent even while the kiosk reads), into
``<store>.last-good`` with the previous one kept as ``<store>.last-good.1``. A restore leaves
a small note (``store-recovered.json``) that `kiosk doctor` and the staff menu report.

An intact store that cannot be written (a read-only mount, a directory of mode 555) is not
broken: it is opened read-only and shown as it is, and staff are told in one line. Only a
store that fails its integrity check is ever replaced.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import sqlite3
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

from kiosk.content.store import SCHEMA_VERSION, Store, StoreError, utc_now

log = logging.getLogger("kiosk.recovery")
NOTE_FILE = "store-recovered.json"
NOTE_DAYS = 7  # a recent restore is worth a look: doctor flags it for a week


def backup_path(store_path: Path, generation: int = 0) -> Path:
    suffix = ".last-good" + (f".{generation}" if generation else "")
    return store_path.with_name(store_path.name + suffix)


def connect_read_only(path: Path, **kwargs: object) -> sqlite3.Connection:
    """A read-only connection that also works where nothing can be written.

    ``mode=ro`` reads the WAL too, but a WAL store in a read-only folder without its ``-shm``
    file cannot be opened that way; then ``immutable=1`` reads the (checkpointed) file."""
    uri = path.resolve().as_uri()
    try:
        db = sqlite3.connect(f"{uri}?mode=ro", uri=True, **kwargs)  # type: ignore[arg-type]
        db.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return db
    except sqlite3.OperationalError as exc:
        if "unable to open" not in str(exc):
            raise
    return sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True, **kwargs)  # type: ignore[arg-type]


def write_problem(store_path: Path) -> str | None:
    """Why the store's folder or file cannot be written (None if it can). Probed for real:
    a mode check says nothing for root, and nothing at all about a read-only mount."""
    directory = store_path.parent
    if not directory.exists():
        return None  # the store creates it
    try:
        fd, probe = tempfile.mkstemp(prefix=".hiroba-write-check-", dir=directory)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        return f"{exc.strerror or exc}: {directory}"
    try:
        if store_path.exists():
            with open(store_path, "r+b"):
                pass
    except OSError as exc:
        return f"{exc.strerror or exc}: {store_path}"
    return None


class ReadOnlyStore(Store):
    """The content store opened for reading only; every write raises sqlite3 errors, so the
    kiosk does not try (no local package sync, no background sync, no backup copy)."""

    read_only = True

    def __init__(self, path: Path | str) -> None:  # Store.__init__ would create and migrate
        self.path = Path(path)
        try:
            self._db = connect_read_only(self.path, isolation_level=None, timeout=10)
            self._db.row_factory = sqlite3.Row
            version = int(self._db.execute("PRAGMA user_version").fetchone()[0])
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{path}: cannot open the content store ({exc})") from exc
        if version != SCHEMA_VERSION:
            self._db.close()
            raise StoreError(
                f"{path}: store schema v{version} needs updating to v{SCHEMA_VERSION}, "
                "which a read-only store cannot"
            )

    def item_total(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM items").fetchone()[0])


# Said once per run and shown on the staff menu (a read-only disk cannot keep a note file).
_session_note: str | None = None
_read_only_reason: str | None = None


def session_note() -> str | None:
    """This run's one-line store note for the log (English), if any."""
    return _session_note


def read_only_reason() -> str | None:
    """Why this run's store is read-only (the OS error and the path), if it is."""
    return _read_only_reason


def integrity(path: Path, quick: bool = False) -> str:
    """'ok', or what SQLite says is wrong (first line); raises nothing. ``quick`` skips the
    index checks (start-up); the doctor and backups run the full check."""
    if not path.exists():
        return "missing"
    try:
        db = connect_read_only(path)
        try:
            pragma = "quick_check" if quick else "integrity_check"
            rows = db.execute(f"PRAGMA {pragma}").fetchall()
        finally:
            db.close()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    first = str(rows[0][0]) if rows else "no answer"
    return "ok" if first == "ok" else first


def backup_store(store_path: Path) -> Path | None:
    """Copy a healthy store to its last-good file (rotating one older generation)."""
    if not store_path.exists() or integrity(store_path) != "ok":
        return None
    target = backup_path(store_path)
    tmp = target.with_name(target.name + ".tmp")
    try:
        src = sqlite3.connect(f"file:{store_path}?mode=ro", uri=True)
        dst = sqlite3.connect(str(tmp))
        try:
            src.backup(dst)
        finally:
            dst.close()
            src.close()
        if target.exists():
            os.replace(target, backup_path(store_path, 1))
        os.replace(tmp, target)
    except (sqlite3.DatabaseError, OSError) as exc:
        log.warning("store backup failed: %s", exc)
        tmp.unlink(missing_ok=True)
        return None
    log.info("store backup: last good copy saved")
    return target


def _remove_store_files(store_path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        store_path.with_name(store_path.name + suffix).unlink(missing_ok=True)


def restore_store(store_path: Path, reason: str) -> Path | None:
    """Replace a broken store with the newest healthy last-good copy; None if there is none."""
    for generation in (0, 1):
        candidate = backup_path(store_path, generation)
        if candidate.exists() and integrity(candidate) == "ok":
            broken = store_path.with_name(store_path.name + ".broken")
            if store_path.exists():
                shutil.copyfile(store_path, broken)  # kept once, for whoever investigates
            _remove_store_files(store_path)
            shutil.copyfile(candidate, store_path)
            write_note(store_path.parent, reason)
            log.warning("store restored from last good copy (%s)", " ".join(reason.split()))
            return candidate
    return None


def open_store(store_path: Path) -> tuple[Store, str | None]:
    """Open the store; if it is broken, restore the last good copy, or start empty.

    Returns the store and a one-line note for staff when something had to be repaired, or
    when an intact store could only be opened read-only.
    """
    global _session_note, _read_only_reason
    _session_note = _read_only_reason = None
    problem: str | None = None
    blocked = write_problem(store_path)
    check = integrity(store_path, quick=True)
    if blocked and check == "ok":  # intact but not writable: never "repaired" (renamed away)
        store = ReadOnlyStore(store_path)
        _read_only_reason = blocked
        _session_note = (
            f"read-only ({blocked}): showing the {store.item_total()} items it has; "
            "no updates until it can be written"
        )
        return store, _session_note
    try:
        if check not in ("ok", "missing"):
            raise StoreError(f"{store_path}: integrity check failed: {check}")
        return Store(store_path), None
    except StoreError as exc:
        problem = str(exc)
    log.error("store broken: %s", problem)
    if blocked:  # nothing can be restored or recreated on a read-only disk: say both
        raise StoreError(f"{problem}; it cannot be repaired here ({blocked})")
    if restore_store(store_path, problem) is not None:
        return Store(store_path), f"restored from the last good copy ({problem})"
    # No good copy: start with an empty store; local packages refill it at start.
    broken = store_path.with_name(store_path.name + ".broken")
    if store_path.exists():
        shutil.copyfile(store_path, broken)
    _remove_store_files(store_path)
    write_note(store_path.parent, problem)
    log.warning("store recreated empty (no good copy)")
    return Store(store_path), f"recreated empty, no good copy ({problem})"


def write_note(directory: Path, reason: str) -> None:
    note = {"at": utc_now().isoformat(), "reason": " ".join(reason.split())[:300]}
    try:
        (directory / NOTE_FILE).write_text(json.dumps(note, ensure_ascii=False), "utf-8")
    except OSError as exc:
        log.warning("recovery note not written: %s", exc)


def recent_note(directory: Path, now: datetime | None = None) -> dict[str, str] | None:
    """The last restore, if it happened in the last NOTE_DAYS days."""
    try:
        note = json.loads((directory / NOTE_FILE).read_text("utf-8"))
        at = datetime.fromisoformat(note["at"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if (now or utc_now()) - at > timedelta(days=NOTE_DAYS):
        return None
    return {"at": note["at"], "reason": str(note.get("reason", ""))}


def vacuum(store_path: Path) -> bool:
    """Compact the store (daily maintenance). A second connection: the UI's stays open."""
    try:
        db = sqlite3.connect(str(store_path), timeout=10, isolation_level=None)
        try:
            db.execute("VACUUM")
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            db.close()
    except sqlite3.DatabaseError as exc:
        log.warning("store vacuum failed: %s", exc)
        return False
    log.info("store vacuum done")
    return True
