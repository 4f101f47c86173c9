"""Local-government open-data CSV → one readable page per facility, event or shelter.

Which list a CSV is (指定緊急避難場所, AED, 公衆トイレ …) is decided by its header row as a whole
against the declarations in opendata_datasets.py, in both the 自治体標準オープンデータセット
(2023+) and the older 推奨データセット layouts and their real-world variants; a source's
``dataset = "…"`` setting wins over detection. A CSV that matches no declaration is shown as a
plain list (name, address, phone) under the source's own title, or refused with the headers it
has: never under a label it may not deserve. Columns are found by header, never by position.
Encoding is detected (UTF-8 with or without BOM, CP932); half-width katakana are normalised.
"""

from __future__ import annotations

import csv
import hashlib
import io
import logging
import re
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from kiosk.content.japanese_dates import parse_japanese_day
from kiosk.content.model import Block, BlockKind, Item, Page, Source, SourceContent
from kiosk.content.readers.errors import CsvError
from kiosk.content.readers.feeds import JST
from kiosk.content.readers.opendata_datasets import BY_ID, DATASETS, PLAIN
from kiosk.content.readers.opendata_fields import NEUTRAL_HEADERS
from kiosk.content.readers.opendata_schema import (
    Column,
    Dataset,
    Field,
    best_match,
    columns_of,
    header_key,
    locate,
)
from kiosk.content.readers.opendata_values import flag_value, full_address, hazard_value, with_unit
from kiosk.content.readers.text import decode
from kiosk.content.simplify import normalize_text
from kiosk.i18n import gettext

log = logging.getLogger("kiosk.readers")
MAX_ROWS = 5000  # per source: more rows than this are cut, with a note staff can see
_NEUTRAL = frozenset(header_key(h) for h in NEUTRAL_HEADERS)
_NAME_LIKE = re.compile(r"(名称|名)$")
# 都道府県名及び市町村名 ends in 名 but names the town, not the place: never guessed as the name
_TOWN_LIKE = re.compile(r"都道府県|市町村|市区町村|自治体|団体")
_ADDRESS_LIKE = re.compile(r"(住所|所在地)")
_SENTENCE = re.compile(r"[。.!?！？<>{}]")


@dataclass(frozen=True, slots=True)
class Record:
    """One row by field key; ``hazards`` maps a hazard label (N_ msgid) to True/False."""

    dataset: str
    fields: dict[str, str]
    hazards: dict[str, bool] = field(default_factory=dict)
    units: dict[str, str] = field(default_factory=dict)  # field key → unit from its header
    title: str = ""  # plain lists: the source's configured title

    def get(self, name: str) -> str:
        return self.fields.get(name, "")

    @property
    def declaration(self) -> Dataset:
        return BY_ID.get(self.dataset, PLAIN)


def read_opendata_csv(data: bytes, source: Source) -> SourceContent:
    """One item and page per row, sorted by reading (五十音順); raises only CsvError."""
    try:
        records = read_records(data, dataset=source.dataset, title=source.title)
        content = _content(records, source)
        return replace(content, notes=_row_cap_note(source, data) + content.notes)
    except CsvError:
        raise
    except Exception as exc:
        raise CsvError(f"CSV could not be read ({type(exc).__name__})") from exc


def looks_like_opendata_csv(data: bytes) -> bool:
    """True when the first line is a CSV header of a known list or with a name/address column."""
    first_line = data[:8192].split(b"\n", 1)[0]
    try:
        header, _ = decode(first_line)
    except UnicodeDecodeError:
        return False
    header = header.strip("\r\n")  # a stray CR before the header (seen by the fuzz test)
    if header.count(",") < 2:
        return False
    try:
        cells = [c.strip() for c in next(csv.reader([header]), [])]
    except csv.Error:  # a CR inside the line: not a header row; detect() must not raise
        return False
    if recognise(cells) is not None or _plain_columns(columns_of(cells)):
        return True
    # A header row of short labels is still a CSV: the reader then names what it found.
    return len(cells) >= 3 and all(0 < len(c) <= 30 and not _SENTENCE.search(c) for c in cells)


def recognise(header: list[str]) -> str | None:
    """The id of the declared dataset a header row belongs to, or None."""
    match = best_match(DATASETS, header, neutral=_NEUTRAL)
    return match.dataset.id if match else None


