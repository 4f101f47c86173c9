from __future__ import annotations

import csv
import io
from datetime import date, datetime
from pathlib import Path

import pytest

from kiosk.i18n.dates import LOCAL_TZ
from kiosk.ops.usage import UsageLog, to_csv


def test_counts_per_day_only(tmp_path: Path) -> None:
    now = [datetime(2026, 11, 25, 10, 0, tzinfo=LOCAL_TZ)]
    usage = UsageLog(tmp_path / "usage.sqlite3", clock=lambda: now[0])
    usage.record("category_open", "health")
    usage.record("category_open", "health")
    usage.record("page_open", "package:demo-health|flu-shot|ja")
    now[0] = datetime(2026, 11, 26, 23, 59, tzinfo=LOCAL_TZ)
    usage.record("category_open", "health")
    usage.record("language", "en")
    rows = usage.rows()
    assert [(r.day, r.kind, r.detail, r.count) for r in rows] == [
        (date(2026, 11, 25), "category_open", "health", 2),
        (date(2026, 11, 25), "page_open", "package:demo-health|flu-shot|ja", 1),
        (date(2026, 11, 26), "category_open", "health", 1),
        (date(2026, 11, 26), "language", "en", 1),
    ]
    assert usage.totals()[("category_open", "health")] == 3
    # nothing finer than a day is stored: the table has no time column at all
    columns = [r[1] for r in usage._db.execute("PRAGMA table_info(usage_counts)")]  # type: ignore[union-attr]
    assert columns == ["day", "kind", "detail", "count"]
    parsed = list(csv.reader(io.StringIO(to_csv(rows))))
    assert parsed[0] == ["day", "kind", "detail", "count"]
    assert parsed[1] == ["2026-11-25", "category_open", "health", "2"]


def test_switched_off_writes_nothing(tmp_path: Path) -> None:
    usage = UsageLog(tmp_path / "usage.sqlite3", enabled=False)
    usage.record("read_aloud")
    assert usage.rows() == [] and not (tmp_path / "usage.sqlite3").exists()


def test_unknown_kind_is_a_bug(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        UsageLog(tmp_path / "u.sqlite3").record("visitor_name", "x")
