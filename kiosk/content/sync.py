"""Bring every configured source into the store, one transaction per source.

Sources are fetched and read concurrently in a small thread pool; results are written by the
calling thread only (one SQLite writer, one transaction per source). A source that fails keeps
its last good content; its status records why, in one line. Kinds plug in through two
registries: READERS (reader given the Source, e.g. local packages) and BYTE_READERS (reader
given the fetched bytes of a URL or file: feeds, HTML, CSV; CAP/JMX add themselves here).
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit

from kiosk.content.alert_sources import read_alert_source
from kiosk.content.bundle_client import read_bundle_source
from kiosk.content.fetch import Fetcher, FetchError, FetchLimits, Response, read_file
from kiosk.content.model import Page, Source, SourceContent
from kiosk.content.packages import read_package
from kiosk.content.problems import ContentError
from kiosk.content.readers import detect, read_bytes
from kiosk.content.readers.errors import ReaderError
from kiosk.content.readers.html import extract_article
from kiosk.content.readers.opendata_csv import read_opendata_csv
from kiosk.content.store import Store

log = logging.getLogger("kiosk.sync")

Reader = Callable[[Source], SourceContent]
ByteReader = Callable[[bytes, Source], SourceContent]
MAX_FOLLOWED_LINKS = 30
POOL_SIZE = 8
# Parsing is CPU work under the GIL: running it on many threads at once gains nothing and
# makes the UI thread queue behind all of them for the GIL. Downloads stay concurrent.
_PARSE_SLOT = threading.BoundedSemaphore(1)


def _read_package_source(source: Source) -> SourceContent:
    # The configured id and category win over the package's own, so config stays in charge.
    return read_package(Path(source.location)).owned_by(source)


def _read_feed_bytes(data: bytes, source: Source) -> SourceContent:
    # kind = "feed" covers RSS, Atom and JSON Feed: which one is decided by the content.
    kind = detect(data)
    if kind not in ("feed", "jsonfeed"):
        raise ReaderError(f"expected a feed but got {kind} content")
    return read_bytes(data, source, kind)


def _read_html_bytes(data: bytes, source: Source) -> SourceContent:
    return read_bytes(data, source, "html")


READERS: dict[str, Reader] = {"package": _read_package_source}
BYTE_READERS: dict[str, ByteReader] = {
    "feed": _read_feed_bytes,
    "html": _read_html_bytes,
    "csv": read_opendata_csv,
}
# Readers that fetch several documents themselves (CAP/JMA index feeds → documents, signed
# bundles → manifest + objects). They get a fetch(location) -> bytes that goes through the
# same capped Fetcher as every other download.
Fetch = Callable[[str], bytes]
FETCHING_READERS: dict[str, Callable[[Source, Fetch], SourceContent]] = {
    "cap": lambda source, fetch: read_alert_source(source, fetch=fetch),
    "jmx": lambda source, fetch: read_alert_source(source, fetch=fetch),
    "bundle": lambda source, fetch: read_bundle_source(source, fetch=fetch),
}


@dataclass(frozen=True, slots=True)
class SyncResult:
    source_id: str
    status: str  # ok | unchanged | failed
    items: int = 0
    reason: str = ""

    def line(self) -> str:
        detail = f"{self.items} items" if self.status != "failed" else self.reason
        return f"{self.source_id}: {self.status} ({detail})"


@dataclass(frozen=True, slots=True)
class _Outcome:
    """What a worker brings back to the writing thread."""

    source: Source
    content: SourceContent | None = None
    response: Response | None = None
    error: str = ""


def _is_url(location: str) -> bool:
    return location.startswith(("http://", "https://"))


def _work(source: Source, fetcher: Fetcher, validators: tuple[str | None, str | None]) -> _Outcome:
    """Fetch and read one source (runs in a worker thread; never touches the store)."""
    try:
        fetching = FETCHING_READERS.get(source.kind)
        if fetching is not None:
            return _work_fetching(source, fetching, fetcher, validators)
        reader = READERS.get(source.kind)
        if reader is not None and not (source.kind in BYTE_READERS and _is_url(source.location)):
            with _PARSE_SLOT:
                return _Outcome(source, content=reader(source))
        byte_reader = BYTE_READERS.get(source.kind)
        if byte_reader is None:
            raise ContentError(f"source kind '{source.kind}' is not supported yet")
        response = None
        if _is_url(source.location):
            response = fetcher.get(source.location, *validators)
            if response.unchanged:
                return _Outcome(source, response=response)
            data = response.body
        else:
            data = read_file(source.location, fetcher.limits)
        if not data.strip():
            raise ReaderError("empty response (no content)")
        with _PARSE_SLOT:
            content = byte_reader(data, source)
        if source.follow_links and _is_url(source.location):
            content = _follow_links(content, fetcher)
        return _Outcome(source, content=content, response=response)
    except ContentError as exc:
        return _Outcome(source, error=" ".join(str(exc).split()))
    except Exception as exc:  # a reader bug must not take the other sources down with it
        log.exception("sync: unexpected error in %s", source.id)
        return _Outcome(source, error=f"internal error: {type(exc).__name__}: {exc}")


class _Unchanged(Exception):  # noqa: N818 - a signal, not an error
    """The first download of a fetching reader answered 304: nothing to read."""

    def __init__(self, response: Response) -> None:
        super().__init__(response.url)
        self.response = response


def _work_fetching(
    source: Source,
    reader: Callable[[Source, Fetch], SourceContent],
    fetcher: Fetcher,
    validators: tuple[str | None, str | None],
) -> _Outcome:
    """A reader that fetches several documents (index feed → documents, manifest → objects).

    Its first download (the index feed, the bundle manifest) is a conditional GET: a 304 means
    the source is unchanged and nothing else is fetched or parsed, so a kiosk polling an alert
    mirror every minute moves a few hundred bytes. The validators are kept only when no later
    download failed for a passing reason (5xx, timeout, lost connection), so such a document is
    tried again next time; a document that is gone (404) is not asked for again until the feed
    changes.
    """
    first: list[Response] = []
    failed: list[str] = []
    calls = [0]

    def fetch(location: str) -> bytes:
        calls[0] += 1
        if not _is_url(location):
            return read_file(location, fetcher.limits)
        if calls[0] == 1:  # only the entry download; never a document of a local index
            response = fetcher.get(location, *validators)
            if response.unchanged:
                raise _Unchanged(response)
            first.append(response)
            return response.body
        try:
            return fetcher.get(location).body
        except FetchError as exc:
            if exc.retry:  # a busy server or a dropped connection; a 404 stays gone
                failed.append(location)
            raise

    try:
        with _PARSE_SLOT:
            content = reader(source, fetch)
    except _Unchanged as unchanged:
        return _Outcome(source, response=unchanged.response)
    response = first[0] if first and not failed else None
    return _Outcome(source, content=content, response=response)


def _follow_links(content: SourceContent, fetcher: Fetcher) -> SourceContent:
    """Replace each item's page with the article text of its link (same host only)."""
    host = urlsplit(content.source.location).hostname
    pages = {p.item_key: p for p in content.pages}
    for item in content.items[:MAX_FOLLOWED_LINKS]:
        if not item.link or urlsplit(item.link).hostname != host:
            continue
        try:
            response = fetcher.get(item.link)
            with _PARSE_SLOT:
                _title, blocks = extract_article(response.body, response.charset)
        except ContentError as exc:
            log.info("follow link kept the feed text: %s: %s", item.link, exc)
            continue
        pages[item.key] = Page(item.key, blocks)
    return replace(content, pages=tuple(pages.values()))


