"""Index feeds (Atom or RSS) that list alert documents: JMA's JMX feeds, CAP index feeds.

feedparser reads the feed; the bytes go through defusedxml first so a hostile DOCTYPE is
refused before feedparser sees it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urljoin

import feedparser

from kiosk.content.readers.xmltree import AlertReadError, local, parse_xml

FEED_ROOTS = ("feed", "rss", "RDF")


@dataclass(frozen=True, slots=True)
class IndexEntry:
    title: str
    link: str
    updated: datetime | None


def is_index(root_tag: str) -> bool:
    return local(root_tag) in FEED_ROOTS


def read_index(data: bytes, base_url: str = "", name: str = "-") -> list[IndexEntry]:
    """Entries in feed order, each with the absolute link of its document."""
    root = parse_xml(data, name)
    if not is_index(str(root.tag)):
        raise AlertReadError(f"{name}: not an Atom or RSS feed (root <{local(root.tag)}>)")
    try:
        return _entries(feedparser.parse(bytes(data)), base_url)
    except (KeyError, IndexError, AttributeError, TypeError, ValueError) as exc:
        # feedparser trips over some odd-but-well-formed feeds (found by fuzzing: an <entry>
        # nested in a <link>); that is a broken feed, not a crash.
        raise AlertReadError(f"{name}: feed cannot be read ({type(exc).__name__})") from None


def _entries(parsed: feedparser.FeedParserDict, base_url: str) -> list[IndexEntry]:
    entries = []
    for entry in parsed.entries:
        link = _document_link(entry)
        if not link:
            continue
        # dict.get: feedparser's own get() warns when it maps updated → published.
        updated = dict.get(entry, "updated_parsed") or dict.get(entry, "published_parsed")
        entries.append(
            IndexEntry(
                title=str(entry.get("title", "")).strip(),
                link=urljoin(base_url, link) if base_url else link,
                updated=datetime(*updated[:6], tzinfo=UTC) if updated else None,
            )
        )
    return entries


def _document_link(entry: feedparser.FeedParserDict) -> str:
    # JMA marks the document link type="application/xml"; NWS uses a bare link; RSS <link>.
    links = entry.get("links", [])
    for link in links:
        if "xml" in str(link.get("type", "")) and link.get("href"):
            return str(link["href"])
    for link in links:
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            return str(link["href"])
    if entry.get("link"):
        return str(entry["link"])
    guid = str(entry.get("id", ""))
    return guid if guid.startswith(("http://", "https://")) else ""
