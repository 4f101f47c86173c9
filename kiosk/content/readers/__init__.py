"""One reader per input format; ``detect`` picks the format from the content itself.

Every reader takes bytes and a Source and returns a SourceContent, or raises its own
ReaderError subclass (a ContentError) with a one-line reason. Nothing else escapes.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from kiosk.content.model import Source, SourceContent
from kiosk.content.readers.errors import (
    CsvError,
    DetectError,
    FeedError,
    HtmlError,
    JsonFeedError,
    ReaderError,
)
from kiosk.content.readers.feeds import read_feed
from kiosk.content.readers.html import read_html
from kiosk.content.readers.jsonfeed import looks_like_jsonfeed, read_jsonfeed
from kiosk.content.readers.opendata_csv import looks_like_opendata_csv, read_opendata_csv

__all__ = [
    "BYTE_READERS",
    "CsvError",
    "DetectError",
    "FeedError",
    "HtmlError",
    "JsonFeedError",
    "ReaderError",
    "detect",
    "read_bytes",
]

ByteReader = Callable[[bytes, Source], SourceContent]
BYTE_READERS: dict[str, ByteReader] = {
    "feed": read_feed,
    "jsonfeed": read_jsonfeed,
    "html": read_html,
    "csv": read_opendata_csv,
}
_FEED_ROOT = re.compile(rb"<(?:[\w.-]+:)?(rss|RDF|feed)[\s>]")
_HTML_ROOT = re.compile(rb"<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>])", re.I)
# [^<>]* (not [^>]*): a run of "<alert <alert …" must not make every match scan to the end.
_CAP_ROOT = re.compile(rb"<(?:[\w.-]+:)?alert[\s>][^<>]*urn:oasis:names:tc:emergency:cap", re.S)
_JMX_ROOT = re.compile(rb"<(?:[\w.-]+:)?Report[\s>][^<>]*xml\.kishou\.go\.jp", re.S)


def detect(data: bytes) -> str:
    """The kind of ``data`` judged by its content: feed, jsonfeed, html, csv, cap or jmx."""
    head = data[:65536]
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if looks_like_jsonfeed(head):
        return "jsonfeed"
    if _CAP_ROOT.search(head):
        return "cap"
    if _JMX_ROOT.search(head):
        return "jmx"
    if stripped.startswith(b"<"):
        if _FEED_ROOT.search(head) and not _HTML_ROOT.search(head[:2048]):
            return "feed"
        if _HTML_ROOT.search(head):
            return "html"
        if _FEED_ROOT.search(head):
            return "feed"
    if looks_like_opendata_csv(head):
        return "csv"
    raise DetectError("unknown format: not a feed, JSON Feed, HTML page or open-data CSV")


def read_bytes(data: bytes, source: Source, kind: str | None = None) -> SourceContent:
    """Read ``data`` as ``kind`` (detected from the content when not given)."""
    kind = kind or detect(data)
    reader = BYTE_READERS.get(kind)
    if reader is None:
        raise DetectError(f"no reader here for {kind!r} content")
    return reader(data, source)
