"""`kiosk content check`: every problem in a volunteer package at once, as file:line.

Errors stop a package from going live (the reader would refuse it, or a person would be
misled: an expired page, a wrong weekday, a missing image). Advice is plain-language help
(やさしい日本語, a missing English twin) that never blocks an import.
"""

from __future__ import annotations

import re
import tempfile
import tomllib
import unicodedata
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

from kiosk.content import easyja
from kiosk.content.archive import is_zip, safe_extract
from kiosk.content.check_manifest import as_day, check_manifest
from kiosk.content.findings import Finding, Report
from kiosk.content.package_markdown import apply_ruby
from kiosk.content.package_toml import FIRST_YEAR, LAST_YEAR, line_of_key
from kiosk.content.packages import (
    MAX_PAGE_CHARS,
    PAGE_NAME,
    _split_front_matter,
    read_package,
)
from kiosk.content.problems import ContentError, Problem
from kiosk.i18n import gettext as _
from kiosk.i18n.dates import LOCAL_TZ

IMAGE_TYPES = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG"}
MAX_IMAGE_BYTES = 2 * 1024 * 1024
MAX_IMAGE_SIDE = 3000
KNOWN_FILES = {"package.toml", "alerts.toml", "readme.md", "readme.txt"}
ALT_MISSING = "every image needs alt text: ![what it shows](file)"

_markdown = MarkdownIt("commonmark", {"html": False}).enable("table")
# Bidi embeddings/overrides/isolates, zero-width space/joiners, word joiner, BOM mid-text.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
MAX_SAME_FINDINGS = 20
MAX_DAYS_AHEAD = 31  # how far ahead of today a page's 'published' may be
# At the largest text size a line holds about 20 full-width or 40 half-width characters.
MAX_WORD_CHARS = 40
_UNBREAKABLE = re.compile(
    "[^\\s\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uffef]"
    f"{{{MAX_WORD_CHARS + 1},}}"
)


def check_package(path: Path, today: date | None = None) -> Report:
    """Check a package folder or .zip; never raises for content problems."""
    path = Path(path)
    today = today or datetime.now(LOCAL_TZ).date()
    if is_zip(path):
        with tempfile.TemporaryDirectory(prefix="hiroba-check-") as tmp:
            try:
                root = safe_extract(path, Path(tmp) / "package")
            except ContentError as exc:
                return Report(path, [_from_problem(p) for p in exc.problems])
            report = check_folder(root, today)
            return _relocated(report, root, path)
    if not path.is_dir():
        return Report(path, [Finding(path, None, _("not a package folder or .zip file"))])
    return check_folder(path, today)


def check_folder(root: Path, today: date) -> Report:
    findings: list[Finding] = []
    try:
        read_package(root)
    except ContentError as exc:
        findings.extend(_from_problem(p) for p in exc.problems)
    manifest_path = root / "package.toml"
    text, data = _tolerant_toml(manifest_path)
    if data is not None:
        findings.extend(check_manifest(manifest_path, text, data, today))
    findings.extend(_invisible_characters(manifest_path, text))
    alerts_text, _alerts = _tolerant_toml(root / "alerts.toml")
    findings.extend(_invisible_characters(root / "alerts.toml", alerts_text))
    languages = [str(x) for x in data.get("languages", [])] if data else []
    pages: dict[str, list[str]] = {}
    for page in sorted(root.glob("*.md")):
        match = PAGE_NAME.match(page.name)
        if match is None:
            continue
        pages.setdefault(match["slug"], []).append(match["lang"])
        findings.extend(_check_page(root, page, match["lang"], today))
    findings.extend(_check_twins(root, pages, languages))
    findings.extend(_check_files(root))
    unique = list(dict.fromkeys(findings))
    unique.sort(key=lambda f: (str(f.path), f.line or 0, not f.error))
    return Report(root, unique)


def _from_problem(problem: Problem) -> Finding:
    return Finding(problem.path, problem.line, problem.message, True)


def _relocated(report: Report, root: Path, shown: Path) -> Report:
    """Findings inside an unpacked zip name the zip instead of a temporary folder."""
    moved = []
    for finding in report.findings:
        try:
            path = shown / finding.path.relative_to(root)
        except ValueError:
            path = finding.path
        moved.append(Finding(path, finding.line, finding.message, finding.error))
    return Report(shown, moved)


def _tolerant_toml(path: Path) -> tuple[str, dict[str, Any] | None]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return "", None  # read_package already reported it
    try:
        return text, tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError):
        return text, None


