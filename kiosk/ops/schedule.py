"""Opening hours and the daily maintenance time (plain Python; the clock is injected).

``opening_hours`` is one line, entries separated by ``;``::

    mon-fri 09:00-17:00; sat 09:00-12:00; sun closed

Days are ``mon tue wed thu fri sat sun``, ranges (``mon-fri``), lists (``mon,wed``) or
``daily``. An empty setting means always open. Times are local to the kiosk (Japan).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from kiosk.content.store import utc_now
from kiosk.i18n.dates import LOCAL_TZ

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_ENTRY = re.compile(
    r"^(?P<days>[a-z,\-]+)\s+(?:(?P<closed>closed)|(?P<start>\d{1,2}:\d{2})\s*-\s*(?P<end>\d{1,2}:\d{2}))$"
)


class ScheduleError(ValueError):
    """The opening hours or maintenance time cannot be understood; the message says why."""


def _days(text: str) -> set[int]:
    if text == "daily":
        return set(range(7))
    found: set[int] = set()
    for part in text.split(","):
        if "-" in part:
            first, _sep, last = part.partition("-")
            if first not in DAYS or last not in DAYS:
                raise ScheduleError(f"unknown day in {part!r} (use {', '.join(DAYS)})")
            a, b = DAYS.index(first), DAYS.index(last)
            found.update(range(a, b + 1) if a <= b else [*range(a, 7), *range(0, b + 1)])
        elif part in DAYS:
            found.add(DAYS.index(part))
        else:
            raise ScheduleError(f"unknown day {part!r} (use {', '.join(DAYS)} or daily)")
    return found


def parse_time(text: str) -> time:
    try:
        hours, minutes = (int(v) for v in text.strip().split(":"))
        return time(hours, minutes)
    except ValueError:
        raise ScheduleError(f"{text!r} is not a time like 09:30") from None


@dataclass(frozen=True, slots=True)
class OpeningHours:
    """Per weekday (0 = Monday) the open period, or None when closed that day."""

    periods: tuple[tuple[time, time] | None, ...]
    always_open: bool = False
    text: str = ""

    @classmethod
    def parse(cls, text: str) -> OpeningHours:
        text = " ".join(text.lower().split())
        if not text:
            return cls((None,) * 7, always_open=True)
        periods: list[tuple[time, time] | None] = [None] * 7
        for raw in filter(None, (e.strip() for e in text.split(";"))):
            match = _ENTRY.match(raw)
            if not match:
                raise ScheduleError(
                    f"opening hours entry {raw!r}: write it like 'mon-fri 09:00-17:00'"
                )
            days = _days(match["days"])
            if match["closed"]:
                period = None
            else:
                start, end = parse_time(match["start"]), parse_time(match["end"])
                if end <= start:
                    raise ScheduleError(f"opening hours entry {raw!r}: closes before it opens")
                period = (start, end)
            for day in days:  # later entries win, so 'daily 9-17; sun closed' works
                periods[day] = period
        return cls(tuple(periods), text=text)

    def is_open(self, now: datetime) -> bool:
        if self.always_open:
            return True
        local = now.astimezone(LOCAL_TZ)
        period = self.periods[local.weekday()]
        return period is not None and period[0] <= local.time() < period[1]

    def next_opening(self, now: datetime) -> datetime | None:
        """When the kiosk opens next (None if always open or never open)."""
        if self.always_open:
            return None
        local = now.astimezone(LOCAL_TZ)
        for offset in range(8):
            day = local.date() + timedelta(days=offset)
            period = self.periods[day.weekday()]
            if period is None:
                continue
            opening = datetime.combine(day, period[0], LOCAL_TZ)
            if opening > local:
                return opening
        return None


@dataclass
class Maintenance:
    """Once a day at ``at`` (local time). The first day starts as done when the kiosk is
    started after that time, so a restart at noon does not run a maintenance at noon."""

    at: time | None
    clock: Callable[[], datetime] = utc_now
    last_day: date | None = None

    def __post_init__(self) -> None:
        if self.at is None:
            return
        local = self.clock().astimezone(LOCAL_TZ)
        self.last_day = local.date() if local.time() >= self.at else local.date() - timedelta(1)

    @classmethod
    def parse(cls, text: str, clock: Callable[[], datetime] = utc_now) -> Maintenance:
        return cls(parse_time(text) if text.strip() else None, clock)

    def due(self) -> bool:
        if self.at is None:
            return False
        local = self.clock().astimezone(LOCAL_TZ)
        return local.time() >= self.at and local.date() != self.last_day

    def mark_done(self) -> None:
        self.last_day = self.clock().astimezone(LOCAL_TZ).date()
