"""The region's alert mirror configuration (``region.toml``), validated with file:line errors.

::

    [mirror]
    base_url = ""            # "" → relative document links; or "https://alerts.example.lg.jp/jma/"
    interval_seconds = 60    # between runs when `kiosk mirror` runs without --once
    keep_minutes = 10        # a document the feeds no longer list is deleted after this long
    max_documents = 40       # per feed: the documents a kiosk follows (same choice as a kiosk)
    fetch_max_mb = 10        # largest body accepted from upstream
    contact = ""             # e-mail or URL put in the User-Agent, so the publisher can reach you

    [[source]]
    id = "eqvol"             # the mirrored feed is served as feeds/<id>.xml
    kind = "jmx"             # jmx (JMA Atom feed) or cap (CAP message or CAP index feed)
    url = "https://www.data.jma.go.jp/developer/xml/feed/eqvol.xml"
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.config_errors import ConfigError, line_of
from kiosk.config_sources import check_unique_ids, key_line, nth_source_line
from kiosk.content.readers.alert_feed import MAX_DOCUMENTS

MIRROR_KINDS = ("jmx", "cap")
SOURCE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
# JMA updates its feeds once a minute and asks users not to poll faster than that.
MIN_INTERVAL_SECONDS = 60


@dataclass(frozen=True, slots=True)
class MirrorSource:
    id: str
    kind: str
    url: str


@dataclass(frozen=True, slots=True)
class MirrorConfig:
    sources: tuple[MirrorSource, ...]
    base_url: str = ""
    interval_seconds: int = 60
    keep_minutes: int = 10
    max_documents: int = MAX_DOCUMENTS
    fetch_max_mb: int = 10
    contact: str = ""
    path: Path | None = None


# name → (type, minimum); strings have no minimum
MIRROR_KEYS: dict[str, tuple[type, int | None]] = {
    "base_url": (str, None),
    "interval_seconds": (int, MIN_INTERVAL_SECONDS),
    "keep_minutes": (int, 1),
    "max_documents": (int, 1),
    "fetch_max_mb": (int, 1),
    "contact": (str, None),
}
SOURCE_KEYS = ("id", "kind", "url")


def load_mirror_config(path: Path) -> MirrorConfig:
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text ({exc.reason})") from None
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: {exc}") from None
    unknown = set(data) - {"mirror", "source"}
    if unknown:
        name = sorted(unknown)[0]
        raise ConfigError(f"{path}:{line_of(text, name)}: unknown section [{name}]")
    values: dict[str, Any] = {}
    for key, value in data.get("mirror", {}).items():
        where = f"{path}:{line_of(text, key)}"
        if key not in MIRROR_KEYS:
            known = ", ".join(MIRROR_KEYS)
            raise ConfigError(f"{where}: unknown setting [mirror] {key} (known: {known})")
        kind, minimum = MIRROR_KEYS[key]
        if not isinstance(value, kind) or isinstance(value, bool):
            raise ConfigError(f"{where}: {key} must be a {kind.__name__}, not {value!r}")
        if minimum is not None and value < minimum:
            raise ConfigError(f"{where}: {key} must be at least {minimum}, not {value}")
        values[key] = value
    base_url = str(values.get("base_url", "")).strip()
    if base_url and not base_url.startswith(("http://", "https://")):
        raise ConfigError(
            f"{path}:{line_of(text, 'base_url')}: base_url must start with http(s)://"
        )
    if base_url and not base_url.endswith("/"):
        base_url += "/"
    values["base_url"] = base_url
    sources = tuple(
        _source(raw, path, text, index) for index, raw in enumerate(data.get("source", []), 1)
    )
    if not sources:
        raise ConfigError(f"{path}: no [[source]] to mirror")
    check_unique_ids(sources, text, path)
    return MirrorConfig(sources=sources, path=path, **values)


def _source(raw: dict[str, Any], path: Path, text: str, index: int) -> MirrorSource:
    start = nth_source_line(text, index)

    def fail(key: str | None, message: str) -> ConfigError:
        line = key_line(text, start, key) if key else start
        return ConfigError(f"{path}:{line}: [[source]] #{index}: {message}")

    for key, value in raw.items():
        if key not in SOURCE_KEYS:
            raise fail(key, f"unknown key '{key}' (known: {', '.join(SOURCE_KEYS)})")
        if not isinstance(value, str):
            raise fail(key, f"{key} must be a string, not {value!r}")
    for key in SOURCE_KEYS:
        if key not in raw:
            raise fail(None, f"'{key}' is missing")
    if not SOURCE_ID.match(raw["id"]):
        raise fail("id", f"id {raw['id']!r}: use letters, digits, '.', '_', '-' (a file name)")
    if raw["kind"] not in MIRROR_KINDS:
        raise fail("kind", f"kind = {raw['kind']!r} is not one of: {', '.join(MIRROR_KINDS)}")
    if not raw["url"].startswith(("http://", "https://")):
        raise fail("url", f"url must start with http:// or https://, not {raw['url']!r}")
    return MirrorSource(id=raw["id"], kind=raw["kind"], url=raw["url"])
