"""Rows ↔ model objects for the store: how items, pages and alerts are laid out in SQLite."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from kiosk.content.model import Alert, Block, Category, Item, Page, Severity


def iso(value: datetime | None) -> str | None:
    return value.astimezone(UTC).isoformat() if value else None


def parse_dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


# One encoder for every row: json.dumps(..., ensure_ascii=False) builds a new one per call,
# a fifth of the cost of writing a page. Same output.
_encode = json.JSONEncoder(ensure_ascii=False).encode


def page_row(page: Page) -> tuple[str, str, str, int]:
    return (
        page.item_key,
        _encode([b.to_json() for b in page.blocks]),
        _encode([list(pair) for pair in page.title_ruby]),
        page.analysis,
    )


def page_from_row(item_key: str, row: sqlite3.Row) -> Page:
    return Page(
        item_key,
        tuple(Block.from_json(b) for b in json.loads(row["blocks"])),
        tuple((str(b), str(r)) for b, r in json.loads(row["title_ruby"])),
        int(row["analysis"]),
    )


def same_text(row: sqlite3.Row, page: Page) -> bool:
    """Whether a stored page (``title`` and ``blocks`` columns) has the text ``page``'s
    readings were computed for: same title, same blocks once readings are set aside."""
    if row["title"] != "".join(base for base, _ in page.title_ruby):
        return False
    stored = [replace(Block.from_json(b), ruby=()) for b in json.loads(row["blocks"])]
    return stored == [replace(b, ruby=()) for b in page.blocks]


def item_from_row(row: sqlite3.Row) -> Item:
    return Item(
        source_id=row["source_id"],
        guid=row["guid"],
        title=row["title"],
        category=Category(row["category"]),
        lang=row["lang"],
        summary=row["summary"],
        published=parse_dt(row["published"]),
        updated=parse_dt(row["updated"]),
        link=row["link"],
        expires=parse_dt(row["expires"]),
    )


def alert_row(source_id: str, alert: Alert) -> tuple[object, ...]:
    texts = {
        "event": alert.event,
        "headline": alert.headline,
        "area": alert.area,
        "instruction": alert.instruction,
        "description": alert.description,
    }
    if alert.level is not None:  # 警戒レベル rides with the texts: no column, no migration
        texts["level"] = alert.level  # type: ignore[assignment]
    return (
        source_id,
        alert.id,
        int(alert.severity),
        int(alert.drill),
        int(alert.cancelled),
        iso(alert.onset),
        iso(alert.expires),
        iso(alert.issued),
        json.dumps(texts, ensure_ascii=False),
        json.dumps(list(alert.references)),
        json.dumps([list(a) for a in alert.areas], ensure_ascii=False),
        alert.kind,
        alert.msg_type,
        alert.chain,
        alert.revision,
    )


def alert_from_row(row: sqlite3.Row) -> Alert:
    texts = json.loads(row["texts"])
    return Alert(
        id=row["id"],
        source_id=row["source_id"],
        severity=Severity(row["severity"]),
        event=texts.get("event", {}),
        headline=texts.get("headline", {}),
        area=texts.get("area", {}),
        instruction=texts.get("instruction", {}),
        onset=parse_dt(row["onset"]),
        expires=parse_dt(row["expires"]),
        issued=parse_dt(row["issued"]),
        cancelled=bool(row["cancelled"]),
        drill=bool(row["drill"]),
        references=tuple(json.loads(row["refs"])),
        description=texts.get("description", {}),
        areas=tuple((str(c), str(n)) for c, n in json.loads(row["areas"])),
        kind=row["kind"],
        msg_type=row["msg_type"],
        chain=row["chain"],
        revision=row["revision"],
        level=texts.get("level"),
    )


@dataclass(frozen=True, slots=True)
class SourceStatus:
    id: str
    kind: str
    category: Category
    last_attempt: datetime | None
    last_success: datetime | None
    last_error: str | None
    item_count: int
    skipped: tuple[str, ...] = ()  # alert documents of types not read, by title
    note: str | None = None  # a remark on the last good sync (not an error)


def source_status_from_row(r: sqlite3.Row) -> SourceStatus:
    return SourceStatus(
        id=r["id"],
        kind=r["kind"],
        category=Category(r["category"]),
        last_attempt=parse_dt(r["last_attempt"]),
        last_success=parse_dt(r["last_success"]),
        last_error=r["last_error"],
        item_count=r["item_count"],
        skipped=tuple(json.loads(r["skipped"] or "[]")),
        note=r["note"],
    )
