"""JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1), validated field by field.

feedparser returns no entries for JSON Feed, so this small reader does it: the json module
parses, and every field the kiosk uses is checked for its type before use. Items that break
the spec in a way we can work around (no title, say) are kept with a fallback; items we cannot
show at all (no id, no text) are skipped; a feed with nothing usable is an error.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from kiosk.content.model import Block, BlockKind, Item, Page, Source, SourceContent
from kiosk.content.readers.errors import JsonFeedError
from kiosk.content.readers.feeds import (
    MAX_ITEMS,
    cap_note,
    feed_item,
    guess_lang,
    parse_date,
    unique_entries,
)
from kiosk.content.simplify import (
    html_to_blocks,
    normalize_text,
    plain_title,
    summary_of,
    text_to_blocks,
)

VERSIONS = ("https://jsonfeed.org/version/1", "https://jsonfeed.org/version/1.1")


def looks_like_jsonfeed(data: bytes) -> bool:
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"{") and b"jsonfeed.org/version" in data[:65536]


def read_jsonfeed(data: bytes, source: Source) -> SourceContent:
    """Items and pages of a JSON Feed; raises only JsonFeedError."""
    try:
        return _read(data, source)
    except JsonFeedError:
        raise
    except Exception as exc:
        raise JsonFeedError(f"JSON Feed could not be read ({type(exc).__name__})") from exc


def _read(data: bytes, source: Source) -> SourceContent:
    try:
        text = data.decode("utf-8-sig")  # the spec says UTF-8; a BOM is tolerated
    except UnicodeDecodeError as exc:
        raise JsonFeedError(f"JSON Feed is not UTF-8 (byte {exc.start})") from exc
    try:
        feed = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:  # deep nesting → RecursionError
        raise JsonFeedError(f"not valid JSON: {exc}") from exc
    if not isinstance(feed, dict):
        raise JsonFeedError("JSON Feed must be an object")
    version = feed.get("version")
    if not isinstance(version, str) or version.rstrip("/") not in VERSIONS:
        raise JsonFeedError(f"not a JSON Feed (version {str(version)[:60]!r})")
    if not isinstance(feed.get("title"), str):
        raise JsonFeedError("JSON Feed has no title")
    raw_items = feed.get("items")
    if not isinstance(raw_items, list):
        raise JsonFeedError("JSON Feed has no items list")
    if not raw_items:
        raise JsonFeedError("the feed has no items")
    titles = " ".join(_string(i, "title") for i in raw_items[:20] if isinstance(i, dict))
    lang = source.lang or _string(feed, "language").split("-")[0] or guess_lang(titles)
    items, pages = unique_entries(
        _item(raw, source, lang) for raw in raw_items[:MAX_ITEMS] if isinstance(raw, dict)
    )
    if not items:
        raise JsonFeedError("the feed has no usable items")
    notes = cap_note(source, sum(isinstance(i, dict) for i in raw_items))
    return SourceContent(source=source, items=items, pages=pages, notes=notes)


def _string(data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    return value if isinstance(value, str) else ""


def _item(raw: dict[str, Any], source: Source, lang: str) -> tuple[Item, Page] | None:
    html = _string(raw, "content_html")
    blocks = html_to_blocks(html) if html else ()
    if not blocks:
        blocks = text_to_blocks(_string(raw, "content_text") or _string(raw, "summary"))
    blocks = blocks + _attachment_blocks(raw)
    title = plain_title(_string(raw, "title")) or summary_of(blocks, limit=60)
    if not title:
        return None
    raw_id = raw.get("id")
    # The spec says id is a string; 1.0 feeds in the wild use numbers too.
    guid = str(raw_id) if isinstance(raw_id, str | int) and not isinstance(raw_id, bool) else ""
    link = _string(raw, "url")
    if not link.startswith(("http://", "https://")):
        link = ""
    guid = guid or link or hashlib.sha1(title.encode()).hexdigest()[:16]
    item_lang = _string(raw, "language").split("-")[0] or lang
    published = parse_date(_string(raw, "date_published"), item_lang)
    updated = parse_date(_string(raw, "date_modified"), item_lang)
    published = published or updated
    summary = normalize_text(_string(raw, "summary")) or summary_of(blocks)
    if not blocks:
        blocks = (Block(BlockKind.PARAGRAPH, text=title),)
    return feed_item(source, guid, title, item_lang, summary, published, updated, link, blocks)


def _attachment_blocks(raw: dict[str, Any]) -> tuple[Block, ...]:
    attachments = raw.get("attachments")
    if not isinstance(attachments, list):
        return ()
    names = []
    for attachment in attachments:
        if not isinstance(attachment, dict) or not _string(attachment, "url"):
            continue
        title = _string(attachment, "title") or _string(attachment, "mime_type")
        minutes = attachment.get("duration_in_seconds")
        if isinstance(minutes, int | float) and not isinstance(minutes, bool) and minutes > 0:
            title = f"{title} ({round(minutes / 60)} min)"
        if title:
            names.append(normalize_text(title))
    return (Block(BlockKind.LIST, items=tuple(names)),) if names else ()
