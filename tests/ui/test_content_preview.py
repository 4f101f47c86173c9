"""Preview renders the real page screen; an imported package shows up in the kiosk window."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from kiosk.content.importer import import_package
from kiosk.content.model import Category
from kiosk.content.scaffold import create_package
from kiosk.content.store import Store
from kiosk.ui.preview import render_pages
from kiosk.viewmodels.screens import ViewModels

TODAY = date(2026, 11, 25)


def _distinct_colours(image: QImage, step: int = 16) -> int:
    return len(
        {
            image.pixel(x, y)
            for x in range(0, image.width(), step)
            for y in range(0, image.height(), step)
        }
    )


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 800)])
def test_preview_writes_one_non_blank_png_per_page(qapp, tmp_path: Path, size) -> None:
    create_package(tmp_path / "fall-class", today=TODAY)
    written = render_pages(tmp_path / "fall-class", tmp_path / "out", size=size, text_size=3)
    assert sorted(p.name for p in written) == ["exercise-class.en.png", "exercise-class.ja.png"]
    for path in written:
        image = QImage(str(path))
        assert (image.width(), image.height()) == size
        assert _distinct_colours(image) > 2  # text, header and buttons, not a blank fill


def test_preview_shows_the_page_text_in_its_language(qapp, tmp_path: Path) -> None:
    from kiosk.content.packages import read_package
    from kiosk.ui.preview import preview_window, show_page

    create_package(tmp_path / "fall-class", today=TODAY)
    content = read_package(tmp_path / "fall-class")
    window = preview_window(content, (1280, 800))
    english = next(i for i in content.items if i.lang == "en")
    show_page(window, english)
    assert window.page.title.text() == "Fall-prevention exercise class"
    assert "Anyone can join." in window.page.text()
    window.close()


def test_imported_package_is_visible_in_the_kiosk(qtbot, tmp_path: Path) -> None:
    from kiosk.ui.window import KioskWindow

    store = Store(tmp_path / "store.sqlite3")
    window = KioskWindow(ViewModels(store))
    qtbot.addWidget(window)
    window.open_category(Category.HEALTH)
    assert window.category.visible_rows() == []
    create_package(tmp_path / "fall-class", today=TODAY)
    import_package(tmp_path / "fall-class", tmp_path / "data", store, TODAY)
    window.refresh()
    rows = window.category.visible_rows()
    assert len(rows) == 1
    window.open_page(rows[0].property("key"))
    assert window.page.title.text() == "転ばないための体操教室"
