"""Every command opens the kiosk the same way (kiosk/app/session.py): what one command put in,
the next one sees — in particular a package imported by a volunteer survives `kiosk run`."""

from __future__ import annotations

import argparse
import json
import subprocess
from pathlib import Path

import pytest

from kiosk.app.run import load_for_run
from kiosk.config import load_config
from kiosk.content.store import Store
from kiosk.ops.defaults import save_default
from tests.conftest import run_kiosk_in

TITLE = "転ばないための体操教室"


def _kiosk(*args: str, data: Path) -> subprocess.CompletedProcess[str]:
    return run_kiosk_in(data, *args)


def _titles_in_store(path: Path) -> set[str]:
    """What the store holds, read directly (no command re-reads the packages first)."""
    store = Store(path)
    try:
        with store._db:  # noqa: SLF001 - a test looks at the rows as they are
            rows = store._db.execute("SELECT title FROM items").fetchall()  # noqa: SLF001
        return {row["title"] for row in rows}
    finally:
        store.close()


@pytest.mark.slow
def test_an_imported_package_is_still_shown_after_run(tmp_path: Path) -> None:
    data = tmp_path / "data"
    package = tmp_path / "fall-class"
    assert _kiosk("content", "new", str(package), data=data).returncode == 0
    imported = _kiosk("content", "import", str(package), "--lang", "en", data=data)
    assert imported.returncode == 0, imported.stderr
    # Without a config file the kiosk runs its demo config: find the store the import used.
    (store,) = [p for p in data.glob("*.sqlite3") if TITLE in _titles_in_store(p)]

    run = _kiosk("run", "--windowed", "--exit-after", "0.5", data=data)
    assert run.returncode == 0, run.stderr
    assert "kiosk ready" in run.stderr
    assert TITLE in _titles_in_store(store)  # `run` did not prune the imported source

    pages = json.loads(_kiosk("pages", "--json", data=data).stdout)
    titles = [item["title"] for c in pages["categories"] for item in c["items"]]
    assert TITLE in titles


def test_run_and_other_commands_take_staff_defaults_then_the_command_line(
    tmp_path: Path,
) -> None:
    from kiosk.cli.common import open_from_args

    save_default("theme", "dark")
    save_default("text_size", 3)
    save_default("lang", "en")
    args = argparse.Namespace(config=None, demo=True, lang="ko", theme=None, text_size=2)
    session = open_from_args(args, read_packages=False)
    assert (session.config.get("theme"), session.config.get("text_size")) == ("dark", 2)
    assert session.config.lang == "ko"
    session.store.close()

    run_args = argparse.Namespace(config=None, demo=True, lang=None)
    config, store, _note = load_for_run(run_args)
    assert (config.get("theme"), config.get("text_size"), config.lang) == ("dark", 3, "en")
    assert {s.id for s in config.sources} == {s.id for s in load_config(demo=True).sources}
    store.close()
