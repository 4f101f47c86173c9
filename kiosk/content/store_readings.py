"""The store's furigana side: which pages need readings, carrying and saving them.

Readings are content (issue 17): a sync carries a page's stored readings over when its text
did not change, and the analysis (kiosk.content.furigana) fills in the rest a batch at a time.
A mix-in of :class:`kiosk.content.store.Store` (kept apart to keep the store under ~400 lines).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING

from kiosk.content.model import Item, Page
from kiosk.content.store_rows import item_from_row, page_from_row, page_row, same_text

# Bound parameters per IN (...) query: well under SQLite's oldest limit of 999.
KEYS_PER_QUERY = 500


class StoreReadings:
    """Needs ``_db`` (the connection) and ``_transaction()`` from the Store."""

    if TYPE_CHECKING:
        _db: sqlite3.Connection

        def _transaction(self) -> AbstractContextManager[sqlite3.Connection]: ...

    def analysed_pages(self, item_keys: Iterable[str], version: int) -> dict[str, Page]:
        """The stored pages among ``item_keys`` whose readings come from analysis ``version``
        (the only ones a sync can carry over), by item key: one query per few hundred keys,
        not one per page (a 100-item feed used to cost 100 lookups per sync)."""
        keys = list(dict.fromkeys(item_keys))
        found: dict[str, Page] = {}
        for start in range(0, len(keys), KEYS_PER_QUERY):
            chunk = keys[start : start + KEYS_PER_QUERY]
            rows = self._db.execute(
                f"""SELECT item_key, blocks, title_ruby, analysis FROM pages
                    WHERE analysis = ? AND item_key IN ({",".join("?" * len(chunk))})""",
                (version, *chunk),
            )
            for row in rows:
                found[row["item_key"]] = page_from_row(row["item_key"], row)
        return found

    def title_ruby(self, title: str) -> tuple[tuple[str, str], ...] | None:
        """Stored furigana of an item title (category lists show titles with readings)."""
        row = self._db.execute(
            """SELECT pages.title_ruby FROM items JOIN pages ON pages.item_key = items.key
               WHERE items.title = ? AND pages.analysis > 0 LIMIT 1""",
            (title,),
        ).fetchone()
        if row is None:
            return None
        return tuple((str(b), str(r)) for b, r in json.loads(row["title_ruby"]))

    def keys_to_analyse(self, version: int) -> list[str]:
        """Item keys of the Japanese pages whose readings are missing or from another analysis
        version, the newest first (those are the ones people open)."""
        rows = self._db.execute(
            """SELECT pages.item_key FROM pages JOIN items ON items.key = pages.item_key
               WHERE items.lang = 'ja' AND pages.analysis != ? ORDER BY items.published DESC""",
            (version,),
        )
        return [row[0] for row in rows]

    def pages_to_analyse(
        self, version: int, keys: Sequence[str] | None = None
    ) -> list[tuple[Item, Page]]:
        """Those pages with their items, the newest first; ``keys``: only these (a batch of
        keys_to_analyse), in their order, so a big backlog is never all in memory at once."""
        query = """SELECT items.*, pages.blocks, pages.title_ruby, pages.analysis
                   FROM pages JOIN items ON items.key = pages.item_key
                   WHERE items.lang = 'ja' AND pages.analysis != ?"""
        if keys is None:
            rows = self._db.execute(query + " ORDER BY items.published DESC", (version,))
            return [(item_from_row(row), page_from_row(row["key"], row)) for row in rows]
        found: dict[str, tuple[Item, Page]] = {}
        for start in range(0, len(keys), KEYS_PER_QUERY):
            chunk = keys[start : start + KEYS_PER_QUERY]
            marks = ",".join("?" * len(chunk))
            for row in self._db.execute(
                f"{query} AND pages.item_key IN ({marks})", (version, *chunk)
            ):
                found[row["key"]] = (item_from_row(row), page_from_row(row["key"], row))
        return [found[key] for key in keys if key in found]

    def save_readings(self, pages: list[Page]) -> int:
        """Store new readings for pages whose text is still the text they were computed for
        (a sync may have replaced a page while its readings were being computed: those keep
        the newer text and wait for the next analysis). Returns how many were saved."""
        with self._transaction() as db:
            keys = list(dict.fromkeys(page.item_key for page in pages))
            stored: dict[str, sqlite3.Row] = {}
            for start in range(0, len(keys), KEYS_PER_QUERY):  # not one SELECT per page
                chunk = keys[start : start + KEYS_PER_QUERY]
                rows = db.execute(
                    f"""SELECT pages.item_key, items.title, pages.blocks FROM pages
                        JOIN items ON items.key = pages.item_key
                        WHERE pages.item_key IN ({",".join("?" * len(chunk))})""",
                    chunk,
                )
                stored.update((row["item_key"], row) for row in rows)
            current = [
                (*page_row(page)[1:], page.item_key)
                for page in pages
                if page.item_key in stored and same_text(stored[page.item_key], page)
            ]
            db.executemany(
                "UPDATE pages SET blocks = ?, title_ruby = ?, analysis = ? WHERE item_key = ?",
                current,
            )
        return len(current)
