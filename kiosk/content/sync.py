"""Bring every configured source into the store, one transaction per source.

A source that fails keeps its last good content; its status records why, in one line.
This first version reads local content packages; network kinds plug in through READERS.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from kiosk.content.alert_sources import local_fetch, read_alert_source
from kiosk.content.bundle_client import read_bundle_source
from kiosk.content.model import Source, SourceContent
from kiosk.content.packages import read_package
from kiosk.content.problems import ContentError
from kiosk.content.store import Store

log = logging.getLogger("kiosk.sync")

Reader = Callable[[Source], SourceContent]


def _read_package_source(source: Source) -> SourceContent:
    content = read_package(Path(source.location))
    # The configured id and category win over the package's own, so config stays in charge.
    return SourceContent(
        source=source, items=content.items, pages=content.pages, alerts=content.alerts
    )


READERS: dict[str, Reader] = {"package": _read_package_source}
READERS["bundle"] = read_bundle_source  # signed region bundles (kiosk/content/bundle_client.py)

# Alert sources (issue 5). The fetch is injectable: these read local paths until the HTTP
# fetcher is connected (pass it as ``fetch=``).
READERS["cap"] = READERS["jmx"] = lambda source: read_alert_source(source, fetch=local_fetch)


@dataclass(frozen=True, slots=True)
class SyncResult:
    source_id: str
    status: str  # ok | unchanged | failed
    items: int = 0
    reason: str = ""

    def line(self) -> str:
        detail = f"{self.items} items" if self.status != "failed" else self.reason
        return f"{self.source_id}: {self.status} ({detail})"


def sync_source(store: Store, source: Source) -> SyncResult:
    reader = READERS.get(source.kind)
    try:
        if reader is None:
            raise ContentError(f"source kind '{source.kind}' is not supported yet")
        content = reader(source)
    except ContentError as exc:
        reason = " ".join(str(exc).split())
        store.record_failure(source, reason)
        log.warning("sync failed: %s: %s", source.id, reason)
        return SyncResult(source.id, "failed", reason=reason)
    store.replace_source(content)
    log.info("sync ok: %s: %d items", source.id, len(content.items))
    return SyncResult(source.id, "ok", items=len(content.items))


def sync_all(store: Store, sources: Iterable[Source]) -> list[SyncResult]:
    enabled = [s for s in sources if s.enabled]
    store.remove_sources_except({s.id for s in enabled})
    results = [sync_source(store, s) for s in enabled]
    log.info(
        "sync done: %d sources, %d failed", len(results), sum(r.status == "failed" for r in results)
    )
    return results
