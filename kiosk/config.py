"""Kiosk configuration: a TOML file (tomllib) → frozen dataclasses, validated with clear errors.

Every setting is declared once in ``SETTINGS`` (name, type, default, help, allowed values);
validation, defaults and `kiosk doctor` output all come from that table.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import platformdirs

from kiosk.menu import MenuSettings, Service, check_services, parse_menu, parse_service
from kiosk.metrics_config import MetricsSettings, parse_metrics
from kiosk.sources import Category, Source

APP_NAME = "hiroba"
REPO_ROOT = Path(__file__).resolve().parent.parent
DEMO_CONTENT = REPO_ROOT / "content" / "demo"
ASSETS = REPO_ROOT / "assets"

# The kiosk's choices, declared here once; the command line, the settings and staff screens and
# the catalogs all take them from here. Each language is named in itself, so a person finds
# theirs without reading the current one.
LANGUAGES: dict[str, str] = {
    "ja": "日本語",
    "en": "English",
    "zh-Hans": "中文（简体）",
    "ko": "한국어",
    "vi": "Tiếng Việt",
    "pt-BR": "Português (Brasil)",
}
CONTENT_LANGUAGES = ("ja", "en")  # content, and the volunteers' tools, are written in these
THEMES = ("light", "dark", "blue")
TEXT_SIZES = (1, 2, 3)


@dataclass(frozen=True, slots=True)
class Setting:
    name: str
    type: type
    default: Any
    help: str
    choices: tuple[Any, ...] = ()


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "lang",
        str,
        "ja",
        "Language of the screen and the content",
        tuple(LANGUAGES),
    ),
    Setting("theme", str, "light", "Colour theme", THEMES),
    Setting(
        "text_size", int, 1, "Text size step: 1 normal, 2 large, 3 largest (200 %)", TEXT_SIZES
    ),
    Setting("wareki", bool, True, "Show Japanese era years (令和) in dates"),
    Setting("town_name", str, "", "Name shown in the header, e.g. さくら川町"),
    Setting("data_dir", str, "", "Where the content store lives (default: the user data dir)"),
    Setting(
        "area_codes",
        list,
        [],
        "Area codes this kiosk serves, as strings: prefecture/municipality code prefixes "
        '("17", "17204"), JMA codes ("1720400"), tsunami/seismic areas ("360", "390"); '
        "empty: all alerts",
    ),
    Setting(
        "min_takeover_severity",
        str,
        "severe",
        "Alerts at or above this severity take over the screen",
        ("minor", "moderate", "severe", "extreme"),
    ),
    Setting("drill_takeover", bool, False, "Let drill/exercise/test alerts take over the screen"),
    # --- librarian operations (kiosk/ops) ---
    Setting("hide_cursor", bool, False, "Hide the mouse pointer (touch screens)"),
    Setting(
        "opening_hours",
        str,
        "",
        "When the kiosk is open, e.g. 'mon-fri 09:00-17:00; sat 09:00-12:00' (empty: always)",
    ),
    Setting(
        "closed_screen",
        str,
        "message",
        "Outside opening hours: a calm message, or blank",
        ("message", "blank"),
    ),
    Setting("maintenance_time", str, "03:00", "Daily sync, store clean-up, new log (empty: off)"),
    Setting("maintenance_restart", bool, False, "Also restart the kiosk after daily maintenance"),
    Setting("usage_counts", bool, True, "Count anonymously, per day, what residents open"),
    Setting("printer", str, "", "Printer for 印刷 / Print (empty: the system default printer)"),
    Setting("admin_idle_seconds", int, 120, "The staff menu closes after this many idle seconds"),
    Setting("fetch_max_mb", int, 10, "Largest download accepted from one source, in MB"),
    Setting(
        "sync_jitter_seconds",
        int,
        60,
        "Spread each source's sync time randomly by up to this many seconds, so a region's "
        "kiosks do not all ask the same server in the same second (0: off)",
    ),
    Setting("furigana", bool, False, "Show readings (furigana) over kanji by default"),
    Setting("idle_minutes", int, 3, "Minutes without a touch before the 'still there?' warning"),
    Setting("idle_warning_seconds", int, 30, "Countdown of the idle warning (at least 20)"),
    Setting("attract_minutes", int, 10, "Minutes without a touch before the attract screen"),
    Setting("scanning", bool, False, "One-switch scanning on by default"),
    Setting("scan_seconds", int, 2, "Seconds between focus steps in scanning mode"),
    Setting("click_sound", bool, False, "A soft click on every press"),
    Setting(
        "speech_engine",
        str,
        "auto",
        "Read-aloud voice: auto (Open JTalk for Japanese, pyttsx3 otherwise), or force one",
        ("auto", "openjtalk", "pyttsx3"),
    ),
    Setting(
        "speech_rate",
        str,
        "normal",
        "Read-aloud speed at start; normal is already a little slower than the voice's own",
        ("slow", "normal", "fast"),
    ),
    Setting("speech_volume", int, 80, "Read-aloud volume, 0-100 %", tuple(range(0, 101, 10))),
)
SETTINGS_BY_NAME = {s.name: s for s in SETTINGS}
SOURCE_KINDS = ("package", "feed", "html", "csv", "cap", "jmx", "bundle")


class ConfigError(Exception):
    """A configuration problem; the message names the file, the line and the key."""


@dataclass(frozen=True, slots=True)
class Config:
    path: Path | None = None
    values: dict[str, Any] = field(default_factory=dict)
    sources: tuple[Source, ...] = ()
    demo: bool = False
    metrics: MetricsSettings = field(default_factory=MetricsSettings)  # [metrics], issue 18
    services: tuple[Service, ...] = ()  # [[service]] home tiles, issue 18 (empty: the six)
    menu: MenuSettings = field(default_factory=MenuSettings)  # [menu], issue 18

    def get(self, name: str) -> Any:
        return self.values.get(name, SETTINGS_BY_NAME[name].default)

    @property
    def lang(self) -> str:
        return str(self.get("lang"))

    @property
    def data_dir(self) -> Path:
        configured = self.get("data_dir") or os.environ.get("HIROBA_DATA_DIR")
        if configured:
            return Path(configured).expanduser()
        return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))

    @property
    def store_path(self) -> Path:
        # The demo keeps its own store so trying the demo never touches real content.
        return self.data_dir / ("demo.sqlite3" if self.demo else "store.sqlite3")

    def with_overrides(self, **values: Any) -> Config:
        merged = dict(self.values)
        for name, value in values.items():
            if value is not None:
                merged[name] = _check_value(SETTINGS_BY_NAME[name], value, self.path, None)
        return replace(self, values=merged)


def default_config_path() -> Path:
    override = os.environ.get("HIROBA_CONFIG")
    if override:
        return Path(override)
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "kiosk.toml"


def demo_sources() -> tuple[Source, ...]:
    """The embedded demo: one package source per folder under content/demo/."""
    folders = sorted(p.parent for p in DEMO_CONTENT.glob("*/package.toml"))
    sources = []
    for folder in folders:
        data = tomllib.loads((folder / "package.toml").read_text(encoding="utf-8"))
        sources.append(
            Source(
                id=f"package:{data['id']}",
                kind="package",
                location=str(folder),
                category=Category(data["category"]),
            )
        )
    return tuple(sources)


def load_config(path: Path | None = None, demo: bool = False) -> Config:
    """Read the config file; with no file (or ``demo``), run on the embedded demo content."""
    explicit = path is not None
    path = path or default_config_path()
    if not path.exists():
        if explicit:
            raise ConfigError(f"{path}: config file not found")
        return Config(None, {}, demo_sources(), demo=True)
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text ({exc.reason})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: {exc}") from exc
    values: dict[str, Any] = {}
    kiosk_table = data.get("kiosk", {})
    for name, value in kiosk_table.items():
        setting = SETTINGS_BY_NAME.get(name)
        line = _line_of(text, name)
        if setting is None:
            known = ", ".join(SETTINGS_BY_NAME)
            raise ConfigError(f"{path}:{line}: unknown setting [kiosk] {name} (known: {known})")
        values[name] = _check_value(setting, value, path, line)
    unknown_tables = set(data) - {"kiosk", "source", *EXTRA_TABLES}
    if unknown_tables:
        name = sorted(unknown_tables)[0]
        raise ConfigError(f"{path}:{_line_of(text, name)}: unknown section [{name}]")
    sources = tuple(
        _source(raw, path, text, index) for index, raw in enumerate(data.get("source", []), 1)
    )
    seen: set[str] = set()
    for index, source in enumerate(sources, 1):
        if source.id in seen:
            line = _key_line(text, _nth_source_line(text, index), "id")
            raise ConfigError(f"{path}:{line}: [[source]] #{index}: id {source.id!r} is used twice")
        seen.add(source.id)
    if demo or not sources:
        sources = demo_sources()
        demo = True
    metrics = _table(data, "metrics", text, path, parse_metrics, MetricsSettings())
    menu = _table(data, "menu", text, path, parse_menu, MenuSettings())
    services = _services(data.get("service", []), text, path, sources)
    if "lang" in values and values["lang"] not in menu.languages:
        line = _key_line(text, _line_of(text, "menu"), "languages")
        raise ConfigError(f"{path}:{line}: [menu] languages must include lang = {values['lang']!r}")
    return Config(path, values, sources, demo, metrics=metrics, services=services, menu=menu)


# Tables besides [kiosk] and [[source]], each parsed by its own module (issue 18).
EXTRA_TABLES = ("metrics", "menu", "service")


def _services(raw: Any, text: str, path: Path, sources: tuple[Source, ...]) -> tuple[Service, ...]:
    """[[service]] tables → home tiles, every error at the file and line of its key."""

    def fail_at(index: int, key: str | None, message: str) -> ConfigError:
        start = _nth_table_line(text, "[[service]]", index) or _line_of(text, "service")
        at = _key_line(text, start, key) if key else start
        return ConfigError(f"{path}:{at}: [[service]] #{index}: {message}")

    if not isinstance(raw, list):
        raise fail_at(1, None, "write [[service]] (one table per tile), not [service]")
    services = tuple(
        parse_service(table, lambda key, message, i=i: fail_at(i, key, message))
        for i, table in enumerate(raw, 1)
    )
    check_services(services, sources, fail_at)
    return services


def _nth_table_line(text: str, header: str, index: int) -> int | None:
    lines = [n for n, line in enumerate(text.splitlines(), 1) if line.strip() == header]
    return lines[index - 1] if index <= len(lines) else None


def _table(data: dict[str, Any], name: str, text: str, path: Path, parse, default):  # noqa: ANN001
    """Parse table ``name`` with ``parse(raw, fail)``; errors name the file and line."""
    if name not in data:
        return default
    start = _line_of(text, name)

    def fail(key: str | None, message: str) -> ConfigError:
        at = _key_line(text, start, key) if key else start
        return ConfigError(f"{path}:{at}: [{name}] {message}")

    return parse(data[name], fail)


def _check_value(setting: Setting, value: Any, path: Path | None, line: int | None) -> Any:
    where = f"{path}:{line}: " if path and line else (f"{path}: " if path else "")
    if setting.type is int and isinstance(value, str) and value.isdigit():
        value = int(value)
    if not isinstance(value, setting.type) or (setting.type is int and isinstance(value, bool)):
        raise ConfigError(f"{where}{setting.name} must be a {setting.type.__name__}, not {value!r}")
    if setting.type is list and not all(_is_code(v) for v in value):
        raise ConfigError(f'{where}{setting.name} must list codes as strings of digits: ["17"]')
    if setting.choices and value not in setting.choices:
        allowed = ", ".join(map(str, setting.choices))
        raise ConfigError(f"{where}{setting.name} = {value!r} is not one of: {allowed}")
    return value


def _is_code(value: Any) -> bool:
    return isinstance(value, str) and value.isascii() and value.isdigit()


def _line_of(text: str, key: str) -> int | None:
    pattern = re.compile(rf"^\s*\[*\s*{re.escape(key)}\b")
    return next((n for n, line in enumerate(text.splitlines(), 1) if pattern.match(line)), None)


def _nth_source_line(text: str, index: int) -> int | None:
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
FETCHED_KINDS = ("feed", "html", "csv", "cap", "jmx", "bundle")


def _key_line(text: str, start: int | None, key: str) -> int | None:
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


def _source(raw: dict[str, Any], path: Path, text: str, index: int) -> Source:
    line = _nth_source_line(text, index)

    def fail(key: str | None, message: str) -> ConfigError:
        at = _key_line(text, line, key) if key else line
        return ConfigError(f"{path}:{at}: [[source]] #{index}: {message}")

    for key, value in raw.items():
        expected = SOURCE_KEYS.get(key)
        if expected is None:
            known = ", ".join(SOURCE_KEYS)
            raise fail(key, f"unknown key '{key}' (known: {known})")
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            raise fail(key, f"{key} must be a {expected.__name__}, not {value!r}")
    for key in ("id", "kind", "category"):
        if key not in raw:
            raise fail(None, f"'{key}' is missing")
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
    from kiosk.content.readers.opendata_datasets import BY_ID

    if raw["kind"] != "csv":
        raise fail("dataset", 'dataset only applies to kind = "csv"')
    if raw["dataset"] not in BY_ID:
        known = ", ".join(BY_ID)
        raise fail("dataset", f"dataset = {raw['dataset']!r} is not one of: {known}")


def _public_keys(raw: dict[str, Any], where: str) -> tuple[str, ...]:
    """`public_key = "…"` or `public_keys = ["…", "…"]`: base64 Ed25519 keys (bundle sources)."""
    keys = raw.get("public_keys", raw.get("public_key", []))
    if isinstance(keys, str):
        keys = [keys]
    if not isinstance(keys, list) or not all(isinstance(k, str) for k in keys):
        raise ConfigError(f"{where}: public_key must be a string (or public_keys a list of them)")
    return tuple(k.strip() for k in keys)
