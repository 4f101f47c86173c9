"""`kiosk content import` / `rollback`: put a checked package live, atomically, with one undo.

Imported packages live under ``<data dir>/packages/<id>/``::

    versions/<stamp>-<hash>/   one folder per imported version (current and previous only)
    state.json                 {"current": "<version>", "previous": "<version>" | null}

An import checks the package, stages a copy, reads the copy (the USB stick may change under
us), marks the new version ``pending`` in state.json, writes its items to the store in one
transaction, and only then switches state.json (os.replace, atomic). A process killed between
the store commit and the switch leaves ``pending`` behind: the next start (``with_imported``),
import or rollback settles it by asking the store which version it holds, so store and state
never disagree and a rollback goes back exactly one version. Leftover ``.staging-*`` folders
of killed imports are removed then too. Imports and rollbacks take a lock on the packages
folder, so two never interleave. Package ids and version names are checked before they are
used as folder names: nothing outside ``<data dir>/packages`` is ever touched.
Imported packages become sources with id ``import:<package id>`` (see ``with_imported``).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
import re
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.atomic_file import write_atomically
from kiosk.config import Config
from kiosk.content.archive import is_zip, safe_extract
from kiosk.content.furigana import annotate_content
from kiosk.content.model import Source, SourceContent
from kiosk.content.packages import PACKAGE_ID, read_package
from kiosk.content.problems import ContentError, Problem
from kiosk.content.store import Store, StoreError
from kiosk.i18n import gettext as _

if TYPE_CHECKING:  # the checker pulls in pykakasi & co.: only needed when importing
    from kiosk.content.check import Report

log = logging.getLogger("kiosk.content")
SOURCE_PREFIX = "import:"
STATE_FILE = "state.json"
STAGING_PREFIX = ".staging-"
LOCK_FILE = ".lock"
VERSION_NAME = re.compile(r"[0-9]{8}T[0-9]{12}-[0-9a-f]{12}")


class ImportRefused(ContentError):
    """The package has errors; nothing was changed. ``report`` holds every finding."""

    def __init__(self, report: Report) -> None:
        self.report = report
        super().__init__(
            list(report.errors) or [Problem(report.root, None, _("the package was refused"))]
        )


@dataclass(frozen=True, slots=True)
class ImportResult:
    package_id: str
    version: str
    source: Source
    items: int
    report: Report


def packages_dir(data_dir: Path) -> Path:
    return Path(data_dir) / "packages"


def import_package(
    path: Path, data_dir: Path, store: Store, today: date | None = None
) -> ImportResult:
    from kiosk.content.check import check_package

    path = Path(path)
    report = check_package(path, today)
    if not report.ok:
        raise ImportRefused(report)
    root = packages_dir(data_dir)
    root.mkdir(parents=True, exist_ok=True)
    with _locked(root):
        _tidy(root)
        staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=root))
        try:
            staged = _stage(path, staging)
            content = read_package(staged)  # the staged copy is what goes live
            package_id = _valid_id(content.source.id.split(":", 1)[1], path)
            folder = root / package_id
            _settle(folder, store)  # an earlier import killed half-way is finished first
            version = _version_name(staged)
            target = folder / "versions" / version
            target.parent.mkdir(parents=True, exist_ok=True)
            if target.exists():
                shutil.rmtree(target)
            os.replace(staged, target)
            source = _source(package_id, target, content)
            state = _read_state(folder)
            current, previous = state.get("current"), state.get("previous")
            _write_state(folder, current, previous, pending=version)
            try:
                store.replace_source(annotate_content(_as_source(read_package(target), source)))
            except BaseException:
                _write_state(folder, current, previous)
                shutil.rmtree(target, ignore_errors=True)
                raise
            _write_state(folder, version, current if current != version else None)
            _prune(folder)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    log.info("content imported: %s version %s (%d items)", package_id, version, len(content.items))
    return ImportResult(package_id, version, source, len(content.items), report)


def rollback(package_id: str, data_dir: Path, store: Store) -> str | None:
    """Go back one step: the previous version goes live again; with none, the package goes.

    Returns the version now live, or None when the package was removed.
    """
    root = packages_dir(data_dir)
    package_id = _valid_id(package_id, root)
    folder = root / package_id
    if not (folder / STATE_FILE).is_file():
        raise ContentError(
            Problem(folder, None, _("no imported package '{id}'").format(id=package_id))
        )
    with _locked(root):
        _settle(folder, store)
        state = _read_state(folder)
        current, previous = state.get("current"), state.get("previous")
        if not current:
            raise ContentError(
                Problem(folder, None, _("no imported package '{id}'").format(id=package_id))
            )
        source_id = SOURCE_PREFIX + package_id
        if previous:
            target = folder / "versions" / previous
            content = read_package(target)
            store.replace_source(
                annotate_content(_as_source(content, _source(package_id, target, content)))
            )
            _write_state(folder, previous, None)
            shutil.rmtree(folder / "versions" / current, ignore_errors=True)
            log.info("content rolled back: %s to version %s", package_id, previous)
            return previous
        keep = {s.id for s in store.source_statuses()} - {source_id}
        store.remove_sources_except(keep)
        shutil.rmtree(folder, ignore_errors=True)
        log.info("content removed: %s", package_id)
        return None


def imported_sources(data_dir: Path) -> tuple[Source, ...]:
    """One package source per imported package, pointing at its live version."""
    sources = []
    for state_file in sorted(packages_dir(data_dir).glob(f"*/{STATE_FILE}")):
        folder = state_file.parent
        if not PACKAGE_ID.fullmatch(folder.name):
            continue
        current = _read_state(folder).get("current")
        version = folder / "versions" / str(current)
        if not current or not version.is_dir():
            continue
        try:
            content = read_package(version)
        except ContentError as exc:
            log.warning("imported package unreadable: %s: %s", folder.name, exc)
            continue
        sources.append(_source(folder.name, version, content))
    return tuple(sources)


def with_imported(config: Config) -> Config:
    """The config's sources plus every imported package (configured ids win)."""
    settle_all(config.data_dir, config.store_path)
    known = {s.id for s in config.sources}
    extra = tuple(s for s in imported_sources(config.data_dir) if s.id not in known)
    return dataclasses.replace(config, sources=config.sources + extra) if extra else config


