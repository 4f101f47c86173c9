"""Where operational files live: the PIN next to the config, logs and state in the state dir."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from kiosk.config import APP_NAME, default_config_path


def config_dir() -> Path:
    """The directory of the config file (the admin PIN and staff defaults live beside it)."""
    return default_config_path().parent


def state_dir() -> Path:
    """Logs and small state files. ``HIROBA_DATA_DIR`` (tests, portable installs) wins so one
    variable keeps everything of a kiosk together; otherwise the XDG state dir."""
    override = os.environ.get("HIROBA_STATE_DIR")
    if override:
        return Path(override)
    data = os.environ.get("HIROBA_DATA_DIR")
    if data:
        return Path(data) / "state"
    return Path(platformdirs.user_state_dir(APP_NAME, appauthor=False))


def log_path() -> Path:
    return state_dir() / "kiosk.log"
