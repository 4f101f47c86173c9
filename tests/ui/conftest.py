from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.config import demo_sources
from kiosk.content.store import Store
from kiosk.content.sync import sync_all


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo synced once per run (with its furigana, computed at sync time as in the
    kiosk); each test gets its own copy of the file."""
    path = tmp_path_factory.mktemp("demo-template") / "demo.sqlite3"
    store = Store(path)
    results = sync_all(store, demo_sources())
    assert all(r.status == "ok" for r in results), [r.line() for r in results]
    store.close()
    return path


@pytest.fixture
def demo_store(tmp_path: Path, demo_template: Path) -> Iterator[Store]:
    shutil.copyfile(demo_template, tmp_path / "demo.sqlite3")
    store = Store(tmp_path / "demo.sqlite3")
    yield store
    store.close()


@pytest.fixture
def window(qtbot, demo_store: Store):
    from kiosk.ui.app import application
    from kiosk.ui.window import KioskWindow
    from kiosk.viewmodels.screens import ViewModels

    application()  # loads the bundled fonts
    win = KioskWindow(ViewModels(demo_store))
    qtbot.addWidget(win)
    win.resize(1920, 1080)
    win.show()
    qtbot.waitExposed(win)
    return win
