"""Issue 20: the demo's drill is dated when the demo is loaded, so it is never a stale drill
(it was fixed at 2026-11-25 09:00 with no end, "訓練は午前11時までです", and stayed the top banner
for a week). alerts.toml takes "loaded" / "loaded + 2h" times, and {onset}/{expires} in
an alert's text are written from those times, so text and times cannot disagree."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from kiosk.config import DEMO_CONTENT
from kiosk.content.check import check_package
from kiosk.content.model import Category, Source
from kiosk.content.package_alerts import read_alerts
from kiosk.content.problems import Problem
from kiosk.i18n.dates import LOCAL_TZ

DEMO_ALERTS = DEMO_CONTENT / "01-disaster" / "alerts.toml"
SOURCE = Source(id="package:demo-disaster", kind="package", location="", category=Category.DISASTER)


def _jst(*args: int) -> datetime:
    return datetime(*args, tzinfo=LOCAL_TZ)


@pytest.mark.parametrize(
    "now",
    [
        _jst(2026, 11, 25, 9, 0),
        _jst(2026, 12, 2, 10, 37),  # a week later: the old demo showed a drill "until 11 a.m."
        _jst(2027, 3, 1, 23, 59),  # late at night
        datetime(2026, 12, 2, 15, 30, tzinfo=UTC),  # the machine's clock in UTC
    ],
)
def test_demo_drill_is_current_whenever_the_demo_is_loaded(now: datetime) -> None:
    problems: list[Problem] = []
    (drill,) = read_alerts(DEMO_ALERTS, SOURCE, problems, now=now)
    assert problems == []
    assert drill.drill
    assert drill.onset is not None and drill.expires is not None
    # in force when loaded, and for at least an hour after
    assert drill.onset <= now < drill.expires
    assert drill.expires - now > timedelta(hours=1)
    assert drill.issued == drill.onset
    local = drill.onset.astimezone(LOCAL_TZ)
    assert (local.minute, local.second) == (0, 0)  # a round time on the screen
    # the text names the real end time, in each language's way of writing it
    end = drill.expires.astimezone(LOCAL_TZ)
    half = "午前" if end.hour < 12 else "午後"
    assert f"訓練は{half}{end.hour % 12}時00分までです。" in drill.instruction["ja"]
    assert "午前11時までです" not in drill.instruction["ja"] or end.hour == 11
    assert "{" not in "".join(drill.instruction.values())
    assert f"ends at {end.strftime('%-I:%M')}" in drill.instruction["en"]


def test_demo_package_stays_clean_for_content_check() -> None:
    assert check_package(DEMO_ALERTS.parent).errors == []


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "alerts.toml"
    path.write_text(
        '[[alert]]\nid = "a"\nseverity = "minor"\n' + body + '\n[alert.event]\nja = "訓練"\n'
        '[alert.headline]\nja = "見出し"\n',
        encoding="utf-8",
    )
    return path


def test_relative_times_and_their_mistakes(tmp_path: Path) -> None:
    now = _jst(2026, 12, 2, 10, 37)
    problems: list[Problem] = []
    (alert,) = read_alerts(
        _write(tmp_path, 'onset = "loaded + 30min"\nexpires = "loaded+3h"'),
        SOURCE,
        problems,
        now=now,
    )
    assert problems == []
    assert alert.onset == _jst(2026, 12, 2, 10, 30)
    assert alert.expires == _jst(2026, 12, 2, 13, 0)
    # a fixed time still works as before
    (fixed,) = read_alerts(_write(tmp_path, "onset = 2026-11-25T09:00:00+09:00"), SOURCE, [])
    assert fixed.onset == _jst(2026, 11, 25, 9, 0) and fixed.expires is None
    # a wrong word is a clear problem with its line, not a silent "now"
    problems = []
    (bad,) = read_alerts(_write(tmp_path, 'onset = "tomorrow"'), SOURCE, problems, now=now)
    assert bad.onset is None
    assert len(problems) == 1 and "loaded" in problems[0].message and problems[0].line == 4


def test_time_in_the_text_needs_that_time(tmp_path: Path) -> None:
    path = tmp_path / "alerts.toml"
    path.write_text(
        '[[alert]]\nid = "a"\nseverity = "minor"\nonset = "loaded"\n'
        '[alert.event]\nja = "訓練"\n[alert.headline]\nja = "見出し"\n'
        '[alert.instruction]\nja = "{onset}から{expires}まで"\n',
        encoding="utf-8",
    )
    problems: list[Problem] = []
    (alert,) = read_alerts(path, SOURCE, problems, now=_jst(2026, 12, 2, 14, 5))
    assert alert.instruction["ja"].startswith("午後2時00分から")
    assert len(problems) == 1 and "{expires}" in problems[0].message
