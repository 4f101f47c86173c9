"""The data model everything on screen comes from (see DESIGN.md, "Data model").

Plain frozen dataclasses; readers produce them, the store persists them, view-models read them.
No raw HTML ever lives in these objects: text fields hold plain text only.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import Enum, IntEnum

from kiosk.sources import Category, Source  # noqa: F401 - part of the model's face


class Severity(IntEnum):
    """Alert severity, CAP's scale; JMA kinds are mapped onto it by their reader."""

    UNKNOWN = 0
    MINOR = 1  # e.g. 注意報
    MODERATE = 2
    SEVERE = 3  # e.g. 警報, 土砂災害警戒情報
    EXTREME = 4  # e.g. 特別警報, 大津波警報

    @classmethod
    def parse(cls, text: str) -> Severity:
        try:
            return cls[text.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {text!r}") from None


class BlockKind(Enum):
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST = "list"
    TABLE = "table"
    IMAGE = "image"


@dataclass(frozen=True, slots=True)
class Block:
    """One piece of a simplified page.

    - heading/paragraph: ``text``
    - list: ``items`` (one plain string per entry), ``ordered``
    - table: ``rows`` (first row is the header row when ``header`` is true)
    - image: ``text`` is the alt text, ``src`` the package-relative or absolute path
    """

    kind: BlockKind
    text: str = ""
    items: tuple[str, ...] = ()
    ordered: bool = False
    rows: tuple[tuple[str, ...], ...] = ()
    header: bool = False
    level: int = 2
    src: str = ""
    # (base, reading) pairs the author gave ({漢字|かんじ}); the text itself stays plain.
    readings: tuple[tuple[str, str], ...] = ()
    # Furigana computed at sync/import time (kiosk.content.furigana), one entry per text unit
    # in reading order (text; or each list item; or each table cell, row by row): the unit as
    # (base, hiragana reading) pairs, reading "" where none is needed. The screen only paints.
    ruby: tuple[tuple[tuple[str, str], ...], ...] = ()

    def units(self) -> tuple[str, ...]:
        """The block's text units, in the order ``ruby`` follows."""
        if self.kind is BlockKind.LIST:
            return self.items
        if self.kind is BlockKind.TABLE:
            return tuple(cell for row in self.rows for cell in row)
        return (self.text,) if self.text else ()

    def plain_text(self) -> str:
        """The block as plain text, in reading order (used for search, speech and tests)."""
        if self.kind is BlockKind.LIST:
            return "\n".join(self.items)
        if self.kind is BlockKind.TABLE:
            return "\n".join("　".join(row) for row in self.rows)
        return self.text

    def to_json(self) -> dict[str, object]:
        data: dict[str, object] = {"kind": self.kind.value}
        if self.kind in (BlockKind.HEADING, BlockKind.PARAGRAPH, BlockKind.IMAGE):
            data["text"] = self.text
        if self.kind is BlockKind.HEADING:
            data["level"] = self.level
        if self.kind is BlockKind.LIST:
            data["items"] = list(self.items)
            data["ordered"] = self.ordered
        if self.kind is BlockKind.TABLE:
            data["rows"] = [list(r) for r in self.rows]
            data["header"] = self.header
        if self.kind is BlockKind.IMAGE:
            data["src"] = self.src
        if self.readings:
            data["readings"] = [list(pair) for pair in self.readings]
        if self.ruby:
            data["ruby"] = [[list(pair) for pair in unit] for unit in self.ruby]
        return data

    @classmethod
    def from_json(cls, data: dict[str, object]) -> Block:
        kind = BlockKind(data["kind"])
        return cls(
            kind=kind,
            text=str(data.get("text", "")),
            items=tuple(str(i) for i in data.get("items", ())),  # type: ignore[union-attr]
            ordered=bool(data.get("ordered", False)),
            rows=tuple(tuple(str(c) for c in r) for r in data.get("rows", ())),  # type: ignore[union-attr]
            header=bool(data.get("header", False)),
            level=int(data.get("level", 2)),  # type: ignore[arg-type]
            src=str(data.get("src", "")),
            readings=tuple(
                (str(base), str(reading))
                for base, reading in data.get("readings", ())  # type: ignore[union-attr]
            ),
            ruby=tuple(
                tuple((str(base), str(reading)) for base, reading in unit)
                for unit in data.get("ruby", ())  # type: ignore[union-attr]
            ),
        )


@dataclass(frozen=True, slots=True)
class Item:
    """One thing a person can open: a notice, a page, a facility."""

    source_id: str
    guid: str
    title: str
    category: Category
    lang: str = "ja"
    summary: str = ""
    published: datetime | None = None
    updated: datetime | None = None
    link: str = ""
    expires: datetime | None = None

    @property
    def key(self) -> str:
        """Stable identity across syncs; the same page in another language shares source+guid."""
        return f"{self.source_id}|{self.guid}|{self.lang}"


@dataclass(frozen=True, slots=True)
class Page:
    item_key: str
    blocks: tuple[Block, ...]
    title_ruby: tuple[tuple[str, str], ...] = ()  # the item title's furigana, like Block.ruby
    analysis: int = 0  # kiosk.content.analysis.ANALYSIS_VERSION the ruby came from (0: none)

    def plain_text(self) -> str:
        return "\n".join(b.plain_text() for b in self.blocks)


@dataclass(frozen=True, slots=True)
class Alert:
    """A disaster or weather alert, normalised from CAP, JMA XML or a content package.

    Text fields are per language: ``{"ja": "...", "en": "..."}``; ``text(field, lang)`` falls
    back to Japanese, then to any language present.
    """

    id: str
    source_id: str
    severity: Severity
    event: dict[str, str]
    headline: dict[str, str]
    area: dict[str, str] = field(default_factory=dict)
    instruction: dict[str, str] = field(default_factory=dict)
    onset: datetime | None = None
    expires: datetime | None = None
    issued: datetime | None = None
    cancelled: bool = False
    drill: bool = False
    references: tuple[str, ...] = ()
    # Added for CAP/JMX (issue 5); all default so older readers and rows still work.
    areas: tuple[tuple[str, str], ...] = ()  # (code, name): JMA area codes, CAP geocodes
    kind: str = ""  # e.g. "VTSE41:52" (JMA type and kind code) or a CAP event code
    msg_type: str = "alert"  # alert | update | cancel (CAP msgType; JMX 取消 → cancel)
    chain: str = ""  # JMX: alerts sharing a chain are replaced by the chain's newest document
    revision: int = 0  # order within a chain when two documents share ``issued``
    description: dict[str, str] = field(default_factory=dict)  # longer text (CAP description)
    level: int | None = None  # 警戒レベル (相当) from kiosk.content.alert_levels; None: no level

    def text(self, name: str, lang: str) -> str:
        values: dict[str, str] = getattr(self, name)
        for candidate in (lang, "ja"):
            if values.get(candidate):
                return values[candidate]
        return next((v for v in values.values() if v), "")

    def is_active(self, now: datetime) -> bool:
        if self.cancelled or self.msg_type == "cancel":
            return False
        if self.onset is not None and now < self.onset:
            return False
        return self.expires is None or now < self.expires


@dataclass(frozen=True, slots=True)
class SourceContent:
    """Everything one source yielded in one read: written to the store as one transaction."""

    source: Source
    items: tuple[Item, ...] = ()
    pages: tuple[Page, ...] = ()
    alerts: tuple[Alert, ...] = ()
    # Alert sources: titles of the documents seen but not read (types the kiosk has no reader
    # for), so staff see them instead of an unexplained "0 alerts".
    skipped: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()  # one-line remarks for staff (e.g. a feed cut at the cap)

    def owned_by(self, source: Source) -> SourceContent:
        """The same content under another source (config ids and categories win over a
        package's own), with item keys, pages and alerts moved along."""
        items = tuple(replace(i, source_id=source.id, category=source.category) for i in self.items)
        keys = {old.key: new.key for old, new in zip(self.items, items, strict=True)}
        pages = tuple(replace(p, item_key=keys.get(p.item_key, p.item_key)) for p in self.pages)
        alerts = tuple(replace(a, source_id=source.id) for a in self.alerts)
        return SourceContent(
            source=source, items=items, pages=pages, alerts=alerts, notes=self.notes
        )