def _write(store: Store, outcome: _Outcome) -> SyncResult:
    source = outcome.source
    if outcome.error:
        store.record_failure(source, outcome.error)
        log.warning("sync failed: %s: %s", source.id, outcome.error)
        return SyncResult(source.id, "failed", reason=outcome.error)
    if outcome.content is None:  # 304 Not Modified
        count = store.record_unchanged(source)
        log.info("sync unchanged: %s", source.id)
        return SyncResult(source.id, "unchanged", items=count)
    store.replace_source(outcome.content)
    if outcome.response is not None:
        store.save_http_validators(source.id, outcome.response.etag, outcome.response.last_modified)
    log.info("sync ok: %s: %d items", source.id, len(outcome.content.items))
    return SyncResult(source.id, "ok", items=len(outcome.content.items))


def sync_source(store: Store, source: Source, fetcher: Fetcher | None = None) -> SyncResult:
    own = fetcher is None
    fetcher = fetcher or Fetcher()
    try:
        validators = store.http_validators(source.id, source.location)
        return _write(store, _work(source, fetcher, validators))
    finally:
        if own:
            fetcher.close()


def sync_all(
    store: Store,
    sources: Iterable[Source],
    limits: FetchLimits | None = None,
    fetcher: Fetcher | None = None,
    prune: bool = True,
) -> list[SyncResult]:
    """Sync ``sources`` concurrently; results in the order given. With ``prune``, sources no
    longer configured are removed from the store."""
    enabled = [s for s in sources if s.enabled]
    if prune:
        store.remove_sources_except({s.id for s in enabled})
    own = fetcher is None
    fetcher = fetcher or Fetcher(limits, pool_size=POOL_SIZE)
    results: dict[str, SyncResult] = {}
    try:
        validators = {s.id: store.http_validators(s.id, s.location) for s in enabled}
        workers = max(1, min(POOL_SIZE, len(enabled)))
        with ThreadPoolExecutor(workers, thread_name_prefix="sync") as pool:
            futures = [pool.submit(_work, s, fetcher, validators[s.id]) for s in enabled]
            for future in as_completed(futures):
                outcome = future.result()
                try:
                    results[outcome.source.id] = _write(store, outcome)
                except sqlite3.Error as exc:  # e.g. disk full: this source fails, others go on
                    log.error("sync: cannot write %s: %s", outcome.source.id, exc)
                    reason = f"could not be saved: {exc}"
                    results[outcome.source.id] = SyncResult(
                        outcome.source.id, "failed", reason=reason
                    )
    finally:
        if own:
            fetcher.close()
    ordered = [results[s.id] for s in enabled]
    log.info(
        "sync done: %d sources, %d failed", len(ordered), sum(r.status == "failed" for r in ordered)
    )
    return ordered
