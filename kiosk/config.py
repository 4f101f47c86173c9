"""Kiosk configuration: a TOML file (tomllib) → frozen dataclasses, validated with clear errors.

Every setting is declared once in ``SETTINGS`` (name, type, default, help, allowed values,
numeric range); validation, defaults and `kiosk doctor` output all come from that table.
A config typo must never crash-loop the kiosk: every problem is a ``ConfigError`` naming the
file and line (exit 2 for CLI commands, the "temporarily unavailable" screen for `kiosk run`).
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import platformdirs

from kiosk.config_errors import (
    MAX_CONFIG_CHARS,
    MAX_STRING,
    ConfigError,
    check_shape,
    deepest_line,
    line_of,
    short_value,
)
from kiosk.config_sources import check_unique_ids, key_line, parse_source
from kiosk.menu import MenuSettings, Service, check_services, parse_menu, parse_service
from kiosk.metrics_config import MetricsSettings, parse_metrics
from kiosk.sources import CODE_LISTS, Category, Source

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
    # Inclusive range for int settings. Every int has one: Qt timers overflow past 2**31 ms,
    # and a negative or zero value makes no sense for any of them.
    min: int | None = None
    max: int | None = None


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
        '("17", "17204"), JMA codes ("1720400"), JMA areas with their list '
        '("seismic:360", "tsunami:390", "volcano:306"); empty: all alerts',
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
    Setting(
        "admin_idle_seconds",
        int,
        120,
        "The staff menu closes after this many idle seconds",
        min=15,
        max=3600,
    ),
    Setting(
        "fetch_max_mb", int, 10, "Largest download accepted from one source, in MB", min=1, max=200
    ),
    Setting(
        "sync_jitter_seconds",
        int,
        60,
        "Spread each source's sync time randomly by up to this many seconds, so a region's "
        "kiosks do not all ask the same server in the same second (0: off)",
        min=0,
        max=3600,
    ),
    Setting("furigana", bool, False, "Show readings (furigana) over kanji by default"),
    Setting(
        "idle_minutes",
        int,
        3,
        "Minutes without a touch before the 'still there?' warning",
        min=1,
        max=60,
    ),
    Setting(
        "idle_warning_seconds",
        int,
        30,
        "Countdown of the idle warning (at least 20)",
        min=20,
        max=300,
    ),
    Setting(
        "attract_minutes",
        int,
        10,
        "Minutes without a touch before the attract screen",
        min=1,
        max=24 * 60,
    ),
    Setting("scanning", bool, False, "One-switch scanning on by default"),
    Setting("scan_seconds", int, 2, "Seconds between focus steps in scanning mode", min=1, max=30),
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
        if len(text) > MAX_CONFIG_CHARS:
            raise ConfigError(f"{path}: too large for a config file ({len(text)} characters)")
        data = tomllib.loads(text)
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text ({exc.reason})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: {exc}") from exc
    except RecursionError:
        line = deepest_line(text)
        raise ConfigError(f"{path}:{line}: arrays or tables nested too deeply") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the config file ({exc.strerror})") from None
    try:
        return _from_toml(data, text, path, demo)
    except ConfigError:
        raise
    except (TypeError, ValueError, AttributeError, RecursionError) as exc:
        # A shape no check above foresaw: still a config error with the file, never a crash.
        raise ConfigError(f"{path}: cannot use this config ({type(exc).__name__}: {exc})") from None


def _from_toml(data: dict[str, Any], text: str, path: Path, demo: bool) -> Config:
    check_shape(data, text, path)
    values: dict[str, Any] = {}
    kiosk_table = data.get("kiosk", {})
    for name, value in kiosk_table.items():
        setting = SETTINGS_BY_NAME.get(name)
        line = line_of(text, name)
        if setting is None:
            known = ", ".join(SETTINGS_BY_NAME)
            raise ConfigError(f"{path}:{line}: unknown setting [kiosk] {name} (known: {known})")
        values[name] = _check_value(setting, value, path, line)
    unknown_tables = set(data) - {"kiosk", "source", *EXTRA_TABLES}
    if unknown_tables:
        name = sorted(unknown_tables)[0]
        where = f"{path}:{line_of(text, name)}"
        if name in SETTINGS_BY_NAME and not isinstance(data[name], dict):
            # A setting written above the first [section]: say where it belongs.
            raise ConfigError(f"{where}: the setting {name} belongs under [kiosk]")
        raise ConfigError(f"{where}: unknown section [{name}]")
    sources = tuple(
        parse_source(raw, path, text, index) for index, raw in enumerate(data.get("source", []), 1)
    )
    check_unique_ids(sources, text, path)
    if demo or not sources:
        sources = demo_sources()
        demo = True
    metrics = _table(data, "metrics", text, path, parse_metrics, MetricsSettings())
    menu = _table(data, "menu", text, path, parse_menu, MenuSettings())
    services = _services(data.get("service", []), text, path, sources)
    if "lang" in values and values["lang"] not in menu.languages:
        line = key_line(text, line_of(text, "menu"), "languages")
        raise ConfigError(f"{path}:{line}: [menu] languages must include lang = {values['lang']!r}")
    return Config(path, values, sources, demo, metrics=metrics, services=services, menu=menu)


# Tables besides [kiosk] and [[source]], each parsed by its own module (issue 18).
EXTRA_TABLES = ("metrics", "menu", "service")


def _services(raw: Any, text: str, path: Path, sources: tuple[Source, ...]) -> tuple[Service, ...]:
    """[[service]] tables → home tiles, every error at the file and line of its key."""

    def fail_at(index: int, key: str | None, message: str) -> ConfigError:
        start = _nth_table_line(text, "[[service]]", index) or line_of(text, "service")
        at = key_line(text, start, key) if key else start
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
    start = line_of(text, name)

    def fail(key: str | None, message: str) -> ConfigError:
        at = key_line(text, start, key) if key else start
        return ConfigError(f"{path}:{at}: [{name}] {message}")

    return parse(data[name], fail)


def _check_value(setting: Setting, value: Any, path: Path | None, line: int | None) -> Any:
    where = f"{path}:{line}: " if path and line else (f"{path}: " if path else "")
    if setting.type is int and isinstance(value, str) and value.strip().isdigit():
        if len(value.strip()) > 18:
            raise ConfigError(f"{where}{setting.name} = {short_value(value)} is out of range")
        value = int(value)
    if not isinstance(value, setting.type) or (setting.type is int and isinstance(value, bool)):
        raise ConfigError(
            f"{where}{setting.name} must be a {setting.type.__name__}, not {short_value(value)}"
        )
    if setting.type is list and not all(_is_code(v) for v in value):
        raise ConfigError(
            f"{where}{setting.name} must list codes as strings of digits, a JMA area with its "
            f'list: ["17", "tsunami:390"] (lists: {", ".join(CODE_LISTS)})'
        )
    if setting.type is str and len(value) > MAX_STRING:
        raise ConfigError(f"{where}{setting.name} is too long ({len(value)} characters)")
    if setting.choices and value not in setting.choices:
        allowed = ", ".join(map(str, setting.choices))
        raise ConfigError(f"{where}{setting.name} = {short_value(value)} is not one of: {allowed}")
    low, high = setting.min, setting.max
    if (low is not None and value < low) or (high is not None and value > high):
        raise ConfigError(
            f"{where}{setting.name} = {short_value(value)} must be at least {low}, at most {high}"
        )
    return value


def _is_code(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    code_list, _sep, number = value.rpartition(":")
    digits = number.isascii() and number.isdigit()
    return digits and (not _sep or code_list in CODE_LISTS)
