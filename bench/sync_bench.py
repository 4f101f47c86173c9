"""Sync benchmark: 50 sources × 100 items from 127.0.0.1 while a Qt UI thread ticks.

Run: ``python -m bench.sync_bench [--sources 50] [--items 100] [--quick]``. The sync runs the
way the kiosk runs it (BackgroundSync passes in the kiosk's sync process, one SQLite writer:
kiosk/content/sync_process.py); the main thread runs an offscreen QApplication with a 5 ms QTimer
heartbeat, and the longest gap between two beats is the longest the UI would have been frozen.
Baselines in the same run: the same pass on a thread of the UI process (how the kiosk ran it
before), and with every document read in the sync threads. Prints its figures and the
BENCH_JSON line (bench/README.md); asserts nothing.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import sys
import tempfile
import threading
import time
import tracemalloc
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# This process imports what the kiosk's does at start (the `kiosk` console script is
# kiosk.cli.main), and the sync stack only inside the functions below, as the kiosk does. (The
# parse workers are their own `python -m kiosk.content.parse_worker` and do not depend on it.)
import kiosk.cli.main  # noqa: F401
from bench.common import Report

if TYPE_CHECKING:
    from kiosk.content.model import Source
    from kiosk.content.sync import SyncResult

TARGET_WALL_S = 2.0
TARGET_STALL_MS = 50.0


class _Server(ThreadingHTTPServer):
    # The default listen backlog of 5 drops concurrent SYNs, which then retry after 1 s.
    request_queue_size = 128


def make_feed(index: int, items: int) -> bytes:
    """An RSS 2.0 feed in Japanese, like a town hall's, with HTML descriptions."""
    start = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
    entries = []
    for n in range(items):
        when = format_datetime(start - timedelta(hours=n))
        entries.append(
            f"<item><title>お知らせ {index}-{n}：ごみ収集日の変更について</title>"
            f"<link>http://127.0.0.1/news/{index}/{n}.html</link>"
            f"<guid>urn:bench:{index}:{n}</guid><pubDate>{when}</pubDate>"
            "<description><![CDATA[<p>年末年始は収集日が変わります。<b>12月29日</b>から"
            "1月3日まではお休みです。</p><ul><li>燃えるごみ</li><li>資源ごみ</li></ul>"
            "<script>alert(1)</script>]]></description></item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>町のお知らせ {index}</title><link>http://127.0.0.1/</link>"
        + "".join(entries)
        + "</channel></rss>"
    ).encode()


