"""Dates as Japanese municipalities write them in feeds and CSV files.

2024/04/01, 2024.4.1, 2024-4-1 10:00, 20240401, 2024年4月1日（月） 10時00分, 令和6年4月1日,
令和元年5月1日: full-width digits are folded, a weekday in brackets is dropped, and every
pattern must match the whole text (short, anchored, no nested repeats: safe on hostile
input). A date that does not exist (2月30日) is None, never a guess.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time

from kiosk.i18n.dates import ERAS

MAX_LENGTH = 40  # longer text is not a date
_ERA_START = {name: start.year for start, name in ERAS}
_WEEKDAY = re.compile(r"[(（][月火水木金土日・祝休]{1,5}[)）]")
_TIME = r"(?:\s*(\d{1,2}):(\d{1,2})(?::(\d{1,2}))?)?"
_JA_CLOCK = (
    (re.compile(r"(\d{1,2})時(\d{1,2})分"), r"\1:\2"),
    (re.compile(r"(\d{1,2})時"), r"\1:00"),
)
_PATTERNS = (
    re.compile(r"(\d{4})[/.\-](\d{1,2})[/.\-](\d{1,2})" + _TIME),
    re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日" + _TIME),
    re.compile(r"(\d{4})(\d{2})(\d{2})"),
)
_ERA_PATTERN = re.compile(
    r"(" + "|".join(_ERA_START) + r")(\d{1,2}|元)年(\d{1,2})月(\d{1,2})日" + _TIME
)


def parse_japanese_datetime(text: str) -> tuple[date, time | None] | None:
    """The day, and the time of day when one is written; None when ``text`` is not a date."""
    if not text or len(text) > MAX_LENGTH:
        return None
    value = _WEEKDAY.sub("", unicodedata.normalize("NFKC", text)).strip()
    for clock, written in _JA_CLOCK:  # 10時5分 → 10:5, 10時 → 10:00
        value = clock.sub(written, value)
    for pattern in _PATTERNS:
        found = pattern.fullmatch(value)
        if found:
            year, month, day = (int(part) for part in found.groups()[:3])
            return _assemble(year, month, day, found.groups()[3:])
    found = _ERA_PATTERN.fullmatch(value)
    if found:
        era, year_text, month, day = found.groups()[:4]
        year = _ERA_START[era] + (1 if year_text == "元" else int(year_text)) - 1
        return _assemble(year, int(month), int(day), found.groups()[4:])
    return None


def parse_japanese_day(text: str) -> date | None:
    found = parse_japanese_datetime(text)
    return found[0] if found else None


def _assemble(
    year: int, month: int, day: int, clock: tuple[str | None, ...]
) -> tuple[date, time | None] | None:
    hour, minute, second = (*clock, None, None, None)[:3]
    try:
        when = date(year, month, day)
        at = time(int(hour), int(minute), int(second or 0)) if hour is not None else None
    except (TypeError, ValueError):
        return None
    return when, at


def as_datetime(found: tuple[date, time | None], zone) -> datetime:  # noqa: ANN001 - tzinfo
    day, at = found
    return datetime.combine(day, at or time(0, 0), tzinfo=zone)
