"""Publishing a region bundle: check every package, then write objects and a signed manifest.

The format, the keys and verification are in kiosk/content/bundle.py; this is the publisher's
side only (run by regional staff, never by a kiosk).
"""

from __future__ import annotations

import hashlib
import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.content.bundle import (
    MANIFEST,
    OBJECTS,
    BundleError,
    FileEntry,
    Manifest,
    load_private_key,
    manifest_payload,
    parse_manifest,
    public_key_text,
    sign_manifest,
)
from kiosk.content.problems import ContentError, Problem
from kiosk.i18n import gettext as _

if TYPE_CHECKING:
    from kiosk.content.model import SourceContent


def find_packages(folder: Path) -> list[Path]:
    folder = Path(folder)
    if (folder / "package.toml").is_file():
        return [folder]
    return sorted(p.parent for p in folder.glob("*/package.toml"))


def publish(
    source_dir: Path,
    key_path: Path,
    out: Path,
    region: str = "",
    left_out: list[Path] | None = None,
) -> Manifest:
    """Check every package under ``source_dir``, then write a signed bundle to ``out``.

    Only what the kiosk reads goes out: package.toml, alerts.toml, the page files and the
    images the pages show. Everything else in the folders (README.md, notes, a members list,
    hard-linked copies of files from elsewhere) stays home and is appended to ``left_out``.
    """
    from kiosk.content.check import check_package
    from kiosk.content.packages import read_package

    key = load_private_key(key_path)
    packages = find_packages(source_dir)
    if not packages:
        raise BundleError(source_dir, _("no packages found (folders with a package.toml)"))
    problems: list[Problem] = []
    for folder in packages:
        report = check_package(folder)
        problems.extend(report.errors)
    if problems:
        raise ContentError(problems)
    out = Path(out)
    (out / OBJECTS).mkdir(parents=True, exist_ok=True)
    entries: list[FileEntry] = []
    ids: list[str] = []
    for folder in packages:
        content = read_package(folder)
        package_id = content.source.id.split(":", 1)[1]
        if package_id in ids:
            raise BundleError(folder, _("two packages have the id '{id}'").format(id=package_id))
        ids.append(package_id)
        wanted = referenced_files(folder, content)
        for file in sorted(p for p in folder.rglob("*") if p.is_file() or p.is_symlink()):
            relative = file.relative_to(folder)
            if relative not in wanted or file.is_symlink():
                if left_out is not None:
                    left_out.append(file)
                continue
            if file.stat().st_nlink > 1:
                raise BundleError(
                    file,
                    _(
                        "this file is hard-linked to another file, which may be private: "
                        "put a plain copy in the package"
                    ),
                )
            data = file.read_bytes()
            sha = hashlib.sha256(data).hexdigest()
            _write_object(out / OBJECTS / sha, data)
            entries.append(FileEntry(f"{package_id}/{relative.as_posix()}", sha, len(data)))
    sequence = _previous_sequence(out) + 1
    created = datetime.now(UTC).replace(microsecond=0).isoformat()
    public = public_key_text(key.public_key())
    payload = manifest_payload(region, sequence, created, public, tuple(ids), tuple(entries))
    document = sign_manifest(payload, key)
    temporary = out / f".{MANIFEST}.tmp"
    temporary.write_bytes(document)
    os.replace(temporary, out / MANIFEST)  # objects first, manifest last: never half-published
    listed = {e.sha256 for e in entries}
    for stale in (out / OBJECTS).iterdir():
        if stale.name not in listed:
            stale.unlink()  # a kiosk mid-fetch of the old manifest just retries next time
    return parse_manifest(document, str(out / MANIFEST))


def referenced_files(folder: Path, content: SourceContent) -> set[Path]:
    """Package-relative paths of the files the kiosk reads from a package folder."""
    from kiosk.content.model import BlockKind
    from kiosk.content.packages import PAGE_NAME

    wanted = {Path("package.toml")}
    if (folder / "alerts.toml").is_file():
        wanted.add(Path("alerts.toml"))
    wanted.update(Path(p.name) for p in folder.glob("*.md") if PAGE_NAME.match(p.name))
    root = folder.resolve()
    for page in content.pages:
        for block in page.blocks:
            if block.kind is not BlockKind.IMAGE or not block.src or "://" in block.src:
                continue
            image = (folder / block.src).resolve()
            if image.is_relative_to(root) and image.is_file():
                wanted.add(image.relative_to(root))
    return wanted


def _write_object(path: Path, data: bytes) -> None:
    if path.is_file() and path.stat().st_size == len(data):
        return
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def _previous_sequence(out: Path) -> int:
    try:
        document = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
        return int(document["payload"]["sequence"])
    except (OSError, ValueError, KeyError, TypeError, RecursionError, OverflowError):
        return 0
