"""Issue 17: the running kiosk syncs in a process of its own (kiosk/content/sync_process.py).

Real HTTP on 127.0.0.1 and the real 総務省 Shift_JIS feed: the child fetches and stores, the
kiosk hears each pass and writes the child's log lines to its own log; a killed child is
started again and costs no content; `kiosk run` with a network source never loads the network
stack into its UI process.
"""

from __future__ import annotations

import logging
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from bench.common import kiosk_at_first_frame, process_tree
from kiosk.content.model import Category, Source
from kiosk.content.store import Store
from kiosk.content.sync_process import SyncProcess, sync_once
from kiosk.content.sync_result import SyncResult
from tests.conftest import REPO, kiosk_command

FEEDS = Path(__file__).resolve().parent.parent / "data" / "feeds"
SOUMU = (FEEDS / "jp_soumu_news_rss10_shiftjis_20210719.rdf").read_bytes()
WAIT_S = 60.0  # an upper bound for a slow, shared machine; normally a second or two


def _wait_for(condition, what: str) -> None:  # noqa: ANN001
    deadline = time.monotonic() + WAIT_S
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def _feed(httpserver: HTTPServer, path: str = "/news.rdf") -> Source:
    httpserver.expect_request(path).respond_with_data(SOUMU, content_type="application/rss+xml")
    return Source("soumu", "feed", httpserver.url_for(path), Category.NOTICES)


def _items(store_path: Path) -> int:
    with Store(store_path) as store:
        return len(store.items(Category.NOTICES, "ja"))


@contextmanager
def _syncing(
    httpserver: HTTPServer, store_path: Path, caplog: pytest.LogCaptureFixture
) -> Iterator[tuple[SyncProcess, list[list[SyncResult]]]]:
    """A sync process on the 総務省 feed, and the results it has handed over so far."""
    caplog.set_level(logging.INFO, logger="kiosk.sync")
    heard: list[list[SyncResult]] = []
    background = SyncProcess(store_path, [_feed(httpserver)], on_done=heard.append).start()
    try:
        yield background, heard
    finally:
        background.stop()


