"""Shared fixtures. Qt always runs offscreen in tests; every test gets its own data dir."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


REPO = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SHARED_FEEDS = REPO.parent / "shared" / "feeds"


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never read or write the real user config/data while testing."""
    monkeypatch.setenv("HIROBA_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("HIROBA_CONFIG", str(tmp_path / "no-config.toml"))


@pytest.fixture(scope="session")
def qapp():
    """The kiosk's own QApplication (bundled fonts registered, kiosk font set), not a bare one
    from pytest-qt: UI tests then render as the kiosk does, whatever fonts the machine has."""
    from kiosk.ui.app import application

    return application()


@pytest.fixture(autouse=True)
def _reset_language() -> None:
    from kiosk.i18n import set_language

    set_language("ja")


def kiosk_command(*args: str) -> list[str]:
    """argv to run the kiosk CLI in a subprocess with this interpreter."""
    return [sys.executable, "-m", "kiosk", *args]


def run_kiosk_in(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The kiosk CLI in a subprocess whose data dir is ``data`` (no config file: the demo)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("HIROBA_")}
    env |= {
        "PYTHONPATH": str(REPO),
        "HIROBA_DATA_DIR": str(data),
        "HIROBA_CONFIG": str(data / "none.toml"),
        "QT_QPA_PLATFORM": "offscreen",
    }
    return subprocess.run(
        kiosk_command(*args), capture_output=True, text=True, env=env, timeout=120
    )
