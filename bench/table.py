"""One plain-text table for every bench row (also pasted into the README)."""

from __future__ import annotations

from collections.abc import Iterable
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
    header = ("measure", "result", "target", "", "note")
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
