"""One plain-text table for every bench row (also pasted into the README)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

MARKS = {True: "ok", False: "MISSED", None: ""}


def _value(row: dict[str, Any]) -> str:
    value = row.get("value")
    if value is None:
        return "n/a"
    if isinstance(value, float):
        value = f"{value:,.2f}" if abs(value) < 10 else f"{value:,.1f}"
    elif isinstance(value, int):
        value = f"{value:,}"
    unit = row.get("unit") or ""
    return f"{value} {unit}".strip()


def format_table(rows: Iterable[dict[str, Any]], markdown: bool = False) -> str:
    header = ("measure", "result", "target", "verdict", "note")
    body = [
        (r["metric"], _value(r), r.get("target") or "", MARKS[r.get("ok")], r.get("note") or "")
        for r in rows
    ]
    if markdown:
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        lines += ["| " + " | ".join(cells) + " |" for cells in body]
        return "\n".join(lines)
    widths = [max(len(cells[i]) for cells in [header, *body]) for i in range(len(header))]
    out = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip()]
    out.append("  ".join("-" * w for w in widths))
    out += [
        "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip() for cells in body
    ]
    return "\n".join(out)


def update_readme(readme: Path, results: Path) -> None:
    """Put the table and machine from ``results`` between the README's bench-table markers."""
    import json

    data = json.loads(results.read_text(encoding="utf-8"))
    info = data["machine"]
    machine = (
        f"{info.get('cpus')} CPUs ({info.get('cpu', '?')}), {info.get('memory_gib', '?')} GiB "
        f"RAM, {info.get('os', '?')}; Python {info.get('python')}, PySide6 "
        f"{info.get('pyside6', '?')} / Qt {info.get('qt', '?')}; "
        f"{info.get('chromium', 'no Chromium')}; measured {data.get('when', '?')}"
    )
    text = readme.read_text(encoding="utf-8")
    start, end = "<!-- bench-table:start -->", "<!-- bench-table:end -->"
    head, rest = text.split(start, 1)
    _, tail = rest.split(end, 1)
    block = f"{start}\n{format_table(data['rows'], markdown=True)}\n\n_Machine: {machine}._\n{end}"
    readme.write_text(head + block + tail, encoding="utf-8")


if __name__ == "__main__":
    from bench.common import BENCH_DIR, REPO

    update_readme(REPO / "README.md", BENCH_DIR / "results.json")
    print("README.md: Performance table updated from bench/results.json")
