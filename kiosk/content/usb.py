"""Find content packages on removable media, for the admin screen's "USB から読み込む".

Looks one and two levels below the usual mount points for package folders and .zip files;
the admin screen lists them and calls kiosk.content.importer.import_package on the choice.
"""

from __future__ import annotations

from pathlib import Path

from kiosk.content.archive import is_zip

MOUNT_ROOTS = (Path("/media"), Path("/run/media"), Path("/mnt"))
MAX_DEPTH = 3  # /media/<user>/<stick>/<package>


def find_packages(roots: tuple[Path, ...] = MOUNT_ROOTS) -> list[Path]:
    """Package folders (with a package.toml) and .zip files found under ``roots``."""
    found: list[Path] = []
    for root in roots:
        _walk(Path(root), 0, found)
    return sorted(dict.fromkeys(found))


def _walk(folder: Path, depth: int, found: list[Path]) -> None:
    try:
        entries = sorted(folder.iterdir())
    except OSError:
        return  # not mounted, no permission: nothing to offer
    if (folder / "package.toml").is_file():
        found.append(folder)
        return
    for entry in entries:
        if entry.name.startswith(".") or entry.is_symlink():
            continue
        if entry.suffix.lower() == ".zip" and is_zip(entry):
            found.append(entry)
        elif entry.is_dir() and depth < MAX_DEPTH:
            _walk(entry, depth + 1, found)
