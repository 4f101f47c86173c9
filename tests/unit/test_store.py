from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from kiosk.content.model import (
    Alert,
    Block,
    BlockKind,
    Category,
    Item,
    Page,
    Severity,
    Source,
    SourceContent,
)
from kiosk.content.store import SCHEMA_VERSION, Store, StoreError

NOW = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)
SOURCE = Source("package:test", "package", "/nowhere", Category.HEALTH)


def _content(titles: list[str], source: Source = SOURCE) -> SourceContent:
    items, pages = [], []
    for n, title in enumerate(titles):
        item = Item(
            source.id,
            f"page-{n}",
            title,
            source.category,
            published=NOW - timedelta(days=n),
            summary=f"summary {n}",
        )
        items.append(item)
        pages.append(
            Page(
                item.key,
                (
                    Block(BlockKind.HEADING, text="見出し", level=2),
                    Block(BlockKind.PARAGRAPH, text=f"{title}の本文です。"),
                    Block(BlockKind.LIST, items=("一つ目", "二つ目"), ordered=True),
                    Block(BlockKind.TABLE, rows=(("曜日", "ごみ"), ("月", "燃える")), header=True),
                ),
            )
        )
    return SourceContent(source, tuple(items), tuple(pages))


def test_round_trip_keeps_items_pages_and_order(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    with Store(path) as store:
        store.replace_source(_content(["古い", "新しい"][::-1]), now=NOW)
    with Store(path) as store:  # reopened from disk
        items = store.items(Category.HEALTH, "ja", now=NOW)
        assert [i.title for i in items] == ["新しい", "古い"]  # newest first
        page = store.page(items[0].key)
        assert page is not None
        assert page.blocks[1].text == "新しいの本文です。"
        assert page.blocks[2].items == ("一つ目", "二つ目") and page.blocks[2].ordered
        assert page.blocks[3].rows[1] == ("月", "燃える") and page.blocks[3].header
        assert items[0].published == NOW
        assert store.schema_version == SCHEMA_VERSION
        assert store._db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_replace_is_per_source_and_failure_keeps_last_good(tmp_path: Path) -> None:
    other = Source("package:other", "package", "/x", Category.NOTICES)
    with Store(tmp_path / "s.db") as store:
        store.replace_source(_content(["A", "B"]), now=NOW)
        store.replace_source(_content(["X"], other), now=NOW)
        store.record_failure(SOURCE, "HTTP 500\nserver error", now=NOW + timedelta(hours=1))
        assert [i.title for i in store.items(Category.HEALTH, "ja", now=NOW)] == ["A", "B"]
        status = {s.id: s for s in store.source_statuses()}
        assert status[SOURCE.id].last_error == "HTTP 500 server error"  # one line
        assert status[SOURCE.id].last_success == NOW
        assert status[other.id].last_error is None
        store.replace_source(_content(["C"]), now=NOW)
        assert [i.title for i in store.items(Category.HEALTH, "ja", now=NOW)] == ["C"]
        assert [i.title for i in store.items(Category.NOTICES, "ja", now=NOW)] == ["X"]


def test_language_fallback_and_expiry(tmp_path: Path) -> None:
    ja = Item(SOURCE.id, "flu", "予防接種", Category.HEALTH, lang="ja", published=NOW)
    en = Item(SOURCE.id, "flu", "Flu shots", Category.HEALTH, lang="en", published=NOW)
    only_ja = Item(SOURCE.id, "bath", "お風呂", Category.HEALTH, lang="ja", published=NOW)
    gone = Item(SOURCE.id, "old", "終わった", Category.HEALTH, published=NOW, expires=NOW)
    with Store(tmp_path / "s.db") as store:
        store.replace_source(SourceContent(SOURCE, (ja, en, only_ja, gone)), now=NOW)
        english = {i.title for i in store.items(Category.HEALTH, "en", now=NOW)}
        assert english == {"Flu shots", "お風呂"}
        japanese = {i.title for i in store.items(Category.HEALTH, "ja", now=NOW)}
        assert japanese == {"予防接種", "お風呂"}
        assert store.category_counts("en", now=NOW)[Category.HEALTH] == 2


def test_alerts_round_trip_and_activity(tmp_path: Path) -> None:
    alert = Alert(
        id="a1",
        source_id=SOURCE.id,
        severity=Severity.SEVERE,
        event={"ja": "大雨警報"},
        headline={"ja": "大雨警報が出ました", "en": "Heavy rain warning"},
        onset=NOW - timedelta(hours=1),
        expires=NOW + timedelta(hours=1),
        drill=True,
    )
    with Store(tmp_path / "s.db") as store:
        store.replace_source(SourceContent(SOURCE, alerts=(alert,)), now=NOW)
        (back,) = store.alerts()
        assert back == alert
        assert store.active_alerts(NOW) == [alert]
        assert store.active_alerts(NOW + timedelta(hours=2)) == []
        assert back.text("headline", "en") == "Heavy rain warning"
        assert back.text("headline", "vi") == "大雨警報が出ました"  # falls back to Japanese


def test_newer_schema_is_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    Store(path).close()
    import sqlite3

    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    db.close()
    with pytest.raises(StoreError, match="newer than this kiosk"):
        Store(path)


def test_garbage_file_is_a_store_error(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match=str(path)):
        Store(path)


def test_analysed_pages_reads_many_pages_at_once_and_only_current_readings(tmp_path: Path) -> None:
    # More keys than one IN (...) query takes: the store splits them, the answer is whole.
    content = _content([f"お知らせ{n}" for n in range(1200)])
    ruby = (("見出し", ""),)
    pages = tuple(
        Page(p.item_key, p.blocks, title_ruby=ruby, analysis=2 if n % 3 else 1)
        for n, p in enumerate(content.pages)
    )
    with Store(tmp_path / "store.sqlite3") as store:
        store.replace_source(SourceContent(SOURCE, content.items, pages), now=NOW)
        keys = [p.item_key for p in pages] + ["package:test|missing|ja"]
        found = store.analysed_pages(keys, 2)
        assert set(found) == {p.item_key for p in pages if p.analysis == 2}
        assert len(found) == 800
        assert all(found[k] == store.page(k) for k in list(found)[::97])
        assert store.analysed_pages([], 2) == {}


def test_validators_are_saved_with_the_content(tmp_path: Path) -> None:
    source = Source("town", "feed", "http://127.0.0.1/news.xml", Category.NOTICES)
    with Store(tmp_path / "store.sqlite3") as store:
        store.replace_source(_content(["A"], source), now=NOW, validators=('"v1"', None))
        assert store.http_validators("town", source.location) == ('"v1"', None)
        store.replace_source(_content(["B"], source), now=NOW)  # no download: kept as they were
        assert store.http_validators("town", source.location) == ('"v1"', None)


def test_save_readings_checks_every_page_against_its_stored_text(tmp_path: Path) -> None:
    # More pages than one IN (...) query takes; every third changed since it was analysed.
    content = _content([f"お知らせ{n}" for n in range(1100)])
    with Store(tmp_path / "store.sqlite3") as store:
        store.replace_source(content, now=NOW)
        items = {i.key: i for i in content.items}
        analysed = []
        for n, page in enumerate(content.pages):
            title = items[page.item_key].title if n % 3 else "前の題名"  # title changed meanwhile
            ruby = tuple((((b.text or "x", "よみ"),),) for b in page.blocks)
            analysed.append(
                Page(
                    page.item_key,
                    tuple(replace(b, ruby=r) for b, r in zip(page.blocks, ruby, strict=True)),
                    title_ruby=((title, ""),),
                    analysis=2,
                )
            )
        gone = Page("package:test|gone|ja", (), title_ruby=(("x", ""),), analysis=2)
        assert store.save_readings([*analysed, gone]) == len([n for n in range(1100) if n % 3])
        assert store.page(analysed[1].item_key) == analysed[1]
        assert store.page(analysed[0].item_key).analysis == 0  # kept the newer text, no readings
        assert store.pages_to_analyse(2)[0][1].analysis == 0


def test_pages_to_analyse_come_a_batch_at_a_time_newest_first(tmp_path: Path) -> None:
    content = _content([f"お知らせ{n}" for n in range(1203)])  # n days old
    with Store(tmp_path / "store.sqlite3") as store:
        store.replace_source(content, now=NOW)
        whole = store.pages_to_analyse(2)
        keys = store.keys_to_analyse(2)
        assert keys == [page.item_key for _item, page in whole]
        assert keys[0] == content.items[0].key and keys[-1] == content.items[-1].key
        batches = [store.pages_to_analyse(2, keys[s : s + 600]) for s in range(0, 1203, 600)]
        assert [len(b) for b in batches] == [600, 600, 3]
        assert [pair for batch in batches for pair in batch] == whole
        assert store.pages_to_analyse(2, ["package:test|gone|ja", keys[5]]) == [whole[5]]
        assert store.keys_to_analyse(0) == []  # every page is at analysis 0
