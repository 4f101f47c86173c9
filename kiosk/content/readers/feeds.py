"""RSS 0.9x/1.0/2.0 and Atom feeds, read with feedparser, into Items and Pages.

Before feedparser sees a byte, defusedxml checks the document for entity declarations and
external references (billion laughs, XXE): a feed never needs them, so they are refused.
"""

from __future__ import annotations

import codecs
import email.utils
import hashlib
import logging
import re
import time
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urljoin

import defusedxml
import defusedxml.ElementTree
import feedparser

from kiosk.content.japanese_dates import as_datetime, parse_japanese_datetime
from kiosk.content.model import Block, BlockKind, Item, Page, Source, SourceContent
from kiosk.content.readers.errors import FeedError
from kiosk.content.simplify import (
    html_to_blocks,
    normalize_text,
    plain_title,
    summary_of,
    text_to_blocks,
)
from kiosk.i18n import gettext
from kiosk.i18n.dates import LOCAL_TZ

log = logging.getLogger("kiosk.readers")
JST = LOCAL_TZ  # naive times in Japanese feeds
MAX_ITEMS = 500  # per source: more entries than this are cut, with a note staff can see
_XML_DECL = re.compile(rb"^\s*<\?xml[^>]*\?>")
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.\-]+)["']""")


def read_feed(data: bytes, source: Source, content_type: str | None = None) -> SourceContent:
    """Items (newest first) and one simplified page per item; raises only FeedError."""
    try:
        return _read(data, source, content_type)
    except FeedError:
        raise
    except Exception as exc:  # feedparser has many private failure modes; report, never crash
        raise FeedError(f"feed could not be read ({type(exc).__name__}: {exc})") from exc


def refuse_dangerous_xml(data: bytes, error: type[Exception] = FeedError) -> None:
    """Raise ``error`` for XML with entity declarations or external references."""
    ascii_compatible = b"\x00" not in data[:4] and not data.startswith((b"\xff\xfe", b"\xfe\xff"))
    if ascii_compatible and b"<!DOCTYPE" not in data:
        return  # no DTD, so no entity can be declared: nothing to refuse, skip the extra parse
    declared = _XML_ENCODING.match(data)
    encoding = declared.group(1).decode("ascii") if declared else "utf-8"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    elif data[:2] in (b"<\x00", b"\x00<"):
        encoding = "utf-16-le" if data[0] == 0x3C else "utf-16-be"
    try:
        text = data.decode(_codec(encoding), errors="replace").lstrip("\ufeff")
        text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text, count=1)
        defusedxml.ElementTree.fromstring(text)
    except (defusedxml.EntitiesForbidden, defusedxml.ExternalReferenceForbidden) as exc:
        raise error(f"XML with entity declarations or external references refused ({exc})") from exc
    except defusedxml.DTDForbidden as exc:  # not forbidden by default; kept for clarity
        raise error(f"XML with a DTD refused ({exc})") from exc
    except Exception:  # malformed XML is judged by feedparser itself, leniently
        pass


def _codec(name: str) -> str:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return "utf-8"


def _read(data: bytes, source: Source, content_type: str | None) -> SourceContent:
    if not data.strip():
        raise FeedError("the feed is empty (no content)")
    refuse_dangerous_xml(data)
    headers = {"content-type": content_type} if content_type else None
    parsed = feedparser.parse(
        data, response_headers=headers, sanitize_html=False, resolve_relative_uris=False
    )
    if isinstance(parsed.get("bozo_exception"), feedparser.CharacterEncodingOverride):
        # The declared charset is wrong and feedparser guessed a Latin one: mojibake for
        # Japanese. Try the encodings Japanese publishers really use, strictly.
        parsed = _reparse_with_real_encoding(data, parsed)
    if parsed.get("bozo") and parsed.entries and _truncated(data):
        raise FeedError(f"feed is cut off: {_one_line(parsed.get('bozo_exception'))}")
    if not parsed.get("version") and not parsed.entries:
        reason = parsed.get("bozo_exception") or "not an RSS or Atom feed"
        raise FeedError(f"not a readable feed: {_one_line(reason)}")
    if not parsed.entries:
        if parsed.get("bozo"):
            raise FeedError(f"broken feed: {_one_line(parsed.get('bozo_exception'))}")
        raise FeedError("the feed has no items")
    lang = (
        source.lang
        or _feed_lang(parsed)
        or guess_lang(" ".join(str(e.get("title", "")) for e in parsed.entries[:20]))
    )
    # The base for relative <link>s (/soshiki/gomi.html): the feed's address, as a browser
    # takes it; for a feed read from a file, the site the feed names (<channel><link>).
    web = ("http://", "https://")
    base = source.location if source.location.startswith(web) else ""
    base = base or str(parsed.feed.get("link") or "")
    made = (_item(e, source, lang, base) for e in parsed.entries[:MAX_ITEMS])
    items, pages = unique_entries(made)
    if not items:
        raise FeedError("the feed has no usable items (no titles)")
    readable = [
        (item, page) for item, page in zip(items, pages, strict=True) if "\ufffd" not in item.title
    ]
    garbled = len(items) - len(readable)
    if garbled * 2 > len(items):
        raise FeedError("the feed's text does not match its declared charset (mojibake)")
    notes = cap_note(source, len(parsed.entries))
    if garbled:  # a stray bad byte in a few titles: those items go, the rest stay
        note = f"{garbled} item(s) left out: their titles have characters that cannot be read"
        log.warning("feed %s: %s", source.id, note)
        notes += (note,)
        items, pages = tuple(i for i, _ in readable), tuple(p for _, p in readable)
    return SourceContent(source=source, items=items, pages=pages, notes=notes)


