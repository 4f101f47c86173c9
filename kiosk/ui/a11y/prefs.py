"""What a visitor may change, and the defaults the kiosk returns to after every visitor."""

from __future__ import annotations

from dataclasses import dataclass

# Each language named in itself, so a person finds theirs without reading the current one.
NATIVE_NAMES = {
    "ja": "日本語",
    "en": "English",
    "zh-Hans": "中文（简体）",
    "ko": "한국어",
    "vi": "Tiếng Việt",
    "pt-BR": "Português (Brasil)",
}


@dataclass(frozen=True, slots=True)
class Preferences:
    theme: str = "light"
    text_size: int = 1
    lang: str = "ja"
    furigana: bool = False
    scanning: bool = False
    click_sound: bool = False


@dataclass(frozen=True, slots=True)
class IdleTimes:
    idle_ms: int = 3 * 60_000
    attract_ms: int = 10 * 60_000
    warning_s: int = 30
    tick_ms: int = 1000
