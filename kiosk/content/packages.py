"""Volunteer content packages: a folder with package.toml and one Markdown file per page.

Layout (see content/demo/README.md)::

    package.toml          id, category, languages, author_group, valid_from/until, [title]
    <slug>.<lang>.md      +++ TOML front matter (published, expires) +++, then Markdown
    alerts.toml           optional [[alert]] tables (drills, local notices)

``read_package`` reports every problem at once as a ``ContentError`` listing file:line.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from kiosk.content.model import (
    Alert,
    Block,
    BlockKind,
    Category,
    Item,
    Page,
    Severity,
    Source,
    SourceContent,
)
from kiosk.content.package_markdown import markdown_to_blocks
from kiosk.content.problems import ContentError, Problem
from kiosk.content.reading import split_block_readings
from kiosk.i18n import gettext as _
from kiosk.i18n.dates import LOCAL_TZ

FIRST_YEAR, LAST_YEAR = 1990, 2100  # the window of dates a page may carry
# A page file longer than this is no page for a kiosk (the longest demo page has ~2,000); it is
# refused before Markdown parsing, which costs ~2 µs a character for some texts.
MAX_PAGE_CHARS = 50_000
PAGE_NAME = re.compile(r"^(?P<slug>[a-z0-9][a-z0-9-]*)\.(?P<lang>[a-z]{2}(?:-[A-Za-z]+)?)\.md$")
# A package id becomes a folder name: a-z, 0-9 and . _ - only, never "..", at most 100 long.
PACKAGE_ID = re.compile(r"[a-z0-9][a-z0-9._-]{0,99}")
FRONT_MATTER_FENCE = "+++"
ALERT_TEXT_FIELDS = ("event", "headline", "area", "instruction")


@dataclass(frozen=True, slots=True)
class PackageInfo:
    id: str
    category: Category
    languages: tuple[str, ...]
    title: dict[str, str]
    author_group: str
    valid_from: datetime | None
    valid_until: datetime | None
    contact: dict[str, str] | None = None  # an organisation: name, phone, email
    priority: int = 0


def read_package(path: Path) -> SourceContent:
    """Read one package folder into items, pages and alerts, or raise ContentError."""
    path = Path(path)
    problems: list[Problem] = []
    manifest = path / "package.toml"
    if not manifest.is_file():
        raise ContentError(Problem(manifest, None, _("package.toml is missing")))
    info = _read_manifest(manifest, problems)
    if info is None:
        raise ContentError(problems)
    source = Source(
        id=f"package:{info.id}", kind="package", location=str(path), category=info.category
    )
    items: list[Item] = []
    pages: list[Page] = []
    page_files = []
    for candidate in sorted(path.glob("*.md")):
        if candidate.name.lower() == "readme.md":
            continue
        if not candidate.is_file():
            problems.append(Problem(candidate, None, _("a folder may not be named like a page")))
            continue
        page_files.append(candidate)
    if not page_files:
        problems.append(Problem(path, None, _("the package has no pages (<slug>.<lang>.md)")))
    for page_file in page_files:
        read = _read_page(page_file, source, info, problems)
        if read is not None:
            items.append(read[0])
            pages.append(read[1])
    alerts_file = path / "alerts.toml"
    alerts = _read_alerts(alerts_file, source, problems) if alerts_file.exists() else []
    if problems:
        raise ContentError(problems)
    return SourceContent(
        source=source, items=tuple(items), pages=tuple(pages), alerts=tuple(alerts)
    )


def read_packages(folder: Path) -> list[SourceContent]:
    """Read every package below ``folder`` (each sub-folder with a package.toml)."""
    found = sorted(p.parent for p in Path(folder).glob("*/package.toml"))
    return [read_package(p) for p in found]


# --- manifest ------------------------------------------------------------------------------


def _load_toml(path: Path, problems: list[Problem], text: str | None = None) -> dict[str, Any]:
    try:
        raw = text if text is not None else path.read_text(encoding="utf-8")
        return tomllib.loads(raw)
    except UnicodeDecodeError as exc:
        problems.append(
            Problem(path, None, _("not UTF-8 text ({reason})").format(reason=exc.reason))
        )
    except tomllib.TOMLDecodeError as exc:
        problems.append(
            Problem(path, _toml_error_line(exc), _("TOML syntax error: {error}").format(error=exc))
        )
    except RecursionError:
        problems.append(Problem(path, None, _("TOML nested too deeply; it is refused")))
    except OSError as exc:
        problems.append(
            Problem(path, None, _("cannot read ({error})").format(error=exc.strerror or exc))
        )
    return {}


def _toml_error_line(exc: tomllib.TOMLDecodeError) -> int | None:
    match = re.search(r"line (\d+)", str(exc))
    return int(match.group(1)) if match else None


def _line_of_key(path: Path, key: str, text: str | None = None) -> int | None:
    """Best-effort line number of ``key =`` in a TOML file, for error messages."""
    try:
        lines = (text if text is not None else path.read_text(encoding="utf-8")).splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    pattern = re.compile(rf"^\s*(\[+\s*)?{re.escape(key)}\b")
    return next((n for n, line in enumerate(lines, 1) if pattern.match(line)), None)


def _read_manifest(path: Path, problems: list[Problem]) -> PackageInfo | None:
    data = _load_toml(path, problems)
    if not data:
        if not problems:
            problems.append(Problem(path, None, _("package.toml is empty")))
        return None
    start = len(problems)

    def need(key: str, kind: type | tuple[type, ...]) -> Any:
        value = data.get(key)
        if value is None:
            problems.append(Problem(path, None, _("'{key}' is missing").format(key=key)))
        elif not isinstance(value, kind):
            problems.append(
                Problem(
                    path, _line_of_key(path, key), _("'{key}' has the wrong type").format(key=key)
                )
            )
            return None
        return value

    package_id = need("id", str)
    category_name = need("category", str)
    languages = need("languages", list)
    title = need("title", dict)
    category = None
    if category_name is not None:
        try:
            category = Category(category_name)
        except ValueError:
            choices = ", ".join(c.value for c in Category)
            problems.append(
                Problem(
                    path,
                    _line_of_key(path, "category"),
                    _("unknown category '{name}' (use one of: {choices})").format(
                        name=category_name, choices=choices
                    ),
                )
            )
    if package_id is not None and not PACKAGE_ID.fullmatch(package_id):
        problems.append(
            Problem(path, _line_of_key(path, "id"), _("'id' may hold only a-z, 0-9, '.', '_', '-'"))
        )
    valid_from = _as_datetime(data.get("valid_from"), path, "valid_from", problems)
    valid_until = _as_datetime(data.get("valid_until"), path, "valid_until", problems)
    if len(problems) > start or category is None:
        return None
    return PackageInfo(
        id=package_id,
        category=category,
        languages=tuple(str(lang) for lang in languages),
        title={str(k): str(v) for k, v in title.items()},
        author_group=str(data.get("author_group", "")),
        valid_from=valid_from,
        valid_until=valid_until,
        contact=_contact(data.get("contact"), path, problems),
        priority=data.get("priority", 0) if isinstance(data.get("priority"), int) else 0,
    )


def _contact(value: object, path: Path, problems: list[Problem]) -> dict[str, str] | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        problems.append(
            Problem(
                path,
                _line_of_key(path, "contact"),
                _("'contact' must be a table: [contact] name = …, phone = …"),
            )
        )
        return None
    return {str(k): str(v) for k, v in value.items()}


def _as_datetime(
    value: object, path: Path, key: str, problems: list[Problem], text: str | None = None
) -> datetime | None:
    """TOML dates become local midnight; naive datetimes are taken as local time.

    Years outside FIRST_YEAR..LAST_YEAR are refused: 0001-01-01 cannot even be stored, and
    9999-12-31 would pin a page to the top of its list forever.
    """
    if value is None:
        return None
    if isinstance(value, date) and not FIRST_YEAR <= value.year <= LAST_YEAR:
        problems.append(
            Problem(
                path,
                _line_of_key(path, key, text),
                _("'{key}' {day} is not a real date for a page (years {first}–{last})").format(
                    key=key, day=value.isoformat()[:10], first=FIRST_YEAR, last=LAST_YEAR
                ),
            )
        )
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=LOCAL_TZ)
    if isinstance(value, date):
        return datetime.combine(value, time(0, 0), tzinfo=LOCAL_TZ)
    problems.append(
        Problem(
            path,
            _line_of_key(path, key, text),
            _("'{key}' must be a date like 2026-11-20").format(key=key),
        )
    )
    return None


# --- pages ---------------------------------------------------------------------------------


def _split_front_matter(
    path: Path, text: str, problems: list[Problem]
) -> tuple[dict[str, Any], str, int] | None:
    """Return (front matter, markdown body, line offset of the body)."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != FRONT_MATTER_FENCE:
        problems.append(Problem(path, 1, _("the page must start with a '+++' front matter block")))
        return None
    try:
        end = next(i for i, line in enumerate(lines[1:], 1) if line.strip() == FRONT_MATTER_FENCE)
    except StopIteration:
        problems.append(Problem(path, 1, _("the front matter block is not closed with '+++'")))
        return None
    header = "\n".join(lines[1:end])
    try:
        meta = tomllib.loads(header)
    except RecursionError:
        problems.append(Problem(path, 2, _("TOML nested too deeply; it is refused")))
        return None
    except tomllib.TOMLDecodeError as exc:
        line = _toml_error_line(exc)
        problems.append(
            Problem(
                path,
                line + 1 if line else 2,
                _("front matter TOML syntax error: {error}").format(error=exc),
            )
        )
        return None
    return meta, "\n".join(lines[end + 1 :]), end + 1


