"""A region's fleet: N kiosks (default 1,000) pull a signed bundle and the alert mirror from one
static server on 127.0.0.1.

    python -m bench.fleet_bench [--quick] [--kiosks N]

Every simulated kiosk is the real client: its own Store (SQLite), its own bundle cache, and a
``BackgroundSync`` whose ``run_pass`` is called with a simulated clock, so the schedule (refresh
intervals and ``sync_jitter_seconds`` read from a kiosk config file), the conditional GETs, the
bundle client and the alert readers are the kiosk's own code. Time is simulated — a minute of
polling takes well under a minute — but every request is a real HTTP request to a real
``http.server`` in its own process, which counts requests and bytes (request line + headers
in, status + headers + body out) per simulated second.

Upstream JMA is played by a loopback server with the real 2024-01-01 eqvol feed; the real
``Mirror`` copies it into the static tree. The new alert is the real Noto 大津波警報 (VTSE41)
appearing in that feed; the new bundle is one page of one package changed and re-published.

Phases: every kiosk's first sync (fresh fleet); an unchanged stretch (304s only); the alert
reaching the mirror; one package changing; then the same fleet restarted together after a
power cut, once with the configured jitter and once with none (the thundering herd).
"""

from __future__ import annotations

import argparse
import heapq
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import REPO, Report, percentile

DAY_S = 86400
STATS_PATH = "/__stats__"
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
JMA_DATA = b"https://www.data.jma.go.jp/developer/xml/data/"
SHARED_JMX = REPO.parent / "shared" / "feeds" / "jmx"
TSUNAMI_DOC = "20240101072233_0_VTSE41_010000.xml"
DOCUMENTS = {
    TSUNAMI_DOC: "VTSE41_20240101_noto_otsunami_keiho_real.xml",
    "20240101071342_0_VXSE51_010000.xml": "VXSE51_20240101_noto_shindo_sokuho_real.xml",
}
CHANGED_PAGE = "お知らせ（改訂）"


# --- the static host (own process) ------------------------------------------------------------


class _Counting:
    """Wraps the handler's wfile: counts what goes out."""

    def __init__(self, inner: Any) -> None:
        self.inner, self.count = inner, 0

    def write(self, data: bytes) -> int:
        self.count += len(data)
        return self.inner.write(data)

    def flush(self) -> None:
        self.inner.flush()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


def serve(root: Path) -> None:
    """A plain static server (python's http.server, HTTP/1.1 keep-alive) that counts."""
    lock = threading.Lock()
    totals: dict[str, int] = {}

    def add(key: str, value: int) -> None:
        with lock:
            totals[key] = totals.get(key, 0) + value

    class Handler(SimpleHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=str(root), **kwargs)

        def log_message(self, *args: object) -> None:
            pass

        def setup(self) -> None:
            super().setup()
            # As nginx does (tcp_nodelay on): without it, keep-alive answers written in two
            # pieces wait for the client's delayed ACK, 40 ms a request.
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            self.wfile = _Counting(self.wfile)
            add("connections", 1)

        def send_response(self, code: int, message: str | None = None) -> None:
            self._status = code
            super().send_response(code, message)

        def handle_one_request(self) -> None:
            before = self.wfile.count
            self._status, self.command = 0, None
            super().handle_one_request()
            if not getattr(self, "command", None) or self.path == STATS_PATH:
                return
            area = self.path.strip("/").split("/")[0]
            add("requests", 1)
            add(f"requests_{area}", 1)
            add(f"status_{self._status}", 1)
            sent = len(self.raw_requestline) + len(self.headers.as_bytes())
            add("bytes_in", sent)
            add("bytes_out", self.wfile.count - before)
            add(f"bytes_{area}", sent + self.wfile.count - before)

        def do_GET(self) -> None:
            if self.path == STATS_PATH:
                with lock:
                    body = json.dumps(totals).encode()
                    totals.clear()
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            super().do_GET()

    class Server(ThreadingHTTPServer):
        request_queue_size = 2048
        daemon_threads = True

    httpd = Server(("127.0.0.1", 0), Handler)
    print(f"PORT {httpd.server_address[1]}", flush=True)
    httpd.serve_forever()


class StaticHost:
    def __init__(self, root: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bench.fleet_bench", "--serve", str(root)],
            cwd=REPO,
            stdout=subprocess.PIPE,
            text=True,
        )
        line = self.process.stdout.readline() if self.process.stdout else ""
        self.url = f"http://127.0.0.1:{int(line.split()[1])}"
        import requests

        self._stats = requests.Session()

    def take_stats(self) -> dict[str, int]:
        return self._stats.get(self.url + STATS_PATH, timeout=30).json()

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(10)


# --- upstream JMA and the region's publishing --------------------------------------------------


