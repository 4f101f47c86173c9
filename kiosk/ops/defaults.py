"""Staff defaults chosen on the admin screen (text size, theme, language, opening hours).

Kept in a small JSON file beside the config so the hand-written kiosk.toml is never rewritten
by the program; they apply over the config at start (and at once on the screen).
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from kiosk.atomic_file import write_atomically
from kiosk.config import Config, ConfigError
from kiosk.ops.paths import config_dir
from kiosk.ops.schedule import OpeningHours, ScheduleError

log = logging.getLogger("kiosk.admin")
DEFAULTS_FILE = "staff-defaults.json"
STAFF_SETTINGS = ("lang", "theme", "text_size", "opening_hours")


def defaults_path() -> Path:
    return config_dir() / DEFAULTS_FILE


def load_defaults(path: Path | None = None) -> dict[str, Any]:
    path = path or defaults_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {k: v for k, v in data.items() if k in STAFF_SETTINGS} if isinstance(data, dict) else {}


def save_default(name: str, value: Any, path: Path | None = None) -> None:
    if name not in STAFF_SETTINGS:
        raise ValueError(f"not a staff setting: {name}")
    path = path or defaults_path()
    data = load_defaults(path)
    data[name] = value
    # whole or not at all: a kiosk switched off mid-write keeps the previous defaults
    write_atomically(path, json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"))


def apply_defaults(config: Config, path: Path | None = None) -> Config:
    """The config with staff defaults on top; a broken value is logged and skipped."""
    values = load_defaults(path)
    for name, value in values.items():
        try:
            if name == "opening_hours":
                OpeningHours.parse(str(value))
            config = config.with_overrides(**{name: value})
        except (ConfigError, ScheduleError, KeyError) as exc:
            log.warning("staff default %s ignored: %s", name, exc)
    return config
