from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.content.store import Store
from kiosk.ui.references import synced_demo_store


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo synced once per run (with its furigana, computed at sync time as in the
    kiosk); each test gets its own copy of the file."""
    path = tmp_path_factory.mktemp("demo-template") / "demo.sqlite3"
    store = synced_demo_store(path)  # raises, naming any package that did not sync
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
    yield win
    # Before the store closes: a window a locked kiosk kept open (its close refused) must not
    # keep reading the closed store from its timers while later tests run Qt's event loop.
    from PySide6.QtCore import QTimer

    for timer in win.findChildren(QTimer):
        timer.stop()