def test_each_pass_is_heard_and_its_log_lines_reach_the_kiosks_log(
    httpserver: HTTPServer, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    store_path = tmp_path / "store.sqlite3"
    with _syncing(httpserver, store_path, caplog) as (background, heard):
        _wait_for(lambda: any(r.status == "ok" for batch in heard for r in batch), "a pass")
        assert background.pid is not None and background.pid != os.getpid()
    (result,) = next(batch for batch in heard if batch)
    assert (result.source_id, result.status, result.items) == ("soumu", "ok", 20)
    assert _items(store_path) == 20
    # the child's records, under the child's logger names, in this process's log
    assert any(
        r.name == "kiosk.sync" and "sync ok: soumu: 20 items" in r.getMessage()
        for r in caplog.records
    )
    assert not background.running and background.pid is None


def test_a_killed_sync_process_is_started_again_and_the_content_stays(
    httpserver: HTTPServer, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    store_path = tmp_path / "store.sqlite3"
    with _syncing(httpserver, store_path, caplog) as (background, heard):
        _wait_for(lambda: any(batch for batch in heard), "the first pass")
        first = background.pid
        assert first is not None
        assert background.state() == ("running", 0)
        os.kill(first, signal.SIGKILL)  # out of memory, a crash in a library: any death
        _wait_for(
            lambda: background.starts == 2 and background.pid not in (None, first), "a restart"
        )
        assert _items(store_path) == 20  # nothing lost meanwhile
        assert background.state() == ("running", 1)  # what the staff menu says
    assert background.state() == ("stopped", 1)
    ended = [r for r in caplog.records if "sync process ended" in r.getMessage()]
    assert len(ended) == 1 and ended[0].levelno == logging.WARNING
    assert "\n" not in ended[0].getMessage() and "stored content stays" in ended[0].getMessage()


def test_a_sync_process_whose_sync_thread_died_is_started_again(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The store cannot be opened (its folder is a file): the sync thread ends at once. The
    process says so and exits, and the kiosk starts another after a pause (it may be a
    passing fault: a disk mounted late)."""
    caplog.set_level(logging.INFO, logger="kiosk.sync")
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("", encoding="utf-8")
    source = Source("x", "feed", "http://127.0.0.1:9/x.rdf", Category.NOTICES)
    background = SyncProcess(not_a_folder / "store.sqlite3", [source]).start()
    try:
        _wait_for(lambda: background.starts >= 2, "a second process")
    finally:
        background.stop()
    said = " ".join(r.getMessage() for r in caplog.records)
    assert "its sync thread ended by itself" in said and "sync process ended (exit code 1)" in said


def test_stop_before_start_and_a_second_start_do_nothing(tmp_path: Path) -> None:
    background = SyncProcess(tmp_path / "store.sqlite3", [])
    background.stop()
    background.start()
    background.start()  # once only
    _wait_for(lambda: not background.running, "the stopped supervisor to end")
    assert background.starts == 0 and background.pid is None


def test_sync_now_runs_one_pass_in_a_process_and_answers(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    httpserver.expect_request("/gone.rdf").respond_with_data("not here", status=404)
    gone = Source("gone", "feed", httpserver.url_for("/gone.rdf"), Category.NOTICES)
    results = sync_once(tmp_path / "store.sqlite3", [_feed(httpserver), gone])
    assert sorted((r.source_id, r.status) for r in results) == [
        ("gone", "failed"),
        ("soumu", "ok"),
    ]
    assert next(r for r in results if r.source_id == "gone").reason.startswith("HTTP 404")


def test_sync_now_says_so_when_the_process_gives_no_answer(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("", encoding="utf-8")
    with pytest.raises(RuntimeError, match="without an answer"):
        sync_once(not_a_folder / "store.sqlite3", [])


def _zombie(pid: str) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1].startswith("Z")
    except (OSError, IndexError):
        return True


def _maps(pid: int) -> str:
    return Path(f"/proc/{pid}/maps").read_text(encoding="utf-8", errors="replace")


@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="needs Linux /proc")
def test_kiosk_run_with_a_network_source_keeps_the_network_stack_out_of_its_ui(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    source = _feed(httpserver)
    config = tmp_path / "kiosk.toml"
    config.write_text(
        f'[[source]]\nid = "soumu"\nkind = "feed"\nurl = "{source.location}"\n'
        'category = "notices"\nlang = "ja"\n',
        encoding="utf-8",
    )
    data = tmp_path / "data"
    env = {k: v for k, v in os.environ.items() if not k.startswith("HIROBA_")}
    env |= {
        "PYTHONPATH": str(REPO),
        "HIROBA_DATA_DIR": str(data),
        "HIROBA_CONFIG": str(config),
        "HIROBA_READINGS": "off",
        "QT_QPA_PLATFORM": "offscreen",
    }
    kiosk = kiosk_at_first_frame(kiosk_command("run", "--windowed"), env)
    try:

        def stored() -> bool:
            try:
                with sqlite3.connect(data / "store.sqlite3") as db:
                    row = db.execute("SELECT item_count FROM sources WHERE id='soumu'").fetchone()
            except sqlite3.Error:
                return False
            return bool(row and row[0] == 20)

        _wait_for(stored, "the feed in the store")
        log = data / "state" / "kiosk.log"
        _wait_for(lambda: "sync done: screen refreshed" in log.read_text("utf-8"), "a repaint")
        text = log.read_text("utf-8")
        assert "kiosk.sync: sync ok: soumu: 20 items" in text  # the child's line, one log
        children = process_tree(kiosk.pid)[1:]  # /proc, not pgrep: procps may be missing
        commands = {str(pid): Path(f"/proc/{pid}/cmdline").read_bytes() for pid in children}
        syncer = [pid for pid, cmd in commands.items() if b"kiosk.content.sync_service" in cmd]
        assert len(syncer) == 1, commands
        # requests → urllib3 → ssl: the TLS libraries are mapped where the fetching happens
        assert "libssl" in _maps(int(syncer[0]))
        assert "libssl" not in _maps(kiosk.pid)
        # a kiosk killed outright (no chance to stop its sync): the sync process goes too
        kiosk.kill()
        kiosk.wait(30)
        _wait_for(lambda: not Path(f"/proc/{syncer[0]}").exists() or _zombie(syncer[0]), "exit")
    finally:
        kiosk.terminate()
        try:
            kiosk.wait(30)
        except subprocess.TimeoutExpired:
            kiosk.kill()
            kiosk.wait()


PARENT = """
import sys, time
from kiosk.content.model import Category, Source
from kiosk.content.sync_process import SyncProcess
source = Source("slow", "feed", sys.argv[2], Category.NOTICES)
background = SyncProcess(sys.argv[1], [source]).start()
while background.pid is None:
    time.sleep(0.05)
print(background.pid, flush=True)
time.sleep(600)
"""


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_the_sync_process_ends_with_a_killed_kiosk_even_mid_download(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    """A kiosk killed outright never closes the pipe politely; its sync, waiting on a slow
    server, must not live on as an orphan writing to the store (it lived minutes before)."""
    import threading

    from werkzeug import Request, Response

    asked, release = threading.Event(), threading.Event()

    def slow(_request: Request) -> Response:
        asked.set()
        release.wait(30)
        return Response(SOUMU, content_type="application/rss+xml")

    httpserver.expect_request("/slow.rdf").respond_with_handler(slow)
    env = dict(os.environ, PYTHONPATH=str(REPO))
    parent = subprocess.Popen(
        [
            sys.executable,
            "-c",
            PARENT,
            str(tmp_path / "store.sqlite3"),
            httpserver.url_for("/slow.rdf"),
        ],
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert parent.stdout is not None
        child = parent.stdout.readline().strip()
        assert child.isdigit()
        assert asked.wait(WAIT_S)  # the download has started and hangs
        parent.kill()
        parent.wait(30)
        _wait_for(lambda: not Path(f"/proc/{child}").exists() or _zombie(child), "the orphan")
    finally:
        release.set()
        if parent.poll() is None:
            parent.kill()
