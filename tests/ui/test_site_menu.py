"""The per-site service menu (issue 18), driven with qtbot on the real window built from a
real config: tiles declared in [[service]] (count, order, geometry, accessible names, where a
tap goes, which sources feed them) and the site services in [menu]."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt

from kiosk.config import REPO_ROOT, load_config
from kiosk.content.model import Category
from kiosk.content.store import Store
from kiosk.content.sync import sync_all
from kiosk.ui.screens.home import best_columns
from kiosk.ui.widgets.buttons import CardButton
from kiosk.viewmodels.screens import collapse_duplicates

SOUMU = REPO_ROOT / "tests" / "data" / "feeds" / "jp_soumu_news_rss10_shiftjis_20210719.rdf"
DEMO = REPO_ROOT / "content" / "demo"

SOURCES = f"""
[[source]]
id = "soumu"
kind = "feed"
path = "{SOUMU}"
category = "notices"

[[source]]
id = "town"
kind = "package"
path = "{DEMO / "02-notices"}"
category = "notices"

[[source]]
id = "bousai"
kind = "package"
path = "{DEMO / "01-disaster"}"
category = "disaster"
"""

THREE_TILES = """
[[service]]
id = "national"
category = "notices"
title = { ja = "国からのお知らせ", en = "From the government" }
description = { ja = "総務省の新着情報", en = "News from the ministry" }
sources = ["soumu"]

[[service]]
category = "notices"

[[service]]
kind = "practice"
"""

TWO_TILES = """
[[service]]
category = "disaster"

[[service]]
category = "notices"
"""


@pytest.fixture
def make_window(qtbot, tmp_path: Path) -> Iterator:
    stores: list[Store] = []
    windows: list = []

    def make(menu: str, size: tuple[int, int] = (1920, 1080), text_size: int = 1):  # noqa: ANN202
        from kiosk.ui.app import application, build_window

        path = tmp_path / f"kiosk{len(stores)}.toml"
        path.write_text(f"[kiosk]\ntext_size = {text_size}\n" + SOURCES + menu, "utf-8")
        config = load_config(path)
        store = Store(tmp_path / f"store{len(stores)}.sqlite3")
        stores.append(store)
        results = sync_all(store, config.sources)
        assert all(r.status == "ok" for r in results), [r.line() for r in results]
        application()
        window = build_window(config, store)
        qtbot.addWidget(window)
        windows.append(window)
        window.resize(*size)
        window.show()
        qtbot.waitExposed(window)
        return window

    yield make
    # build_window installs application-wide filters (the tremor touch guard, idle); they
    # must not outlive this test and swallow the next test's quick clicks.
    from PySide6.QtWidgets import QApplication

    from kiosk.ui.a11y.touch import TouchGuard

    app = QApplication.instance()
    for window in windows:
        for guard in window.findChildren(TouchGuard):
            app.removeEventFilter(guard)
        window.close()
        window.deleteLater()
    qtbot.wait(10)
    for store in stores:
        store.close()


def tap(qtbot, widget) -> None:  # noqa: ANN001
    """A resident's tap: the touch guard takes one activation per 400 ms (tremor)."""
    qtbot.wait(450)
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def _rect(widget, host) -> QRect:  # noqa: ANN001
    return QRect(widget.mapTo(host, widget.rect().topLeft()), widget.size())


def test_three_declared_tiles_in_order_filling_one_row(qtbot, make_window) -> None:
    window = make_window(THREE_TILES)
    home = window.home
    assert list(home.tiles) == ["national", "notices", "practice"]
    tiles = list(home.tiles.values())
    assert all(t.isVisible() for t in tiles)
    host = home._grid_host
    rects = [_rect(t, host) for t in tiles]
    # One row, left to right, equal sizes, spanning the width the banner spans.
    assert len({r.top() for r in rects}) == 1
    assert rects[0].left() < rects[1].left() < rects[2].left()
    assert max(r.width() for r in rects) - min(r.width() for r in rects) <= 2
    banner = _rect(home.banner, host)
    assert abs(rects[0].left() - banner.left()) <= 2 and abs(rects[2].right() - banner.right()) <= 2
    # ... and down to the footer: the area is filled, no empty rows below.
    footer = _rect(home._footer_host, host)
    gap = home._grid.verticalSpacing()
    assert footer.top() - rects[0].bottom() <= gap + 4
    assert rects[0].height() > 2 * home.tiles["practice"].sizeHint().height()


