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
from datetime import datetime
from pathlib import Path
from typing import Any

from kiosk.content.model import (
    Block,
    BlockKind,
    Category,
    Item,
    Page,
    Source,
    SourceContent,
)
from kiosk.content.package_alerts import read_alerts
from kiosk.content.package_markdown import markdown_to_blocks
from kiosk.content.package_toml import as_datetime, line_of_key, load_toml, toml_error_line
from kiosk.content.problems import ContentError, Problem
from kiosk.content.reading import split_block_readings
from kiosk.i18n import gettext as _

# A page file longer than this is no page for a kiosk (the longest demo page has ~2,000); it is
# refused before Markdown parsing, which costs ~2 µs a character for some texts.
MAX_PAGE_CHARS = 50_000
PAGE_NAME = re.compile(r"^(?P<slug>[a-z0-9][a-z0-9-]*)\.(?P<lang>[a-z]{2}(?:-[A-Za-z]+)?)\.md$")
# A package id becomes a folder name: a-z, 0-9 and . _ - only, never "..", at most 100 long.
PACKAGE_ID = re.compile(r"[a-z0-9][a-z0-9._-]{0,99}")
FRONT_MATTER_FENCE = "+++"


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
    alerts = read_alerts(alerts_file, source, problems) if alerts_file.exists() else []
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


def _read_manifest(path: Path, problems: list[Problem]) -> PackageInfo | None:
    data = load_toml(path, problems)
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
                    path, line_of_key(path, key), _("'{key}' has the wrong type").format(key=key)
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
                    line_of_key(path, "category"),
                    _("unknown category '{name}' (use one of: {choices})").format(
                        name=category_name, choices=choices
                    ),
                )
            )
    if package_id is not None and not PACKAGE_ID.fullmatch(package_id):
        problems.append(
            Problem(path, line_of_key(path, "id"), _("'id' may hold only a-z, 0-9, '.', '_', '-'"))
        )
    valid_from = as_datetime(data.get("valid_from"), path, "valid_from", problems)
    valid_until = as_datetime(data.get("valid_until"), path, "valid_until", problems)
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
                line_of_key(path, "contact"),
                _("'contact' must be a table: [contact] name = …, phone = …"),
            )
        )
        return None
    return {str(k): str(v) for k, v in value.items()}


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
        line = toml_error_line(exc)
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
    published = as_datetime(meta.get("published"), path, "published", problems, text)
    expires = as_datetime(meta.get("expires"), path, "expires", problems, text) or info.valid_until
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