def serve_forever(sources: int, items: int, port_out: multiprocessing.SimpleQueue) -> None:
    """The municipality: runs in its own process so its threads don't share our GIL."""
    feeds = {f"/feed/{i}.xml": make_feed(i, items) for i in range(sources)}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            body = feeds.get(self.path)
            if body is None:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            etag = f'"{hash(body)}"'
            if self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
            self.send_header("ETag", etag)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    httpd = _Server(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    port_out.put((httpd.server_address[1], sum(len(b) for b in feeds.values())))
    httpd.serve_forever(poll_interval=0.05)


READINGS_WAIT_S = 300.0


@dataclass
class Pass:
    wall: float  # s until the pass's content was stored and handed to the UI
    stall: float  # ms, the longest UI heartbeat gap meanwhile
    results: list[SyncResult]
    readings: float | None = None  # s until the new pages' furigana were stored too


def _readings_over(results: list[SyncResult], content_at: float) -> bool:
    """No furigana to wait for (nothing new was stored, or readings are off), or waited long
    enough."""
    nothing_new = not any(r.status == "ok" for r in results)
    off = os.environ.get("HIROBA_READINGS", "").lower() == "off"
    return nothing_new or off or time.perf_counter() - content_at > READINGS_WAIT_S


def timed_pass(store_path: Path, sources: list[Source], in_process: bool = False) -> Pass:
    """One BackgroundSync pass while the Qt main thread beats, until the furigana the pass
    left to compute in the background are stored too (the stall covers both). The pass runs
    in the kiosk's sync process, or (``in_process``) on a thread of this one."""
    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication

    from kiosk.content.sync_process import SyncProcess

    app = QApplication.instance() or QApplication([])
    done = threading.Event()
    readings = threading.Event()
    results: list[SyncResult] = []
    delivered: list[float] = []

    def on_done(found: list[SyncResult]) -> None:
        delivered.append(time.perf_counter())
        if done.is_set():  # the second delivery: readings stored
            readings.set()
            return
        results.extend(found)
        done.set()

    clock = QElapsedTimer()
    last = [0]
    longest = [0]

    def beat() -> None:
        now = clock.elapsed()
        longest[0] = max(longest[0], now - last[0])
        if os.environ.get("BENCH_GAPS") and now - last[0] > 20:
            print(f"gap {now - last[0]} ms at {now} ms", file=sys.stderr)
        last[0] = now
        if readings.is_set() or (done.is_set() and _readings_over(results, delivered[0])):
            app.quit()

    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(beat)
    if in_process:
        from kiosk.content.background import BackgroundSync

        background = BackgroundSync(store_path, sources, on_done, poll_seconds=3600)
    else:
        background = SyncProcess(store_path, sources, on_done, poll_seconds=3600)
    clock.start()
    timer.start()
    started = time.perf_counter()
    background.start()
    app.exec()
    wall = delivered[0] - started
    timer.stop()
    readings_s = delivered[1] - started if readings.is_set() else None
    background.stop()
    return Pass(wall, float(longest[0]), results, readings_s)


def threaded_baseline(sources: list[Source]) -> Pass:
    """Baseline in the same run: the same first pass with every document read in the sync
    threads (how sync read them before the parse processes), furigana off."""
    import kiosk.content.sync as sync

    before, sync.POOL_MIN_SOURCES = sync.POOL_MIN_SOURCES, len(sources) + 1
    os.environ["HIROBA_READINGS"] = "off"
    try:
        with tempfile.TemporaryDirectory() as folder:
            return timed_pass(Path(folder) / "threads.sqlite3", sources, in_process=True)
    finally:
        sync.POOL_MIN_SOURCES = before
        del os.environ["HIROBA_READINGS"]


def settle_like_the_kiosk() -> None:
    """The running kiosk, once its window is up, collects and freezes its start-up objects
    (kiosk.ui.app._settle_memory), so that no later collection walks them. The passes are
    timed in that state: without it, every full collection the pass's allocations set off
    walked all of Qt's and the kiosk's modules here (20-70 ms each, the longest UI gaps)."""
    import gc

    from PySide6.QtWidgets import QApplication

    QApplication.instance() or QApplication([])
    gc.collect()
    gc.freeze()


def idle_stall(seconds: float = 1.0) -> float:
    """Baseline: the longest heartbeat gap with nothing running (machine and Qt noise)."""
    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    clock = QElapsedTimer()
    last = [0]
    longest = [0]

    def beat() -> None:
        now = clock.elapsed()
        longest[0] = max(longest[0], now - last[0])
        last[0] = now

    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(beat)
    clock.start()
    timer.start()
    QTimer.singleShot(int(seconds * 1000), app.quit)
    app.exec()
    timer.stop()
    return float(longest[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=int, default=50)
    parser.add_argument("--items", type=int, default=100)
    parser.add_argument("--tracemalloc", action="store_true", help="also trace Python memory")
    parser.add_argument("--quick", action="store_true", help="5 sources × 20 items (smoke test)")
    args = parser.parse_args()
    from kiosk.content.model import Category, Source
    from kiosk.content.store import Store

    if args.quick:
        args.sources, args.items = 5, 20

    port_out: multiprocessing.SimpleQueue = multiprocessing.SimpleQueue()
    server = multiprocessing.Process(
        target=serve_forever, args=(args.sources, args.items, port_out), daemon=True
    )
    server.start()
    port, feed_bytes = port_out.get()
    sources = [
        Source(f"bench-{i}", "feed", f"http://127.0.0.1:{port}/feed/{i}.xml", Category.NOTICES)
        for i in range(args.sources)
    ]
    settle_like_the_kiosk()
    baseline_stall = idle_stall()
    with tempfile.TemporaryDirectory() as folder:
        store_path = Path(folder) / "bench.sqlite3"
        if args.tracemalloc:  # slows everything down ~3×: off for the timing figures
            tracemalloc.start()
        first = timed_pass(store_path, sources)
        peak = tracemalloc.get_traced_memory()[1] if args.tracemalloc else 0
        tracemalloc.stop()
        # Force every source due again: the second pass is the conditional-GET (304) path.
        with Store(store_path) as store:
            store._db.execute("UPDATE sources SET last_attempt = '2000-01-01T00:00:00+00:00'")
            stored = sum(s.item_count for s in store.source_statuses())
        again = timed_pass(store_path, sources)
    # This process has not run a sync itself yet: its peak is the UI process's, the kiosk's way.
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    with tempfile.TemporaryDirectory() as folder:  # before: the same pass on a UI-side thread
        before = timed_pass(Path(folder) / "before.sqlite3", sources, in_process=True)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    threads = threaded_baseline(sources)
    server.terminate()
    server.join()
    ok = sum(r.status == "ok" for r in first.results)
    unchanged = sum(r.status == "unchanged" for r in again.results)
    body = feed_bytes / 1024 / 1024
    size = f"{args.sources} sources × {args.items} items"
    report = Report("sync")
    report.add(
        f"sync {size} (127.0.0.1): first pass",
        round(first.wall, 2),
        "s",
        target=f"≤ {TARGET_WALL_S:g} s" if not args.quick else "",
        ok=first.wall <= TARGET_WALL_S if not args.quick else None,
        note=f"{ok} ok, {stored} items stored and shown, {body:.1f} MiB of RSS feeds",
    )
    report.add(
        "sync: same first pass on a thread of the UI process (before)",
        round(before.wall, 2),
        "s",
        note=f"longest UI gap {before.stall:.0f} ms (furigana included)",
    )
    report.add(
        "sync: same first pass, documents read in threads (baseline)",
        round(threads.wall, 2),
        "s",
        note=f"longest UI gap {threads.stall:.0f} ms; no furigana",
    )
    report.add(
        "sync: furigana of the new pages stored (background, after the pass)",
        round(first.readings, 1) if first.readings is not None else "none",
        "s",
        note="from the pass's start; analysed in a helper process, newest pages first",
    )
    report.add(
        "sync: longest UI heartbeat gap, first pass and its furigana",
        first.stall,
        "ms",
        target=f"≤ {TARGET_STALL_MS:g} ms",
        ok=first.stall <= TARGET_STALL_MS,
        note=f"5 ms timer; idle baseline {baseline_stall:.0f} ms",
    )
    report.add(
        "sync: second pass, all 304 unchanged",
        round(again.wall, 2),
        "s",
        note=f"{unchanged} unchanged; longest UI gap {again.stall:.0f} ms; a new sync process "
        "(its start included; the kiosk's stays up)",
    )
    if args.tracemalloc:
        report.add("sync: peak Python allocations", round(peak / 1024 / 1024, 1), "MiB")
    report.add(
        "sync: max resident set size of the UI process",
        round(rss),
        "MiB",
        note=f"{round(rss_before)} MiB once a pass has run on its thread (before)",
    )
    report.extra.update(sources=args.sources, items=args.items, idle_stall_ms=baseline_stall)
    for row in report.rows:
        print(f"{row.metric}: {row.value} {row.unit} {row.note}")
    report.emit()


if __name__ == "__main__":
    main()
