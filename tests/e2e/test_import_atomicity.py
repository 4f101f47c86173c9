"""`kiosk content import` killed with SIGKILL at the worst moments (issue 16, "the rest").

A real child process imports a package and is killed — after the store commit but before
state.json switches, before the commit, and while staging. The next start settles what it
left: store and state agree, a rollback goes back exactly one version, no staging folder
stays behind. Package ids from the command line never reach outside the data dir.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from kiosk.config import Config
from kiosk.content.importer import import_package, rollback, with_imported
from kiosk.content.model import Category
from kiosk.content.problems import ContentError
from kiosk.content.scaffold import create_package
from kiosk.content.store import Store
from kiosk.i18n import set_language

TODAY = date(2026, 11, 25)
CHILD = """
import os, signal, sys
from datetime import date
from pathlib import Path
import kiosk.content.importer as importer
from kiosk.content.store import Store

package, data, when = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
die = lambda *a, **k: os.kill(os.getpid(), signal.SIGKILL)
if when == "after-commit":  # the store has committed; the state switch is next
    real = importer._write_state
    def switch(folder, current, previous, pending=None):
        if pending is None:
            die()
        real(folder, current, previous, pending)
    importer._write_state = switch
elif when == "before-commit":
    Store.replace_source = die
elif when == "staging":
    importer._version_name = die
with Store(data / "store.sqlite3") as store:
    importer.import_package(package, data, store, date(2026, 11, 25))
"""


@pytest.fixture(autouse=True)
def _english() -> None:
    set_language("en")


def _version(tmp_path: Path, n: int) -> Path:
    folder = tmp_path / f"v{n}" / "exercise"
    create_package(folder, today=TODAY)
    for page in folder.glob("*.ja.md"):
        page.write_text(page.read_text(encoding="utf-8").replace("# ", f"# 版{n} ", 1))
    return folder


def _titles(data: Path) -> set[str]:
    with Store(data / "store.sqlite3") as store:
        return {i.title.split()[0] for i in store.items(Category.HEALTH, "ja")}


def _state(data: Path) -> dict:
    return json.loads((data / "packages" / "exercise" / "state.json").read_text())


def _kill_import(package: Path, data: Path, when: str) -> None:
    child = subprocess.run(
        [sys.executable, "-c", CHILD, str(package), str(data), when],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert child.returncode == -signal.SIGKILL, child.stderr


def _restart(data: Path) -> None:
    with_imported(Config(values={"data_dir": str(data)}))  # what every start does first


def _two_versions_live(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    with Store(data / "store.sqlite3") as store:
        import_package(_version(tmp_path, 1), data, store, TODAY)
        import_package(_version(tmp_path, 2), data, store, TODAY)
    assert _titles(data) == {"版2"}
    return data


def test_killed_after_the_store_commit_the_new_version_is_settled_at_start(
    tmp_path: Path,
) -> None:
    data = _two_versions_live(tmp_path)
    v2 = _state(data)["current"]
    _kill_import(_version(tmp_path, 3), data, "after-commit")
    assert _titles(data) == {"版3"}  # the store committed version 3 …
    _restart(data)
    state = _state(data)  # … and at start the state agrees with it
    assert state["previous"] == v2 and "pending" not in state
    assert _titles(data) == {"版3"}
    with Store(data / "store.sqlite3") as store:
        assert rollback("exercise", data, store) == v2  # one step back: 3 → 2, never 3 → 1
    assert _titles(data) == {"版2"}
    versions = {p.name for p in (data / "packages" / "exercise" / "versions").iterdir()}
    assert versions == {v2}


def test_killed_before_the_store_commit_the_import_is_undone_at_start(tmp_path: Path) -> None:
    data = _two_versions_live(tmp_path)
    before = _state(data)
    _kill_import(_version(tmp_path, 3), data, "before-commit")
    _restart(data)
    assert _state(data) == before
    assert _titles(data) == {"版2"}
    versions = {p.name for p in (data / "packages" / "exercise" / "versions").iterdir()}
    assert versions == {before["current"], before["previous"]}  # version 3's folder is gone
    with Store(data / "store.sqlite3") as store:
        assert rollback("exercise", data, store) == before["previous"]
    assert _titles(data) == {"版1"}


def test_staging_folders_of_a_killed_import_are_removed(tmp_path: Path) -> None:
    data = _two_versions_live(tmp_path)
    _kill_import(_version(tmp_path, 3), data, "staging")
    assert list((data / "packages").glob(".staging-*"))  # what the kill left behind
    _restart(data)
    assert not list((data / "packages").glob(".staging-*"))
    assert _titles(data) == {"版2"}


@pytest.mark.parametrize("name", ["../../victim", "../packages/../../victim", "/tmp", "."])
def test_rollback_never_touches_anything_outside_the_data_dir(tmp_path: Path, name: str) -> None:
    data = _two_versions_live(tmp_path)
    victim = tmp_path / "victim"  # data/packages/../../victim
    victim.mkdir()
    (victim / "state.json").write_text(json.dumps({"current": "x", "previous": None}))
    (victim / "precious.txt").write_text("keep me")
    with Store(data / "store.sqlite3") as store, pytest.raises(ContentError, match="package id"):
        rollback(name, data, store)
    assert (victim / "precious.txt").read_text() == "keep me"
    assert _titles(data) == {"版2"}


def test_a_tampered_state_file_cannot_name_a_folder_outside(tmp_path: Path) -> None:
    data = _two_versions_live(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    state_file = data / "packages" / "exercise" / "state.json"
    state = json.loads(state_file.read_text())
    state_file.write_text(json.dumps({"current": "../../../../outside", "previous": None}))
    with Store(data / "store.sqlite3") as store, pytest.raises(ContentError):
        rollback("exercise", data, store)
    assert outside.is_dir()
    state_file.write_text(json.dumps(state))
