from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from kiosk.i18n import LOCALE_DIR, _parse_po, catalog_cache

JA_PO = LOCALE_DIR / "ja" / "LC_MESSAGES" / "kiosk.po"


@pytest.fixture
def po(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("HIROBA_CACHE_DIR", str(tmp_path / "cache"))
    copy = tmp_path / "kiosk.po"
    shutil.copy(JA_PO, copy)
    return copy


def test_cached_catalog_equals_parsed_and_skips_parsing(po: Path) -> None:
    calls: list[Path] = []

    def parse(path: Path) -> dict[str, str]:
        calls.append(path)
        return _parse_po(path, "ja")

    first = catalog_cache.load(po, parse)
    assert first == _parse_po(po, "ja")
    assert first["Back"] == "もどる"
    assert catalog_cache.load(po, parse) == first
    assert len(calls) == 1


def test_edited_catalog_is_parsed_again(po: Path) -> None:
    catalog_cache.load(po, lambda p: _parse_po(p, "ja"))
    text = po.read_text(encoding="utf-8").replace('msgstr "もどる"', 'msgstr "戻る"')
    po.write_text(text, encoding="utf-8")
    os.utime(po, ns=(po.stat().st_atime_ns, po.stat().st_mtime_ns + 10**9))
    assert catalog_cache.load(po, lambda p: _parse_po(p, "ja"))["Back"] == "戻る"


def test_unreadable_cache_falls_back_to_parsing(po: Path, tmp_path: Path) -> None:
    catalog_cache.load(po, lambda p: _parse_po(p, "ja"))
    for cached in (tmp_path / "cache" / "catalogs").glob("*.json"):
        cached.write_text("{not json", encoding="utf-8")
    assert catalog_cache.load(po, lambda p: _parse_po(p, "ja"))["Back"] == "もどる"
