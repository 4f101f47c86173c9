"""The region's alert mirror: one poller for JMA (and CAP sources), a static copy for kiosks.

One run (``Mirror.run_once``):

1. each configured feed is fetched with a conditional GET (ETag / Last-Modified) through the
   kiosk's capped Fetcher; a 304 reuses the last good upstream copy, a failure keeps it too;
2. the documents a kiosk would follow (the kiosk's own choice, see mirror_feed) are fetched
   once each — a document URL never changes its content — and stored under stable names;
3. every feed is rewritten to the mirror's document links; entries whose document the mirror
   does not hold are left out, so every link in a published feed resolves;
4. when anything changed, a new generation is built beside the old one (unchanged files are
   hard links, so they keep their modification time and kiosks keep getting 304), and ``out``
   — a symbolic link — is swapped to it with one rename: a reader sees the old copy or the new
   one, never half of one. Documents no feed lists any more are dropped ``keep_minutes`` later.

Layout: ``out`` → ``.<out>.mirror/gen-000042/`` holding ``feeds/<id>.xml``, ``data/<name>``
and ``status.json``; beside the generations, ``state.json``, ``upstream/`` (raw copies of the
last good feeds) and a lock file.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from kiosk import __version__
from kiosk.atomic_file import write_atomically
from kiosk.content.fetch import MB, Fetcher, FetchLimits
from kiosk.content.mirror_config import MirrorConfig, MirrorSource
from kiosk.content.mirror_feed import (
    CHECK_BASE,
    check_document,
    followed_links,
    is_index_document,
    rewrite_index,
)
from kiosk.content.mirror_tree import STATUS, MirrorError, MirrorTree
from kiosk.content.problems import ContentError

__all__ = ["Mirror", "MirrorError", "MirrorReport", "SourceReport", "run_forever"]
log = logging.getLogger("kiosk.mirror")

RETRY_FIRST_S, RETRY_MAX_S = 60, 3600  # a document that failed: retried with backoff


@dataclass(slots=True)
class SourceReport:
    id: str
    status: str  # ok | unchanged | failed
    documents: int = 0  # documents the published feed links to
    downloaded: int = 0  # documents fetched in this run
    reason: str = ""
    served: bool = True  # a copy (the last good one, when failed) is being served
    origin: str = ""  # the feed's URL: documents are fetched under its address rules

    def line(self) -> str:
        if self.status == "failed":
            kept = "the last good copy stays" if self.served else "nothing mirrored yet"
            return f"{self.id}: failed ({self.reason}; {kept})"
        return f"{self.id}: {self.status} ({self.documents} documents, {self.downloaded} new)"


@dataclass(slots=True)
class MirrorReport:
    sources: list[SourceReport] = field(default_factory=list)
    requests: int = 0
    not_modified: int = 0
    bytes_downloaded: int = 0
    generation: str = ""  # the new generation's name; "" when nothing changed
    pruned: int = 0

    @property
    def failed(self) -> bool:
        return any(s.status == "failed" for s in self.sources)


def user_agent(contact: str) -> str:
    reach = f"; {contact}" if contact else ""
    return f"Hiroba-mirror/{__version__} (regional alert mirror for municipal kiosks{reach})"


def document_name(url: str) -> str:
    """A stable, safe file name for a document URL (JMA's own name kept where it is safe)."""
    digest = hashlib.sha256(url.encode()).hexdigest()[:10]
    stem = Path(urlsplit(url).path).name.removesuffix(".xml")
    stem = re.sub(r"[^A-Za-z0-9_.-]", "_", stem).strip("._")[:80] or "document"
    return f"{stem}-{digest}.xml"


class Mirror:
    def __init__(
        self,
        config: MirrorConfig,
        out: Path,
        fetcher: Fetcher | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.config = config
        self.tree = MirrorTree(out)
        self.out, self.home = self.tree.out, self.tree.home
        cap = config.fetch_max_mb * MB
        self.fetcher = fetcher or Fetcher(FetchLimits(max_bytes=cap, max_decompressed=cap))
        self.fetcher.session.headers["User-Agent"] = user_agent(config.contact)
        self.clock = clock

    # --- one run ----------------------------------------------------------------------------

    def run_once(self) -> MirrorReport:
        self.tree.prepare()
        with self.tree.locked():
            return self._run()

    def _run(self) -> MirrorReport:
        now = self.clock()
        state = self.tree.load_state()
        live = self.tree.live_generation()
        report = MirrorReport()
        fresh: dict[str, bytes] = {}  # document name → bytes fetched in this run
        feeds: dict[str, bytes] = {}  # source id → published feed bytes
        listed: set[str] = set()
        for source in self.config.sources:
            entry = self._mirror_source(source, state, live, fresh, report, now)
            if entry is not None:
                feeds[source.id], names = entry
                listed |= names
        documents, pruned = self._documents_to_keep(state, live, listed, fresh, now)
        report.pruned = pruned
        status = self._status(state, report, now)
        if live is not None and not fresh and not pruned and self.tree.same(live, feeds, documents):
            write_atomically(live / STATUS, status)
        else:
            number = int(state.get("generation", 0)) + 1
            report.generation = self.tree.publish(live, feeds, documents, fresh, status, number)
            state["generation"] = number
        self.tree.save_state(state)
        return report

    def _mirror_source(
        self,
        source: MirrorSource,
        state: dict[str, Any],
        live: Path | None,
        fresh: dict[str, bytes],
        report: MirrorReport,
        now: float,
    ) -> tuple[bytes, set[str]] | None:
        """(published feed bytes, document names it links to); None when there is none yet."""
        feed_state = state["feeds"].setdefault(source.id, {})
        feed_state["checked_at"] = now
        raw_path = self.home / "upstream" / f"{source.id}.xml"
        result = SourceReport(source.id, "unchanged", origin=source.url)
        report.sources.append(result)
        upstream = raw_path.read_bytes() if raw_path.is_file() else None
        try:
            data, changed = self._fetch_feed(source, feed_state, upstream, report)
            is_index = is_index_document(data, source.url)
            links = (
                followed_links(data, source.url, source.kind, self.config.max_documents)
                if is_index
                else []
            )
        except ContentError as exc:
            result.status, result.reason = "failed", " ".join(str(exc).split())
            feed_state["error"] = result.reason
            log.warning("mirror: %s: %s", source.id, result.reason)
            if upstream is None:
                result.served = False
                return None
            data, changed, is_index = upstream, False, is_index_document(upstream)
            links = (
                followed_links(upstream, source.url, source.kind, self.config.max_documents)
                if is_index
                else []
            )
        else:
            feed_state.pop("error", None)
            feed_state["ok_at"] = now
            if changed:
                write_atomically(raw_path, data)
                result.status = "ok"
        if not is_index:  # one CAP/JMX document: served as it is
            return data, set()
        local: dict[str, str] = {}
        names: set[str] = set()
        host = urlsplit(source.url).hostname
        for link in links:
            if urlsplit(link).scheme not in ("http", "https") or urlsplit(link).hostname != host:
                # A feed only makes the mirror fetch from its own host: never an internal
                # address a hostile or broken feed names.
                log.warning("mirror: %s: document on another host left out: %s", source.id, link)
                continue
            name = document_name(link)
            if self._have_document(name, live, fresh) or self._fetch_document(
                link, name, state, fresh, report, result, now
            ):
                local[link] = self._link_to(name)
                names.add(name)
        try:
            feed = rewrite_index(
                data,
                source.url,
                source.kind,
                self.config.max_documents,
                local,
                self_url=self._url(f"feeds/{source.id}.xml"),
            )
        except ContentError as exc:
            result.status, result.reason = "failed", " ".join(str(exc).split())
            log.error("mirror: %s: %s", source.id, result.reason)
            old = live / "feeds" / f"{source.id}.xml" if live is not None else None
            if old is None or not old.is_file():
                result.served = False
                return None
            return old.read_bytes(), self._linked_names(old.read_bytes(), source.kind)
        result.documents = len(names)
        if result.downloaded and result.status == "unchanged":
            result.status = "ok"
        return feed, names

    def _fetch_feed(
        self,
        source: MirrorSource,
        feed_state: dict[str, Any],
        upstream: bytes | None,
        report: MirrorReport,
    ) -> tuple[bytes, bool]:
        same_url = feed_state.get("url") == source.url and upstream is not None
        etag = feed_state.get("etag") if same_url else None
        modified = feed_state.get("last_modified") if same_url else None
        report.requests += 1
        response = self.fetcher.get(source.url, etag, modified)
        if response.unchanged and upstream is not None:
            report.not_modified += 1
            return upstream, False
        report.bytes_downloaded += len(response.body)
        if not response.body.strip():
            raise ContentError(f"{source.url}: empty response")
        is_index_document(response.body, source.url)  # refuse anything unsafe or unreadable
        feed_state.update(url=source.url, etag=response.etag, last_modified=response.last_modified)
        return response.body, response.body != upstream

    def _have_document(self, name: str, live: Path | None, fresh: dict[str, bytes]) -> bool:
        return name in fresh or (live is not None and (live / "data" / name).is_file())

    def _fetch_document(
        self,
        url: str,
        name: str,
        state: dict[str, Any],
        fresh: dict[str, bytes],
        report: MirrorReport,
        result: SourceReport,
        now: float,
    ) -> bool:
        failure = state["failures"].get(url)
        if failure and now < failure["retry_at"]:
            return False
        report.requests += 1
        try:
            # The kiosk's redirect and address rules, from the feed that named the document.
            body = self.fetcher.get(url, origin=result.origin).body
            report.bytes_downloaded += len(body)
            check_document(body, url)
        except ContentError as exc:
            count = (failure or {}).get("count", 0) + 1
            wait = min(RETRY_MAX_S, RETRY_FIRST_S * 2 ** (count - 1))
            reason = " ".join(str(exc).split())
            state["failures"][url] = {"count": count, "retry_at": now + wait, "reason": reason}
            log.info("mirror: document left out for now: %s: %s", url, reason)
            return False
        state["failures"].pop(url, None)
        fresh[name] = body
        result.downloaded += 1
        return True

    def _documents_to_keep(
        self,
        state: dict[str, Any],
        live: Path | None,
        listed: set[str],
        fresh: dict[str, bytes],
        now: float,
    ) -> tuple[set[str], int]:
        """Names to publish: the listed ones, plus unlisted ones still within keep_minutes."""
        present = set(fresh)
        if live is not None and (live / "data").is_dir():
            present |= {p.name for p in (live / "data").iterdir()}
        unlisted = state["unlisted"]
        keep = set(listed)
        pruned = 0
        for name in present - listed:
            since = unlisted.setdefault(name, now)
            if now - since < self.config.keep_minutes * 60:
                keep.add(name)
            else:
                pruned += 1
                del unlisted[name]
        for name in listed:
            unlisted.pop(name, None)
        for name in set(unlisted) - present:
            del unlisted[name]
        return keep, pruned

    # --- paths, state ------------------------------------------------------------------------

    def _linked_names(self, feed: bytes, kind: str) -> set[str]:
        """Names of the documents a feed this mirror published links to."""
        links = followed_links(feed, CHECK_BASE, kind, self.config.max_documents)
        return {Path(urlsplit(link).path).name for link in links}

    def _link_to(self, name: str) -> str:
        return self._url(f"data/{name}") or f"../data/{name}"

    def _url(self, path: str) -> str:
        return f"{self.config.base_url}{path}" if self.config.base_url else ""

    def _status(self, state: dict[str, Any], report: MirrorReport, now: float) -> bytes:
        """What a region's monitoring reads: when each upstream last answered well."""
        sources = {}
        for result in report.sources:
            feed = state["feeds"].get(result.id, {})
            sources[result.id] = {
                "status": result.status,
                "documents": result.documents,
                "ok_at": _iso(feed.get("ok_at")),
                "error": feed.get("error", ""),
            }
        body = {"mirror": f"hiroba {__version__}", "checked_at": _iso(now), "sources": sources}
        return (json.dumps(body, ensure_ascii=False, indent=1) + "\n").encode()


def _iso(stamp: float | None) -> str | None:
    if stamp is None:
        return None
    return datetime.fromtimestamp(stamp, UTC).isoformat(timespec="seconds")


def run_forever(mirror: Mirror, interval: float, stop: Callable[[], bool] | None = None) -> None:
    """``kiosk mirror`` without --once: a run every ``interval`` seconds, on the minute grid."""
    while not (stop and stop()):
        started = time.monotonic()
        try:
            report = mirror.run_once()
            for result in report.sources:
                log.info("mirror: %s", result.line())
        except (ContentError, OSError) as exc:
            log.error("mirror run failed: %s", exc)
        time.sleep(max(1.0, interval - (time.monotonic() - started)))
