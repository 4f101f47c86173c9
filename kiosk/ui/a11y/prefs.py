"""What a visitor may change, and the defaults the kiosk returns to after every visitor."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from kiosk.config import SETTINGS_BY_NAME, Config


def _default(name: str) -> Any:
    return SETTINGS_BY_NAME[name].default


@dataclass(frozen=True, slots=True)
class Preferences:
    """A visitor's choices; the defaults are the config's (declared once, in kiosk.config)."""

    theme: str = _default("theme")
    text_size: int = _default("text_size")
    lang: str = _default("lang")
    furigana: bool = _default("furigana")
    scanning: bool = _default("scanning")
    click_sound: bool = _default("click_sound")

    @classmethod
    def from_config(cls, config: Config) -> Preferences:
        """The kiosk's defaults for every new visitor: the config with staff defaults applied."""
        return cls(**{f.name: config.get(f.name) for f in fields(cls)})


@dataclass(frozen=True, slots=True)
class IdleTimes:
    idle_ms: int = _default("idle_minutes") * 60_000
    attract_ms: int = _default("attract_minutes") * 60_000
    warning_s: int = _default("idle_warning_seconds")
    tick_ms: int = 1000

    @classmethod
    def from_config(cls, config: Config) -> IdleTimes:
        return cls(
            idle_ms=int(config.get("idle_minutes")) * 60_000,
            attract_ms=int(config.get("attract_minutes")) * 60_000,
            warning_s=int(config.get("idle_warning_seconds")),
        )
