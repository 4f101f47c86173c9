"""The kiosk side of region bundles: the ``bundle`` source kind.

Fetch bundle.json, verify its signature against the region keys pinned in config, refuse
older (replayed) manifests, fetch only the objects not already in the local cache, check
each against its SHA-256 and size, then read the packages. Any failure raises BundleError,
so sync keeps the last good content live and records the reason.

URL fetching is injectable (``fetch(url) -> bytes``) so the kiosk's HTTP session (timeouts,
size caps, retries) can be plugged in; the default is a plain capped ``requests`` call.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path

from kiosk.atomic_file import write_atomically
from kiosk.content.bundle import (
    MANIFEST,
    OBJECTS,
    BundleError,
    FileEntry,
    Manifest,
    check_object,
)
from kiosk.content.model import Source, SourceContent
from kiosk.content.packages import read_package
from kiosk.content.problems import ContentError
from kiosk.i18n import gettext as _

log = logging.getLogger("kiosk.bundle")
Fetch = Callable[[str], bytes]
MAX_FETCH_BYTES = 10 * 1024 * 1024
STATE_FILE = "state.json"


def http_fetch(url: str, max_bytes: int = MAX_FETCH_BYTES) -> bytes:
    """GET ``url`` through the kiosk's Fetcher (timeouts, body cap, checked redirects);
    errors become BundleError."""
    from kiosk.content.fetch import Fetcher, FetchError, FetchLimits

    limits = FetchLimits(max_bytes=max_bytes, max_decompressed=max_bytes, retries=0)
    try:
        with Fetcher(limits, pool_size=1) as fetcher:
            return fetcher.get(url).body
    except FetchError as exc:
        raise BundleError(url, _("download failed ({error})").format(error=exc)) from exc


def _is_url(location: str) -> bool:
    return location.startswith(("http://", "https://"))


def _join(base: str, name: str) -> str:
    if _is_url(base):
        return base.rstrip("/") + "/" + name
    return str(Path(base.removeprefix("file://")) / name)


def _local_fetch(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise BundleError(path, _("cannot read ({error})").format(error=exc.strerror)) from exc


class BundleClient:
    """Syncs one bundle source into a cache folder of its own."""

    def __init__(self, cache_dir: Path, fetch: Fetch | None = None) -> None:
        self.cache = Path(cache_dir)
        self.fetch = fetch or http_fetch
        self.fetched: list[str] = []  # object paths downloaded by the last read (for logs)

    def _get(self, location: str) -> bytes:
        return self.fetch(location) if _is_url(location) else _local_fetch(location)

    def read(self, source: Source) -> SourceContent:
        trusted = tuple(getattr(source, "public_keys", ()) or ())
        if not trusted:
            raise BundleError(
                source.location,
                _("no public_key is configured for this bundle source; nothing is trusted"),
            )
        manifest_location = _join(source.location, MANIFEST)
        from kiosk.content.bundle import parse_manifest

        manifest = parse_manifest(self._get(manifest_location), manifest_location, trusted)
        self._refuse_replay(manifest, manifest_location)
        self.fetched = []
        for entry in manifest.files:
            cached = self.cache / OBJECTS / entry.sha256
            if _intact(cached, entry):  # re-hashed: a damaged cache must never go live
                continue
            location = _join(source.location, f"{OBJECTS}/{entry.sha256}")
            data = self._get(location)
            check_object(data, entry, location)
            write_atomically(cached, data)
            self.fetched.append(entry.path)
        tree = self._materialise(manifest)
        content = _read_tree(tree, manifest, source)
        self._save_state(manifest)
        log.info(
            "bundle ok: %s sequence %d, %d files fetched",
            source.id,
            manifest.sequence,
            len(self.fetched),
        )
        return content

    # --- state ----------------------------------------------------------------------------

    def _state(self) -> dict[str, object]:
        try:
            data = json.loads((self.cache / STATE_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def _refuse_replay(self, manifest: Manifest, where: str) -> None:
        state = self._state()
        have = int(state.get("sequence", 0) or 0)  # type: ignore[call-overload]
        if manifest.sequence < have:
            raise BundleError(
                where,
                _("older manifest (number {got}, this kiosk has {have}): replay refused").format(
                    got=manifest.sequence, have=have
                ),
            )
        if manifest.sequence == have and manifest.digest != state.get("digest"):
            raise BundleError(
                where,
                _("a different manifest with the same number {got}: refused").format(
                    got=manifest.sequence
                ),
            )

    def _save_state(self, manifest: Manifest) -> None:
        data = {"sequence": manifest.sequence, "digest": manifest.digest}
        write_atomically(self.cache / STATE_FILE, json.dumps(data).encode())
        # Keep only the live tree and the objects it uses.
        for tree in (self.cache / "trees").iterdir():
            if tree.name != manifest.digest:
                shutil.rmtree(tree, ignore_errors=True)
        used = {e.sha256 for e in manifest.files}
        for obj in (self.cache / OBJECTS).iterdir():
            if obj.name not in used:
                obj.unlink(missing_ok=True)

    def _materialise(self, manifest: Manifest) -> Path:
        """Lay the verified objects out as package folders (once per manifest)."""
        tree = self.cache / "trees" / manifest.digest
        if tree.is_dir():
            if _tree_matches(tree, manifest):
                return tree
            log.warning("bundle cache: %s was altered; laid out again", tree)
            shutil.rmtree(tree, ignore_errors=True)
        staging = tree.with_name(f".{manifest.digest}.tmp")
        shutil.rmtree(staging, ignore_errors=True)
        for entry in manifest.files:
            target = staging.joinpath(*entry.path.split("/"))
            if not target.resolve().is_relative_to(staging.resolve()):
                raise BundleError(entry.path, _("unsafe file name in the manifest"))
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(self.cache / OBJECTS / entry.sha256, target)
        os.replace(staging, tree)
        return tree


def _intact(path: Path, entry: FileEntry) -> bool:
    try:
        data = path.read_bytes()
    except OSError:
        return False
    return len(data) == entry.size and hashlib.sha256(data).hexdigest() == entry.sha256


def _tree_matches(tree: Path, manifest: Manifest) -> bool:
    """The laid-out tree holds exactly the manifest's files, each with its own hash."""
    expected = {entry.path: entry for entry in manifest.files}
    found = {p.relative_to(tree).as_posix() for p in tree.rglob("*") if not p.is_dir()}
    if found != set(expected):
        return False
    return all(_intact(tree / name, entry) for name, entry in expected.items())


