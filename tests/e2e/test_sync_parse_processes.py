"""Issue 17: a pass reads feeds, pages and CSV in worker processes (kiosk.content.parse_pool).

In the sync threads, parsing ran one document at a time under the GIL and held up the UI
thread; in processes it uses every core. What is stored must be exactly what the threads
stored, and a document that hangs or kills a worker fails alone. Real files from
../shared/feeds over a real loopback server.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from kiosk.content.model import Category, Source
from kiosk.content.parse_pool import ParsePool, PoolUnavailable
from kiosk.content.readers import BYTE_READERS
from kiosk.content.readers.errors import FeedError, ReaderError
from kiosk.content.store import Store
from kiosk.content.sync import sync_all
from tests.conftest import SHARED_FEEDS
from tests.e2e.municipal_server import MunicipalServer

FILES = {
    "soumu": ("feed", "feeds/jp_soumu_news_rss10_shiftjis_20210719.rdf", Category.NOTICES),
    "usgs": ("feed", "feeds/us_usgs_m5_earthquakes_atom_georss.xml", Category.DISASTER),
    "blog": ("feed", "jsonfeed/jsonfeed_org_blog_v1_real.json", Category.NOTICES),
    "cio": ("html", "html/jp_gov_cio_portal_article_dp2021_05.html", Category.NOTICES),
    "aed": ("csv", "opendata_csv/ichikawa_122033_aed_cp932.csv", Category.FACILITIES),
}


@pytest.fixture(scope="module")
def town():
    server = MunicipalServer()
    server.serve_files({name: SHARED_FEEDS / path for name, (_k, path, _c) in FILES.items()})
    yield server
    server.stop()


def _sources(town: MunicipalServer) -> list[Source]:
    return [
        Source(name, kind, town.url(f"/{name}"), category, lang="ja" if name != "usgs" else "en")
        for name, (kind, _path, category) in FILES.items()
    ]


def _everything(store: Store) -> dict[str, object]:
    found: dict[str, object] = {}
    for category in Category:
        for lang in ("ja", "en"):
            for item in store.items(category, lang):
                found[item.key] = (item, store.page(item.key))
    return found


def test_processes_store_exactly_what_the_threads_stored(
    town, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kiosk.content.sync as sync

    monkeypatch.setattr(sync, "POOL_MIN_BYTES", 0)  # every document through the workers
    stored = {}
    for processes in (False, True):
        store = Store(tmp_path / f"{processes}.sqlite3")
        results = sync_all(store, _sources(town), parse_processes=processes)
        assert [r.status for r in results] == ["ok"] * len(FILES), [r.line() for r in results]
        stored[processes] = _everything(store)
        store.close()
    assert len(stored[True]) > 100
    assert stored[True] == stored[False]


def test_the_pass_uses_processes_by_default_once_there_are_enough_sources(
    town, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kiosk.content.parse_pool as parse_pool

    used: list[str] = []
    real = parse_pool.ParsePool.read

    def counting(self, kind, data, source):  # noqa: ANN001, ANN202
        used.append(source.id)
        return real(self, kind, data, source)

    monkeypatch.setattr(parse_pool.ParsePool, "read", counting)
    store = Store(tmp_path / "store.sqlite3")
    sync_all(store, [s for s in _sources(town) if s.id in ("cio", "aed")])
    assert used == []  # two sources: not worth starting workers
    sync_all(store, _sources(town))
    # …and then only documents big enough to be worth the trip (the other three: 1–13 KB)
    assert sorted(used) == ["aed", "cio"]


def test_a_hanging_document_fails_alone_and_the_pool_starts_afresh() -> None:
    data = (SHARED_FEEDS / FILES["soumu"][1]).read_bytes()
    source = Source("soumu", "feed", "http://127.0.0.1/news.rdf", Category.NOTICES)
    with ParsePool(workers=1, timeout=0.001) as pool:
        with pytest.raises(ReaderError, match="took over"):
            pool.read("feed", data, source)
        pool.timeout = 120
        assert len(pool.read("feed", data, source).items) > 10


def _stopped_with(pool: ParsePool, count: int, data: bytes, source: Source) -> tuple:
    """``count`` reads waiting on the pool's one worker, which is stopped (SIGSTOP) so that it
    cannot answer any of them; returns (worker, outcomes, threads)."""
    (worker,) = pool._alive
    os.kill(worker.process.pid, signal.SIGSTOP)
    outcomes: list[object] = [None] * count

    def read(index: int) -> None:
        try:
            outcomes[index] = len(pool.read("feed", data, source).items)
        except Exception as exc:  # noqa: BLE001 - the outcome is what the test looks at
            outcomes[index] = exc

    threads = []
    for index in range(count):
        threads.append(threading.Thread(target=read, args=(index,)))
        threads[-1].start()
        while len(worker.pending) < index + 1:  # in this order on the worker's pipe
            time.sleep(0.01)
    return worker, outcomes, threads


def test_a_worker_that_dies_fails_the_document_it_was_reading_and_no_other() -> None:
    data = (SHARED_FEEDS / FILES["soumu"][1]).read_bytes()
    source = Source("soumu", "feed", "http://127.0.0.1/news.rdf", Category.NOTICES)
    with ParsePool(workers=1) as pool:
        expected = len(pool.read("feed", data, source).items)
        # Two documents on its pipe (the one it reads and the next): it dies in the first.
        worker, outcomes, threads = _stopped_with(pool, 2, data, source)
        worker.process.kill()
        for thread in threads:
            thread.join(60)
        assert isinstance(outcomes[0], ReaderError)
        assert "stopped the reader process" in str(outcomes[0])
        assert outcomes[1] == expected  # never started: read by a fresh worker
        assert pool._alive[0] is not worker
        # A worker that dies between documents fails nothing: the next goes to a fresh one.
        (fresh,) = pool._alive
        fresh.process.kill()
        fresh.process.wait()
        assert len(pool.read("feed", data, source).items) == expected


def test_a_worker_has_the_next_document_while_it_reads_one(tmp_path: Path) -> None:
    """Pipelined as multiprocessing's call queue was: a worker never waits for a sync thread
    between two documents; a third waits for room."""
    data = (SHARED_FEEDS / FILES["soumu"][1]).read_bytes()
    source = Source("soumu", "feed", "http://127.0.0.1/news.rdf", Category.NOTICES)
    with ParsePool(workers=1) as pool:
        expected = len(pool.read("feed", data, source).items)
        worker, outcomes, threads = _stopped_with(pool, 2, data, source)
        third = threading.Thread(target=lambda: outcomes.append(pool.read("feed", data, source)))
        third.start()
        time.sleep(0.3)
        assert len(worker.pending) == 2  # the third waits for room
        os.kill(worker.process.pid, signal.SIGCONT)
        for thread in [*threads, third]:
            thread.join(60)
        assert outcomes[:2] == [expected, expected]
        assert len(outcomes[2].items) == expected
        assert pool._alive == [worker]  # all on the one worker


@pytest.mark.parametrize(
    "command",
    [["/nonexistent/python3"], [sys.executable, "-c", "pass"]],
    ids=["no-interpreter", "exits-at-once"],
)
def test_workers_that_cannot_start_hand_the_reading_back_to_the_thread(
    command: list[str], town, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kiosk.content.parse_pool as parse_pool
    import kiosk.content.sync as sync

    monkeypatch.setattr(parse_pool, "_command", lambda: (command, dict(os.environ)))
    data = (SHARED_FEEDS / FILES["soumu"][1]).read_bytes()
    source = Source("soumu", "feed", "http://127.0.0.1/news.rdf", Category.NOTICES)
    with ParsePool(workers=1) as pool:
        with pytest.raises(PoolUnavailable):
            pool.read("feed", data, source)
        assert pool.unusable
    # …and a pass reads in its threads instead: every document still stored.
    monkeypatch.setattr(sync, "POOL_MIN_BYTES", 0)
    store = Store(tmp_path / "store.sqlite3")
    results = sync_all(store, _sources(town), parse_processes=True)
    assert [r.status for r in results] == ["ok"] * len(FILES), [r.line() for r in results]


# The `kiosk` console script as pip writes it: its main module imports kiosk.cli.main. A worker
# started by multiprocessing's spawn ran that module (and all it imports) before its first
# document; a parse worker must not.
CONSOLE_SCRIPT = """
import json, sys
from kiosk.cli.main import main  # what .venv/bin/kiosk does
from kiosk.content.model import Category, Source
from kiosk.content.parse_pool import ParsePool

