"""Issue 17: a server that sends no validators (or ignores them) answers 200 with the same bytes
on every poll; the running kiosk then neither reads nor rewrites that source again.

Real files from ../shared/feeds over a real loopback server that sends no ETag and no
Last-Modified (many municipal CMSs), so no conditional GET can help.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

import kiosk.content.sync as sync
from kiosk.content.background import BackgroundSync
from kiosk.content.model import Category, Source
from kiosk.content.store import Store, utc_now
from kiosk.content.sync import sync_all
from tests.conftest import SHARED_FEEDS
from tests.e2e.municipal_server import MunicipalServer

FILES = {
    "soumu": ("feed", "feeds/jp_soumu_news_rss10_shiftjis_20210719.rdf", Category.NOTICES),
    "blog": ("feed", "jsonfeed/jsonfeed_org_blog_v1_real.json", Category.NOTICES),
    "cio": ("html", "html/jp_gov_cio_portal_article_dp2021_05.html", Category.NOTICES),
    "aed": ("csv", "opendata_csv/ichikawa_122033_aed_cp932.csv", Category.FACILITIES),
}


@pytest.fixture
def town():
    server = MunicipalServer()
    server.serve_files({name: SHARED_FEEDS / path for name, (_k, path, _c) in FILES.items()})
    yield server
    server.stop()


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every source a reader was run for (in the sync threads: parse_processes=False)."""
    seen: list[str] = []
    for kind, reader in list(sync.BYTE_READERS.items()):

        def counting(data, source, fetch=None, _reader=reader):  # noqa: ANN001
            seen.append(source.id)
            return _reader(data, source, fetch)

        monkeypatch.setitem(sync.BYTE_READERS, kind, counting)
    return seen


@pytest.fixture
def writes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []
    real = Store.replace_source

    def counting(self: Store, content, *args, **kwargs) -> None:  # noqa: ANN001
        seen.append(content.source.id)
        real(self, content, *args, **kwargs)

    monkeypatch.setattr(Store, "replace_source", counting)
    return seen


def _sources(town: MunicipalServer) -> list[Source]:
    return [
        Source(name, kind, town.url(f"/{name}"), category, lang="ja")
        for name, (kind, _path, category) in FILES.items()
    ]


def _everything(store: Store) -> dict[str, object]:
    found: dict[str, object] = {}
    for category in Category:
        for item in store.items(category, "ja"):
            found[item.key] = (item, store.page(item.key))
    return found


def _sync(store: Store, sources: list[Source], bodies: dict[str, str]) -> list[str]:
    return [r.status for r in sync_all(store, sources, parse_processes=False, bodies=bodies)]


def test_the_same_bytes_again_are_neither_read_nor_written(
    town, reads: list[str], writes: list[str], tmp_path: Path
) -> None:
    store = Store(tmp_path / "store.sqlite3")
    sources = _sources(town)
    bodies: dict[str, str] = {}
    assert _sync(store, sources, bodies) == ["ok"] * 4
    assert sorted(reads) == sorted(FILES) and sorted(writes) == sorted(FILES)
    assert set(bodies) == set(FILES)
    assert all(store.http_validators(s.id, s.location) == (None, None) for s in sources)
    first = _everything(store)
    assert len(first) > 100
    before = {s.id: s.last_success for s in store.source_statuses()}
    reads.clear(), writes.clear()

    assert _sync(store, sources, bodies) == ["unchanged"] * 4
    assert reads == [] and writes == []  # all four servers sent 200 and the very same bytes
    assert _everything(store) == first
    statuses = store.source_statuses()
    assert all(s.last_success > before[s.id] and s.last_error is None for s in statuses)

    # One byte more (a CMS that rewrote the file): read and written again, the rest not.
    town.routes["/soumu"].body += b"\n"
    assert _sync(store, sources, bodies) == ["ok", "unchanged", "unchanged", "unchanged"]
    assert reads == ["soumu"] and writes == ["soumu"]
    assert _everything(store) == first


def test_bad_bytes_keep_the_last_good_content_and_the_good_bytes_need_no_reading(
    town, reads: list[str], tmp_path: Path
) -> None:
    store = Store(tmp_path / "store.sqlite3")
    [soumu] = [s for s in _sources(town) if s.id == "soumu"]
    good = town.routes["/soumu"].body
    bodies: dict[str, str] = {}
    assert _sync(store, [soumu], bodies) == ["ok"]
    first = _everything(store)

    town.routes["/soumu"].body = good[: len(good) // 2]  # cut off in transfer
    assert _sync(store, [soumu], bodies) == ["failed"]
    assert "cut off" in store.source_statuses()[0].last_error
    assert _everything(store) == first

    town.routes["/soumu"].body = good  # the store still holds what these bytes say
    reads.clear()
    assert _sync(store, [soumu], bodies) == ["unchanged"]
    assert reads == [] and _everything(store) == first
    assert store.source_statuses()[0].last_error is None


def test_changed_settings_or_followed_links_are_always_read(
    town, reads: list[str], tmp_path: Path
) -> None:
    store = Store(tmp_path / "store.sqlite3")
    [soumu] = [s for s in _sources(town) if s.id == "soumu"]
    bodies: dict[str, str] = {}
    assert _sync(store, [soumu], bodies) == ["ok"]
    moved = replace(soumu, category=Category.HEALTH)  # the same bytes, another category
    assert _sync(store, [moved], bodies) == ["ok"]
    assert reads == ["soumu", "soumu"]
    assert {i.category for i in store.items(Category.HEALTH, "ja")} == {Category.HEALTH}

    # An item's linked article may change while the feed stays the same.
    following = replace(moved, follow_links=True)
    assert _sync(store, [following], bodies) == ["ok"]
    assert _sync(store, [following], bodies) == ["ok"]
    assert reads == ["soumu"] * 4


def test_a_source_no_longer_in_the_store_is_read_again(
    town, reads: list[str], tmp_path: Path
) -> None:
    store = Store(tmp_path / "store.sqlite3")
    [soumu] = [s for s in _sources(town) if s.id == "soumu"]
    bodies: dict[str, str] = {}
    assert _sync(store, [soumu], bodies) == ["ok"]
    store.remove_sources_except(set())  # e.g. a `kiosk sync` with another config meanwhile
    assert _sync(store, [soumu], bodies) == ["ok"]
    assert reads == ["soumu", "soumu"] and _everything(store)


def test_the_running_kiosk_remembers_the_bytes_from_pass_to_pass(
    town, reads: list[str], writes: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sync, "POOL_MIN_SOURCES", 99)  # read in this process, where we count
    sources = _sources(town)
    background = BackgroundSync(tmp_path / "store.sqlite3", sources, poll_seconds=3600)
    with Store(tmp_path / "store.sqlite3") as store:
        now = utc_now()
        assert [r.status for r in background.run_pass(store, now)] == ["ok"] * 4
        later = now + timedelta(minutes=max(s.refresh_minutes for s in sources) + 1)
        assert [r.status for r in background.run_pass(store, later)] == ["unchanged"] * 4
        background.close()
    assert sorted(reads) == sorted(FILES) and sorted(writes) == sorted(FILES)
    assert all(hits.hits == 2 for hits in town.routes.values())  # both passes asked the server