# --- pages ---------------------------------------------------------------------------------


# Other reading notations: still read, but one syntax is taught and checked ({漢字|かんじ}).
_OTHER_READING = re.compile(
    r"[｜|]([^｜|《》\n{}]+?)《([\u3041-\u3096\u30a1-\u30fc]+)》"
    r"|([\u3400-\u4dbf\u4e00-\u9fff々]+)(?:\(([\u3041-\u3096\u30a1-\u30fc]+)\)"
    r"|《([\u3041-\u3096\u30a1-\u30fc]+)》)"
)


def _reading_syntax(path: Path, body: str, offset: int) -> list[Finding]:
    """漢字(かんじ), 漢字《かんじ》, ｜漢字《かんじ》 → a fix-it hint for {漢字|かんじ}."""
    found = []
    for number, line in enumerate(body.splitlines(), start=offset + 1):
        for match in _OTHER_READING.finditer(line):
            base = match.group(1) or match.group(3)
            reading = match.group(2) or match.group(4) or match.group(5)
            found.append(
                Finding(
                    path,
                    number,
                    _("write readings as {{{base}|{reading}}} instead of {written}").format(
                        base=base, reading=reading, written=match.group(0)
                    ),
                )
            )
    return found


def _check_page(root: Path, path: Path, lang: str, today: date) -> list[Finding]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return []  # read_package already reported it
    if len(text) > MAX_PAGE_CHARS:
        return []  # read_package already refused it
    split = _split_front_matter(path, text, [])
    if split is None:
        return []
    meta, body, offset = split
    found: list[Finding] = []
    published = as_day(meta.get("published"))
    if published is not None and published > today + timedelta(days=MAX_DAYS_AHEAD):
        found.append(
            Finding(
                path,
                line_of_key(path, "published", text),
                _(
                    "published {day} is more than {n} days ahead: the page would stay at the "
                    "top of the list; give the day it is published"
                ).format(day=published.isoformat(), n=MAX_DAYS_AHEAD),
            )
        )
    expires = as_day(meta.get("expires"))
    if expires is not None and expires < today:
        found.append(
            Finding(
                path,
                line_of_key(path, "expires", text),
                _("expires {day} is in the past: the page would not be shown").format(
                    day=expires.isoformat()
                ),
            )
        )
    found.extend(_invisible_characters(path, text))
    found.extend(_reading_syntax(path, body, offset))
    runs, images = _text_runs(apply_ruby(body), offset)
    for line, src, alt in images:
        found.extend(_check_image(root, path, line, src, alt))
    found.extend(_long_words(path, runs))
    if lang == "ja":
        reference = published if published and FIRST_YEAR <= published.year <= LAST_YEAR else today
        for advice in easyja.advise(runs, reference):
            found.append(Finding(path, advice.line, advice.message, advice.error))
    return found


def _invisible_characters(path: Path, text: str) -> list[Finding]:
    """Direction overrides and zero-width characters hide or reorder what a reader sees
    (a phone number shown backwards, a word that does not match what is read aloud)."""
    found = []
    for match in _INVISIBLE.finditer(text):
        char = match.group()
        found.append(
            Finding(
                path,
                text.count("\n", 0, match.start()) + 1,
                _("invisible character U+{code:04X} ({name}): remove it").format(
                    code=ord(char), name=unicodedata.name(char, "format character").lower()
                ),
            )
        )
        if len(found) >= MAX_SAME_FINDINGS:
            break
    return found


def _long_words(path: Path, runs: list[easyja.TextRun]) -> list[Finding]:
    """A word (a run without spaces that may not be broken: Latin, digits, URLs, e-mail)
    longer than a line holds at the largest text size runs off the screen."""
    found = []
    for run in runs:
        for match in _UNBREAKABLE.finditer(run.text):
            found.append(
                Finding(
                    path,
                    run.line_at(match.start()),
                    _(
                        "a word of {n} characters ({start}…) is longer than a line can hold "
                        "({limit}); shorten it or add spaces"
                    ).format(n=len(match.group()), start=match.group()[:12], limit=MAX_WORD_CHARS),
                    error=False,
                )
            )
            if len(found) >= MAX_SAME_FINDINGS:
                return found
    return found