def test_tiles_say_what_they_are_and_open_their_sources(qtbot, make_window) -> None:
    window = make_window(THREE_TILES)
    store = window.vms.store
    national = window.home.tiles["national"]
    soumu = [i for i in store.items(Category.NOTICES, "ja") if i.source_id == "soumu"]
    assert len(soumu) == 20
    assert national.accessibleName().startswith("国からのお知らせ")
    assert "20" in national.accessibleName()
    assert "総務省の新着情報" in [label.text() for label in national._labels]
    assert window.home.tiles["practice"].accessibleName() == "れんしゅう"

    shown: list[tuple[str, str]] = []
    window.navigated.connect(lambda screen, detail: shown.append((screen, detail)))
    tap(qtbot, national)
    assert window.stack.currentWidget() is window.category
    assert window.category.title.text() == "国からのお知らせ"
    titles = [row.texts()[0] for row in window.category.visible_rows()]
    assert titles == [i.title for i in collapse_duplicates(soumu)]
    assert shown[-1] == ("category", "notices")  # usage still counts the category

    tap(qtbot, window.home_button)
    tap(qtbot, window.home.tiles["notices"])
    everything = collapse_duplicates(store.items(Category.NOTICES, "ja"))
    assert {i.source_id for i in everything} == {"soumu", "town"}
    assert len(window.category.page_rows()) == len(everything) > len(soumu)
    assert window.category.title.text() == "お知らせ"

    tap(qtbot, window.home_button)
    tap(qtbot, window.home.tiles["practice"])
    assert window.stack.currentWidget() is window.visitor.practice
    assert window.current.screen == "practice"


@pytest.mark.parametrize("text_size", [1, 3])
def test_a_site_with_alerts_and_notices_shows_two_large_tiles(
    qtbot, make_window, text_size: int
) -> None:
    window = make_window(TWO_TILES, text_size=text_size)
    home = window.home
    assert list(home.tiles) == ["disaster", "notices"]
    host = home._grid_host
    left, right = (_rect(t, host) for t in home.tiles.values())
    assert left.top() == right.top() and left.size() == right.size()  # side by side
    banner = _rect(home.banner, host)
    assert abs(left.left() - banner.left()) <= 2 and abs(right.right() - banner.right()) <= 2
    assert left.width() > banner.width() * 0.45
    footer = _rect(home._footer_host, host)
    assert footer.top() - left.bottom() <= home._grid.verticalSpacing() + 4
    # No holes: the default six would have four more tiles; none is left on the screen.
    shown = [t for t in host.findChildren(CardButton) if t.property("role") == "tile"]
    assert [t for t in shown if t.isVisible()] == list(home.tiles.values())
    assert (
        home.tiles["disaster"].property("few") is True
    )  # larger text (theme.py extra_style_sheet)
    tap(qtbot, home.tiles["disaster"])
    assert window.current.argument is Category.DISASTER  # a plain tile: exactly as before
    first = window.category.visible_rows()[0].texts()[0]
    assert first.startswith("【訓練】") or "訓練" in first  # the demo drill first, as always


def test_default_menu_is_the_six_categories(qtbot, window) -> None:
    assert list(window.home.tiles) == [c.value for c in Category]
    assert window.home.tiles[Category.HEALTH] is window.home.tiles["health"]
    assert window.home._columns == 3


@pytest.mark.parametrize(
    ("count", "fits", "columns"),
    [
        (1, 3, 1),
        (2, 3, 2),
        (3, 3, 3),
        (4, 3, 2),
        (5, 3, 3),
        (6, 3, 3),
        (7, 3, 3),
        (6, 2, 2),
        (4, 1, 1),
        (2, 1, 1),
    ],
)
def test_columns_leave_the_fewest_holes(count: int, fits: int, columns: int) -> None:
    assert best_columns(count, fits) == columns


def test_menu_switches_hide_what_the_site_does_not_offer(qtbot, make_window) -> None:
    menu = (
        '[menu]\nlanguages = ["ja", "en", "pt-BR"]\nread_aloud = false\nqr = false\nprint = false\n'
    )
    window = make_window(menu + "howto = false\n" + TWO_TILES)
    settings = window.visitor.settings
    offered = [code for code, b in settings.groups["lang"].items() if not b.isHidden()]
    assert offered == ["ja", "en", "pt-BR"]
    window.visitor.open_settings("lang")
    qtbot.wait(50)
    ja, en, pt = (settings.groups["lang"][code].geometry() for code in offered)
    assert abs(ja.center().y() - en.center().y()) <= 4 < pt.top() - ja.bottom() + 8
    assert pt.left() == ja.left()  # re-laid: the third offered language starts a row
    window.visitor.settings.set_columns_for_width(True)  # the 200 % layout keeps the holes closed
    qtbot.wait(50)
    assert settings.groups["lang"]["en"].geometry().top() > ja.top()
    window.visitor.settings.set_columns_for_width(False)
    window.go_home()
    assert window.visitor.home_language_button.isVisibleTo(window)
    assert not window.visitor.home_howto_button.isVisibleTo(window)
    tap(qtbot, window.home.tiles["notices"])
    tap(qtbot, window.category.page_rows()[0])
    assert window.current.screen == "page"
    assert not window.read_aloud.bar.isVisibleTo(window)
    assert not window.takehome.qr.isVisibleTo(window)
    assert not window.takehome.print_button.isVisibleTo(window)


def test_one_language_means_no_language_choice(qtbot, make_window) -> None:
    window = make_window('[menu]\nlanguages = ["ja"]\n' + TWO_TILES)
    assert not window.visitor.home_language_button.isVisibleTo(window)
    assert not window.visitor.settings.headings["lang"].isVisibleTo(window)
    assert window.visitor.home_howto_button.isVisibleTo(window)  # howto defaults to on
