"""Source readers for the ``cap`` and ``jmx`` kinds: a document, or an index feed to follow.

``read_alert_source(source, fetch)`` takes the bytes fetcher from its caller, so sync decides
how the network is used (timeouts, size caps, conditional GET) and tests pass their own.
``fetch(location) -> bytes`` must raise ContentError (or OSError) for what it cannot fetch.
Without a network fetcher, ``local_fetch`` reads paths and file:// URLs only.

A location may be one CAP message, one JMX document, or an Atom/RSS index of them. Index
entries are followed up to ``max_documents``; a document that fails is logged and skipped, and
only when every followed document fails does the source count as failed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urlparse

from kiosk.content.model import Alert, Source, SourceContent
from kiosk.content.problems import ContentError
from kiosk.content.readers.cap import is_cap, read_cap_root
from kiosk.content.readers.index import IndexEntry, is_index, read_index
from kiosk.content.readers.jmx import TYPE_PRIORITY, document_type, is_jmx, read_jmx_root
from kiosk.content.readers.xmltree import MAX_DOCUMENT_BYTES, AlertReadError, local, parse_xml

log = logging.getLogger("kiosk.sync.alerts")

Fetch = Callable[[str], bytes]
MAX_DOCUMENTS = 40


def local_fetch(location: str) -> bytes:
    """Read a filesystem path or file:// URL (size-capped); anything else is refused."""
    parsed = urlparse(location)
    if parsed.scheme == "file":
        path = Path(unquote(parsed.path))
    elif parsed.scheme in ("",) or (len(parsed.scheme) == 1 and location[1:3] in (":\\", ":/")):
        path = Path(location)  # a plain path (also C:\\ on Windows)
    else:
        raise ContentError(f"{location}: no network fetcher connected for this source")
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_DOCUMENT_BYTES + 1)
    except OSError as exc:
        raise ContentError(f"{location}: cannot read ({exc.strerror or exc})") from None
    if len(data) > MAX_DOCUMENT_BYTES:
        raise ContentError(f"{location}: larger than {MAX_DOCUMENT_BYTES} bytes")
    return data


def read_document(data: bytes, source_id: str = "", name: str = "-") -> list[Alert]:
    """Alerts in one CAP or JMX document, format detected from the content."""
    root = parse_xml(data, name)
    if is_cap(root):
        return read_cap_root(root, source_id, name)
    if is_jmx(root):
        return read_jmx_root(root, source_id, name)
    raise AlertReadError(f"{name}: neither CAP nor JMA XML (root <{local(root.tag)}>)")


def chosen_entries(kind: str, entries: list[IndexEntry], limit: int) -> list[IndexEntry]:
    """The index entries a kiosk follows, in the order it follows them (the mirror uses the
    same choice, so a kiosk reads the same documents from it as from the publisher)."""
    if kind != "jmx":
        return entries[:limit]
    # JMA feeds mix every document type; follow the ones we read, most urgent types first,
    # newest first within a type (feeds list newest first).
    wanted = [e for e in entries if document_type(e.title)]
    skipped = len(entries) - len(wanted)
    if skipped:
        log.debug("JMA feed: %d entries of types we do not read", skipped)
    wanted.sort(key=lambda e: TYPE_PRIORITY.index(document_type(e.title)))
    return wanted[:limit]


def read_alert_source(
    source: Source, fetch: Fetch = local_fetch, max_documents: int = MAX_DOCUMENTS
) -> SourceContent:
    """Everything a ``cap`` or ``jmx`` source yields now (raises ContentError on failure)."""
    data = fetch(source.location)
    root = parse_xml(data, source.location)
    if not is_index(str(root.tag)):
        alerts = read_document(data, source.id, source.location)
        return SourceContent(source=source, alerts=tuple(alerts))
    base = source.location
    if urlparse(base).scheme not in ("http", "https", "file"):
        base = Path(base).resolve().as_uri()  # relative links in a local index stay local
    entries = chosen_entries(source.kind, read_index(data, base, source.location), max_documents)
    alerts: list[Alert] = []
    failures: list[str] = []
    for entry in entries:
        try:
            alerts.extend(read_document(fetch(entry.link), source.id, entry.link))
        except (ContentError, OSError) as exc:
            reason = " ".join(str(exc).removeprefix("-: ").split())
            log.warning("alert document skipped: %s: %s", entry.link, reason)
            failures.append(reason)
    if entries and len(failures) == len(entries):
        raise ContentError(f"{source.location}: no document could be read ({failures[0]})")
    log.info("%s: %d documents, %d alerts", source.id, len(entries) - len(failures), len(alerts))
    return SourceContent(source=source, alerts=tuple(alerts))