class Upstream:
    """JMA played on 127.0.0.1 (real feed and documents), in a thread of this process."""

    def __init__(self, root: Path) -> None:
        self.root = root
        (root / "data").mkdir(parents=True)
        (root / "feed").mkdir()
        for name, sample in DOCUMENTS.items():
            shutil.copyfile(SHARED_JMX / sample, root / "data" / name)

        class Handler(SimpleHTTPRequestHandler):
            def __init__(self, *args: Any, **kwargs: Any) -> None:
                super().__init__(*args, directory=str(root), **kwargs)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.feed_url = f"{self.url}/feed/eqvol.xml"

    def publish_feed(self, with_tsunami: bool) -> None:
        from lxml import etree

        data = (SHARED_JMX / "feed_eqvol_20240101_noto_real.xml").read_bytes()
        data = data.replace(JMA_DATA, f"{self.url}/data/".encode())
        root = etree.fromstring(data)
        if not with_tsunami:  # the feed as it stood before the tsunami warning was listed
            atom = "{http://www.w3.org/2005/Atom}"
            for entry in root.findall(f"{atom}entry"):
                if TSUNAMI_DOC in (entry.findtext(f"{atom}id") or ""):
                    root.remove(entry)
        path = self.root / "feed" / "eqvol.xml"
        path.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
        stamp = time.time() + (2 if with_tsunami else 0)  # a newer Last-Modified second
        os.utime(path, (stamp, stamp))

    def stop(self) -> None:
        self.httpd.shutdown()


def make_bundle(work: Path, out: Path, revised: bool = False) -> str:
    """One real demo package (お知らせ), signed; ``revised`` changes one of its pages."""
    from kiosk.content.bundle import generate_key, publish

    packages = work / "packages"
    package = packages / "notices"
    if not package.exists():
        shutil.copytree(REPO / "content" / "demo" / "02-notices", package)
    key = work / "region.key"
    public = generate_key(key) if not key.exists() else (work / "region.pub").read_text()
    (work / "region.pub").write_text(public)
    if revised:
        page = package / "garbage-days.ja.md"
        text = page.read_text(encoding="utf-8")
        title = "# ごみの日（地区ごと）\n"
        page.write_text(text.replace(title, f"{title}\n{CHANGED_PAGE}\n", 1), encoding="utf-8")
    publish(packages, key, out, region="bench")
    return public


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

    def boot(self, jitter: float, only: str = "") -> None:
        """Every kiosk (re)starts now: a new BackgroundSync reads its schedule from the store."""
        import random

        from kiosk.content.background import BackgroundSync

        for kiosk in self.kiosks:
            if kiosk.background is not None:
                kiosk.background.close()
            kiosk.background = BackgroundSync(
                kiosk.store_path,
                self.sources(kiosk.number, only),
                limits=None,
                jitter_seconds=jitter,
            )
            kiosk.background.schedule.rng = random.Random(kiosk.number * 7919 + int(jitter))

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


# --- phases and the report -------------------------------------------------------------------


def _p95_seconds(times: list[datetime | None], since: datetime) -> tuple[float | None, int]:
    reached = [(t - since).total_seconds() for t in times if t is not None]
    if len(reached) < 0.95 * len(times):
        return None, len(reached)
    return percentile(reached, 0.95), len(reached)


