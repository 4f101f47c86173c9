"""SyncSchedule: refresh intervals with jitter, so a region's kiosks drift apart."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from kiosk.config import SETTINGS_BY_NAME
from kiosk.content.background import SyncSchedule
from kiosk.content.model import Category, Source

T0 = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)
ALERTS = Source("jma", "jmx", "http://mirror/feeds/eqvol.xml", Category.DISASTER, refresh_minutes=1)


def restarted_fleet(jitter: float, kiosks: int = 200) -> list[SyncSchedule]:
    """Kiosks that all synced at the same moment and come back together after a power cut."""
    fleet = []
    for n in range(kiosks):
        schedule = SyncSchedule([ALERTS], jitter, random.Random(n))
        schedule.start({"jma": T0 - timedelta(hours=1)}, T0)
        fleet.append(schedule)
    return fleet


def test_without_jitter_a_restarted_fleet_stays_in_lockstep() -> None:
    fleet = restarted_fleet(0)
    for _ in range(5):
        times = {s.next_wakeup() for s in fleet}
        assert len(times) == 1  # every kiosk asks in the same second, every minute
        now = times.pop()
        for schedule in fleet:
            schedule.done(schedule.due(now), now)


def test_jitter_spreads_a_restarted_fleet_and_keeps_the_refresh_interval() -> None:
    fleet = restarted_fleet(30)
    first = [s.next_wakeup() for s in fleet]
    # Spread over 5 × 30 s, but never over more than the source's own 1-minute interval.
    assert min(first) >= T0 and max(first) <= T0 + timedelta(seconds=60)
    assert len({t.replace(microsecond=0) for t in first}) >= 50
    intervals = []
    for schedule in fleet:
        now = schedule.next_wakeup()
        for _ in range(20):
            assert schedule.due(now) == [ALERTS]
            schedule.done([ALERTS], now)
            later = schedule.next_wakeup()
            intervals.append((later - now).total_seconds())
            assert schedule.due(later - timedelta(seconds=0.1)) == []
            now = later
    assert min(intervals) >= 45 and max(intervals) <= 75
    assert abs(sum(intervals) / len(intervals) - 60) < 1  # on average, still every minute


def test_a_never_synced_source_is_due_at_once_and_jitter_never_exceeds_refresh() -> None:
    schedule = SyncSchedule([ALERTS], jitter_seconds=600, rng=random.Random(1))
    schedule.start({}, T0)
    assert schedule.due(T0) == [ALERTS]
    for _ in range(50):
        schedule.done([ALERTS], T0)
        assert T0 + timedelta(seconds=30) <= schedule.next_wakeup() <= T0 + timedelta(seconds=90)


def test_a_slow_source_restarts_spread_over_five_jitters() -> None:
    bundle = Source("region", "bundle", "http://host/b/", Category.NOTICES, refresh_minutes=30)
    starts = []
    for n in range(300):
        schedule = SyncSchedule([bundle], 60, random.Random(n))
        schedule.start({"region": T0 - timedelta(hours=2)}, T0)
        starts.append((schedule.next_wakeup() - T0).total_seconds())
    assert 0 <= min(starts) < 10 and 290 < max(starts) <= 300


def test_jitter_is_a_declared_setting() -> None:
    setting = SETTINGS_BY_NAME["sync_jitter_seconds"]
    assert setting.type is int and setting.default == 60
