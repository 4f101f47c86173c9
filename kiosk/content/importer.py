"""`kiosk content import` / `rollback`: put a checked package live, atomically, with one undo.

Imported packages live under ``<data dir>/packages/<id>/``::

    versions/<stamp>-<hash>/   one folder per imported version (current and previous only)
    state.json                 {"current": "<version>", "previous": "<version>" | null}

An import checks the package, stages a copy, reads the copy (the USB stick may change under
us), writes its items to the store in one transaction, and only then switches state.json
(os.replace, atomic). A failure at any step leaves the kiosk exactly as it was.
Imported packages become sources with id ``import:<package id>`` (see ``with_imported``).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.config import Config
from kiosk.content.archive import is_zip, safe_extract
from kiosk.content.model import Source, SourceContent
from kiosk.content.packages import read_package
from kiosk.content.problems import ContentError, Problem
from kiosk.content.store import Store
from kiosk.i18n import gettext as _

if TYPE_CHECKING:  # the checker pulls in pykakasi & co.: only needed when importing
    from kiosk.content.check import Report

log = logging.getLogger("kiosk.content")
SOURCE_PREFIX = "import:"
STATE_FILE = "state.json"


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
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=root))
    try:
        staged = _stage(path, staging)
        content = read_package(staged)  # the staged copy is what goes live
        package_id = content.source.id.split(":", 1)[1]
        version = _version_name(staged)
        target = root / package_id / "versions" / version
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists():
            shutil.rmtree(target)
        os.replace(staged, target)
        source = _source(package_id, target, content)
        try:
            store.replace_source(_as_source(read_package(target), source))
        except BaseException:
            shutil.rmtree(target, ignore_errors=True)
            raise
        state = _read_state(root / package_id)
        previous = state.get("current")
        _write_state(root / package_id, version, previous if previous != version else None)
        _prune(root / package_id)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    log.info("content imported: %s version %s (%d items)", package_id, version, len(content.items))
    return ImportResult(package_id, version, source, len(content.items), report)


def rollback(package_id: str, data_dir: Path, store: Store) -> str | None:
    """Go back one step: the previous version goes live again; with none, the package goes.

    Returns the version now live, or None when the package was removed.
    """
    folder = packages_dir(data_dir) / package_id
    state = _read_state(folder)
    if not state.get("current"):
        raise ContentError(
            Problem(folder, None, _("no imported package '{id}'").format(id=package_id))
        )
    current, previous = state["current"], state.get("previous")
    source_id = SOURCE_PREFIX + package_id
    if previous:
        target = folder / "versions" / previous
        content = read_package(target)
        store.replace_source(_as_source(content, _source(package_id, target, content)))
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


def _read_state(folder: Path) -> dict[str, str | None]:
    try:
        data = json.loads((folder / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write_state(folder: Path, current: str, previous: str | None) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    temporary = folder / f".{STATE_FILE}.tmp"
    temporary.write_text(json.dumps({"current": current, "previous": previous}), encoding="utf-8")
    os.replace(temporary, folder / STATE_FILE)  # the switch: atomic on one filesystem


def _prune(folder: Path) -> None:
    state = _read_state(folder)
    keep = {state.get("current"), state.get("previous")}
    for version in (folder / "versions").iterdir():
        if version.name not in keep:
            shutil.rmtree(version, ignore_errors=True)
