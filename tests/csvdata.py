"""Ichikawa's real open-data CSVs as rows, and rows back as a CSV file: tests change a real file
(a short row, other headers, a copied ID) instead of writing toy CSV."""

from __future__ import annotations

import csv
import io

from tests.conftest import DATA

CSV = DATA / "opendata_csv"


def csv_rows(name: str) -> list[list[str]]:
    """The rows of ``name`` under tests/data/opendata_csv (cp932, as the city publishes)."""
    return list(csv.reader(io.StringIO((CSV / name).read_bytes().decode("cp932"))))


def csv_bytes(rows: list[list[str]]) -> bytes:
    """``rows`` as the city writes its files: cp932, CRLF."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode("cp932")
