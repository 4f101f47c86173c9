"""The same bytes again need no reading: a sync short-cut for servers without validators.

Many municipal CMSs send no ETag or Last-Modified (or change them on every answer), so a
conditional GET never gets its 304 and every poll of the running kiosk read, simplified and
rewrote every such feed, and carried its pages' readings over, although nothing had changed.
The running kiosk (BackgroundSync) keeps, per source, a fingerprint of the bytes its stored
content was read from; a 200 with those very bytes is "unchanged" like a 304.

Kept in memory, not in the store: a new kiosk version (whose readers may read the same bytes
differently) starts with none and reads everything once.
"""

from __future__ import annotations

import hashlib

from kiosk.content.model import Source
from kiosk.content.parse_pool import POOL_KINDS
from kiosk.content.store import Store

# Kinds whose content depends on nothing but their bytes and the source's settings: no
# documents followed (alert index feeds, bundles), no alert chains merged with stored ones.
SAME_BYTES_KINDS = POOL_KINDS


def body_fingerprint(source: Source, data: bytes) -> str:
    """The source as configured (a changed category or location reads again) and its bytes."""
    digest = hashlib.sha256(repr(source).encode())
    digest.update(b"\0")
    digest.update(data)
    return digest.hexdigest()


def still_stored(store: Store, bodies: dict[str, str] | None) -> dict[str, str]:
    """The remembered fingerprints of sources whose content is still in the store."""
    if not bodies:
        return {}
    stored = {s.id for s in store.source_statuses() if s.last_success and s.item_count > 0}
    return {source_id: body for source_id, body in bodies.items() if source_id in stored}


def remember(bodies: dict[str, str], source_id: str, body: str, status: str) -> None:
    """After a source's write: its stored content now comes from ``body`` (ok, unchanged), or
    it was refused after reading (e.g. a login page) and the store keeps older content."""
    if status in ("ok", "unchanged"):
        bodies[source_id] = body
    else:
        bodies.pop(source_id, None)