def _read_page(
    path: Path, source: Source, info: PackageInfo, problems: list[Problem]
) -> tuple[Item, Page] | None:
    match = PAGE_NAME.match(path.name)
    if not match:
        problems.append(
            Problem(path, None, _("page files are named <slug>.<lang>.md, e.g. flu-shot.ja.md"))
        )
        return None
    slug, lang = match.group("slug"), match.group("lang")
    if lang not in info.languages:
        problems.append(
            Problem(
                path,
                None,
                _("language '{lang}' is not listed in package.toml 'languages'").format(lang=lang),
            )
        )
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        problems.append(
            Problem(path, None, _("not UTF-8 text ({reason})").format(reason=exc.reason))
        )
        return None
    if len(text) > MAX_PAGE_CHARS:
        problems.append(
            Problem(
                path,
                None,
                _(
                    "the page has {n} characters; a kiosk page may have at most {limit}: "
                    "split it into several pages"
                ).format(n=len(text), limit=MAX_PAGE_CHARS),
            )
        )
        return None
    start = len(problems)
    split = _split_front_matter(path, text, problems)
    if split is None:
        return None
    meta, body, offset = split
    if "published" not in meta:
        problems.append(Problem(path, 2, _("front matter needs 'published = YYYY-MM-DD'")))
    published = _as_datetime(meta.get("published"), path, "published", problems, text)
    expires = _as_datetime(meta.get("expires"), path, "expires", problems, text) or info.valid_until
    title, blocks = markdown_to_blocks(body, path, offset, problems)
    if len(problems) > start or title is None:
        return None
    title, blocks = split_block_readings(title, blocks)  # 漢字(かんじ) → Block.readings
    item = Item(
        source_id=source.id,
        guid=slug,
        title=title,
        category=info.category,
        lang=lang,
        summary=_summary(blocks),
        published=published,
        updated=published,
        link="",
        expires=expires,
    )
    return item, Page(item_key=item.key, blocks=tuple(blocks))


