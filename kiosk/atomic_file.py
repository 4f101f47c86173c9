"""Write a small file so that it is always whole: the old one or the new one, never half.

The kiosk is switched off at the wall and killed by watchdogs; a file written in place can be
found empty or cut at the next start (a staff default, the PIN, a package or mirror state).
"""

from __future__ import annotations

import os
from pathlib import Path


def write_atomically(path: Path, data: bytes, private: bool = False) -> None:
    """Write ``data`` to a fresh temporary beside ``path``, flush it to disk, rename it over.

    The temporary is created anew (O_EXCL, O_NOFOLLOW: a left-over or planted ``.tmp`` — a
    0666 file, a symlink — is never reused) and is never left behind, whatever fails.
    ``private``: owner-only (0600) from the first byte.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.unlink(missing_ok=True)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(temporary, flags, 0o600 if private else 0o666)
    try:
        with os.fdopen(fd, "wb") as handle:
            if private and hasattr(os, "fchmod"):  # not on Windows, where it means little
                os.fchmod(handle.fileno(), 0o600)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
