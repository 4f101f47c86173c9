"""BackgroundSync (plain thread) and the staleness note on category screens."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from kiosk.content.background import BackgroundSync, due_sources
from kiosk.content.fetch import FetchLimits
from kiosk.content.model import Category, Item, Source, SourceContent
from kiosk.content.store import Store, utc_now
from kiosk.content.sync import SyncResult
from kiosk.viewmodels.screens import ViewModels, collapse_duplicates
from tests.conftest import DATA, SHARED_FEEDS
from tests.e2e.municipal_server import MunicipalServer

FEED = "jp_soumu_news_rss10_shiftjis_20210719.rdf"  # in ../shared/feeds/feeds

SOUMU = (DATA / "feeds" / "jp_soumu_news_rss10_shiftjis_20210719.rdf").read_bytes()
LIMITS = FetchLimits(connect_timeout=0.5, read_timeout=0.5, retries=0)


@pytest.fixture
def server() -> Iterator[MunicipalServer]:
    server = MunicipalServer()
    yield server
    server.stop()


def test_background_sync_runs_off_the_calling_thread(
    server: MunicipalServer, tmp_path: Path
) -> None:
    server.route("/news", SOUMU)
    source = Source("news", "feed", server.url("/news"), Category.NOTICES, refresh_minutes=30)
    done = threading.Event()
    seen: list[tuple[str, list[SyncResult]]] = []

    def on_done(results: list[SyncResult]) -> None:
        seen.append((threading.current_thread().name, results))
        done.set()

    background = BackgroundSync(tmp_path / "s.sqlite3", [source], on_done, LIMITS, poll_seconds=60)
    background.start()
    try:
        assert done.wait(20)
    finally:
        background.stop()
    thread_name, results = seen[0]
    assert thread_name == "background-sync" != threading.current_thread().name
    assert [r.line() for r in results] == ["news: ok (20 items)"]
    with Store(tmp_path / "s.sqlite3") as store:
        assert len(store.items(Category.NOTICES, "ja")) == 20
        # Just synced: nothing is due until the refresh interval has passed.
        assert due_sources(store, [source]) == []
        assert due_sources(store, [source], utc_now() + timedelta(minutes=31)) == [source]


def test_stale_note_when_a_source_failed(tmp_path: Path) -> None:
    source = Source("news", "feed", "http://127.0.0.1:9/news", Category.NOTICES, refresh_minutes=30)
    with Store(tmp_path / "s.sqlite3") as store:
        vms = ViewModels(store, sources=[source])
        item = Item("news", "1", "お知らせ", Category.NOTICES)
        store.replace_source(SourceContent(source, items=(item,)))
        assert vms.category(Category.NOTICES, "ja").stale_text == ""
        store.record_failure(source, "cannot connect: connection refused")
        vm = vms.category(Category.NOTICES, "ja")
        assert vm.stale_text == "更新できないため、古い情報のことがあります。"
        assert [r.title for r in vm.rows] == ["お知らせ"]  # last good content still listed
        assert vms.category(Category.HEALTH, "ja").stale_text == ""
        assert "out of date" in vms.category(Category.NOTICES, "en").stale_text


def test_stale_note_when_older_than_twice_the_refresh(tmp_path: Path) -> None:
    source = Source("news", "feed", "http://127.0.0.1:9/news", Category.NOTICES, refresh_minutes=30)
    with Store(tmp_path / "s.sqlite3") as store:
        vms = ViewModels(store, sources=[source])
        store.replace_source(SourceContent(source), now=utc_now() - timedelta(minutes=59))
        assert vms.category(Category.NOTICES, "ja").stale_text == ""
        store.replace_source(SourceContent(source), now=utc_now() - timedelta(minutes=61))
        assert vms.category(Category.NOTICES, "ja").stale_text != ""


def test_duplicates_across_sources_collapse() -> None:
    now = utc_now()
    a = Item(
        "town", "1", "ごみ収集日の変更", Category.NOTICES, published=now, link="https://x.jp/a"
    )
    b = Item("school", "9", "ごみ収集日の 変更", Category.NOTICES, published=now)
    c = Item("other", "2", "別のお知らせ", Category.NOTICES, published=now, link="https://x.jp/a/")
    d = Item("town", "3", "ごみ収集日の変更", Category.NOTICES, published=now - timedelta(days=7))
    assert collapse_duplicates([a, b, c, d]) == [a, d]


def test_one_sources_list_never_collapses_into_itself() -> None:
    # Ichikawa's 191 AEDs share one link (the dataset page) and have no dates: each is its own
    # place. The review found them shown as 3 rows under a tile that said 191.
    from kiosk.content.readers import read_bytes

    csv = DATA / "opendata_csv" / "ichikawa_122033_aed_cp932.csv"
    city = read_bytes(csv.read_bytes(), Source("city", "csv", str(csv), Category.DISASTER), "csv")
    assert len(city.items) == 191
    assert len({item.link for item in city.items if item.link}) == 1
    assert collapse_duplicates(list(city.items)) == list(city.items)
    # the same list from a second source (a regional mirror) is shown once
    mirror = [replace(item, source_id="mirror") for item in city.items]
    assert collapse_duplicates([*city.items, *mirror]) == list(city.items)


def test_a_pass_runs_without_full_collections_and_gives_them_back() -> None:
    import gc
    import time

    from kiosk.content.background import full_collections_paused

    before = gc.get_threshold()
    with full_collections_paused():
        assert gc.get_threshold()[:2] == before[:2] and gc.get_threshold()[2] > 10**6
        assert gc.isenabled()  # young collections go on
    assert gc.get_threshold() == before
    with pytest.raises(RuntimeError), full_collections_paused():
        raise RuntimeError("a pass that failed")
    assert gc.get_threshold() == before
    with full_collections_paused(limit=0.05):  # a pass stuck on a slow server
        deadline = time.monotonic() + 5
        while gc.get_threshold() != before and time.monotonic() < deadline:
            time.sleep(0.01)
        assert gc.get_threshold() == before
    assert gc.get_threshold() == before


def test_no_full_collection_while_the_pass_writes(
    server: MunicipalServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    import kiosk.content.sync as sync

    seen: list[bool] = []
    real = sync._write
    monkeypatch.setattr(sync, "_write", lambda *a: seen.append(gc.get_threshold()[2]) or real(*a))
    server.route("/news.rdf", (SHARED_FEEDS / "feeds" / FEED).read_bytes())
    source = Source("soumu", "feed", server.url("/news.rdf"), Category.NOTICES)
    background = BackgroundSync(tmp_path / "store.sqlite3", [source])
    with Store(tmp_path / "store.sqlite3") as store:
        assert [r.status for r in background.run_pass(store)] == ["ok"]
    background.close()
    assert seen[0] > 10**6 and len(seen) == 1 and gc.get_threshold()[2] < 10**6
