"""Anonymous usage: per-day counts of what was opened, nothing more.

One row per (day, kind, detail) holding a count: no event rows, no times finer than a day,
no order of events, so nothing here can single out a visitor. Kept in its own small SQLite
file beside the store so that restoring the content store never touches it (and a broken
usage file never touches content).
"""

from __future__ import annotations

import csv
import io
import logging
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from kiosk.content.store import utc_now
from kiosk.i18n.dates import LOCAL_TZ

log = logging.getLogger("kiosk.usage")

KINDS = ("category_open", "page_open", "read_aloud", "language", "text_size")
SCHEMA = """
CREATE TABLE IF NOT EXISTS usage_counts (
    day TEXT NOT NULL,
    kind TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '',
    count INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (day, kind, detail)
)
"""


@dataclass(frozen=True, slots=True)
class UsageRow:
    day: date
    kind: str
    detail: str
    count: int


class UsageLog:
    def __init__(
        self,
        path: Path | None,
        enabled: bool = True,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self.enabled = enabled and path is not None
        self.clock = clock
        self.path = path
        self._db: sqlite3.Connection | None = None
        if self.enabled and path is not None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                self._db = sqlite3.connect(str(path), isolation_level=None)
                self._db.execute(SCHEMA)
            except sqlite3.DatabaseError as exc:
                # Counting is a nice-to-have: never let it stop the kiosk.
                log.warning("usage counts off: %s: %s", path, exc)
                self._db, self.enabled = None, False

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def record(self, kind: str, detail: str = "") -> None:
        if not self.enabled or self._db is None:
            return
        if kind not in KINDS:
            raise ValueError(f"unknown usage kind {kind!r}")
        day = self.clock().astimezone(LOCAL_TZ).date().isoformat()
        try:
            self._db.execute(
                """INSERT INTO usage_counts (day, kind, detail, count) VALUES (?, ?, ?, 1)
                   ON CONFLICT(day, kind, detail) DO UPDATE SET count = count + 1""",
                (day, kind, detail[:200]),
            )
        except sqlite3.DatabaseError as exc:
            if "readonly" not in str(exc):
                log.warning("usage count not saved: %s", exc)
                return
            # Said once: a read-only disk would otherwise add a log line per page opened.
            log.warning("usage counts off: %s", exc)
            self.enabled = False

    def rows(self, since: date | None = None) -> list[UsageRow]:
        if self._db is None:
            return []
        query = "SELECT day, kind, detail, count FROM usage_counts"
        params: tuple[str, ...] = ()
        if since is not None:
            query += " WHERE day >= ?"
            params = (since.isoformat(),)
        query += " ORDER BY day, kind, detail"
        return [
            UsageRow(date.fromisoformat(d), k, de, c)
            for d, k, de, c in self._db.execute(query, params).fetchall()
        ]

    def totals(self, since: date | None = None) -> dict[tuple[str, str], int]:
        """Counts summed over days, by (kind, detail), largest first."""
        sums: dict[tuple[str, str], int] = {}
        for row in self.rows(since):
            sums[(row.kind, row.detail)] = sums.get((row.kind, row.detail), 0) + row.count
        return dict(sorted(sums.items(), key=lambda kv: (-kv[1], kv[0])))


def to_csv(rows: list[UsageRow]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["day", "kind", "detail", "count"])
    for row in rows:
        writer.writerow([row.day.isoformat(), row.kind, row.detail, row.count])
    return out.getvalue()


def usage_path(data_dir: Path) -> Path:
    return data_dir / "usage.sqlite3"
