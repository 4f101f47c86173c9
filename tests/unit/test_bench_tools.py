"""The benchmark plumbing (no timings asserted: figures belong in bench/, not in tests)."""

from __future__ import annotations

import json

from bench.common import Report, parse_bench_output, percentile
from bench.table import format_table


def test_report_round_trips_through_the_bench_json_line(capsys) -> None:
    report = Report("demo")
    report.add("tap → page painted: p95", 12.5, "ms", target="≤ 50 ms", ok=True)
    report.add("not measurable here", None, note="Chromium not installed")
    print("some progress output")
    report.emit()
    parsed = parse_bench_output(capsys.readouterr().out)
    assert parsed == json.loads(json.dumps(report.to_json()))
    assert parsed["rows"][0]["value"] == 12.5
    assert parse_bench_output("no contract line here\n") is None


def test_nearest_rank_percentile_is_a_measured_value() -> None:
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 0.95) == 95.0
    assert percentile(values, 0.50) == 50.0
    assert percentile([3.0], 0.95) == 3.0


def test_table_lists_every_row_with_its_verdict() -> None:
    rows = [
        {"metric": "cold start ratio", "value": 1.62, "unit": "×", "target": "≤ 1.5×", "ok": False},
        {"metric": "RSS", "value": 73.4, "unit": "MiB", "target": "≤ 110 MiB", "ok": True},
        {"metric": "Chromium", "value": None, "unit": "ms", "ok": None, "note": "not installed"},
    ]
    text = format_table(rows)
    lines = text.splitlines()
    assert len(lines) == 2 + len(rows)
    assert "MISSED" in lines[2] and "1.62 ×" in lines[2]
    assert "ok" in lines[3] and "73.4 MiB" in lines[3]
    assert "n/a" in lines[4] and "not installed" in lines[4]
    assert format_table(rows, markdown=True).startswith("| measure |")