def _summary(blocks: list[Block]) -> str:
    first = next((b for b in blocks if b.kind is BlockKind.PARAGRAPH), None)
    return first.text if first else ""


# --- alerts --------------------------------------------------------------------------------


def _read_alerts(path: Path, source: Source, problems: list[Problem]) -> list[Alert]:
    try:
        text = path.read_text(encoding="utf-8") if path.is_file() else ""
    except (OSError, UnicodeDecodeError):
        problems.append(Problem(path, None, _("alerts.toml is not readable UTF-8 text")))
        return []
    data = _load_toml(path, problems, text)
    alerts: list[Alert] = []
    tables = data.get("alert", [])
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        problems.append(Problem(path, None, _("alerts are written as [[alert]] tables")))
        return []
    for index, raw in enumerate(tables, 1):
        line = _nth_table_line(text, "alert", index)
        missing = [k for k in ("id", "severity", "event", "headline") if k not in raw]
        if missing:
            problems.append(
                Problem(
                    path,
                    line,
                    _("alert #{n}: missing {keys}").format(n=index, keys=", ".join(missing)),
                )
            )
            continue
        try:
            severity = Severity.parse(str(raw["severity"]))
        except ValueError as exc:
            problems.append(
                Problem(path, line, _("alert #{n}: {error}").format(n=index, error=exc))
            )
            continue
        texts: dict[str, dict[str, str]] = {}
        for name in ALERT_TEXT_FIELDS:
            value = raw.get(name, {})
            if isinstance(value, str):
                value = {"ja": value}
            if not isinstance(value, dict):
                problems.append(
                    Problem(
                        path,
                        line,
                        _("alert #{n}: '{key}' must be a table of languages").format(
                            n=index, key=name
                        ),
                    )
                )
                value = {}
            texts[name] = {str(k): str(v) for k, v in value.items()}
        alerts.append(
            Alert(
                id=str(raw["id"]),
                source_id=source.id,
                severity=severity,
                event=texts["event"],
                headline=texts["headline"],
                area=texts["area"],
                instruction=texts["instruction"],
                onset=_as_datetime(raw.get("onset"), path, "onset", problems, text),
                expires=_as_datetime(raw.get("expires"), path, "expires", problems, text),
                issued=_as_datetime(raw.get("onset"), path, "onset", problems, text),
                drill=bool(raw.get("drill", False)),
            )
        )
    return alerts


def _nth_table_line(text: str, name: str, n: int) -> int | None:
    seen = 0
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip() == f"[[{name}]]":
            seen += 1
            if seen == n:
                return number
    return None