def read_records(data: bytes, dataset: str = "", title: str = "") -> list[Record]:
    """Rows as Records of the recognised (or the named) dataset; raises CsvError."""
    rows = _rows(data)
    rows = rows[_header_index(rows) :]
    header = rows[0]
    columns = columns_of(header)
    if dataset:
        declared = BY_ID.get(dataset)
        if declared is None:
            raise CsvError(f"unknown open-data list {dataset!r} (known: {', '.join(BY_ID)})")
        found = locate(declared.fields, columns)
    else:
        match = best_match(DATASETS, header, neutral=_NEUTRAL)
        declared = match.dataset if match else PLAIN
        found = match.columns if match else _plain_columns(columns)
    if "name" not in found:
        found.update(_guess(columns, found, "name", _NAME_LIKE))
    if "name" not in found:
        raise CsvError(_no_column("name", declared, columns))
    address_fields = {"address", "address_town", "venue"}
    if declared is PLAIN and not address_fields & found.keys():
        raise CsvError(_no_column("address", declared, columns))
    units = {key: column.unit for key, column in found.items() if column.unit}
    hazard_fields = [
        f for f in declared.fields if f.kind == "hazard" and f.label and f.key in found
    ]
    records = []
    for row in rows[1 : MAX_ROWS + 1]:
        filled = [cell.strip() for cell in row if cell.strip()]
        if not filled or (len(filled) == 1 and filled[0].startswith(("※", "注", "出典"))):
            continue  # a footnote under the table, not a place
        fields = {
            key: normalize_text(row[column.index])
            for key, column in found.items()
            if column.index < len(row)
        }
        if not fields.get("name"):
            continue
        hazards = _hazards(fields, hazard_fields)
        records.append(Record(declared.id, fields, hazards, units, title))
    if not records:
        raise CsvError("the CSV has no rows with a name")
    return records


def _hazards(fields: dict[str, str], hazard_fields: list[Field]) -> dict[str, bool]:
    """Hazard label → usable or not, from one row's 災害種別 cells.

    A blank cell means "not for this hazard" (the standard), but only in a row that marks at
    least one cell: a row that stops before the hazard columns, or leaves them all blank, says
    nothing about them, and "do not use this site" would be a guess a senior would trust.
    """
    present = [spec for spec in hazard_fields if spec.key in fields]
    if not any(fields[spec.key].strip() for spec in present):
        return {}
    found = {}
    for spec in present:
        value = hazard_value(fields[spec.key])
        if value is not None:
            found[spec.label] = value
    return found


def _header_index(rows: list[list[str]]) -> int:
    """The header row: the first of the top rows that is a known list or has name and address
    columns (some files start with a title line such as 「指定緊急避難場所一覧」)."""
    for index, row in enumerate(rows[:5]):
        if recognise(row) is not None or _plain_columns(columns_of(row)):
            return index
    return 0


def _row_cap_note(source: Source, data: bytes) -> tuple[str, ...]:
    rows = data.count(b"\n")
    if rows <= MAX_ROWS + 1:
        return ()
    note = f"only the first {MAX_ROWS:,} of about {rows - 1:,} rows are shown (per-source limit)"
    log.warning("csv %s: %s", source.id, note)
    return (note,)


def _rows(data: bytes) -> list[list[str]]:
    if not data.strip():
        raise CsvError("the CSV file is empty")
    try:
        text, _encoding = decode(data)
    except UnicodeDecodeError as exc:
        raise CsvError(f"CSV is neither UTF-8 nor CP932 (byte {exc.start})") from exc
    if "\x00" in text:
        raise CsvError("CSV contains NUL bytes (not a text file)")
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise CsvError(f"CSV is malformed: {exc}") from exc
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    if not rows:
        raise CsvError("the CSV file is empty")
    return rows


def _plain_columns(columns: list[Column]) -> dict[str, Column]:
    """Name, address, phone … of a list no declaration matches (only when both a name-like
    and an address-like column are there)."""
    found = locate(PLAIN.fields, columns)
    found.update(_guess(columns, found, "name", _NAME_LIKE))
    found.update(_guess(columns, found, "address", _ADDRESS_LIKE))
    if "name" in found and "address" in found:
        return found
    return {}


def _guess(columns: list[Column], found: dict[str, Column], key: str, like: re.Pattern[str]):
    """A column whose header looks like ``key`` (e.g. 事業所名, 設置場所住所), if none is known."""
    if key in found:
        return {}
    used = {c.index for c in found.values()}
    for column in columns:
        if column.index in used or column.name in _NEUTRAL or "カナ" in column.name:
            continue
        if key == "name" and _TOWN_LIKE.search(column.name):
            continue
        if like.search(column.name):
            return {key: column}
    return {}


def _no_column(what: str, declared: Dataset, columns: list[Column]) -> str:
    found = _what_was_found([c.raw for c in columns])
    if declared is PLAIN:
        return f"CSV matches no known open-data list and has no {what} column ({found})"
    return f"CSV has no {what} column for {declared.title_ja} ({found})"


def _what_was_found(header: list[str]) -> str:
    """Column names help staff fix a real CSV; anything else (a file that is not a CSV at all,
    e.g. a system file a path points at by mistake) is never echoed into logs or screens."""
    names = [h for h in header if h]
    if len(names) >= 3 and all(len(h) <= 40 for h in names):
        found = ", ".join(names)
        return f"found: {found[:157] + '…' if len(found) > 160 else found}"
    return f"the first line has {len(header)} column(s): this does not look like an open-data CSV"


