"""Local-government open-data CSV → one readable page per facility, event or shelter.

Covers the standard data sets 指定緊急避難場所一覧, AED設置箇所一覧, 公共施設一覧 and
イベント一覧 in both the older 推奨データセット layout (2020: NO, 住所, 方書 …)
and the newer 自治体標準オープンデータセット layout (ID, 所在地_連結表記, 建物名等(方書) …).
Columns are found by header name, never by position, because their order moves between
editions and publishers. Encoding is detected (UTF-8 with or without BOM, CP932);
half-width katakana are normalised.
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from kiosk.content.model import Block, BlockKind, Item, Page, Source, SourceContent
from kiosk.content.readers.errors import CsvError
from kiosk.content.readers.feeds import JST
from kiosk.content.readers.text import decode
from kiosk.content.simplify import normalize_text
from kiosk.i18n import N_, gettext

MAX_ROWS = 5000
# Field → header names that carry it, newer layout first.
COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("ID", "NO", "No", "番号"),
    "name": ("名称", "イベント名", "施設名", "避難場所名称"),
    "kana": ("名称_カナ", "イベント名_カナ", "施設名_カナ"),
    "common_name": ("名称_通称",),
    "address": ("所在地_連結表記", "住所", "所在地"),
    "building": ("建物名等(方書)", "方書"),
    "phone": ("電話番号", "連絡先電話番号"),
    "extension": ("内線番号", "連絡先内線番号"),
    "location_detail": ("設置位置",),
    "description": ("説明",),
    "days": ("利用可能曜日",),
    "start_time": ("開始時間",),
    "end_time": ("終了時間",),
    "hours_note": ("利用可能日時特記事項", "利用可能時間特記事項", "開始日時特記事項"),
    "capacity": ("想定収容人数",),
    "shelter_too": ("指定避難所との重複",),
    "child_pads": ("小児対応設備の有無",),
    "start_date": ("開始日",),
    "end_date": ("終了日",),
    "venue": ("場所名称",),
    "fee": ("料金(基本)", "料金（基本）"),
    "organiser": ("主催者",),
    "url": ("URL",),
    "note": ("備考",),
}
HAZARDS: tuple[tuple[str, str], ...] = (
    ("災害種別_洪水", N_("Flood")),
    ("災害種別_崖崩れ、土石流及び地滑り", N_("Landslide and debris flow")),
    ("災害種別_高潮", N_("Storm surge")),
    ("災害種別_地震", N_("Earthquake")),
    ("災害種別_津波", N_("Tsunami")),
    ("災害種別_大規模な火事", N_("Large fire")),
    ("災害種別_内水氾濫", N_("Inland flooding")),
    ("災害種別_火山現象", N_("Volcanic activity")),
)
TRUE_VALUES = {"1", "○", "〇", "◯", "有", "あり", "true", "yes", "可", "対応"}
DATASETS = ("evacuation", "aed", "event", "facility")


@dataclass(frozen=True, slots=True)
class Record:
    """One row, by field name (see COLUMNS); ``hazards`` maps a hazard label to True/False."""

    dataset: str
    fields: dict[str, str]
    hazards: dict[str, bool] = field(default_factory=dict)

    def get(self, name: str) -> str:
        return self.fields.get(name, "")


def read_opendata_csv(data: bytes, source: Source) -> SourceContent:
    """One item and page per row, sorted by reading (五十音順); raises only CsvError."""
    try:
        records = read_records(data)
        return _content(records, source)
    except CsvError:
        raise
    except Exception as exc:
        raise CsvError(f"CSV could not be read ({type(exc).__name__})") from exc


def looks_like_opendata_csv(data: bytes) -> bool:
    """True when the first line is a CSV header naming a 名称 or 住所 column."""
    first_line = data[:8192].split(b"\n", 1)[0]
    try:
        header, _ = decode(first_line)
    except UnicodeDecodeError:
        return False
    return header.count(",") >= 2 and any(
        name in header for names in (COLUMNS["name"], COLUMNS["address"]) for name in names
    )


def read_records(data: bytes) -> list[Record]:
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
    if not rows:
        raise CsvError("the CSV file is empty")
    header = [normalize_text(h) for h in rows[0]]
    index = _column_index(header)
    if "name" not in index:
        raise CsvError(f"CSV is missing the column 名称 (found: {', '.join(header[:8])[:120]})")
    if "address" not in index and "venue" not in index:
        raise CsvError("CSV is missing the column 所在地_連結表記 or 住所")
    hazard_columns = {label: header.index(col) for col, label in HAZARDS if col in header}
    dataset = _dataset(header, index, hazard_columns)
    records = []
    for row in rows[1 : MAX_ROWS + 1]:
        if not any(cell.strip() for cell in row):
            continue
        fields = {name: normalize_text(row[col]) for name, col in index.items() if col < len(row)}
        if not fields.get("name"):
            continue
        hazards = {
            label: col < len(row) and row[col].strip().lower() in TRUE_VALUES
            for label, col in hazard_columns.items()
        }
        records.append(Record(dataset, fields, hazards))
    if not records:
        raise CsvError("the CSV has no rows with a name")
    return records


def _column_index(header: list[str]) -> dict[str, int]:
    positions = {name: i for i, name in reversed(list(enumerate(header)))}
    index = {}
    for name, candidates in COLUMNS.items():
        for candidate in candidates:
            if candidate in positions:
                index[name] = positions[candidate]
                break
    return index


def _dataset(header: list[str], index: dict[str, int], hazards: dict[str, int]) -> str:
    if hazards:
        return "evacuation"
    if "location_detail" in index or "child_pads" in index:
        return "aed"
    if "イベント名" in header or "start_date" in index:
        return "event"
    return "facility"


def _content(records: list[Record], source: Source) -> SourceContent:
    lang = source.lang or "ja"
    items: list[Item] = []
    pages: list[Page] = []
    seen: set[str] = set()
    for record in sorted(records, key=_sort_key):
        guid = (
            record.get("id")
            or hashlib.sha1(
                "|".join(
                    record.get(k) for k in ("name", "address", "location_detail", "start_date")
                ).encode()
            ).hexdigest()[:16]
        )
        if guid in seen:
            continue
        seen.add(guid)
        published, expires = _event_dates(record)
        item = Item(
            source_id=source.id,
            guid=guid,
            title=_title(record, lang),
            category=source.category,
            lang=lang,
            summary=record.get("address") or record.get("venue"),
            published=published,
            link=record.get("url") if record.get("url").startswith(("http:", "https:")) else "",
            expires=expires,
        )
        items.append(item)
        pages.append(Page(item.key, record_blocks(record, lang)))
    return SourceContent(source=source, items=tuple(items), pages=tuple(pages))


def _sort_key(record: Record) -> tuple[str, str, str]:
    # Events by date; everything else in 五十音 order of the reading, then by name.
    if record.dataset == "event":
        return (record.get("start_date"), record.get("name"), "")
    return ("", record.get("kana") or record.get("name"), record.get("name"))


def _title(record: Record, lang: str) -> str:
    name = record.get("name")
    if record.dataset == "aed":
        return gettext("AED: {name}", lang).format(name=name)
    return name


def record_blocks(record: Record, lang: str) -> tuple[Block, ...]:
    """The readable page of one row: what it is, where, how to reach it, what it serves."""
    _ = lambda text: gettext(text, lang)  # noqa: E731 - content language, not screen language
    blocks: list[Block] = []
    purpose = {
        "evacuation": N_("Designated emergency evacuation site"),
        "aed": N_("AED (defibrillator) location"),
        "event": N_("Event"),
        "facility": N_("Public facility"),
    }[record.dataset]
    blocks.append(Block(BlockKind.PARAGRAPH, text=_(purpose)))
    if record.get("description"):
        blocks.append(Block(BlockKind.PARAGRAPH, text=record.get("description")))
    rows: list[tuple[str, str]] = []
    if record.get("kana") and record.get("kana") != record.get("name"):
        rows.append((_("Reading"), record.get("kana")))
    address = " ".join(v for v in (record.get("address"), record.get("building")) if v)
    for label, value in (
        (N_("Place"), record.get("venue")),
        (N_("Address"), address),
        (N_("Where in the building"), record.get("location_detail")),
        (N_("Date"), _date_range(record)),
        (N_("Opening days"), record.get("days")),
        (N_("Hours"), _hours(record)),
        (N_("Fee"), record.get("fee")),
        (N_("Organiser"), record.get("organiser")),
        (N_("Phone"), _phone(record)),
        (N_("Capacity"), _capacity(record, lang)),
        (N_("Note"), record.get("note")),
    ):
        if value:
            rows.append((_(label), value))
    if record.get("child_pads"):
        has = record.get("child_pads").lower() in TRUE_VALUES
        rows.append((_("Pads for children"), _("Available") if has else _("Not available")))
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
        if record.get("shelter_too").lower() in TRUE_VALUES:
            blocks.append(
                Block(BlockKind.PARAGRAPH, text=_("It is also a shelter where you can stay."))
            )
    return tuple(blocks)


def _phone(record: Record) -> str:
    phone = record.get("phone")
    if phone and record.get("extension"):
        return f"{phone} ({record.get('extension')})"
    return phone


def _hours(record: Record) -> str:
    start, end = record.get("start_time"), record.get("end_time")
    hours = f"{start}〜{end}" if start and end else start or end
    return " ".join(v for v in (hours, record.get("hours_note")) if v)


def _capacity(record: Record, lang: str) -> str:
    value = record.get("capacity")
    if value.isdigit():
        return gettext("{n} people", lang).format(n=f"{int(value):,}")
    return value


def _parse_day(text: str) -> date | None:
    for fmt in ("%Y-%m-%d", "%Y/%m/%d", "%Y%m%d", "%Y年%m月%d日"):
        try:
            return datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    return None


def _date_range(record: Record) -> str:
    start, end = record.get("start_date"), record.get("end_date")
    if start and end and end != start:
        return f"{start}〜{end}"
    return start


def _event_dates(record: Record) -> tuple[datetime | None, datetime | None]:
    """An event is dated by its start and disappears the day after it ends."""
    start = _parse_day(record.get("start_date"))
    end = _parse_day(record.get("end_date")) or start
    published = datetime(start.year, start.month, start.day, tzinfo=JST) if start else None
    expires = (
        datetime(end.year, end.month, end.day, tzinfo=JST) + timedelta(days=1) if end else None
    )
    return published, expires
