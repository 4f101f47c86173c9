"""Config errors, the line finding that lets every message name the file and line, and the
file's overall shape ([kiosk] one table, [[source]] a list of tables, no runaway nesting).

Below kiosk.config and kiosk.config_sources (and the mirror's config), so each can raise and
place its errors without importing the others.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

MAX_STRING = 2000  # longest string value accepted anywhere in a config


class ConfigError(Exception):
    """A configuration problem; the message names the file, the line and the key."""


def short_value(value: Any) -> str:
    """A value for an error message: never a screenful (or a deep recursion) of it."""
    if isinstance(value, (list, dict)):
        return f"a {'list' if isinstance(value, list) else 'table'}"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def line_of(text: str, key: str) -> int | None:
    pattern = re.compile(rf"^\s*\[*\s*{re.escape(key)}\b")
    return next((n for n, line in enumerate(text.splitlines(), 1) if pattern.match(line)), None)


MAX_CONFIG_CHARS = 1_000_000
MAX_NESTING = 20  # the config needs 2 levels ([[source]] → public_keys); tomllib recurses


def deepest_line(text: str) -> int:
    """The line where brackets or braces first open deeper than MAX_NESTING (best effort)."""
    depth = 0
    for number, line in enumerate(text.splitlines(), 1):
        for char in line:
            depth += char in "[{"
            depth -= char in "]}"
            if depth > MAX_NESTING:
                return number
    return 1


def check_shape(data: dict[str, Any], text: str, path: Path) -> None:
    """The two sections must be what the file format says: [kiosk] one table, [[source]] a
    list of tables. A typo here would otherwise surface as a Python error far away."""
    kiosk = data.get("kiosk", {})
    line = line_of(text, "kiosk")
    if isinstance(kiosk, list):
        raise ConfigError(f"{path}:{line}: write [kiosk] (one table), not [[kiosk]]")
    if not isinstance(kiosk, dict):
        raise ConfigError(
            f"{path}:{line}: kiosk must be the table [kiosk], not {short_value(kiosk)}"
        )
    sources = data.get("source", [])
    line = line_of(text, "source")
    if isinstance(sources, dict):
        raise ConfigError(
            f"{path}:{line}: write [[source]] (two brackets: one per source), not [source]"
        )
    if not isinstance(sources, list) or not all(isinstance(s, dict) for s in sources):
        raise ConfigError(
            f"{path}:{line}: source must be [[source]] tables, not {short_value(sources)}"
        )
