"""A small on-disk cache of parsed .po catalogs.

Parsing a .po file with babel (and importing babel to do it) was the largest single cost of
the kiosk's cold start after content import (bench/coldstart.py), and it grows with every
translated string. The parsed messages are kept as JSON in the user cache dir, keyed by the
catalog's path, size and modification time, so an edited catalog is always parsed afresh.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from kiosk.fingerprint import fingerprint

FORMAT = 1  # bump when the cached shape changes


def cache_dir() -> Path:
    override = os.environ.get("HIROBA_CACHE_DIR")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_cache_dir("hiroba", appauthor=False))


def load(path: Path, parse: Callable[[Path], dict[str, str]]) -> dict[str, str]:
    """``parse(path)`` unless a cached result for this exact file version exists."""
    resolved = path.resolve()
    info = resolved.stat()
    stamp = [FORMAT, str(resolved), info.st_size, info.st_mtime_ns]
    digest = fingerprint()
    digest.update(str(resolved).encode())
    name = digest.hexdigest()[:24] + ".json"
    cached = cache_dir() / "catalogs" / name
    try:
        data = json.loads(cached.read_text(encoding="utf-8"))
        if data["stamp"] == stamp and isinstance(data["messages"], dict):
            return data["messages"]
    except (OSError, ValueError, KeyError, TypeError):
        pass  # no cache yet, or an unreadable one: parse
    messages = parse(resolved)
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cached.parent, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump({"stamp": stamp, "messages": messages}, handle, ensure_ascii=False)
        os.replace(tmp, cached)
    except OSError:
        pass  # a read-only cache dir only costs speed
    return messages
