"""Unpack a package .zip (e.g. from a USB stick) safely into a folder.

A zip from outside is untrusted: no entry may leave the target folder (absolute paths, '..',
drive letters), symlinks and device files are refused, and the number of files and the bytes
actually written are capped (the sizes in the zip header are not trusted).
"""

from __future__ import annotations

import errno
import shutil
import stat
import zipfile
import zlib
from pathlib import Path, PurePosixPath

from kiosk.content.problems import ContentError, Problem
from kiosk.i18n import gettext as _

MAX_FILES = 500
MAX_TOTAL_BYTES = 50 * 1024 * 1024
MAX_FILE_BYTES = 10 * 1024 * 1024
CHUNK = 64 * 1024
MAX_NAME_BYTES = 255  # one path component, as most filesystems allow
MAX_DEPTH = 8  # folders inside the package
SUPPORTED_COMPRESSION = {
    zipfile.ZIP_STORED,
    zipfile.ZIP_DEFLATED,
    zipfile.ZIP_BZIP2,
    zipfile.ZIP_LZMA,
}


def is_zip(path: Path) -> bool:
    return Path(path).is_file() and zipfile.is_zipfile(path)


def safe_extract(
    archive: Path,
    target: Path,
    max_files: int = MAX_FILES,
    max_total: int = MAX_TOTAL_BYTES,
    max_file: int = MAX_FILE_BYTES,
) -> Path:
    """Extract ``archive`` into the empty folder ``target``; return the package root.

    The root is ``target`` itself, or its single top-level folder when the zip holds one
    (the usual result of "compress this folder"). Raises ContentError naming the bad entry;
    nothing is left in ``target`` then.
    """
    archive, target = Path(archive), Path(target)
    try:
        with zipfile.ZipFile(archive) as zf:
            entries = zf.infolist()
            if len(entries) > max_files:
                raise ContentError(
                    Problem(
                        archive,
                        None,
                        _("the zip holds {n} files; at most {limit} are allowed").format(
                            n=len(entries), limit=max_files
                        ),
                    )
                )
            names = [_safe_name(archive, entry) for entry in entries]
            target.mkdir(parents=True, exist_ok=True)
            written = 0
            for entry, name in zip(entries, names, strict=True):
                if name is None:
                    continue
                destination = target.joinpath(*name.parts)
                if entry.is_dir():
                    destination.mkdir(parents=True, exist_ok=True)
                    continue
                destination.parent.mkdir(parents=True, exist_ok=True)
                written += _copy_capped(
                    zf, entry, destination, archive, max_file, max_total - written
                )
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        shutil.rmtree(target, ignore_errors=True)
        raise ContentError(
            Problem(archive, None, _("not a readable zip file ({error})").format(error=exc))
        ) from exc
    except OSError as exc:  # a name clash (file and folder alike), a name the disk refuses
        shutil.rmtree(target, ignore_errors=True)
        if exc.errno in (errno.EEXIST, errno.ENOTDIR, errno.EISDIR):
            message = _("'{name}' is both a file and a folder in the zip; it is refused")
        else:
            message = _("'{name}' cannot be unpacked ({error}); the zip is refused")
        name = Path(exc.filename).name if exc.filename else "?"
        raise ContentError(
            Problem(archive, None, message.format(name=name, error=exc.strerror or exc))
        ) from exc
    except ContentError:
        shutil.rmtree(target, ignore_errors=True)
        raise
    return _package_root(target)


def _safe_name(archive: Path, entry: zipfile.ZipInfo) -> PurePosixPath | None:
    raw = entry.filename
    name = PurePosixPath(raw.replace("\\", "/"))
    mode = entry.external_attr >> 16
    if stat.S_ISLNK(mode):
        raise ContentError(
            Problem(
                archive,
                None,
                _("'{name}' is a symbolic link; links are not allowed").format(name=raw),
            )
        )
    if stat.S_IFMT(mode) and not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        raise ContentError(
            Problem(archive, None, _("'{name}' is not a plain file").format(name=raw))
        )
    if (
        name.is_absolute()
        or ".." in name.parts
        or (name.parts and ":" in name.parts[0])
        or raw.startswith(("/", "\\"))
    ):
        raise ContentError(
            Problem(
                archive,
                None,
                _("'{name}' points outside the package; the zip is refused").format(name=raw),
            )
        )
    if entry.flag_bits & 0x1:
        raise ContentError(
            Problem(
                archive,
                None,
                _(
                    "'{name}' is encrypted (password-protected); use a zip without a password"
                ).format(name=raw),
            )
        )
    if entry.compress_type not in SUPPORTED_COMPRESSION:
        raise ContentError(
            Problem(
                archive,
                None,
                _("'{name}' uses a compression this kiosk cannot read; use a normal zip").format(
                    name=raw
                ),
            )
        )
    if any(len(part.encode("utf-8", "surrogateescape")) > MAX_NAME_BYTES for part in name.parts):
        raise ContentError(
            Problem(
                archive,
                None,
                _("a name in the zip is longer than {limit} bytes; use shorter names").format(
                    limit=MAX_NAME_BYTES
                ),
            )
        )
    if len(name.parts) > MAX_DEPTH + 1:
        raise ContentError(
            Problem(archive, None, _("the zip has folders nested too deep; it is refused"))
        )
    if (name.parts and name.parts[0] == "__MACOSX") or name.name in (".DS_Store", "Thumbs.db"):
        return None  # clutter added by file managers
    return name if name.parts else None


def _copy_capped(
    zf: zipfile.ZipFile,
    entry: zipfile.ZipInfo,
    destination: Path,
    archive: Path,
    max_file: int,
    budget: int,
) -> int:
    size = 0
    with zf.open(entry) as source, destination.open("wb") as out:
        while chunk := source.read(CHUNK):
            size += len(chunk)
            if size > max_file:
                raise ContentError(
                    Problem(
                        archive,
                        None,
                        _("'{name}' is larger than {mb} MB").format(
                            name=entry.filename, mb=max_file // (1024 * 1024)
                        ),
                    )
                )
            if size > budget:
                raise ContentError(
                    Problem(archive, None, _("the zip unpacks to too many bytes; it is refused"))
                )
            out.write(chunk)
    return size


def _package_root(target: Path) -> Path:
    if (target / "package.toml").exists():
        return target
    children = [p for p in target.iterdir() if not p.name.startswith(".")]
    if len(children) == 1 and children[0].is_dir():
        return children[0]
    return target