def cap_note(source: Source, total: int) -> tuple[str, ...]:
    """A logged, staff-visible note when a feed has more entries than the per-source cap."""
    if total <= MAX_ITEMS:
        return ()
    note = f"only the first {MAX_ITEMS:,} of {total:,} entries are shown (per-source limit)"
    log.warning("feed %s: %s", source.id, note)
    return (note,)


def _reparse_with_real_encoding(data: bytes, parsed: Any) -> Any:
    body = _XML_DECL.sub(b"", data, count=1)
    for encoding in ("utf-8", "cp932", "euc_jp"):
        try:
            text = body.decode(encoding)
        except UnicodeDecodeError:
            continue
        return feedparser.parse(
            b'<?xml version="1.0" encoding="utf-8"?>' + text.encode("utf-8"),
            sanitize_html=False,
            resolve_relative_uris=False,
        )
    raise FeedError(
        f"the feed's text does not match its charset ({_one_line(parsed.bozo_exception)})"
    )


_ROOT_END = re.compile(rb"</(?:[\w.-]+:)?(?:rss|RDF|feed)>\Z")


def _truncated(data: bytes) -> bool:
    """A feed whose root element never closes was cut off in transfer."""
    # Trailing comments are peeled off one by one: a nested regex over them backtracks
    # exponentially (30 comments in the last 4 KB froze a sync).
    tail = data[-4096:].rstrip()
    while tail.endswith(b"-->"):
        start = tail.rfind(b"<!--")
        if start < 0:
            return True
        tail = tail[:start].rstrip()
    return _ROOT_END.search(tail) is None


def guess_lang(text: str) -> str:
    """ "ja" when the text has kana or kanji (or nothing to judge by), else "en"."""
    if not text.strip() or re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", text):
        return "ja"
    return "en"


def _feed_lang(parsed: Any) -> str:
    return _primary(str(parsed.feed.get("language") or ""))


def _primary(tag: str) -> str:
    """en-US → en, ja → ja: the language part of a tag, as the kiosk keys content."""
    return tag.lower().split("-")[0] if tag else ""


def _entry_lang(entry: Any) -> str:
    """An entry's own xml:lang (an English entry in a Japanese feed), read as the feed's."""
    for detail in ("title_detail", "summary_detail"):
        language = _primary(str((entry.get(detail) or {}).get("language") or ""))
        if language:
            return language
    return ""


def _title(entry: Any) -> str:
    """The entry's title as text: an Atom title of type html or xhtml is markup, not text."""
    title = str(entry.get("title") or "")
    kind = str((entry.get("title_detail") or {}).get("type") or "")
    if "html" in kind and "<" in title:
        return normalize_text(" ".join(b.plain_text() for b in html_to_blocks(title)))
    return plain_title(title)


