"""The mirror's tree on disk: generations beside ``out``, the link swap, state and lock.

``out`` is a symbolic link to ``.<out>.mirror/gen-NNNNNN/``; a new generation is built in a
staging folder and ``out`` is swapped to it with one ``rename(2)``, so a reader sees the old
copy or the new one, never half of one. Unchanged files are hard links into the previous
generation: same inode, same modification time, so kiosks keep getting 304 for them.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kiosk.atomic_file import write_atomically
from kiosk.content.problems import ContentError

log = logging.getLogger("kiosk.mirror")

STATE = "state.json"
STATUS = "status.json"
GENERATIONS_KEPT = 2  # the live one and the one before (a reader may still be inside it)


class MirrorError(ContentError):
    """The mirror cannot run at all (output path, lock); per-source failures are reported."""


class MirrorTree:
    def __init__(self, out: Path) -> None:
        self.out = Path(out).absolute()
        self.home = self.out.parent / f".{self.out.name}.mirror"

    def prepare(self) -> None:
        self.check_out()
        self.home.mkdir(parents=True, exist_ok=True)
        (self.home / "upstream").mkdir(exist_ok=True)

    def check_out(self) -> None:
        if self.out.is_symlink() or not self.out.exists():
            return
        if self.out.is_dir() and not any(self.out.iterdir()):
            self.out.rmdir()  # an empty folder made for us (e.g. by tmpfiles.d): take its place
            return
        raise MirrorError(
            f"{self.out}: exists and is not a mirror link; give a new path (the mirror makes it "
            "a link to its latest copy)"
        )

    def live_generation(self) -> Path | None:
        if not self.out.is_symlink():
            return None
        target = self.out.resolve()
        return target if target.is_dir() and target.parent == self.home.resolve() else None

    def same(self, live: Path, feeds: dict[str, bytes], documents: set[str]) -> bool:
        data = live / "data"
        have = {p.name for p in data.iterdir()} if data.is_dir() else set()
        if have != documents:
            return False
        feed_dir = live / "feeds"
        published = {p.stem for p in feed_dir.iterdir()} if feed_dir.is_dir() else set()
        if published != set(feeds):
            return False
        return all((feed_dir / f"{i}.xml").read_bytes() == body for i, body in feeds.items())

    def publish(
        self,
        live: Path | None,
        feeds: dict[str, bytes],
        documents: set[str],
        fresh: dict[str, bytes],
        status: bytes,
        number: int,
    ) -> str:
        """Build generation ``number`` and swap ``out`` to it; returns its name."""
        name = f"gen-{number:06d}"
        staging = self.home / f".{name}.tmp"
        shutil.rmtree(staging, ignore_errors=True)
        (staging / "feeds").mkdir(parents=True)
        (staging / "data").mkdir()
        for doc in sorted(documents):
            target = staging / "data" / doc
            if doc in fresh:
                target.write_bytes(fresh[doc])
            else:
                _link_or_copy(live / "data" / doc, target)  # type: ignore[operator]
        for source_id, body in feeds.items():
            target = staging / "feeds" / f"{source_id}.xml"
            old = live / "feeds" / f"{source_id}.xml" if live is not None else None
            if old is not None and old.is_file() and old.read_bytes() == body:
                _link_or_copy(old, target)  # same inode, same mtime: kiosks keep their 304
                continue
            target.write_bytes(body)
            if old is not None and old.is_file():
                # Last-Modified has one-second resolution: a changed feed must never carry the
                # old feed's second, or a kiosk's If-Modified-Since would hide the change.
                stamp = max(time.time(), old.stat().st_mtime + 1)
                os.utime(target, (stamp, stamp))
        (staging / STATUS).write_bytes(status)
        final = self.home / name
        shutil.rmtree(final, ignore_errors=True)
        os.replace(staging, final)
        self.swap(final)
        self.remove_old_generations(final)
        log.info("mirror: published %s (%d feeds, %d documents)", name, len(feeds), len(documents))
        return name

    def swap(self, generation: Path) -> None:
        link = self.out.with_name(f".{self.out.name}.swap")
        with contextlib.suppress(FileNotFoundError):
            link.unlink()
        link.symlink_to(os.path.relpath(generation, self.out.parent), target_is_directory=True)
        os.replace(link, self.out)  # rename(2) over the old link: atomic for every reader

    def remove_old_generations(self, current: Path) -> None:
        generations = sorted(p for p in self.home.glob("gen-*") if p.is_dir())
        for old in generations[:-GENERATIONS_KEPT]:
            if old != current:
                shutil.rmtree(old, ignore_errors=True)

    def load_state(self) -> dict[str, Any]:
        try:
            state = json.loads((self.home / STATE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            state = {}
        if not isinstance(state, dict):
            state = {}
        for key in ("feeds", "failures", "unlisted"):
            if not isinstance(state.get(key), dict):
                state[key] = {}
        return state

    def save_state(self, state: dict[str, Any]) -> None:
        write_atomically(self.home / STATE, json.dumps(state, indent=1, sort_keys=True).encode())

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        try:
            import fcntl
        except ImportError:  # not POSIX: the mirror is meant for a Linux host
            yield
            return
        with (self.home / "lock").open("w") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                raise MirrorError(f"{self.out}: another mirror run is still working") from None
            yield


def _link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)
