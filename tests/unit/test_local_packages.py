from __future__ import annotations

import os
import shutil
from pathlib import Path

from kiosk.config import DEMO_CONTENT
from kiosk.content.local import package_fingerprint, sync_local_packages
from kiosk.content.model import Category, Source
from kiosk.content.store import Store


def _health_package(tmp_path: Path) -> Source:
    folder = tmp_path / "health"
    shutil.copytree(DEMO_CONTENT / "03-health", folder)
    return Source(
        id="package:demo-health", kind="package", location=str(folder), category=Category.HEALTH
    )


def test_unchanged_packages_are_not_read_again(tmp_path: Path) -> None:
    source = _health_package(tmp_path)
    store = Store(tmp_path / "store.sqlite3")
    assert sync_local_packages(store, [source]) == [source.id]
    titles = [i.title for i in store.items(Category.HEALTH, "ja")]
    assert titles
    assert sync_local_packages(store, [source]) == []  # nothing changed: skipped
    assert [i.title for i in store.items(Category.HEALTH, "ja")] == titles


def test_an_edited_page_is_read_again(tmp_path: Path) -> None:
    source = _health_package(tmp_path)
    store = Store(tmp_path / "store.sqlite3")
    sync_local_packages(store, [source])
    page = Path(source.location) / "flu-shot.ja.md"
    text = page.read_text(encoding="utf-8")
    old_title = "# 65歳以上の人のインフルエンザ予防接種"
    assert old_title in text
    page.write_text(text.replace(old_title, "# インフルエンザ予防接種（改訂）"), encoding="utf-8")
    os.utime(page, ns=(page.stat().st_atime_ns, page.stat().st_mtime_ns + 10**9))
    assert sync_local_packages(store, [source]) == [source.id]
    titles = [i.title for i in store.items(Category.HEALTH, "ja")]
    assert "インフルエンザ予防接種（改訂）" in titles, titles


def test_fingerprint_follows_files_and_settings(tmp_path: Path) -> None:
    source = _health_package(tmp_path)
    before = package_fingerprint(source)
    assert package_fingerprint(source) == before
    moved = Source(source.id, source.kind, source.location, Category.EVENTS)
    assert package_fingerprint(moved) != before
    (Path(source.location) / "new-page.ja.md").write_text("# 新しいページ\n\n本文。\n", "utf-8")
    assert package_fingerprint(source) != before


def test_sources_no_longer_configured_are_forgotten(tmp_path: Path) -> None:
    source = _health_package(tmp_path)
    store = Store(tmp_path / "store.sqlite3")
    sync_local_packages(store, [source])
    sync_local_packages(store, [])
    assert store.items(Category.HEALTH, "ja") == []
