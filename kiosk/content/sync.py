"""Bring every configured source into the store, one transaction per source.

Sources are fetched and read concurrently in a small thread pool; results are written by the
calling thread only (one SQLite writer, one transaction per source). A source that fails keeps
its last good content; its status records why, in one line. Kinds plug in through
kiosk.content.readers.BYTE_READERS (the one registry of kinds read from fetched bytes, shared
with `kiosk read`: feeds, HTML, CSV, CAP, JMX), plus READERS for kinds read from a folder
(local packages) and FETCHING_READERS for kinds that fetch their own parts (signed bundles).
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import nullcontext, suppress
from dataclasses import dataclass, replace
from pathlib import Path

from kiosk.content.alerts import CHAINED_KINDS
from kiosk.content.bundle_client import read_bundle_source
from kiosk.content.fetch import Fetcher, FetchError, FetchLimits, Response, read_file
from kiosk.content.furigana import carry_readings, refresh_readings, stored_readings
from kiosk.content.model import Source, SourceContent
from kiosk.content.packages import read_package
from kiosk.content.parse_pool import (
    PARSE_SLOT,
    POOL_KINDS,
    POOL_MIN_BYTES,
    ParsePool,
    PoolUnavailable,
)
from kiosk.content.problems import ContentError
from kiosk.content.readers import BYTE_READERS
from kiosk.content.readers.errors import ReaderError
from kiosk.content.store import Store
from kiosk.content.sync_bodies import SAME_BYTES_KINDS, body_fingerprint, remember, still_stored
from kiosk.content.sync_pages import follow_links, portal_reason, refuse_moved_page
from kiosk.content.sync_result import SyncResult
from kiosk.i18n import SOURCE_LANGUAGE, messages_in

log = logging.getLogger("kiosk.sync")

Reader = Callable[[Source], SourceContent]
POOL_SIZE = 8
# Sources read by bytes alone from which a pass reads them in worker processes.
POOL_MIN_SOURCES = 4
# Pages analysed per helper run: big enough that the dictionary's load (~1 s) is a small
# share, small enough that shutting down never waits long for the current batch.
READINGS_BATCH = 500


def _read_package_source(source: Source) -> SourceContent:
    # The configured id and category win over the package's own, so config stays in charge.
    return read_package(Path(source.location)).owned_by(source)


READERS: dict[str, Reader] = {"package": _read_package_source}
# Readers that fetch their own parts (signed bundles → manifest + objects). They get a
# fetch(location) -> bytes that goes through the same capped Fetcher as every other download.
Fetch = Callable[[str], bytes]
FETCHING_READERS: dict[str, Callable[[Source, Fetch], SourceContent]] = {
    "bundle": lambda source, fetch: read_bundle_source(source, fetch=fetch),
}


@dataclass(frozen=True, slots=True)
class _Outcome:
    """What a worker brings back to the writing thread."""

    source: Source
    content: SourceContent | None = None
    response: Response | None = None
    error: str = ""
    body: str = ""  # fingerprint of the bytes read (see body_fingerprint); "" when not kept
    same_body: bool = False  # the bytes the stored content was read from: not read again


def _is_url(location: str) -> bool:
    return location.startswith(("http://", "https://"))


def _origin(source: Source) -> str | None:
    """Where the redirect rules start for documents a source points at: its own URL. A local
    index file (path = …) has no address: each document it lists is judged on its own."""
    return source.location if _is_url(source.location) else None


def _fetch_with(
    fetcher: Fetcher, origin: str | None = None, failed: list[str] | None = None
) -> Fetch:
    """fetch(location) for readers that follow links: URLs through the capped Fetcher (a
    document the source points at obeys the same rules as a redirect from ``origin``), paths
    from disk under the same size cap. Documents that failed for a passing reason (5xx,
    timeout, lost connection) are noted in ``failed``: a 404 stays gone, those are retried."""

    def fetch(location: str) -> bytes:
        if not _is_url(location):
            return read_file(location, fetcher.limits)
        try:
            return fetcher.get(location, origin=origin).body
        except FetchError as exc:
            if exc.retry and failed is not None:
                failed.append(location)
            raise

    return fetch


@messages_in(SOURCE_LANGUAGE)
def _work(
    source: Source,
    fetcher: Fetcher,
    validators: tuple[str | None, str | None],
    data_dir: Path | None = None,
    pool: ParsePool | None = None,
    last_body: str | None = None,
) -> _Outcome:
    """Fetch and read one source (runs in a worker thread; never touches the store).

    Its messages are in English, whatever the screen's language: its error is what the store
    records, the log says, the fleet's status codes classify (kiosk/ops/health.py) and the
    staff menu shows after a summary in the staff's words.

    ``data_dir`` is the folder the store lives in: bundle caches go there too. ``pool``: read
    the kinds that need only their bytes in worker processes (see parse_pool). ``last_body``:
    the fingerprint of the bytes the stored content was read from; the same bytes again are
    not read again (a server that sends no validators, or ignores them)."""
    try:
        fetching = FETCHING_READERS.get(source.kind)
        if fetching is not None:
            return _work_fetching(source, fetching, fetcher, validators, data_dir)
        reader = READERS.get(source.kind)
        if reader is not None and not (source.kind in BYTE_READERS and _is_url(source.location)):
            with PARSE_SLOT:
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
        if response is not None and source.kind == "html":
            refuse_moved_page(source, response)
        body = body_fingerprint(source, data) if source.kind in SAME_BYTES_KINDS else ""
        if body and not source.follow_links and body == last_body:
            return _Outcome(source, response=response, body=body, same_body=True)
        failed: list[str] = []
        content = None
        if pool is not None and source.kind in POOL_KINDS and len(data) >= POOL_MIN_BYTES:
            with suppress(PoolUnavailable):
                content = pool.read(source.kind, data, source)
        if content is None:
            with PARSE_SLOT:
                content = byte_reader(data, source, _fetch_with(fetcher, _origin(source), failed))
        if source.follow_links and _is_url(source.location):
            content = follow_links(content, fetcher)
        # An index whose document failed for a passing reason keeps no validators: the next
        # sync reads it again (and retries the document) instead of getting a 304.
        keep = "" if source.follow_links else body  # linked articles may change on their own
        return _Outcome(source, content=content, response=None if failed else response, body=keep)
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
    data_dir: Path | None = None,
) -> _Outcome:
    """A reader that fetches its own parts (a bundle: manifest → objects).

    Its first download (the bundle manifest) is a conditional GET: a 304 means the source is
    unchanged and nothing else is fetched or parsed, so a kiosk polling the region's host
    every few minutes moves a few hundred bytes (alert index feeds get the same through the
    byte path, see _work). The validators are kept only when no later
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
            response = fetcher.get(location, *validators, origin=_origin(source))
            if response.unchanged:
                raise _Unchanged(response)
            first.append(response)
            return response.body
        try:  # a document the source points at: the same rules as a redirect
            return fetcher.get(location, origin=_origin(source)).body
        except FetchError as exc:
            if exc.retry:  # a busy server or a dropped connection; a 404 stays gone
                failed.append(location)
            raise

    try:
        with PARSE_SLOT:
            if source.kind == "bundle" and data_dir is not None:  # bundle caches beside the store
                content = read_bundle_source(source, fetch, data_dir)
            else:
                content = reader(source, fetch)
    except _Unchanged as unchanged:
        return _Outcome(source, response=unchanged.response)
    response = first[0] if first and not failed else None
    return _Outcome(source, content=content, response=response)


