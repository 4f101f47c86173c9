"""Dates as people read them: 令和8年11月25日（水） in Japanese, babel's long form elsewhere."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

LOCAL_TZ = ZoneInfo("Asia/Tokyo")

# (first day, era name). Japanese eras are a short fixed list, not something to parse.
ERAS: tuple[tuple[date, str], ...] = (
    (date(2019, 5, 1), "令和"),
    (date(1989, 1, 8), "平成"),
    (date(1926, 12, 25), "昭和"),
    (date(1912, 7, 30), "大正"),
    (date(1868, 10, 23), "明治"),
)

JA_WEEKDAYS = "月火水木金土日"


def wareki_year(day: date) -> str:
    """令和8年 for 2026; the first year of an era is 元年."""
    for start, name in ERAS:
        if day >= start:
            year = day.year - start.year + 1
            return f"{name}{'元' if year == 1 else year}年"
    return f"{day.year}年"


def _local(value: datetime | date) -> date | datetime:
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(LOCAL_TZ)
    return value


def format_day(value: datetime | date, lang: str, wareki: bool = True) -> str:
    """Long date with weekday: 令和8年11月25日（水） / Wednesday, 25 November 2026."""
    value = _local(value)
    day = value.date() if isinstance(value, datetime) else value
    if lang == "ja":
        year = wareki_year(day) if wareki else f"{day.year}年"
        return f"{year}{day.month}月{day.day}日（{JA_WEEKDAYS[day.weekday()]}）"
    from babel.dates import format_date  # only for other languages: babel is slow to import

    return format_date(day, format="full", locale=_babel_locale(lang))


def format_short_day(value: datetime | date, lang: str) -> str:
    """Short date for lists and the header: 11月20日（金） / Fri, Nov 20 / 11月20日周五 /
    11월 20일 (금): each language's own order (CLDR's month-day-weekday skeleton), never a
    pattern with the day before the month in a language that writes the month first."""
    value = _local(value)
    day = value.date() if isinstance(value, datetime) else value
    if lang == "ja":
        return f"{day.month}月{day.day}日（{JA_WEEKDAYS[day.weekday()]}）"
    from babel.dates import format_skeleton

    return format_skeleton("MMMEd", day, locale=_babel_locale(lang))


def format_clock(value: datetime, lang: str) -> str:
    """Time of day as said aloud: 午後3時05分 / 3:05 PM."""
    value = value.astimezone(LOCAL_TZ) if value.tzinfo else value
    if lang == "ja":
        half = "午前" if value.hour < 12 else "午後"
        hour = value.hour % 12
        return f"{half}{hour}時{value.minute:02d}分"
    from babel.dates import format_time

    return format_time(value, format="short", locale=_babel_locale(lang))


def _babel_locale(lang: str) -> str:
    return {"zh-Hans": "zh_Hans", "pt-BR": "pt_BR"}.get(lang, lang)
