"""SQLite store: the only thing the UI reads, the only thing sync writes.

WAL journal so a reader never waits for a writer; a versioned schema migrated forward on open;
one transaction per source so a failed or killed sync leaves the last good content intact.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from kiosk.content.alerts import CHAINED_KINDS, in_force, merge
from kiosk.content.model import (
    Alert,
    Category,
    Item,
    Page,
    Severity,
    Source,
    SourceContent,
)
from kiosk.content.store_readings import StoreReadings
from kiosk.content.store_rows import (
    SourceStatus,
    alert_from_row,
    alert_row,
    iso,
    item_from_row,
    page_from_row,
    page_row,
    parse_dt,
    source_status_from_row,
)
from kiosk.content.store_schema import MIGRATIONS, SCHEMA_VERSION, statements


class StoreError(Exception):
    """The store file cannot be opened or is from a newer version of the kiosk."""


def utc_now() -> datetime:
    return datetime.now(UTC)


class Store(StoreReadings):
    def __init__(self, path: Path | str) -> None:
        self.path = Path(path) if str(path) != ":memory:" else path
        try:
            if isinstance(self.path, Path):
                self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(str(path), timeout=10, isolation_level=None)
            self._db.row_factory = sqlite3.Row
            self._db.execute("PRAGMA foreign_keys = ON")
            self._db.execute("PRAGMA journal_mode = WAL")
            self._db.execute("PRAGMA synchronous = NORMAL")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{path}: cannot open the content store ({exc})") from exc

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def _migrate(self) -> None:
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: store schema v{version} is newer than this kiosk (v{SCHEMA_VERSION})"
            )
        for target in range(version, SCHEMA_VERSION):
            with self._transaction() as db:
                for statement in statements(MIGRATIONS[target]):
                    db.execute(statement)
                db.execute(f"PRAGMA user_version = {target + 1}")

    @property
    def schema_version(self) -> int:
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    # --- writing --------------------------------------------------------------------------

    def _upsert_source(self, db: sqlite3.Connection, source: Source) -> None:
        db.execute(
            """INSERT INTO sources (id, kind, location, category, lang) VALUES (?, ?, ?, ?, ?)
               ON CONFLICT(id) DO UPDATE SET kind=excluded.kind, location=excluded.location,
               category=excluded.category, lang=excluded.lang""",
            (source.id, source.kind, source.location, source.category.value, source.lang),
        )

    def replace_source(
        self,
        content: SourceContent,
        now: datetime | None = None,
        validators: tuple[str | None, str | None] | None = None,
    ) -> None:
        """Swap in everything a source yielded, atomically; records a successful sync.
        ``validators``: (ETag, Last-Modified) of the download, saved in the same transaction."""
        now = now or utc_now()
        source = content.source
        note = "; ".join(" ".join(n.split()) for n in content.notes)[:300] or None
        with self._transaction() as db:
            self._upsert_source(db, source)
            db.execute("DELETE FROM items WHERE source_id = ?", (source.id,))
            alerts = list(content.alerts)
            if source.kind in CHAINED_KINDS:  # keep the Update/Cancel chain across syncs
                alerts = merge(self._source_alerts(db, source.id), alerts, now)
            db.execute("DELETE FROM alerts WHERE source_id = ?", (source.id,))
            db.executemany(
                """INSERT OR REPLACE INTO items (key, source_id, guid, lang, category, title,
                   summary, published, updated, link, expires, position)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                [
                    (
                        item.key,
                        source.id,
                        item.guid,
                        item.lang,
                        item.category.value,
                        item.title,
                        item.summary,
                        iso(item.published),
                        iso(item.updated),
                        item.link,
                        iso(item.expires),
                        position,
                    )
                    for position, item in enumerate(content.items)
                ],
            )
            db.executemany(
                """INSERT OR REPLACE INTO pages (item_key, blocks, title_ruby, analysis)
                   VALUES (?, ?, ?, ?)""",
                [page_row(page) for page in content.pages],
            )
            db.executemany(
                """INSERT OR REPLACE INTO alerts (source_id, id, severity, drill, cancelled, onset,
                   expires, issued, texts, refs, areas, kind, msg_type, chain, revision)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                [alert_row(source.id, alert) for alert in alerts],
            )
            db.execute(
                """UPDATE sources SET last_attempt=?, last_success=?, last_error=NULL,
                   item_count=?, skipped=?, note=? WHERE id=?""",
                (
                    iso(now),
                    iso(now),
                    len(content.items),
                    json.dumps(list(content.skipped), ensure_ascii=False),
                    note,
                    source.id,
                ),
            )
            _set_validators(db, source.id, validators)

    def record_failure(self, source: Source, reason: str, now: datetime | None = None) -> None:
        """A failed sync: keep the last good content, remember why (one line)."""
        one_line = " ".join(reason.split())[:300]
        with self._transaction() as db:
            self._upsert_source(db, source)
            db.execute(
                "UPDATE sources SET last_attempt=?, last_error=? WHERE id=?",
                (iso(now or utc_now()), one_line, source.id),
            )

    def remove_sources_except(self, keep: set[str]) -> int:
        """Forget sources no longer configured (their items go with them)."""
        rows = self._db.execute("SELECT id FROM sources").fetchall()
        gone = [r["id"] for r in rows if r["id"] not in keep]
        with self._transaction() as db:
            db.executemany("DELETE FROM sources WHERE id = ?", [(g,) for g in gone])
        return len(gone)

    def package_fingerprint(self, source_id: str) -> str | None:
        """Fingerprint of a local package as last imported successfully (kept in ``etag``)."""
        row = self._db.execute(
            "SELECT etag FROM sources WHERE id = ? AND last_success IS NOT NULL", (source_id,)
        ).fetchone()
        return row["etag"] if row else None

    def set_package_fingerprint(self, source_id: str, fingerprint: str) -> None:
        with self._transaction() as db:
            db.execute("UPDATE sources SET etag = ? WHERE id = ?", (fingerprint, source_id))

    # --- reading --------------------------------------------------------------------------

    def _visible_items_sql(self) -> str:
        # Items in the wanted language, plus Japanese items with no translation in it.
        return """
            SELECT * FROM items AS i
            WHERE (i.expires IS NULL OR i.expires > :now)
              AND (i.lang = :lang OR (i.lang = 'ja' AND NOT EXISTS (
                    SELECT 1 FROM items t
                    WHERE t.source_id = i.source_id AND t.guid = i.guid AND t.lang = :lang)))
        """

    def items(self, category: Category, lang: str, now: datetime | None = None) -> list[Item]:
        """Items of a category, newest first, in ``lang`` where translated (else Japanese)."""
        rows = self._db.execute(
            self._visible_items_sql()
            + " AND i.category = :category"
            + " ORDER BY i.published DESC, i.source_id, i.position, i.title",
            {"now": iso(now or utc_now()), "lang": lang, "category": category.value},
        ).fetchall()
        return [item_from_row(row) for row in rows]

    def category_counts(self, lang: str, now: datetime | None = None) -> dict[Category, int]:
        rows = self._db.execute(
            f"SELECT category, COUNT(*) AS n FROM ({self._visible_items_sql()}) GROUP BY category",
            {"now": iso(now or utc_now()), "lang": lang},
        ).fetchall()
        counts = {c: 0 for c in Category}
        for row in rows:
            counts[Category(row["category"])] = row["n"]
        return counts

    def item(self, key: str) -> Item | None:
        row = self._db.execute("SELECT * FROM items WHERE key = ?", (key,)).fetchone()
        return item_from_row(row) if row else None

    def translation(self, item: Item, lang: str) -> Item | None:
        row = self._db.execute(
            "SELECT * FROM items WHERE source_id = ? AND guid = ? AND lang = ?",
            (item.source_id, item.guid, lang),
        ).fetchone()
        return item_from_row(row) if row else None

    def page(self, item_key: str) -> Page | None:
        row = self._db.execute(
            "SELECT blocks, title_ruby, analysis FROM pages WHERE item_key = ?", (item_key,)
        ).fetchone()
        return page_from_row(item_key, row) if row is not None else None

    def alerts(self) -> list[Alert]:
        rows = self._db.execute("SELECT * FROM alerts ORDER BY severity DESC, issued DESC")
        return [alert_from_row(row) for row in rows.fetchall()]

    def _source_alerts(self, db: sqlite3.Connection, source_id: str) -> list[Alert]:
        rows = db.execute("SELECT * FROM alerts WHERE source_id = ?", (source_id,))
        return [alert_from_row(row) for row in rows.fetchall()]

    def active_alerts(self, now: datetime | None = None) -> list[Alert]:
        """Alerts in force now (Update/Cancel chains resolved), most severe first.

        Called from the UI thread every half minute: only unexpired alerts are decoded in
        full; what could end them (CAP updates/cancels, JMX chain heads) is read as stubs.
        """
        now = now or utc_now()
        rows = self._db.execute(
            """SELECT * FROM alerts WHERE cancelled = 0 AND msg_type != 'cancel'
               AND (expires IS NULL OR expires > ?)""",
            (iso(now),),
        ).fetchall()
        candidates = [alert_from_row(row) for row in rows]
        if not candidates:
            return []
        chains = sorted({a.chain for a in candidates if a.chain})
        marks = ",".join("?" * len(chains))
        context = self._db.execute(
            f"""SELECT source_id, id, msg_type, refs, chain, issued, revision FROM alerts
                WHERE (msg_type IN ('update', 'cancel') AND refs != '[]')
                   OR chain IN ({marks})""",
            chains,
        ).fetchall()
        stubs = [
            Alert(
                id=r["id"],
                source_id=r["source_id"],
                severity=Severity.UNKNOWN,
                event={},
                headline={},
                issued=parse_dt(r["issued"]),
                references=tuple(json.loads(r["refs"])),
                msg_type=r["msg_type"],
                chain=r["chain"],
                revision=r["revision"],
                cancelled=True,  # context only: never itself in the answer
            )
            for r in context
        ]
        return in_force(candidates + stubs, now)

    def change_marker(self) -> tuple[int, int]:
        """Changes whenever the content may have changed: commits by other connections
        (data_version) or by this one (total_changes). Lets readers cache safely."""
        version = self._db.execute("PRAGMA data_version").fetchone()[0]
        return int(version), self._db.total_changes

    def next_alert_onset(self, after: datetime) -> datetime | None:
        row = self._db.execute(
            "SELECT MIN(onset) AS t FROM alerts WHERE cancelled = 0 AND onset > ?",
            (iso(after),),
        ).fetchone()
        return parse_dt(row["t"])

    def source_statuses(self) -> list[SourceStatus]:
        rows = self._db.execute("SELECT * FROM sources ORDER BY id").fetchall()
        return [source_status_from_row(r) for r in rows]

    def source_location(self, source_id: str) -> str | None:
        """Where the stored content of ``source_id`` was read from (None: not stored)."""
        row = self._db.execute("SELECT location FROM sources WHERE id = ?", (source_id,)).fetchone()
        return str(row["location"]) if row else None

    def last_updated(self, category: Category) -> datetime | None:
        row = self._db.execute(
            "SELECT MAX(last_success) AS t FROM sources WHERE category = ?", (category.value,)
        ).fetchone()
        return parse_dt(row["t"])

    # --- sync bookkeeping (conditional GET, unchanged sources) -----------------------------

    def http_validators(
        self, source_id: str, location: str | None = None
    ) -> tuple[str | None, str | None]:
        """(ETag, Last-Modified) of the last good download, for a conditional GET; none when
        the source has no good content yet or now points somewhere else. Alert sources hold
        alerts, not items: a good sync with no alert in force is still good content."""
        row = self._db.execute(
            """SELECT etag, last_modified FROM sources WHERE id = ? AND last_success IS NOT NULL
               AND (item_count > 0 OR kind IN ('cap', 'jmx')) AND (? IS NULL OR location = ?)""",
            (source_id, location, location),
        ).fetchone()
        return (row["etag"], row["last_modified"]) if row else (None, None)

    def save_http_validators(self, source_id: str, etag: str | None, modified: str | None) -> None:
        with self._transaction() as db:
            _set_validators(db, source_id, (etag, modified))

    def record_unchanged(
        self,
        source: Source,
        now: datetime | None = None,
        validators: tuple[str | None, str | None] | None = None,
    ) -> int:
        """The server said 304 (or sent the very bytes read last time): the stored content is
        current. ``validators``: the answer's (ETag, Last-Modified), to save. Returns the
        stored item count."""
        now = now or utc_now()
        with self._transaction() as db:
            self._upsert_source(db, source)
            db.execute(
                "UPDATE sources SET last_attempt=?, last_success=?, last_error=NULL WHERE id=?",
                (iso(now), iso(now), source.id),
            )
            _set_validators(db, source.id, validators)
            row = db.execute("SELECT item_count FROM sources WHERE id = ?", (source.id,)).fetchone()
        return int(row["item_count"]) if row else 0


def _set_validators(
    db: sqlite3.Connection, source_id: str, validators: tuple[str | None, str | None] | None
) -> None:
    if validators is not None:
        db.execute(
            "UPDATE sources SET etag = ?, last_modified = ? WHERE id = ?", (*validators, source_id)
        )