def _data_dir(store: Store) -> Path | None:
    return store.path.parent if isinstance(store.path, Path) else None


def _write(store: Store, outcome: _Outcome) -> SyncResult:
    source = outcome.source
    if outcome.error:
        store.record_failure(source, outcome.error)
        log.warning("sync failed: %s: %s", source.id, outcome.error)
        return SyncResult(source.id, "failed", reason=outcome.error)
    if outcome.content is not None and source.kind == "html":
        reason = portal_reason(store, outcome.content)
        if reason:
            return _write(store, replace(outcome, content=None, error=reason))
    if outcome.content is None:  # 304 Not Modified, or the very bytes read last time
        response = outcome.response if outcome.same_body else None
        validators = None if response is None else (response.etag, response.last_modified)
        count = store.record_unchanged(source, validators=validators)
        log.info("sync unchanged: %s", source.id)
        return SyncResult(source.id, "unchanged", items=count)
    # Unchanged pages keep their stored furigana; new ones get theirs after the pass
    # (refresh_readings), so the analysis never holds up new content.
    content = carry_readings(outcome.content, previous=stored_readings(store, outcome.content))
    response = outcome.response
    store.replace_source(
        content, validators=None if response is None else (response.etag, response.last_modified)
    )
    for note in content.notes:
        log.warning("sync note: %s: %s", source.id, note)
    count = sum(1 for a in content.alerts if a.msg_type != "cancel" and not a.cancelled)
    # A feed or package without alerts says items only; an alert source always says alerts.
    alerts = count if count or source.kind in CHAINED_KINDS else None
    log.info("sync ok: %s: %d items, %d alerts", source.id, len(content.items), count)
    return SyncResult(
        source.id, "ok", items=len(content.items), alerts=alerts, skipped=len(content.skipped)
    )


