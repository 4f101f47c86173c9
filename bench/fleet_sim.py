"""The simulated fleet of bench/fleet_bench.py: N kiosks, each the real client (its own store,
bundle cache and BackgroundSync), advanced on a simulated clock against the static host.
"""

from __future__ import annotations

import argparse
import heapq
import json
import os
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bench.fleet_hosts import CHANGED_PAGE, StaticHost, Upstream, make_bundle

KIOSK_CONFIG = """\
[kiosk]
sync_jitter_seconds = {jitter}

[[source]]
id = "jma"
kind = "jmx"
category = "disaster"
url = "{mirror}/feeds/eqvol.xml"
refresh_minutes = 1

[[source]]
id = "region"
kind = "bundle"
category = "notices"
url = "{bundle}"
public_key = "{public_key}"
refresh_minutes = {bundle_minutes}
"""
JST = ZoneInfo("Asia/Tokyo")
# The simulated clock: the afternoon of the Noto earthquake, so the real documents are current.
START = datetime(2024, 1, 1, 16, 14, tzinfo=JST)


# --- the fleet ---------------------------------------------------------------------------------


class SimClock:
    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now


@dataclass
class Kiosk:
    number: int
    store_path: Path
    background: Any = None
    got_alert: datetime | None = None
    got_bundle: datetime | None = None


@dataclass
class Phase:
    name: str
    seconds: float = 0.0  # simulated
    per_second: dict[int, int] = field(default_factory=dict)
    totals: dict[str, int] = field(default_factory=dict)
    wall: float = 0.0

    def add(self, second: int, stats: dict[str, int]) -> None:
        if stats.get("requests"):
            self.per_second[second] = self.per_second.get(second, 0) + stats["requests"]
        for key, value in stats.items():
            self.totals[key] = self.totals.get(key, 0) + value

    @property
    def requests(self) -> int:
        return self.totals.get("requests", 0)

    @property
    def peak(self) -> int:
        return max(self.per_second.values(), default=0)