def _read_tree(tree: Path, manifest: Manifest, source: Source) -> SourceContent:
    """All packages of the bundle as one source; guids are prefixed with the package id."""
    items, pages, alerts = [], [], []
    for package_id in manifest.packages:
        folder = tree / package_id
        try:
            content = read_package(folder)
        except ContentError as exc:
            raise BundleError(
                folder,
                _("package {id} in the bundle cannot be read: {error}").format(
                    id=package_id, error=" ".join(str(exc).split())
                ),
            ) from exc
        keys = {}
        for item in content.items:
            moved = dataclasses.replace(item, source_id=source.id, guid=f"{package_id}/{item.guid}")
            keys[item.key] = moved.key
            items.append(moved)
        pages.extend(dataclasses.replace(p, item_key=keys[p.item_key]) for p in content.pages)
        alerts.extend(
            dataclasses.replace(a, source_id=source.id, id=f"{package_id}/{a.id}")
            for a in content.alerts
        )
    return SourceContent(
        source=source, items=tuple(items), pages=tuple(pages), alerts=tuple(alerts)
    )


def default_cache_dir(source: Source, data_dir: Path | None = None) -> Path:
    """``<data dir>/bundles/<source>-<hash>``: the kiosk's own data dir when given (sync
    passes the folder its store lives in), else the configured default."""
    if data_dir is None:
        from kiosk.config import Config

        data_dir = Config().data_dir
    safe = re.sub(r"[^A-Za-z0-9._-]", "_", source.id)[:60]
    return (
        Path(data_dir) / "bundles" / f"{safe}-{hashlib.sha256(source.id.encode()).hexdigest()[:8]}"
    )


def read_bundle_source(
    source: Source, fetch: Fetch | None = None, data_dir: Path | None = None
) -> SourceContent:
    """The ``bundle`` reader registered in kiosk.content.sync.FETCHING_READERS."""
    return BundleClient(default_cache_dir(source, data_dir), fetch).read(source)
