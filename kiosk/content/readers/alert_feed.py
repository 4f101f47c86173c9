"""The ``cap`` and ``jmx`` kinds: one document, or an Atom/RSS index of them.

``read_alert_bytes(data, source, fetch)`` is the registry's reader for both kinds. With a
``fetch(location) -> bytes`` (sync, or `kiosk read URL`: the capped Fetcher) index entries are
followed up to ``max_documents``; without one (`kiosk read FILE`) an index only lists its
entries. ``fetch`` must raise ContentError (or OSError) for what it cannot fetch; a document
that fails is logged and skipped, and only when every followed document fails does the source
count as failed.

Documents of a type the kiosk does not read are never dropped silently: their titles come back
in ``SourceContent.skipped`` (shown in the staff status) and are logged at WARNING.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urlparse

from kiosk.content.model import Alert, Category, Item, Source, SourceContent
from kiosk.content.problems import ContentError
from kiosk.content.readers.cap import is_cap, read_cap_root
from kiosk.content.readers.index import IndexEntry, is_index, read_index
from kiosk.content.readers.jmx import (
    TYPE_PRIORITY,
    document_title,
    document_type,
    is_jmx,
    read_jmx_root,
)
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


def _read_one(
    data: bytes, source_id: str, name: str, alert_hours: int = 0
) -> tuple[list[Alert], str]:
    """Alerts in one CAP or JMX document, and the document's title when its type is not read."""
    root = parse_xml(data, name)
    if is_cap(root):
        return read_cap_root(root, source_id, name, alert_hours), ""
    if is_jmx(root):
        title = document_title(root)
        if not document_type(title):
            return [], title or "(untitled JMA document)"
        return read_jmx_root(root, source_id, name, alert_hours), ""
    raise AlertReadError(f"{name}: neither CAP nor JMA XML (root <{local(root.tag)}>)")


def read_document(
    data: bytes, source_id: str = "", name: str = "-", alert_hours: int = 0
) -> list[Alert]:
    """Alerts in one CAP or JMX document, format detected from the content."""
    return _read_one(data, source_id, name, alert_hours)[0]


def _is_jma_index(kind: str, entries: list[IndexEntry]) -> bool:
    return kind == "jmx" or any(document_type(e.title) for e in entries)


def _chosen_entries(
    kind: str, entries: list[IndexEntry], limit: int
) -> tuple[list[IndexEntry], list[str]]:
    """The entries to follow, and the titles of entries of types not read (JMA feeds)."""
    if not _is_jma_index(kind, entries):
        return entries[:limit], []
    # JMA feeds mix every document type; follow the ones we read, most urgent types first,
    # newest first within a type (feeds list newest first).
    wanted = [e for e in entries if document_type(e.title)]
    unread = [e.title or "(untitled)" for e in entries if not document_type(e.title)]
    wanted.sort(key=lambda e: TYPE_PRIORITY.index(document_type(e.title)))
    return wanted[:limit], unread


def chosen_entries(kind: str, entries: list[IndexEntry], limit: int) -> list[IndexEntry]:
    """The index entries a kiosk follows, in the order it follows them (the alert mirror uses
    the same choice, so a kiosk reads the same documents from it as from the publisher)."""
    return _chosen_entries(kind, entries, limit)[0]


def skipped_summary(titles: tuple[str, ...] | list[str]) -> str:
    """「3 documents of types not read」 detail: 震源に関する情報 ×2, 津波情報."""
    counts = Counter(titles)
    return ", ".join(f"{t} ×{n}" if n > 1 else t for t, n in counts.most_common())


def _listing(source: Source, entries: list[IndexEntry]) -> tuple[Item, ...]:
    """An index read from a file: its entries, not fetched (`kiosk read FILE`)."""
    return tuple(
        Item(
            source_id=source.id,
            guid=entry.link,
            title=entry.title,
            category=Category.DISASTER,
            summary=document_type(entry.title) or "",
            published=entry.updated,
            link=entry.link,
        )
        for entry in entries
    )


def read_alert_bytes(
    data: bytes,
    source: Source,
    fetch: Fetch | None = None,
    max_documents: int = MAX_DOCUMENTS,
) -> SourceContent:
    """Everything a ``cap`` or ``jmx`` source yields from its fetched bytes."""
    root = parse_xml(data, source.location)
    if not is_index(str(root.tag)):
        alerts, skipped = _read_one(data, source.id, source.location, source.alert_hours)
        if skipped:
            log.warning("%s: 1 document of a type not read: %s", source.id, skipped)
        return SourceContent(
            source=source, alerts=tuple(alerts), skipped=(skipped,) if skipped else ()
        )
    base = source.location
    if urlparse(base).scheme not in ("http", "https", "file"):
        base = Path(base).resolve().as_uri()  # relative links in a local index stay local
    all_entries = read_index(data, base, source.location)
    entries, unread = _chosen_entries(source.kind, all_entries, max_documents)
    if fetch is None:
        return SourceContent(source=source, items=_listing(source, all_entries))
    if len(entries) < len(all_entries) - len(unread):
        log.info("%s: following %d of the documents listed", source.id, len(entries))
    alerts: list[Alert] = []
    failures: list[str] = []
    for entry in entries:
        try:
            found, skipped = _read_one(fetch(entry.link), source.id, entry.link, source.alert_hours)
        except (ContentError, OSError) as exc:
            reason = " ".join(str(exc).split())
            log.warning("alert document skipped: %s: %s", entry.link, reason)
            failures.append(reason)
            continue
        alerts.extend(found)
        if skipped:
            unread.append(skipped)
    if entries and len(failures) == len(entries):
        raise ContentError(f"{source.location}: no document could be read ({failures[0]})")
    if unread:
        log.warning(
            "%s: %d documents of types not read: %s",
            source.id,
            len(unread),
            skipped_summary(unread),
        )
    log.info("%s: %d documents, %d alerts", source.id, len(entries) - len(failures), len(alerts))
    return SourceContent(source=source, alerts=tuple(alerts), skipped=tuple(unread))


def read_alert_source(
    source: Source, fetch: Fetch = local_fetch, max_documents: int = MAX_DOCUMENTS
) -> SourceContent:
    """Everything a ``cap`` or ``jmx`` source yields now (raises ContentError on failure)."""
    return read_alert_bytes(fetch(source.location), source, fetch, max_documents)