def _text_runs(body: str, offset: int) -> tuple[list[easyja.TextRun], list[tuple[int, str, str]]]:
    """Plain text of each block with per-character source lines, and every image."""
    runs: list[easyja.TextRun] = []
    images: list[tuple[int, str, str]] = []
    kinds: list[str] = []
    for token in _markdown.parse(body):
        if token.type.endswith("_open") and token.type != "paragraph_open":
            kinds.append(token.type[: -len("_open")])
        elif token.type.endswith("_close") and token.type != "paragraph_close":
            kinds.pop()
        elif token.type == "inline":
            kind = _kind(kinds)
            start = (token.map[0] if token.map else 0) + offset + 1
            runs.append(_run(token, kind, start, images))
    return runs, images


def _kind(stack: list[str]) -> str:
    if "heading" in stack:
        return "heading"
    if "table" in stack:
        return "table"
    if "bullet_list" in stack or "ordered_list" in stack:
        return "list"
    return "paragraph"


def _run(token: Token, kind: str, line: int, images: list[tuple[int, str, str]]) -> easyja.TextRun:
    chars: list[str] = []
    lines: list[int] = []
    for child in token.children or ():
        if child.type in ("text", "code_inline"):
            chars.extend(child.content)
            lines.extend([line] * len(child.content))
        elif child.type in ("softbreak", "hardbreak"):
            line += 1
        elif child.type == "image":
            images.append((line, str(child.attrs.get("src", "")), child.content.strip()))
    return easyja.TextRun(kind, "".join(chars), tuple(lines))


def _check_image(root: Path, page: Path, line: int, src: str, alt: str) -> list[Finding]:
    found: list[Finding] = []
    if not alt:
        found.append(Finding(page, line, _(ALT_MISSING)))
    if not src:
        return found
    if "://" in src or src.startswith(("/", "\\")):
        return [*found, Finding(page, line, _("images must be files inside the package"))]
    file = (root / src).resolve()
    if not file.is_relative_to(root.resolve()):
        return [*found, Finding(page, line, _("images must be files inside the package"))]
    if not file.is_file():
        return [*found, Finding(page, line, _("image file not found: {src}").format(src=src))]
    expected = IMAGE_TYPES.get(file.suffix.lower())
    if expected is None:
        return [
            *found,
            Finding(page, line, _("{src}: use a PNG or JPEG image").format(src=src)),
        ]
    size = file.stat().st_size
    if size > MAX_IMAGE_BYTES:
        found.append(
            Finding(
                page,
                line,
                _("{src} is {mb:.1f} MB; images may be at most {limit} MB").format(
                    src=src, mb=size / 1024 / 1024, limit=MAX_IMAGE_BYTES // 1024 // 1024
                ),
            )
        )
    found.extend(_check_image_content(page, line, src, file, expected))
    return found


def _check_image_content(
    page: Path, line: int, src: str, file: Path, expected: str
) -> list[Finding]:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(file) as image:
            actual, (width, height) = image.format, image.size
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        return [Finding(page, line, _("{src} is not a readable image").format(src=src))]
    found = []
    if actual != expected:
        found.append(
            Finding(
                page,
                line,
                _("{src} is really a {actual} file, not {expected}").format(
                    src=src, actual=actual, expected=expected
                ),
            )
        )
    if max(width, height) > MAX_IMAGE_SIDE:
        found.append(
            Finding(
                page,
                line,
                _("{src} is {width}×{height} pixels; make it at most {limit} pixels wide").format(
                    src=src, width=width, height=height, limit=MAX_IMAGE_SIDE
                ),
            )
        )
    return found


def _check_twins(root: Path, pages: dict[str, list[str]], languages: list[str]) -> list[Finding]:
    found = []
    for slug, have in sorted(pages.items()):
        for lang in languages:
            if lang not in have:
                found.append(
                    Finding(
                        root / f"{slug}.{have[0]}.md",
                        None,
                        _("no '{lang}' version of this page: add {name}").format(
                            lang=lang, name=f"{slug}.{lang}.md"
                        ),
                        error=False,
                    )
                )
    return found


def _check_files(root: Path) -> list[Finding]:
    found = []
    for file in sorted(root.rglob("*")):
        if file.is_dir():
            continue
        relative = file.relative_to(root)
        name = file.name.lower()
        if file.is_symlink():
            found.append(Finding(file, None, _("symbolic links are not allowed in a package")))
        elif any(part.startswith(".") for part in relative.parts):
            found.append(Finding(file, None, _("hidden file: remove it"), error=False))
        elif (
            len(relative.parts) == 1 and (name in KNOWN_FILES or name.endswith(".md"))
        ) or file.suffix.lower() in IMAGE_TYPES:
            continue
        else:
            found.append(
                Finding(file, None, _("this file is not used by the kiosk: remove it"), False)
            )
    return found