def _item(entry: Any, source: Source, lang: str, base: str = "") -> tuple[Item, Page] | None:
    blocks = _entry_blocks(entry)
    lang = (not source.lang and _entry_lang(entry)) or lang
    title = _title(entry)
    if not title:
        title = summary_of(blocks, limit=60)
    if not title:
        return None
    # dict.get: FeedParserDict.get("updated") falls back to "published" with a warning.
    updated = parse_date(dict.get(entry, "updated"), lang)
    published = parse_date(dict.get(entry, "published"), lang) or updated
    if published is None:
        published = _from_struct(
            dict.get(entry, "published_parsed") or dict.get(entry, "updated_parsed")
        )
    link = entry_link(entry, base)
    guid = str(entry.get("id") or link or "")
    if not guid:
        guid = hashlib.sha1(f"{title}|{published}".encode()).hexdigest()[:16]
    summary = summary_of(blocks)
    if not blocks or "".join(b.plain_text() for b in blocks).split() == title.split():
        # Many municipal feeds repeat the title as the description: say where the rest is.
        note = gettext("The full text is on the publisher's website.", lang)
        blocks = (Block(BlockKind.PARAGRAPH, text=title), Block(BlockKind.PARAGRAPH, text=note))
    return feed_item(source, guid, title, lang, summary, published, updated, link, blocks)


def entry_link(entry: Any, base: str = "") -> str:
    """The entry's web link. feedparser only sets ``link`` from HTML-typed links; an Atom
    ``<link type="application/xml" href=…/>`` (every JMA feed entry) is kept as well. A link
    still relative (a feed read from a file) is taken against ``base``, the feed's own site;
    only http(s) comes out (never javascript:, data: or a file path)."""
    candidates = [entry.get("link")]
    for link in entry.get("links") or ():
        if link.get("rel", "alternate") == "alternate":
            candidates.append(link.get("href"))
    for candidate in candidates:
        href = str(candidate or "").strip()
        if href and base.startswith(("http://", "https://")):
            href = urljoin(base, href)
        if href.startswith(("http://", "https://")):
            return href
    return ""


def unique_entries(
    made: Iterable[tuple[Item, Page] | None],
) -> tuple[tuple[Item, ...], tuple[Page, ...]]:
    """Items and pages in feed order, skipping unusable entries and repeated ids."""
    items: list[Item] = []
    pages: list[Page] = []
    seen: set[str] = set()
    for pair in made:
        if pair is None or pair[0].key in seen:
            continue
        seen.add(pair[0].key)
        items.append(pair[0])
        pages.append(pair[1])
    return tuple(items), tuple(pages)


def feed_item(
    source: Source,
    guid: str,
    title: str,
    lang: str,
    summary: str,
    published: datetime | None,
    updated: datetime | None,
    link: str,
    blocks: tuple[Block, ...],
) -> tuple[Item, Page]:
    """One feed entry (RSS, Atom or JSON Feed) as an item and its page; the source's
    ``expire_days`` (0: never) decides when it stops being shown."""
    days = source_expiry_days(source)
    item = Item(
        source_id=source.id,
        guid=guid,
        title=title,
        category=source.category,
        lang=lang,
        summary=summary if summary != title else "",
        published=published,
        updated=updated,
        link=link,
        expires=published + timedelta(days=days) if published and days else None,
    )
    return item, Page(item.key, blocks)


def source_expiry_days(source: Source) -> int:
    """Days after publication an item stops being shown (0: never); set per source in config."""
    return max(0, source.expire_days)


def _entry_blocks(entry: Any) -> tuple[Block, ...]:
    candidates = [*(entry.get("content") or [])]
    if entry.get("summary_detail"):
        candidates.append(entry["summary_detail"])
    for detail in candidates:
        value = str(detail.get("value") or "")
        if not value.strip():
            continue
        if "html" in str(detail.get("type") or "html"):
            blocks = html_to_blocks(value)
        else:
            blocks = text_to_blocks(value)
        if blocks:
            return blocks
    return ()


def parse_date(text: object, lang: str = "ja") -> datetime | None:
    """A feed date with its own offset kept: W3CDTF/ISO 8601 or RFC 822; naive dates are read
    in the publisher's zone (JST for Japanese feeds, UTC otherwise)."""
    if not text or not isinstance(text, str):
        return None
    text = text.strip()
    value: datetime | None = None
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            value = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            # 2024/04/01, 令和6年4月1日 …: feedparser's own guess at these is wrong (2024/04/01
            # became 1 December), so they are read here or not at all.
            found = parse_japanese_datetime(text)
            return as_datetime(found, JST if lang == "ja" else UTC) if found else None
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=JST if lang == "ja" else UTC)
    return value


def _from_struct(value: object) -> datetime | None:
    if not isinstance(value, time.struct_time):
        return None
    try:
        return datetime(*value[:6], tzinfo=UTC)
    except ValueError:
        return None


def _one_line(value: object) -> str:
    return " ".join(str(value).split())[:200]