def _content(records: list[Record], source: Source) -> SourceContent:
    lang = source.lang or "ja"
    items: list[Item] = []
    pages: list[Page] = []
    seen: set[str] = set()
    places: set[str] = set()  # name, address, detail, date: the same row twice is one place
    repeated = shared_id = 0
    for record in sorted(records, key=_sort_key):
        identity = "|".join(
            record.get(k) for k in ("name", "address", "location_detail", "start_date")
        )
        digest = hashlib.sha1(identity.encode()).hexdigest()[:16]
        guid = record.get("id") or digest
        if digest in places:
            repeated += 1
            continue
        if guid in seen:  # another place under an ID already used (a typo, a copied row)
            guid, shared_id = f"{guid}-{digest[:8]}", shared_id + 1
        seen.add(guid)
        places.add(digest)
        published, expires = _event_dates(record)
        link = record.get("url")
        item = Item(
            source_id=source.id,
            guid=guid,
            title=gettext(record.declaration.item_title, lang).format(name=record.get("name")),
            category=source.category,
            lang=lang,
            summary=full_address(record.fields) or record.get("venue"),
            published=published,
            link=link if link.startswith(("http:", "https:")) else "",
            expires=expires,
        )
        items.append(item)
        pages.append(Page(item.key, record_blocks(record, lang)))
    notes = []
    if shared_id:
        notes.append(f"{shared_id} row(s) reuse another row's ID; each place is shown")
    if repeated:
        notes.append(f"{repeated} repeated row(s) shown once")
    for note in notes:
        log.warning("csv %s: %s", source.id, note)
    return SourceContent(source=source, items=tuple(items), pages=tuple(pages), notes=tuple(notes))


def _sort_key(record: Record) -> tuple[str, str, str]:
    # Events by date; everything else in 五十音 order of the reading, then by name.
    if record.declaration.category == "events":
        return (record.get("start_date"), record.get("name"), "")
    return ("", record.get("kana") or record.get("name"), record.get("name"))


def record_blocks(record: Record, lang: str) -> tuple[Block, ...]:
    """The readable page of one row: what it is, where, how to reach it, what it serves."""
    _ = lambda text: gettext(text, lang)  # noqa: E731 - content language, not screen language
    dataset = record.declaration
    blocks: list[Block] = []
    purpose = _(dataset.purpose) if dataset.purpose else record.title
    if purpose:
        blocks.append(Block(BlockKind.PARAGRAPH, text=purpose))
    if record.get("description"):
        blocks.append(Block(BlockKind.PARAGRAPH, text=record.get("description")))
    rows = [
        (_(spec.label), value)
        for spec in dataset.fields
        if spec.label and spec.kind != "hazard" and (value := _fact(record, spec.key, lang))
    ]
    if rows:
        blocks.append(Block(BlockKind.TABLE, rows=tuple(rows), header=False))
    if record.hazards:
        served = tuple(_(label) for label, ok in record.hazards.items() if ok)
        not_served = tuple(_(label) for label, ok in record.hazards.items() if not ok)
        if served:
            blocks.append(Block(BlockKind.HEADING, text=_("Use this site for"), level=3))
            blocks.append(Block(BlockKind.LIST, items=served))
        if not_served:
            blocks.append(Block(BlockKind.HEADING, text=_("Do not use this site for"), level=3))
            blocks.append(Block(BlockKind.LIST, items=not_served))
    elif any(spec.kind == "hazard" and spec.label for spec in dataset.fields):
        # the row says nothing of hazards: say where to ask rather than guess
        text = _("The list does not say which disasters this site is for. Ask the town office.")
        blocks.append(Block(BlockKind.PARAGRAPH, text=text))
    if hazard_value(record.get("shelter_too")):
        blocks.append(
            Block(BlockKind.PARAGRAPH, text=_("It is also a shelter where you can stay."))
        )
    return tuple(blocks)


def _fact(record: Record, key: str, lang: str) -> str:
    """The shown value of one labelled field ("" when there is nothing to say)."""
    spec = record.declaration.field(key)
    value = record.get(key)
    if key == "kana":
        return value if value != record.get("name") else ""
    if key == "address":
        return full_address(record.fields)
    if key == "phone":
        extension = record.get("extension")
        return f"{value} ({extension})" if value and extension else value
    if key == "start_time":
        start, end = value, record.get("end_time")
        hours = f"{start}〜{end}" if start and end else start or end
        return " ".join(v for v in (hours, record.get("hours_note")) if v)
    if key == "start_date":
        end = record.get("end_date")
        return f"{value}〜{end}" if value and end and end != value else value
    if spec is None or not value:
        return value
    if spec.kind == "number":
        return with_unit(value, record.units.get(key) or spec.unit, lang)
    if spec.kind == "flag":
        answer = flag_value(value)
        if answer is None:
            return value  # 「一部可」「要予約」: shown as written, never guessed
        return gettext(spec.yes if answer else spec.no, lang)
    return value


def _event_dates(record: Record) -> tuple[datetime | None, datetime | None]:
    """An event is dated by its start and disappears the day after it ends."""
    start = parse_japanese_day(record.get("start_date"))
    end = parse_japanese_day(record.get("end_date")) or start
    published = datetime(start.year, start.month, start.day, tzinfo=JST) if start else None
    expires = (
        datetime(end.year, end.month, end.day, tzinfo=JST) + timedelta(days=1) if end else None
    )
    return published, expires
