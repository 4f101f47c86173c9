from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.config import demo_sources
from kiosk.content.store import Store
from kiosk.content.sync import sync_all


@pytest.fixture
def demo_store(tmp_path: Path) -> Iterator[Store]:
    store = Store(tmp_path / "demo.sqlite3")
    results = sync_all(store, demo_sources())
    assert all(r.status == "ok" for r in results), [r.line() for r in results]
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
