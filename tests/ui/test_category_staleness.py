"""The category screen shows the staleness note under the "last updated" line."""

from __future__ import annotations

from pathlib import Path

from kiosk.content.model import Category, Item, Source, SourceContent
from kiosk.content.store import Store
from kiosk.ui.screens.category import CategoryScreen
from kiosk.viewmodels.screens import ViewModels


def test_stale_note_shown_below_last_updated(qtbot, tmp_path: Path) -> None:
    source = Source("news", "feed", "http://127.0.0.1:9/n", Category.NOTICES)
    with Store(tmp_path / "s.sqlite3") as store:
        store.replace_source(
            SourceContent(source, items=(Item("news", "1", "お知らせ", Category.NOTICES),))
        )
        screen = CategoryScreen()
        qtbot.addWidget(screen)
        screen.resize(1280, 800)
        screen.show()
        vms = ViewModels(store, sources=[source])
        screen.show_vm(vms.category(Category.NOTICES, "ja"))
        assert screen.stale.isHidden()
        store.record_failure(source, "HTTP 500")
        screen.show_vm(vms.category(Category.NOTICES, "ja"))
        assert not screen.stale.isHidden()
        assert "古い情報" in screen.stale.text()
        assert screen.stale.geometry().top() >= screen.updated.geometry().bottom()
        assert len(screen.visible_rows()) == 1
