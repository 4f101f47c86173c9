"""Issue 17: a sync stores new content first and computes its furigana afterwards.

The analysis (~4 ms a page, ~1 s to load the dictionary) used to run inside the pass: 50
feeds × 100 items took 22 s before anyone saw the first new notice. Now the pass stores the
pages without computed readings, the running kiosk shows them, and the readings follow (a
second delivery to the UI). Real feeds from ../shared/feeds over a real loopback server.
"""

from __future__ import annotations

import json
import threading
from dataclasses import replace
from pathlib import Path

import pytest

from kiosk.content import analysis
from kiosk.content.background import BackgroundSync
from kiosk.content.model import Block, BlockKind, Category, Source
from kiosk.content.store import Store
from kiosk.content.sync import refresh_store_readings, sync_all
from tests.conftest import SHARED_FEEDS
from tests.e2e.municipal_server import MunicipalServer

pytestmark = [
    pytest.mark.skipif(not analysis.available(), reason="pyopenjtalk-plus missing"),
    pytest.mark.usefixtures("readings"),
]

SOUMU = SHARED_FEEDS / "feeds" / "jp_soumu_news_rss10_shiftjis_20210719.rdf"


@pytest.fixture
def town():
    server = MunicipalServer()
    server.route("/news.rdf", SOUMU.read_bytes(), headers={"Content-Type": "application/rdf+xml"})
    yield server
    server.stop()


def _source(town: MunicipalServer) -> Source:
    return Source("soumu", "feed", town.url("/news.rdf"), Category.NOTICES, lang="ja")


def _analysed(store: Store) -> list[int]:
    keys = [item.key for item in store.items(Category.NOTICES, "ja")]
    assert keys, "the feed's items were stored"
    return [store.page(key).analysis for key in keys]


def test_the_pass_stores_content_and_the_readings_follow(town, tmp_path: Path) -> None:
    store = Store(tmp_path / "store.sqlite3")
    [result] = sync_all(store, [_source(town)], readings=False)
    assert result.status == "ok" and result.items > 0
    assert set(_analysed(store)) == {0}  # on screen already, no computed furigana yet
    assert store.pages_to_analyse(analysis.ANALYSIS_VERSION)

    assert refresh_store_readings(store) == result.items
    assert set(_analysed(store)) == {analysis.ANALYSIS_VERSION}
    page = store.page(store.items(Category.NOTICES, "ja")[0].key)
    assert any(reading for b in page.blocks for unit in b.ruby for _base, reading in unit)


def test_an_unchanged_feed_keeps_its_readings_without_analysing_again(
    town, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(tmp_path / "store.sqlite3")
    sync_all(store, [_source(town)])  # the CLI way: readings before returning
    before = {i.key: store.page(i.key) for i in store.items(Category.NOTICES, "ja")}
    assert all(p.analysis == analysis.ANALYSIS_VERSION for p in before.values())

    import kiosk.content.furigana as furigana

    calls: list[object] = []
    monkeypatch.setattr(furigana, "annotate_pages", lambda pages, **_: calls.append(pages) or [])
    store._db.execute("UPDATE sources SET etag = NULL, last_modified = NULL")  # read again
    [result] = sync_all(store, [_source(town)])
    assert result.status == "ok"
    assert calls == []  # nothing to analyse: the stored readings were carried over
    assert {i.key: store.page(i.key) for i in store.items(Category.NOTICES, "ja")} == before


def test_readings_are_not_saved_over_a_page_that_changed_meanwhile(town, tmp_path: Path) -> None:
    store = Store(tmp_path / "store.sqlite3")
    sync_all(store, [_source(town)], readings=False)
    [(item, page)] = store.pages_to_analyse(analysis.ANALYSIS_VERSION)[:1]
    from kiosk.content.furigana import annotate_pages

    [annotated] = annotate_pages([(item.title, page)])
    # A sync replaces the page while its readings were being computed.
    newer = replace(page, blocks=(Block(BlockKind.PARAGRAPH, text="内容が変わりました。"),))
    store._db.execute(
        "UPDATE pages SET blocks = ? WHERE item_key = ?",
        (json.dumps([b.to_json() for b in newer.blocks]), page.item_key),
    )
    assert store.save_readings([annotated]) == 0
    kept = store.page(page.item_key)
    assert kept.blocks[0].text == newer.blocks[0].text and kept.analysis == 0


def test_the_running_kiosk_hears_twice_content_then_readings(town, tmp_path: Path) -> None:
    deliveries: list[tuple[list, list[int]]] = []
    done = threading.Event()
    path = tmp_path / "store.sqlite3"

    def on_done(results: list) -> None:
        with Store(path) as store:
            deliveries.append((results, _analysed(store)))
        if len(deliveries) == 2:
            done.set()

    background = BackgroundSync(path, [_source(town)], on_done, poll_seconds=3600).start()
    try:
        assert done.wait(120), deliveries
    finally:
        background.stop()
    (first, analysed_first), (second, analysed_second) = deliveries
    assert [r.status for r in first] == ["ok"] and set(analysed_first) == {0}
    assert second == [] and set(analysed_second) == {analysis.ANALYSIS_VERSION}
