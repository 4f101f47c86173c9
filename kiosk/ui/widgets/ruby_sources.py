"""Where a RubyLabel finds readings it was not given: content titles and the kiosk's strings.

Nothing here analyses text: readings are content, computed at sync/import time (issue 17), and
the UI process only paints them. A title's readings come from the store (the window registers
its lookup); the kiosk's own Japanese strings from a table made at build time by
scripts/make_ui_ruby.py with the same analysis.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the reading module loads with the first furigana, not at start
    from kiosk.content.reading import Segment

Pairs = Sequence[tuple[str, str]]
# Where a label finds the readings of a text it was not given any for: content titles (the
# window registers its store) and the kiosk's own Japanese strings (a table made at build time
# by scripts/make_ui_ruby.py from the same analysis). Nothing here analyses text: readings are
# content, computed at sync/import time, and the UI process only paints them.
_SOURCES: list[Callable[[str], Pairs | None]] = []
UI_RUBY = Path(__file__).resolve().parents[2] / "locale" / "ja" / "ruby.json"


def has_kanji(text: str) -> bool:
    from kiosk.content.reading import has_kanji as reading_has_kanji

    return reading_has_kanji(text)


def register_ruby_source(source: Callable[[str], Pairs | None]) -> None:
    """The content store's title lookup (one at a time: the newest window's store)."""
    _SOURCES[:] = [source]


@cache
def _ui_table() -> dict[str, list[list[str]]]:
    try:
        return json.loads(UI_RUBY.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def known_ruby(text: str) -> list[Segment]:
    """Stored readings for ``text`` (a content title or a kiosk string), or []."""
    for source in (*_SOURCES, lambda t: _ui_table().get(t)):
        try:
            pairs = source(text)
        except Exception:  # a closed store must not break painting
            pairs = None
        if pairs:
            return segments_from_pairs(text, pairs)
    return []


def segments_from_pairs(text: str, pairs: Iterable[Sequence[str]]) -> list[Segment]:
    """Stored (base, reading) pairs → segments; [] if they do not spell ``text`` exactly."""
    from kiosk.content.reading import Segment

    segments = [Segment(str(base), str(reading)) for base, reading in pairs]
    return segments if "".join(s.text for s in segments) == text else []