def refresh_store_readings(store: Store, stop: Callable[[], bool] | None = None) -> int:
    """Furigana for every stored page that has none yet (new, changed, or made by an older
    analysis); never raises: content without computed readings is still content."""
    try:
        count = refresh_readings(store, batch=READINGS_BATCH, stop=stop)
    except sqlite3.Error as exc:
        log.warning("sync: readings not refreshed: %s", exc)
        return 0
    if count:
        log.info("sync readings: %d pages", count)
    return count


def sync_source(store: Store, source: Source, fetcher: Fetcher | None = None) -> SyncResult:
    own = fetcher is None
    fetcher = fetcher or Fetcher()
    try:
        validators = store.http_validators(source.id, source.location)
        result = _write(store, _work(source, fetcher, validators, _data_dir(store)))
    finally:
        if own:
            fetcher.close()
    if result.status == "ok":
        refresh_store_readings(store)
    return result


def sync_all(
    store: Store,
    sources: Iterable[Source],
    limits: FetchLimits | None = None,
    fetcher: Fetcher | None = None,
    prune: bool = True,
    readings: bool = True,
    parse_processes: bool | None = None,
    bodies: dict[str, str] | None = None,
) -> list[SyncResult]:
    """Sync ``sources`` concurrently; results in the order given. With ``prune``, sources no
    longer configured are removed from the store. With ``readings``, the furigana of new and
    changed pages are computed before returning; without, the caller runs
    ``kiosk.content.furigana.refresh_readings`` when it suits it (the running kiosk: after it
    has shown the new content). ``parse_processes``: read feeds, pages and CSV in worker
    processes (kiosk.content.parse_pool); by default when there are enough such sources for
    the workers' start (~0.3 s, only once a changed document of 32 KB or more arrives) to pay
    off. ``bodies``: source id → fingerprint of the bytes its stored content was read from,
    kept by a caller that syncs again and again (the running kiosk) and updated here: a
    source answering 200 with those same bytes is "unchanged", neither read nor written."""
    enabled = [s for s in sources if s.enabled]
    if prune:
        store.remove_sources_except({s.id for s in enabled})
    own = fetcher is None
    fetcher = fetcher or Fetcher(limits, pool_size=POOL_SIZE)
    results: dict[str, SyncResult] = {}
    try:
        validators = {s.id: store.http_validators(s.id, s.location) for s in enabled}
        last_bodies = still_stored(store, bodies)
        workers = max(1, min(POOL_SIZE, len(enabled)))
        if parse_processes is None:
            parse_processes = sum(s.kind in POOL_KINDS for s in enabled) >= POOL_MIN_SOURCES
        with (
            ParsePool() if parse_processes else nullcontext() as parsers,
            ThreadPoolExecutor(workers, thread_name_prefix="sync") as pool,
        ):
            data_dir = _data_dir(store)
            futures = [
                pool.submit(
                    _work, s, fetcher, validators[s.id], data_dir, parsers, last_bodies.get(s.id)
                )
                for s in enabled
            ]
            for future in as_completed(futures):
                outcome = future.result()
                try:
                    result = results[outcome.source.id] = _write(store, outcome)
                    if bodies is not None and outcome.body:
                        remember(bodies, outcome.source.id, outcome.body, result.status)
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
    if readings:
        refresh_store_readings(store)
    log.info(
        "sync done: %d sources, %d failed", len(ordered), sum(r.status == "failed" for r in ordered)
    )
    return ordered
