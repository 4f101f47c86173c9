"""One reader per input format; ``detect`` picks the format from the content itself.

BYTE_READERS is THE registry of source kinds read from bytes: `kiosk sync` (kind from the
config) and `kiosk read` (kind from ``detect_kind``) both look readers up here, so a kind added
here is readable by both at once. A reader takes the bytes, the Source, and a
``fetch(location) -> bytes`` for documents it must follow (alert index feeds), or None to follow
nothing (`kiosk read FILE` lists an index's entries). It returns a SourceContent or raises a
ContentError with a one-line reason. Nothing else escapes.
"""

from __future__ import annotations

import importlib
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

__all__ = [
    "BYTE_READERS",
    "HTML_DECLARED",
    "CsvError",
    "DetectError",
    "FeedError",
    "HtmlError",
    "JsonFeedError",
    "ReaderError",
    "detect",
    "detect_kind",
    "read_bytes",
]

Fetch = Callable[[str], bytes]  # the same as kiosk.content.readers.alert_feed.Fetch
ByteReader = Callable[[bytes, Source, Fetch | None], SourceContent]


def _lazy(module: str, name: str, follows: bool = False) -> ByteReader:
    """``module.name`` as a registry entry, imported on its first document. The registry is
    imported wherever anything is read (a sync pass, each parse worker, `kiosk read`), and the
    alert and open-data readers cost ~70 ms to import: a worker reading RSS never needs them.
    ``follows``: the reader takes the fetch for documents it must follow (alert index feeds)."""
    path = f"kiosk.content.readers.{module}"

    def read(data: bytes, source: Source, fetch: Fetch | None = None) -> SourceContent:
        reader = getattr(importlib.import_module(path), name)
        return reader(data, source, fetch) if follows else reader(data, source)

    read.__name__ = read.__qualname__ = name
    read.__doc__ = f"{path}.{name}, imported on first use."
    return read


_read_jsonfeed = _lazy("jsonfeed", "read_jsonfeed")


def _read_any_feed(data: bytes, source: Source, fetch: Fetch | None = None) -> SourceContent:
    # kind = "feed" covers RSS, Atom and JSON Feed: which one is decided by the content.
    kind = detect(data)
    if kind == "jsonfeed":
        return _read_jsonfeed(data, source)
    if kind != "feed":
        raise ReaderError(f"expected a feed but got {kind} content")
    from kiosk.content.readers.feeds import read_feed

    return read_feed(data, source)


BYTE_READERS: dict[str, ByteReader] = {
    "feed": _read_any_feed,
    "jsonfeed": _read_jsonfeed,
    "html": _lazy("html", "read_html"),
    "csv": _lazy("opendata_csv", "read_opendata_csv"),
    "cap": _lazy("alert_feed", "read_alert_bytes", follows=True),
    "jmx": _lazy("alert_feed", "read_alert_bytes", follows=True),
}
_FEED_ROOT = re.compile(rb"<(?:[\w.-]+:)?(rss|RDF|feed)[\s>]")
_HTML_ROOT = re.compile(rb"<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>])", re.I)
# A page that declares itself, after whatever a server printed before it (PHP notices).
HTML_DECLARED = re.compile(rb"<(?:!doctype\s+html|html[\s>])", re.I)
# [^<>]* (not [^>]*): a run of "<alert <alert …" must not make every match scan to the end.
_CAP_ROOT = re.compile(
    rb"<(?:[\w.-]+:)?alert[\s>][^<>]*"
    rb"(?:urn:oasis:names:tc:emergency:cap|www\.incident\.com/cap/1\.0)",
    re.S,
)
# Index feeds whose entries are alert documents (JMA's feeds, CAP index feeds).
_JMA_INDEX = re.compile(rb"xml\.kishou\.go\.jp|data\.jma\.go\.jp|JMAXML")
_CAP_INDEX = re.compile(rb"urn:oasis:names:tc:emergency:cap|application/cap\+xml", re.I)
_JMX_ROOT = re.compile(rb"<(?:[\w.-]+:)?Report[\s>][^<>]*xml\.kishou\.go\.jp", re.S)


def detect(data: bytes) -> str:
    """The kind of ``data`` judged by its content: feed, jsonfeed, html, csv, cap or jmx."""
    # Imported here, not at the top, and the CSV reader only when nothing else matched: see _lazy.
    from kiosk.content.readers.jsonfeed import looks_like_jsonfeed

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
    elif HTML_DECLARED.search(head):
        return "html"  # not "csv" because a notice line before the doctype has commas
    from kiosk.content.readers.opendata_csv import looks_like_opendata_csv

    if looks_like_opendata_csv(head):
        return "csv"
    raise DetectError("unknown format: not a feed, JSON Feed, HTML page or open-data CSV")


def detect_kind(data: bytes) -> str:
    """The source kind for ``data``: ``detect``, with an index feed of alert documents (JMA
    feeds, CAP index feeds) told apart from a feed of notices."""
    kind = detect(data)
    if kind == "feed":
        head = data[:65536]
        if _CAP_INDEX.search(head):
            return "cap"
        if _JMA_INDEX.search(head):
            return "jmx"
    return kind


def read_bytes(
    data: bytes, source: Source, kind: str | None = None, fetch: Fetch | None = None
) -> SourceContent:
    """Read ``data`` as ``kind`` (detected from the content when not given)."""
    kind = kind or detect(data)
    reader = BYTE_READERS.get(kind)
    if reader is None:
        raise DetectError(f"no reader here for {kind!r} content")
    return reader(data, source, fetch)