if __name__ == "__main__":
    seen = {}
    with ParsePool(workers=1) as pool:
        for kind, path in json.loads(sys.argv[1]):
            source = Source(kind, kind, "http://127.0.0.1/" + kind, Category.NOTICES)
            content = pool.read(kind, open(path, "rb").read(), source)
            seen[kind] = [len(content.items), pool.modules()]
    print(json.dumps(seen))
"""


def test_a_worker_loads_the_reader_of_what_it_reads_and_not_the_kiosk(tmp_path: Path) -> None:
    script = tmp_path / "kiosk"
    script.write_text(CONSOLE_SCRIPT, encoding="utf-8")
    documents = [
        ("feed", str(SHARED_FEEDS / FILES["soumu"][1])),
        ("html", str(SHARED_FEEDS / FILES["cio"][1])),
    ]
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    done = subprocess.run(
        [sys.executable, str(script), json.dumps(documents)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    )
    seen = json.loads(done.stdout)
    items, after_feed = seen["feed"]
    assert items > 10
    assert "kiosk.content.readers.feeds" in after_feed  # it did read the feed itself
    never = {
        "kiosk.cli.main",  # the parent's main script
        "kiosk.content.sync",
        "kiosk.content.store",
        "requests",
        "PySide6",
        "kiosk.content.readers.alert_feed",  # readers of kinds it was not given
        "kiosk.content.readers.cap",
        "kiosk.content.readers.jmx",
        "kiosk.content.readers.opendata_csv",
        "kiosk.content.readers.html",
    }
    assert never.isdisjoint(after_feed), sorted(never & set(after_feed))
    # The same worker reads an HTML page next: its reader is imported then, and only it.
    items, after_page = seen["html"]
    assert items == 1
    assert "kiosk.content.readers.html" in after_page
    assert (never - {"kiosk.content.readers.html"}).isdisjoint(after_page)


def test_a_readers_error_comes_back_as_the_reader_raised_it() -> None:
    """A broken feed read in a worker fails with the very one-line reason the thread gives."""
    whole = (SHARED_FEEDS / FILES["soumu"][1]).read_bytes()
    cut = whole[: len(whole) // 2]
    source = Source("soumu", "feed", "http://127.0.0.1/news.rdf", Category.NOTICES)
    with pytest.raises(FeedError) as in_thread:
        BYTE_READERS["feed"](cut, source, None)
    with ParsePool(workers=1) as pool, pytest.raises(FeedError) as in_worker:
        pool.read("feed", cut, source)
    assert str(in_worker.value) == str(in_thread.value)
    assert "cut off" in str(in_worker.value)


def test_a_worker_whose_kiosk_has_gone_ends_quietly() -> None:
    """The kiosk killed mid-pass: the worker finishes its document, finds nobody to answer and
    ends without a traceback (journal noise a librarian would have to puzzle over)."""
    import kiosk.content.parse_pool as parse_pool
    from kiosk.content.parse_worker import write_message

    command, env = parse_pool._command()
    worker = subprocess.Popen(
        command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
    )
    source = Source("soumu", "feed", "http://127.0.0.1/news.rdf", Category.NOTICES)
    data = (SHARED_FEEDS / FILES["soumu"][1]).read_bytes()
    write_message(worker.stdin, ("read", "feed", data, source))
    worker.stdout.close()  # gone before the answer
    worker.stdin.close()
    assert worker.wait(60) == 0
    assert worker.stderr.read() == b""