def measure(args: argparse.Namespace) -> Report:
    work = Path(tempfile.mkdtemp(prefix="hiroba-fleet-"))
    fleet = Fleet(args, work)
    n = args.kiosks
    report = Report("fleet")
    try:
        fleet.boot(args.jitter)
        first = fleet.run(Phase("first sync"), 1)  # a fresh fleet: every source due at once
        steady = fleet.run(Phase("unchanged"), args.steady_minutes * 60)

        fleet.upstream.publish_feed(with_tsunami=True)
        fleet.mirror.run_once()  # the new alert reaches the mirror now
        t_alert = fleet.clock.now
        alert = fleet.run(
            Phase("new alert"), 600, stop=lambda: all(k.got_alert for k in fleet.kiosks)
        )

        fleet.boot(args.jitter, only="region")  # only the bundle source: its own schedule
        make_bundle(work, work / "www" / "bundle", revised=True)
        t_bundle = fleet.clock.now
        bundle = fleet.run(
            Phase("new bundle"),
            args.bundle_minutes * 60 + 2 * args.jitter + 60,
            stop=lambda: all(k.got_bundle for k in fleet.kiosks),
        )

        outages = {}
        for label, jitter in (("jitter", args.jitter), ("no jitter", 0)):
            fleet.clock.now += timedelta(minutes=10)  # a power cut: every kiosk comes back at once
            fleet.boot(jitter)
            outages[label] = fleet.run(Phase(f"restart, {label}"), args.restart_minutes * 60)
    finally:
        fleet.close()
        shutil.rmtree(work, ignore_errors=True)

    per_day = DAY_S / steady.seconds / n
    unchanged_bytes = (
        steady.totals.get("bytes_in", 0) + steady.totals.get("bytes_out", 0)
    ) * per_day
    change_bytes = bundle.totals.get("bytes_bundle", 0) / n
    alert_p95, alert_reached = _p95_seconds([k.got_alert for k in fleet.kiosks], t_alert)
    bundle_p95, bundle_reached = _p95_seconds([k.got_bundle for k in fleet.kiosks], t_bundle)
    mean_rps = steady.requests / steady.seconds
    jittered, herd = outages["jitter"], outages["no jitter"]
    note = f"{n} kiosks, jitter {args.jitter} s"
    report.add(
        "fleet: kiosks simulated (real sync code)",
        n,
        note=(
            f"alerts every 1 min, bundle every {args.bundle_minutes} min; "
            f"{steady.seconds / 60:.0f} simulated min unchanged"
        ),
    )
    report.add(
        "fleet: requests/s at the host, unchanged (mean)",
        round(mean_rps, 1),
        "req/s",
        "≤ 50",
        mean_rps <= 50,
        note,
    )
    report.add(
        "fleet: requests/s, peak second, unchanged",
        steady.peak,
        "req/s",
        "≤ 50",
        steady.peak <= 50,
        note,
    )
    report.add(
        "fleet: requests/s, peak second, restart with jitter",
        jittered.peak,
        "req/s",
        "≤ 50",
        jittered.peak <= 50,
        "every kiosk back at once after a power cut",
    )
    report.add(
        "fleet: requests/s, peak second, restart without jitter",
        herd.peak,
        "req/s",
        "",
        None,
        "the thundering herd: same restart, sync_jitter_seconds = 0",
    )
    report.add(
        "fleet: bytes per kiosk per day, nothing changed",
        round(unchanged_bytes / 1024),
        "KB",
        "≤ 1024 KB",
        unchanged_bytes <= 1024 * 1024,
        f"304s only; HTTP headers counted, TCP/TLS not; "
        f"{steady.totals.get('connections', 0) * per_day:.1f} new connections/day",
    )
    report.add(
        "fleet: bytes per kiosk per day, one package changed",
        round((unchanged_bytes + change_bytes) / 1024),
        "KB",
        "",
        None,
        f"+{change_bytes / 1024:.1f} KB: the new manifest and the changed page only",
    )
    report.add(
        "fleet: new alert on 95 % of kiosks after it reaches the mirror",
        alert_p95,
        "s",
        "≤ 90 s",
        alert_p95 is not None and alert_p95 <= 90,
        f"{alert_reached}/{n} kiosks within {alert.seconds:.0f} simulated s",
    )
    report.add(
        "fleet: new bundle on 95 % of kiosks after it is published",
        bundle_p95,
        "s",
        "",
        None,
        f"{bundle_reached}/{n} kiosks; refresh {args.bundle_minutes} min",
    )
    report.add(
        "fleet: first sync of a fresh fleet (requests)",
        first.requests,
        "",
        "",
        None,
        f"{first.totals.get('bytes_out', 0) / n / 1024:.0f} KB per kiosk",
    )
    wall = sum(p.wall for p in (first, steady, alert, bundle, jittered, herd))
    simulated = sum(p.seconds for p in (steady, alert, bundle, jittered, herd))
    report.extra = {
        "kiosks": n,
        "converged": {"alert": alert_reached, "bundle": bundle_reached},
        "requests": {p.name: p.requests for p in (first, steady, alert, bundle, jittered, herd)},
        "failed_requests": sum(
            v
            for p in (first, steady, alert, bundle, jittered, herd)
            for k, v in p.totals.items()
            if k.startswith("status_") and k not in ("status_200", "status_304")
        ),
        "unchanged_statuses": {
            k.removeprefix("status_"): v
            for k, v in steady.totals.items()
            if k.startswith("status_")
        },
        "peaks": {"unchanged": steady.peak, "restart": jittered.peak, "herd": herd.peak},
        "simulated_seconds": simulated,
        "wall_seconds": round(wall, 1),
    }
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="50 kiosks, short phases")
    parser.add_argument("--kiosks", type=int, default=None)
    parser.add_argument("--jitter", type=int, default=None, help="default: the kiosk's setting")
    parser.add_argument("--bundle-minutes", type=int, default=15)
    parser.add_argument("--steady-minutes", type=int, default=None)
    parser.add_argument("--restart-minutes", type=int, default=None)
    parser.add_argument("--threads", type=int, default=32)
    parser.add_argument("--serve", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve:
        serve(args.serve)
        return 0
    from kiosk.config import SETTINGS_BY_NAME

    if args.jitter is None:
        args.jitter = int(SETTINGS_BY_NAME["sync_jitter_seconds"].default)
    args.kiosks = args.kiosks or (50 if args.quick else 1000)
    args.steady_minutes = args.steady_minutes or (3 if args.quick else 5)
    args.restart_minutes = args.restart_minutes or (2 if args.quick else 3)
    if args.quick:
        args.bundle_minutes = min(args.bundle_minutes, 5)
    import logging

    logging.basicConfig(level=logging.ERROR)
    started = time.monotonic()
    report = measure(args)
    from bench.table import format_table

    print(format_table([r for r in report.to_json()["rows"]]))
    print(f"({time.monotonic() - started:.0f} s wall)")
    report.emit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
