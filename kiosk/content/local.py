"""Import local content packages at start, skipping the ones unchanged since the last import.

Reading a package means parsing every Markdown page; doing that on every start cost more than
half of the kiosk's cold start (bench/coldstart.py). A package is re-read only when its files
(names, sizes, modification times), its source settings or the package reader changed.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path

from kiosk import __version__
from kiosk.content.model import Source
from kiosk.content.store import Store
from kiosk.fingerprint import fingerprint

log = logging.getLogger("kiosk.sync")


def package_fingerprint(source: Source) -> str:
    """A cheap digest (stat only, no reading) of everything that decides a package's content."""
    digest = fingerprint()
    reader = Path(__file__).with_name("packages.py")
    digest.update(f"{__version__}|{reader.stat().st_mtime_ns}|{reader.stat().st_size}".encode())
    digest.update(repr((source.id, source.kind, source.location, source.category.value)).encode())
    root = Path(source.location)
    files = sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else [root]
    for path in files:
        try:
            info = path.stat()
        except OSError:  # vanished or unreadable: the reader will report it
            continue
        digest.update(f"{path.relative_to(root.parent)}|{info.st_size}|{info.st_mtime_ns}".encode())
    return digest.hexdigest()


def sync_local_packages(
    store: Store, sources: Iterable[Source], *, isolate_readings: bool = False
) -> list[str]:
    """Re-import the package sources that changed; returns the ids that were read.

    Sources no longer configured are forgotten, as in a full sync. ``isolate_readings``: the
    furigana analysis runs in a helper process (the caller is the kiosk's UI process).
    """
    sources = [s for s in sources if s.enabled]
    store.remove_sources_except({s.id for s in sources})
    changed: list[tuple[Source, str]] = []
    for source in sources:
        if source.kind != "package":
            continue
        fingerprint = package_fingerprint(source)
        if store.package_fingerprint(source.id) != fingerprint:
            changed.append((source, fingerprint))
    if not changed:
        return []
    for source, fingerprint in changed:
        if _import_package(store, source, isolate_readings):
            store.set_package_fingerprint(source.id, fingerprint)
    return [source.id for source, _ in changed]


def _import_package(store: Store, source: Source, isolate_readings: bool) -> bool:
    """Read one package folder into the store; a bad package keeps its last good content.

    Not through content.sync: that module brings the network and signature stacks (requests,
    cryptography), which a kiosk reading folders before its first frame does not need.
    """
    from kiosk.content.furigana import annotate_content
    from kiosk.content.packages import read_package  # the Markdown reader: only when needed
    from kiosk.content.problems import ContentError
    from kiosk.i18n import SOURCE_LANGUAGE, messages_in

    try:
        with messages_in(SOURCE_LANGUAGE):  # a recorded reason is English (see sync._work)
            content = read_package(Path(source.location)).owned_by(source)
    except ContentError as exc:
        reason = " ".join(str(exc).split())
        store.record_failure(source, reason)
        log.warning("sync failed: %s: %s", source.id, reason)
        return False
    store.replace_source(annotate_content(content, isolate=isolate_readings, previous=store.page))
    log.info("sync ok: %s: %d items", source.id, len(content.items))
    return True
