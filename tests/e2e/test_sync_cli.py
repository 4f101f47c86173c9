"""`kiosk sync --once` and `kiosk read` as subprocesses against a loopback municipality."""

from __future__ import annotations

import json
import os
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from kiosk.content.model import Category
from kiosk.content.store import Store
from tests.conftest import DATA, REPO, kiosk_command
from tests.e2e.municipal_server import MunicipalServer

SOUMU = (DATA / "feeds" / "jp_soumu_news_rss10_shiftjis_20210719.rdf").read_bytes()
EVACUATION = (DATA / "opendata_csv" / "ichikawa_122033_evacuation_space_cp932.csv").read_bytes()


def run_kiosk(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        kiosk_command(*args),
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO), **(env or {})},
        timeout=60,
    )


def write_config(path: Path, sources: list[dict[str, str]]) -> Path:
    lines = ['[kiosk]\nlang = "ja"\n']
    for source in sources:
        lines.append("[[source]]")
        lines += [f'{k} = "{v}"' for k, v in source.items()]
        lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


@pytest.fixture
def municipality() -> Iterator[MunicipalServer]:
    server = MunicipalServer()
    yield server
    server.stop()


def test_sync_once_prints_one_line_per_source(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request("/news.rdf").respond_with_data(
        SOUMU, content_type="application/rdf+xml", headers={"ETag": '"n1"'}
    )
    httpserver.expect_request("/sites.csv").respond_with_data(EVACUATION, content_type="text/csv")
    httpserver.expect_request("/gone.xml").respond_with_data("gone", status=404)
    config = write_config(
        tmp_path / "kiosk.toml",
        [
            {"id": "news", "kind": "feed", "url": httpserver.url_for("/news.rdf"),
             "category": "notices"},
            {"id": "sites", "kind": "csv", "url": httpserver.url_for("/sites.csv"),
             "category": "facilities"},
            {"id": "gone", "kind": "feed", "url": httpserver.url_for("/gone.xml"),
             "category": "events"},
        ],
    )  # fmt: skip
    result = run_kiosk("sync", "--once", "--config", str(config))
    assert result.returncode == 1, result.stderr  # one source failed
    assert result.stdout.splitlines() == [
        "news: ok (20 items)",
        "sites: ok (121 items)",
        "gone: failed (HTTP 404 NOT FOUND)",
    ]
    pages = json.loads(run_kiosk("pages", "--json", "--config", str(config)).stdout)
    notices = next(c for c in pages["categories"] if c["id"] == "notices")
    assert len(notices["items"]) == 20
    assert notices["items"][0]["published"] == "2021-07-18T20:00:00+00:00"
    facilities = next(c for c in pages["categories"] if c["id"] == "facilities")
    assert "県立国分高校" in [i["title"] for i in facilities["items"]]


def test_read_json_detects_format_from_content(tmp_path: Path) -> None:
    # A misleading file name: the content decides.
    disguised = tmp_path / "evacuation.txt"
    disguised.write_bytes(EVACUATION)
    result = run_kiosk("read", str(disguised), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["kind"] == "csv" and len(data["items"]) == 121
    feed = run_kiosk("read", str(DATA / "feeds" / "jp_soumu_news_rss10_shiftjis_20210719.rdf"))
    assert feed.returncode == 0
    assert (
        "2021-07-19T05:00:00+09:00  総務省自治行政局における新型コロナウイルス感染症の感染者の発生"
        in feed.stdout
    )
    bad = tmp_path / "noise.bin"
    bad.write_bytes(b"\x00\x01\x02 nothing here")
    failed = run_kiosk("read", str(bad))
    assert failed.returncode == 1 and "unknown format" in failed.stderr


def test_read_url(httpserver: HTTPServer) -> None:
    page = (DATA / "html" / "jp_gov_cio_portal_article_dp2021_05.html").read_bytes()
    httpserver.expect_request("/dp.html").respond_with_data(page, content_type="text/html")
    result = run_kiosk("read", httpserver.url_for("/dp.html"), "--json")
    assert result.returncode == 0, result.stderr
    item = json.loads(result.stdout)["items"][0]
    assert item["title"] == "デジタル社会実現のためのアーキテクチャ設計"
    assert item["blocks"][0]["text"].startswith("アーキテクチャ作成や活用の考え方")


@pytest.mark.slow
def test_sigkill_during_sync_leaves_last_good_store(
    municipality: MunicipalServer, tmp_path: Path
) -> None:
    municipality.route("/news.rdf", SOUMU)
    municipality.route("/sites.csv", EVACUATION)
    config = write_config(
        tmp_path / "kiosk.toml",
        [
            {"id": "news", "kind": "feed", "url": municipality.url("/news.rdf"),
             "category": "notices"},
            {"id": "sites", "kind": "csv", "url": municipality.url("/sites.csv"),
             "category": "facilities"},
        ],
    )  # fmt: skip
    env = {"HIROBA_DATA_DIR": str(tmp_path / "data")}
    assert run_kiosk("sync", "--once", "--config", str(config), env=env).returncode == 0

    # Second sync: the news feed now hangs forever mid-body while the CSV changes.
    hanging = municipality.route("/news.rdf", behaviour="trickle")
    municipality.route(
        "/sites.csv",
        EVACUATION.replace("県立国分高校".encode("cp932"), "県立国分高等学校".encode("cp932")),
    )
    process = subprocess.Popen(
        kiosk_command("sync", "--once", "--config", str(config)),
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO), **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        assert hanging.hit.wait(30), "the sync never reached the hanging source"
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(10)
    assert process.returncode == -signal.SIGKILL

    with Store(tmp_path / "data" / "store.sqlite3") as store:
        assert store._db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        news = store.items(Category.NOTICES, "ja")
        assert len(news) == 20  # last good content, whole
        titles = {i.title for i in store.items(Category.FACILITIES, "ja")}
        assert len(titles) in (121, 120)
        # The CSV source is either entirely old or entirely new: never a mix.
        assert ("県立国分高校" in titles) != ("県立国分高等学校" in titles)


@pytest.mark.slow
def test_running_kiosk_syncs_in_background(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request("/news.rdf").respond_with_data(
        SOUMU, content_type="application/rdf+xml"
    )
    config = write_config(
        tmp_path / "kiosk.toml",
        [{"id": "news", "kind": "feed", "url": httpserver.url_for("/news.rdf"),
          "category": "notices"}],
    )  # fmt: skip
    process = subprocess.Popen(
        kiosk_command("run", "--windowed", "--exit-after", "60", "--config", str(config)),
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO), "QT_QPA_PLATFORM": "offscreen"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )
    seen = []
    try:
        assert process.stderr is not None
        for line in process.stderr:  # wait for the log line, not for a clock
            seen.append(line)
            if "sync done: screen refreshed" in line:
                break
    finally:
        process.kill()
        process.wait(10)
    log = "".join(seen)
    assert "sync ok: news: 20 items" in log
    assert "sync done: screen refreshed" in log
    with Store(Path(os.environ["HIROBA_DATA_DIR"]) / "store.sqlite3") as store:
        assert len(store.items(Category.NOTICES, "ja")) == 20


def test_read_package_folder() -> None:
    folder = REPO / "content" / "demo" / "02-notices"
    result = run_kiosk("read", str(folder), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["items"] and all(i["blocks"] for i in data["items"])
