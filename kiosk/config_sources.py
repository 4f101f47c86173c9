"""The ``[[source]]`` tables of a config: each checked key by key, with file:line errors.

A source names where content comes from (``url`` or ``path``), what kind it is and the
category it fills; see kiosk.example.toml for every key.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kiosk.config_errors import MAX_STRING, ConfigError, short_value
from kiosk.sources import DATASET_IDS, Category, Source

SOURCE_KINDS = ("package", "feed", "html", "csv", "cap", "jmx", "bundle")
ALERT_KINDS = ("cap", "jmx")
MAX_SOURCE_ID = 100


def nth_source_line(text: str, index: int) -> int | None:
    lines = [n for n, line in enumerate(text.splitlines(), 1) if line.strip() == "[[source]]"]
    return lines[index - 1] if index <= len(lines) else None


SOURCE_KEYS = {
    "public_key": str,
    "public_keys": list,
    "id": str,
    "kind": str,
    "category": str,
    "url": str,
    "path": str,
    "region": str,
    "refresh_minutes": int,
    "enabled": bool,
    "lang": str,
    "follow_links": bool,
    "expire_days": int,
    "alert_hours": int,
    "dataset": str,
    "title": str,
}
# Inclusive ranges of the int keys: minutes up to a week, days up to ten years.
SOURCE_RANGES: dict[str, tuple[int, int]] = {
    "refresh_minutes": (1, 7 * 24 * 60),
    "expire_days": (0, 3650),
    "alert_hours": (0, 24 * 366),
}
FETCHED_KINDS = ("feed", "html", "csv", "cap", "jmx", "bundle")


def key_line(text: str, start: int | None, key: str) -> int | None:
    """Line of ``key = ...`` inside the [[source]] table starting at line ``start``."""
    if start is None:
        return None
    pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
    lines = text.splitlines()
    for number in range(start + 1, len(lines) + 1):
        line = lines[number - 1]
        if line.strip().startswith("["):
            break
        if pattern.match(line):
            return number
    return start


def parse_source(raw: dict[str, Any], path: Path, text: str, index: int) -> Source:
    line = nth_source_line(text, index)

    def fail(key: str | None, message: str) -> ConfigError:
        at = key_line(text, line, key) if key else line
        return ConfigError(f"{path}:{at}: [[source]] #{index}: {message}")

    for key, value in raw.items():
        expected = SOURCE_KEYS.get(key)
        if expected is None:
            known = ", ".join(SOURCE_KEYS)
            raise fail(key, f"unknown key '{key}' (known: {known})")
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            raise fail(key, f"{key} must be a {expected.__name__}, not {short_value(value)}")
        if isinstance(value, str) and len(value) > MAX_STRING:
            raise fail(key, f"{key} is too long ({len(value)} characters)")
        low, high = SOURCE_RANGES.get(key, (None, None))
        if low == 0 and isinstance(value, int) and value < 0:
            raise fail(key, f"{key} cannot be negative")
        if low is not None and high is not None and not low <= value <= high:
            raise fail(key, f"{key} = {short_value(value)} must be at least {low}, at most {high}")
    if "category" not in raw and raw.get("kind") in ALERT_KINDS:
        raw = {**raw, "category": Category.DISASTER.value}  # alerts are always 防災・気象
    for key in ("id", "kind", "category"):
        if key not in raw:
            raise fail(None, f"'{key}' is missing")
    source_id = raw["id"]
    if not source_id.strip() or source_id != source_id.strip():
        raise fail("id", f"id {source_id!r} must be a name: not empty, no spaces around it")
    if len(source_id) > MAX_SOURCE_ID or not source_id.isprintable():
        raise fail("id", f"id must be at most {MAX_SOURCE_ID} printable characters")
    if raw["kind"] not in SOURCE_KINDS:
        raise fail("kind", f"kind = {raw['kind']!r} is not one of: {', '.join(SOURCE_KINDS)}")
    try:
        category = Category(raw["category"])
    except ValueError:
        allowed = ", ".join(c.value for c in Category)
        raise fail("category", f"category {raw['category']!r} is not one of: {allowed}") from None
    if "url" in raw and "path" in raw:
        raise fail("path", "give either 'url' or 'path', not both")
    location = raw.get("url") or raw.get("path")
    if not location:
        raise fail(None, "give 'url' or 'path'")
    if "url" in raw:
        if not str(raw["url"]).startswith(("http://", "https://")):
            raise fail("url", f"url must start with http:// or https://, not {raw['url']!r}")
        if raw["kind"] not in FETCHED_KINDS:
            raise fail("url", f"a {raw['kind']} source is read from a 'path', not a 'url'")
    if raw.get("path"):
        location = str((path.parent / str(location)).expanduser())
    refresh = raw.get("refresh_minutes", 30)
    if refresh < 1:
        raise fail("refresh_minutes", f"refresh_minutes must be at least 1, not {refresh}")
    if raw.get("expire_days", 0) < 0:
        raise fail("expire_days", "expire_days cannot be negative")
    if raw.get("alert_hours", 0) < 0:
        raise fail("alert_hours", "alert_hours cannot be negative")
    if "alert_hours" in raw and raw["kind"] not in ("cap", "jmx"):
        raise fail("alert_hours", 'alert_hours only applies to kind = "cap" or "jmx"')
    if raw.get("follow_links") and raw["kind"] != "feed":
        raise fail("follow_links", 'follow_links only applies to kind = "feed"')
    _check_dataset(raw, fail)
    lang = raw.get("lang", "ja")
    if lang not in ("ja", "en"):
        raise fail("lang", f"lang = {lang!r} is not one of: ja, en")
    return Source(
        id=raw["id"],
        kind=raw["kind"],
        location=str(location),
        category=category,
        region=raw.get("region", ""),
        refresh_minutes=refresh,
        enabled=raw.get("enabled", True),
        lang=lang,
        follow_links=raw.get("follow_links", False),
        expire_days=raw.get("expire_days", 0),
        alert_hours=raw.get("alert_hours", 0),
        dataset=raw.get("dataset", ""),
        title=raw.get("title", ""),
        public_keys=_public_keys(raw, f"{path}:{line}: [[source]] #{index}"),
    )


def _check_dataset(raw: dict[str, Any], fail: Callable[[str | None, str], ConfigError]) -> None:
    """``dataset = "aed"`` names the open-data list a csv source is (it wins over detection)."""
    if "dataset" not in raw:
        return
    if raw["kind"] != "csv":
        raise fail("dataset", 'dataset only applies to kind = "csv"')
    if raw["dataset"] not in DATASET_IDS:
        known = ", ".join(DATASET_IDS)
        raise fail("dataset", f"dataset = {raw['dataset']!r} is not one of: {known}")


def _public_keys(raw: dict[str, Any], where: str) -> tuple[str, ...]:
    """`public_key = "…"` or `public_keys = ["…", "…"]`: base64 Ed25519 keys (bundle sources)."""
    keys = raw.get("public_keys", raw.get("public_key", []))
    if isinstance(keys, str):
        keys = [keys]
    if not isinstance(keys, list) or not all(isinstance(k, str) for k in keys):
        raise ConfigError(f"{where}: public_key must be a string (or public_keys a list of them)")
    return tuple(k.strip() for k in keys)


def check_unique_ids(sources: tuple[Source, ...], text: str, path: Path) -> None:
    """Two [[source]] tables with one id: the second is named, with its line."""
    seen: set[str] = set()
    for index, source in enumerate(sources, 1):
        if source.id in seen:
            line = key_line(text, nth_source_line(text, index), "id")
            raise ConfigError(f"{path}:{line}: [[source]] #{index}: id {source.id!r} is used twice")
        seen.add(source.id)
