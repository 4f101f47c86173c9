"""The fonts the kiosk renders with, named explicitly, so every machine shows the same thing.

Qt takes each character from the first family in ``FAMILIES`` that has it, and never needs to
ask the system for anything else:

- Noto Sans: proportional Latin for English and Portuguese body text, and Vietnamese (ế, ơ, ư);
- BIZ UDGothic: Japanese (Morisawa's universal-design face, the kiosk's own voice);
- Noto Sans CJK SC: Hangul and Simplified Chinese (简) for the chrome in those languages;
- Noto Sans Symbols, Symbols2, Math: the symbols the screens draw (⌂ ⚙ ✔ ⟳ 🖨 …). Not all of
  them: BIZ UDGothic has ▲ ▼ ◀ ▶, and ⚠ comes from the CJK face, which has it and comes first.

All OFL 1.1. The small ones ship in assets/fonts (about 2.5 MB: same files everywhere); the
CJK face is ~20 MB a weight, so it comes from Debian's fonts-noto-cjk (scripts/system-deps.sh),
one fixed version per Debian release. No Qt here: ``kiosk doctor`` checks these too.
"""

from __future__ import annotations

from pathlib import Path

from kiosk.config import ASSETS

FONT_DIR: Path = ASSETS / "fonts"
FONT_FILES = (
    "BIZUDGothic-Regular.ttf",
    "BIZUDGothic-Bold.ttf",
    "NotoSans-Regular.ttf",
    "NotoSans-Bold.ttf",
    "NotoSansSymbols-Regular.ttf",
    "NotoSansSymbols2-Regular.ttf",
    "NotoSansMath-Regular.ttf",
)
LATIN = "Noto Sans"
JAPANESE = "BIZ UDGothic"
HANGUL_AND_CHINESE = "Noto Sans CJK SC"  # Debian fonts-noto-cjk
SYMBOLS = ("Noto Sans Symbols", "Noto Sans Symbols2", "Noto Sans Math")
FAMILIES: tuple[str, ...] = (LATIN, JAPANESE, HANGUL_AND_CHINESE, *SYMBOLS)
# Where Debian puts the CJK face, for `kiosk doctor` (fontconfig finds it at run time).
SYSTEM_FONT_PACKAGES = {HANGUL_AND_CHINESE: "fonts-noto-cjk"}


def bundled_font_paths() -> list[Path]:
    return [FONT_DIR / name for name in FONT_FILES]


def css_families() -> str:
    """FAMILIES for a CSS font-family property (Qt style sheets, print documents)."""
    return ", ".join(f'"{family}"' for family in FAMILIES)
