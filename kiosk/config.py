"""Kiosk configuration: a TOML file (tomllib) → frozen dataclasses, validated with clear errors.

Every setting is declared once in ``SETTINGS`` (name, type, default, help, allowed values);
validation, defaults and `kiosk doctor` output all come from that table.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

from kiosk.content.model import Category, Source

APP_NAME = "hiroba"
REPO_ROOT = Path(__file__).resolve().parent.parent
DEMO_CONTENT = REPO_ROOT / "content" / "demo"
ASSETS = REPO_ROOT / "assets"


@dataclass(frozen=True, slots=True)
class Setting:
    name: str
    type: type
    default: Any
    help: str
    choices: tuple[Any, ...] = ()


SETTINGS: tuple[Setting, ...] = (
    Setting("lang", str, "ja", "Language of the screen and the content", ("ja", "en")),
    Setting("theme", str, "light", "Colour theme", ("light", "dark", "blue")),
    Setting("text_size", int, 1, "Text size step: 1 normal, 2 large, 3 largest (200 %)", (1, 2, 3)),
    Setting("wareki", bool, True, "Show Japanese era years (令和) in dates"),
    Setting("town_name", str, "", "Name shown in the header, e.g. さくら川町"),
    Setting("data_dir", str, "", "Where the content store lives (default: the user data dir)"),
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
        return Config(self.path, merged, self.sources, self.demo)


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
    unknown_tables = set(data) - {"kiosk", "source"}
    if unknown_tables:
        name = sorted(unknown_tables)[0]
        raise ConfigError(f"{path}:{_line_of(text, name)}: unknown section [{name}]")
    sources = tuple(
        _source(raw, path, text, index) for index, raw in enumerate(data.get("source", []), 1)
    )
    if demo or not sources:
        sources = demo_sources()
        demo = True
    return Config(path, values, sources, demo)


def _check_value(setting: Setting, value: Any, path: Path | None, line: int | None) -> Any:
    where = f"{path}:{line}: " if path and line else (f"{path}: " if path else "")
    if setting.type is int and isinstance(value, str) and value.isdigit():
        value = int(value)
    if not isinstance(value, setting.type) or (setting.type is int and isinstance(value, bool)):
        raise ConfigError(f"{where}{setting.name} must be a {setting.type.__name__}, not {value!r}")
    if setting.choices and value not in setting.choices:
        allowed = ", ".join(map(str, setting.choices))
        raise ConfigError(f"{where}{setting.name} = {value!r} is not one of: {allowed}")
    return value


def _line_of(text: str, key: str) -> int | None:
    pattern = re.compile(rf"^\s*\[*\s*{re.escape(key)}\b")
    return next((n for n, line in enumerate(text.splitlines(), 1) if pattern.match(line)), None)


def _nth_source_line(text: str, index: int) -> int | None:
    lines = [n for n, line in enumerate(text.splitlines(), 1) if line.strip() == "[[source]]"]
    return lines[index - 1] if index <= len(lines) else None


def _source(raw: dict[str, Any], path: Path, text: str, index: int) -> Source:
    line = _nth_source_line(text, index)
    where = f"{path}:{line}: [[source]] #{index}"
    for key in ("id", "kind", "category"):
        if key not in raw:
            raise ConfigError(f"{where}: '{key}' is missing")
    if raw["kind"] not in SOURCE_KINDS:
        raise ConfigError(
            f"{where}: kind = {raw['kind']!r} is not one of: {', '.join(SOURCE_KINDS)}"
        )
    try:
        category = Category(raw["category"])
    except ValueError:
        allowed = ", ".join(c.value for c in Category)
        raise ConfigError(
            f"{where}: category {raw['category']!r} is not one of: {allowed}"
        ) from None
    location = raw.get("url") or raw.get("path")
    if not location:
        raise ConfigError(f"{where}: give 'url' or 'path'")
    if raw.get("path"):
        location = str((path.parent / str(location)).expanduser())
    return Source(
        id=str(raw["id"]),
        kind=str(raw["kind"]),
        location=str(location),
        category=category,
        region=str(raw.get("region", "")),
        refresh_minutes=int(raw.get("refresh_minutes", 30)),
        enabled=bool(raw.get("enabled", True)),
        lang=str(raw.get("lang", "ja")),
    )
