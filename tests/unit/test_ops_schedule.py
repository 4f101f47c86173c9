from __future__ import annotations

from datetime import UTC, datetime, time

import pytest

from kiosk.i18n.dates import LOCAL_TZ
from kiosk.ops.schedule import Maintenance, OpeningHours, ScheduleError


def jst(*args: int) -> datetime:
    return datetime(*args, tzinfo=LOCAL_TZ)  # type: ignore[misc]


HOURS = OpeningHours.parse("mon-fri 09:00-17:00; sat 09:00-12:00; sun closed")


@pytest.mark.parametrize(
    ("when", "is_open"),
    [
        (jst(2026, 11, 25, 8, 59), False),  # Wednesday, before opening
        (jst(2026, 11, 25, 9, 0), True),
        (jst(2026, 11, 25, 16, 59), True),
        (jst(2026, 11, 25, 17, 0), False),  # closing time is closed
        (jst(2026, 11, 28, 11, 0), True),  # Saturday morning
        (jst(2026, 11, 28, 13, 0), False),
        (jst(2026, 11, 29, 11, 0), False),  # Sunday
    ],
)
def test_opening_hours(when: datetime, is_open: bool) -> None:
    assert HOURS.is_open(when) is is_open


def test_utc_time_is_judged_in_japan() -> None:
    # 00:30 UTC Wednesday is 09:30 in Japan: open
    assert HOURS.is_open(datetime(2026, 11, 25, 0, 30, tzinfo=UTC))
    assert not HOURS.is_open(datetime(2026, 11, 24, 23, 30, tzinfo=UTC))


def test_next_opening_skips_closed_days() -> None:
    assert HOURS.next_opening(jst(2026, 11, 28, 13, 0)) == jst(2026, 11, 30, 9, 0)
    assert HOURS.next_opening(jst(2026, 11, 25, 7, 0)) == jst(2026, 11, 25, 9, 0)


def test_later_entries_win_and_empty_is_always_open() -> None:
    hours = OpeningHours.parse("daily 10:00-18:00; tue closed")
    assert hours.is_open(jst(2026, 11, 23, 12, 0))  # Monday
    assert not hours.is_open(jst(2026, 11, 24, 12, 0))  # Tuesday
    always = OpeningHours.parse("  ")
    assert always.always_open and always.is_open(jst(2026, 1, 1, 3, 0))
    assert always.next_opening(jst(2026, 1, 1, 3, 0)) is None


def test_wrapping_day_range() -> None:
    hours = OpeningHours.parse("fri-mon 09:00-12:00")
    assert hours.is_open(jst(2026, 11, 29, 10, 0))  # Sunday
    assert not hours.is_open(jst(2026, 11, 25, 10, 0))  # Wednesday


@pytest.mark.parametrize(
    "bad", ["mon-fri 9-17", "someday 09:00-17:00", "mon 17:00-09:00", "mon 25:00-26:00"]
)
def test_bad_hours_say_what_is_wrong(bad: str) -> None:
    with pytest.raises(ScheduleError):
        OpeningHours.parse(bad)


def test_maintenance_runs_once_a_day_after_its_time() -> None:
    now = [jst(2026, 11, 25, 2, 0)]
    maintenance = Maintenance(time(3, 0), clock=lambda: now[0])
    assert not maintenance.due()
    now[0] = jst(2026, 11, 25, 3, 0)
    assert maintenance.due()
    maintenance.mark_done()
    now[0] = jst(2026, 11, 25, 23, 0)
    assert not maintenance.due()
    now[0] = jst(2026, 11, 26, 3, 5)
    assert maintenance.due()


def test_maintenance_not_run_at_start_after_its_time() -> None:
    maintenance = Maintenance.parse("03:00", clock=lambda: jst(2026, 11, 25, 12, 0))
    assert not maintenance.due()
    assert not Maintenance.parse("", clock=lambda: jst(2026, 11, 25, 12, 0)).due()