# --- helpers --------------------------------------------------------------------------------


def _stage(path: Path, staging: Path) -> Path:
    if is_zip(path):
        return safe_extract(path, staging / "package")
    target = staging / "package"
    shutil.copytree(path, target, symlinks=True, ignore=shutil.ignore_patterns(".*"))
    if any(p.is_symlink() for p in target.rglob("*")):
        raise ContentError(Problem(path, None, _("symbolic links are not allowed in a package")))
    return target


def _version_name(folder: Path) -> str:
    digest = hashlib.sha256()
    for file in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(file.relative_to(folder).as_posix().encode())
        digest.update(file.read_bytes())
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    return f"{stamp}-{digest.hexdigest()[:12]}"


def _source(package_id: str, location: Path, content: SourceContent) -> Source:
    return Source(
        id=SOURCE_PREFIX + package_id,
        kind="package",
        location=str(location),
        category=content.source.category,
    )


def _as_source(content: SourceContent, source: Source) -> SourceContent:
    return content.owned_by(source)


def settle_all(data_dir: Path, store_path: Path) -> None:
    """At start: finish or undo imports a killed process left half-switched, and remove
    leftover staging folders. Cheap when there is nothing to do (no store is opened)."""
    root = packages_dir(data_dir)
    try:
        pending = [
            state.parent
            for state in root.glob(f"*/{STATE_FILE}")
            if _read_state(state.parent).get("pending")
        ]
        leftovers = list(root.glob(f"{STAGING_PREFIX}*"))
        if not pending and not leftovers:
            return
        with _locked(root, wait=False) as locked:
            if not locked:
                return  # an import is running right now; it settles its own package
            _tidy(root)
            if pending:
                with Store(store_path) as store:
                    for folder in pending:
                        _settle(folder, store)
    except (OSError, StoreError, sqlite3.Error) as exc:  # e.g. a read-only data dir
        log.warning("imported packages not settled: %s", exc)


def _settle(folder: Path, store: Store) -> None:
    """Make state.json agree with the store after an import was killed half-way."""
    state = _read_state(folder)
    pending = state.get("pending")
    if not pending:
        return
    live = store.source_location(SOURCE_PREFIX + folder.name)
    current, previous = state.get("current"), state.get("previous")
    if live is not None and Path(live).name == pending:  # the store has the new version
        _write_state(folder, pending, current if current != pending else None)
        log.warning("content import of %s finished at start (version %s)", folder.name, pending)
    elif current:
        _write_state(folder, current, previous)
        log.warning("content import of %s undone at start (version %s)", folder.name, pending)
    else:
        shutil.rmtree(folder, ignore_errors=True)
        return
    _prune(folder)


def _tidy(root: Path) -> None:
    """Staging folders of imports that were killed (only called under the lock)."""
    for leftover in root.glob(f"{STAGING_PREFIX}*"):
        shutil.rmtree(leftover, ignore_errors=True)


@contextmanager
def _locked(root: Path, wait: bool = True) -> Iterator[bool]:
    """An exclusive lock on the packages folder (imports and rollbacks never interleave)."""
    try:
        import fcntl
    except ImportError:  # Windows: one staff member at a time is the rule there
        yield True
        return
    root.mkdir(parents=True, exist_ok=True)
    with (root / LOCK_FILE).open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _valid_id(package_id: str, where: Path) -> str:
    if not PACKAGE_ID.fullmatch(package_id):
        raise ContentError(
            Problem(
                where,
                None,
                _("'{id}' is not a package id (a-z, 0-9, '.', '_', '-')").format(
                    id=package_id[:60]
                ),
            )
        )
    return package_id


def _read_state(folder: Path) -> dict[str, str | None]:
    """state.json, with any version name that is not one we write dropped."""
    try:
        data = json.loads((folder / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {
        key: value
        for key in ("current", "previous", "pending")
        if isinstance(value := data.get(key), str) and VERSION_NAME.fullmatch(value)
    }


def _write_state(
    folder: Path, current: str | None, previous: str | None, pending: str | None = None
) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    state: dict[str, str | None] = {"current": current, "previous": previous}
    if pending:
        state["pending"] = pending
    write_atomically(folder / STATE_FILE, json.dumps(state).encode())  # the switch


def _prune(folder: Path) -> None:
    state = _read_state(folder)
    keep = {state.get("current"), state.get("previous"), state.get("pending")}
    versions = folder / "versions"
    if not versions.is_dir():
        return
    for version in versions.iterdir():
        if version.name not in keep:
            shutil.rmtree(version, ignore_errors=True)