class Fleet:
    def __init__(self, args: argparse.Namespace, work: Path) -> None:
        from kiosk.config import load_config
        from kiosk.content import store as store_module
        from kiosk.content.mirror import Mirror
        from kiosk.content.mirror_config import MirrorConfig, MirrorSource
        from kiosk.content.store import Store

        self.args, self.work = args, work
        www = work / "www"
        www.mkdir()
        self.upstream = Upstream(work / "jma-upstream")
        self.upstream.publish_feed(with_tsunami=False)
        public = make_bundle(work, www / "bundle")
        config = MirrorConfig(sources=(MirrorSource("eqvol", "jmx", self.upstream.feed_url),))
        self.mirror = Mirror(config, www / "jma")
        self.mirror.run_once()
        self.host = StaticHost(www)
        self.clock = SimClock(START)
        store_module.utc_now = self.clock  # the kiosks' clock (alert retention, statuses)
        config_path = work / "kiosk.toml"
        config_path.write_text(
            KIOSK_CONFIG.format(
                jitter=args.jitter,
                mirror=f"{self.host.url}/jma",
                bundle=f"{self.host.url}/bundle/",
                public_key=public,
                bundle_minutes=args.bundle_minutes,
            ),
            encoding="utf-8",
        )
        self.config = load_config(config_path)
        os.environ["HIROBA_DATA_DIR"] = str(work / "data")  # bundle caches, one per source id
        self.kiosks = []
        for n in range(args.kiosks):
            folder = work / "kiosks" / f"k{n:04d}"
            folder.mkdir(parents=True)
            Store(folder / "store.sqlite3").close()
            self.kiosks.append(Kiosk(n, folder / "store.sqlite3"))
        self.pool = ThreadPoolExecutor(args.threads, thread_name_prefix="kiosk")

    def sources(self, number: int, only: str = "") -> list[Any]:
        import dataclasses

        chosen = []
        for source in self.config.sources:
            if only and source.id != only:
                continue
            if source.kind == "bundle":  # its own cache folder per kiosk (default_cache_dir)
                source = dataclasses.replace(source, id=f"region-{number:04d}")
            chosen.append(source)
        return chosen

    def boot(self, jitter: float) -> None:
        """Every kiosk (re)starts now: a new BackgroundSync reads its schedule from the store."""
        import random

        from kiosk.content.background import BackgroundSync

        for kiosk in self.kiosks:
            if kiosk.background is not None:
                kiosk.background.close()
            kiosk.background = BackgroundSync(
                kiosk.store_path, self.sources(kiosk.number), limits=None, jitter_seconds=jitter
            )
            kiosk.background.schedule.rng = random.Random(kiosk.number * 7919 + int(jitter))

    def only(self, source_id: str) -> None:
        """Keep running only one source of each kiosk, on the schedule it already had (not a
        restart): the bundle's 15 minutes need not replay 15 minutes of alert polls."""
        for kiosk in self.kiosks:
            schedule = kiosk.background.schedule
            kept = [s for s in schedule.sources if s.id.startswith(source_id)]
            kiosk.background.sources = kept
            schedule.sources = kept
            schedule.next_due = {s.id: schedule.next_due[s.id] for s in kept}

    def run(self, phase: Phase, seconds: float, stop: Callable[[], bool] = lambda: False) -> Phase:
        """Advance simulated time by up to ``seconds``, running every kiosk pass that falls due."""
        started_wall = time.monotonic()
        begin = self.clock.now
        end = begin + timedelta(seconds=seconds)
        self.host.take_stats()  # start the phase from zero
        heap = [(self._wakeup(k, begin), k.number) for k in self.kiosks]
        heapq.heapify(heap)
        while heap and heap[0][0] < end and not stop():
            second = heap[0][0].replace(microsecond=0)
            self.clock.now = max(self.clock.now, second + timedelta(seconds=1))
            due = []
            while heap and heap[0][0] < second + timedelta(seconds=1):
                due.append(self.kiosks[heapq.heappop(heap)[1]])
            tick = second + timedelta(seconds=1)  # every pass due within this second has run
            list(self.pool.map(self._pass, due, [tick] * len(due)))
            offset = int((second - begin).total_seconds())
            phase.add(offset, self.host.take_stats())
            for kiosk in due:
                heapq.heappush(heap, (self._wakeup(kiosk, tick), kiosk.number))
        self.clock.now = end if not stop() else self.clock.now + timedelta(seconds=1)
        phase.seconds += (self.clock.now - begin).total_seconds()
        phase.wall += time.monotonic() - started_wall
        print(
            f"  {phase.name}: {phase.seconds:.0f} simulated s, {phase.requests} requests, "
            f"{phase.wall:.1f} s wall",
            file=sys.stderr,
            flush=True,
        )
        return phase

    def _wakeup(self, kiosk: Kiosk, now: datetime) -> datetime:
        from kiosk.content.store import Store

        schedule = kiosk.background.schedule
        if not schedule.started:
            with Store(kiosk.store_path) as store:
                attempts = {s.id: s.last_attempt for s in store.source_statuses()}
            schedule.start(attempts, now)
        return schedule.next_wakeup() or now + timedelta(days=1)

    def _pass(self, kiosk: Kiosk, second: datetime) -> None:
        """One pass of the kiosk's background sync (its SQLite connection lives in the pass:
        the pool's threads take turns, and a connection belongs to one thread)."""
        from kiosk.content.store import Store

        started = time.monotonic()
        with Store(kiosk.store_path) as store:
            results = kiosk.background.run_pass(store, now=second)
            took = timedelta(seconds=time.monotonic() - started)  # real time the pass took
            for result in results:
                if result.status != "ok":
                    continue
                if result.source_id == "jma" and kiosk.got_alert is None and _has_alert(store):
                    kiosk.got_alert = second + took
                bundle = result.source_id.startswith("region")
                if bundle and kiosk.got_bundle is None and _has_revision(store):
                    kiosk.got_bundle = second + took

    def close(self) -> None:
        for kiosk in self.kiosks:
            if kiosk.background is not None:
                kiosk.background.close()
        self.pool.shutdown()
        self.host.stop()
        self.upstream.stop()


def _has_alert(store: Any) -> bool:
    """What the alert screen would show: the tsunami warning is among the stored alerts."""
    return any(a.event.get("ja") == "大津波警報" for a in store.alerts())


def _has_revision(store: Any) -> bool:
    """The revised page of the new bundle is what the kiosk now shows."""
    from kiosk.content.model import Category

    for item in store.items(Category.NOTICES, "ja"):
        page = store.page(item.key)
        blocks = page.blocks if page else ()
        if any(CHANGED_PAGE in json.dumps(b.to_json(), ensure_ascii=False) for b in blocks):
            return True
    return False
