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


def test_cold_start_steps_are_spans_between_the_programs_own_marks() -> None:
    from bench.coldstart import BEFORE_FIRST_LINE, add_phase_rows, median_spans, phase_spans
    from kiosk import start_phases

    marks = {"start": 0.0, "command line read": 50.0, "window built": 120.0, "first frame": 150.0}
    line = start_phases.LINE_PREFIX + json.dumps(marks)
    assert start_phases.parse(line) == marks
    assert start_phases.parse("HIROBA_FIRST_FRAME") is None

    spans = phase_spans(180.0, marks)  # 180 ms from outside: 30 ms before the first line
    assert spans == {
        BEFORE_FIRST_LINE: 30.0,
        "command line read": 50.0,
        "window built": 70.0,
        "first frame": 30.0,
    }
    assert sum(spans.values()) == 180.0
    runs = [spans, {**spans, "window built": 90.0}, {**spans, "window built": 80.0}]
    assert median_spans(runs)["window built"] == 80.0

    report = Report("coldstart")
    add_phase_rows(report, median_spans(runs), {BEFORE_FIRST_LINE: 29.0, "first frame": 4.0})
    by_metric = {row.metric: row for row in report.rows}
    assert by_metric["cold start step: window built"].value == 80.0
    assert by_metric["cold start step: first frame"].note == "bare window: 4.0 ms"
    assert by_metric["cold start step: command line read"].note == ""


def test_the_kiosk_notes_each_step_of_its_start_in_order() -> None:
    from kiosk import start_phases

    start_phases._marks.clear()
    for name in ("start", "config and store", "first frame"):
        start_phases.mark(name)
    noted = start_phases.parse(start_phases.line())
    assert noted is not None
    assert list(noted) == ["start", "config and store", "first frame"]
    assert noted["start"] == 0.0
    assert noted["start"] <= noted["config and store"] <= noted["first frame"]
    start_phases._marks.clear()
