"""The region's alert mirror, end to end over real HTTP on 127.0.0.1.

A loopback server plays JMA: the real 2024-01-01 eqvol feed with its document host rewritten
to the loopback server, the two real documents of that day we hold, and 404 for every other
listed document (gone). `kiosk mirror` copies it; `python -m http.server` serves the copy;
`kiosk sync` runs against JMA and against the mirror, and the two stores must hold the same
alerts. Then: a second run downloads nothing, a broken or hostile upstream keeps the last good
copy, a document the feed drops is removed after the grace period, and the swap is atomic.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from lxml import etree

from kiosk.cli.main import main as kiosk_main
from kiosk.config import ConfigError
from kiosk.content import store as store_module
from kiosk.content.fetch import MB, Fetcher, FetchLimits
from kiosk.content.mirror import Mirror, MirrorError
from kiosk.content.mirror_config import MirrorConfig, MirrorSource, load_mirror_config
from kiosk.content.store import Store
from tests.alertdata import EQVOL_FEED, NOTO_NOW, NOTO_SHINDO, NOTO_TSUNAMI, jmx
from tests.e2e.municipal_server import MunicipalServer, gzip_bomb

JMA_DATA = b"https://www.data.jma.go.jp/developer/xml/data/"
TSUNAMI_DOC = "20240101072233_0_VTSE41_010000.xml"
SHINDO_DOC = "20240101071342_0_VXSE51_010000.xml"
LIMITS = FetchLimits(
    connect_timeout=1, read_timeout=1, max_bytes=MB, max_decompressed=MB, deadline=3, retries=0
)


def etag(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:16] + '"'


class PlayJMA:
    """The loopback JMA: feeds and documents with ETags, like the real one."""

    def __init__(self) -> None:
        self.server = MunicipalServer()
        self.feed_url = self.server.url("/developer/xml/feed/eqvol.xml")
        self.data = self.server.url("/developer/xml/data/").encode()
        self.set_feed(jmx(EQVOL_FEED))
        for name, body in ((TSUNAMI_DOC, jmx(NOTO_TSUNAMI)), (SHINDO_DOC, jmx(NOTO_SHINDO))):
            self.server.route(f"/developer/xml/data/{name}", body, etag=etag(body))

    def set_feed(self, real: bytes, **kwargs: object) -> bytes:
        body = real.replace(JMA_DATA, self.data)
        self.server.route("/developer/xml/feed/eqvol.xml", body, etag=etag(body), **kwargs)
        return body

    def hits(self) -> dict[str, int]:
        return {path: route.hits for path, route in self.server.routes.items()}


def without_entry(feed: bytes, document: str) -> bytes:
    """The real feed as it stood before (or after) one document was listed: that entry out."""
    root = etree.fromstring(feed)
    atom = "{http://www.w3.org/2005/Atom}"
    for entry in root.findall(f"{atom}entry"):
        if document in (entry.findtext(f"{atom}id") or ""):
            root.remove(entry)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


@pytest.fixture
def jma() -> Iterator[PlayJMA]:
    play = PlayJMA()
    yield play
    play.server.stop()


class Clock:
    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        return self.now


def make_mirror(jma: PlayJMA, out: Path, clock: Clock | None = None, **settings) -> Mirror:
    config = MirrorConfig(sources=(MirrorSource("eqvol", "jmx", jma.feed_url),), **settings)
    return Mirror(config, out, fetcher=Fetcher(LIMITS), clock=clock or Clock())


@pytest.fixture
def static_server(tmp_path: Path) -> Iterator[callable]:
    """`python -m http.server` on 127.0.0.1 serving a folder, as a region's web server would."""
    started: list[subprocess.Popen] = []

    def serve(directory: Path) -> str:
        process = subprocess.Popen(
            [sys.executable, "-u", "-m", "http.server", "0", "--bind", "127.0.0.1"],
            cwd=directory,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        started.append(process)
        line = process.stdout.readline()  # "Serving HTTP on 127.0.0.1 port 41234 (...) ..."
        port = int(line.split(" port ")[1].split()[0])
        return f"http://127.0.0.1:{port}"

    yield serve
    for process in started:
        process.terminate()
        process.wait(10)


def kiosk_config(tmp_path: Path, name: str, url: str) -> Path:
    path = tmp_path / f"{name}.toml"
    path.write_text(
        f'[kiosk]\ndata_dir = "{tmp_path / name}"\n\n'
        f'[[source]]\nid = "jma"\nkind = "jmx"\ncategory = "disaster"\nurl = "{url}"\n'
        "refresh_minutes = 1\n",
        encoding="utf-8",
    )
    return path


def kiosk_sync(config: Path, capsys) -> tuple[str, list]:
    """`kiosk sync --config FILE` in this process (the clock is set to the day of the event)."""
    capsys.readouterr()
    code = kiosk_main(["sync", "--config", str(config)])
    output = capsys.readouterr().out
    assert code == 0, output
    with Store(config.parent / config.stem / "store.sqlite3") as store:
        return output, sorted(store.alerts(), key=lambda a: a.id)


@pytest.fixture
def noto_day(monkeypatch) -> None:
    # Sync forgets alert records dead for a week; these real documents are from 2024-01-01.
    monkeypatch.setattr(store_module, "utc_now", lambda: NOTO_NOW)


def test_kiosk_against_the_mirror_stores_the_same_alerts_as_against_jma(
    jma, tmp_path, static_server, noto_day, capsys
) -> None:
    out = tmp_path / "www" / "jma"
    report = make_mirror(jma, out).run_once()
    assert [r.status for r in report.sources] == ["ok"]
    assert report.sources[0].documents == 2 and report.generation == "gen-000001"
    assert out.is_symlink() and (out / "data").is_dir()
    feed = (out / "feeds" / "eqvol.xml").read_bytes()
    assert b'href="http://127.0.0.1' not in feed  # every document link points into the mirror
    assert feed.count(b"<entry>") == 2  # only the documents it holds: every link resolves

    mirror_url = static_server(out) + "/feeds/eqvol.xml"
    direct_out, direct = kiosk_sync(kiosk_config(tmp_path, "direct", jma.feed_url), capsys)
    mirrored_out, mirrored = kiosk_sync(kiosk_config(tmp_path, "mirrored", mirror_url), capsys)
    assert direct == mirrored
    events = {a.event["ja"] for a in mirrored}
    assert {"大津波警報", "津波警報", "地震（震度６強）"} <= events
    assert "jma: ok" in direct_out and "jma: ok" in mirrored_out

    # The kiosk's next sync is a conditional GET that the static server answers with 304.
    again, same = kiosk_sync(kiosk_config(tmp_path, "mirrored", mirror_url), capsys)
    assert "jma: unchanged" in again and same == mirrored


def test_second_run_downloads_nothing_and_publishes_nothing(jma, tmp_path) -> None:
    out = tmp_path / "jma"
    clock = Clock()
    mirror = make_mirror(jma, out, clock)
    first = mirror.run_once()
    served = {p.name: p.stat().st_mtime for p in (out / "data").iterdir()}
    before = jma.hits()
    clock.now += 60
    second = mirror.run_once()
    assert second.not_modified == 1 and second.bytes_downloaded == 0
    assert [r.status for r in second.sources] == ["unchanged"]
    assert second.generation == "" and os.readlink(out).endswith("gen-000001")
    after = jma.hits()
    assert after["/developer/xml/feed/eqvol.xml"] == before["/developer/xml/feed/eqvol.xml"] + 1
    assert {k: v for k, v in after.items() if "/data/" in k} == {
        k: v for k, v in before.items() if "/data/" in k
    }  # the documents it holds are never asked for again
    # The first run followed the 40 documents a kiosk would; 38 are gone (404). Those are
    # asked again a minute later (a document can trail its feed), then ever more rarely.
    assert first.requests == 41 and second.requests == 1 + 38
    clock.now += 60
    assert mirror.run_once().requests == 1  # backing off: 2 minutes after the second failure
    assert {p.name: p.stat().st_mtime for p in (out / "data").iterdir()} == served


@pytest.mark.parametrize(
    ("behaviour", "reason"),
    [
        ({"status": 500}, "HTTP 500"),
        ({"body_override": b"<html><body>maintenance</body></html>"}, "neither a feed"),
        ({"body_override": b"\x00\x01 not xml"}, "not well-formed"),
        ({"behaviour": "endless"}, "1 MB cap"),
        ({"headers": {"Content-Encoding": "gzip"}, "body_override": gzip_bomb(8 * MB)}, "cap"),
        ({"behaviour": "huge-declared"}, "too large"),
    ],
)
def test_broken_or_hostile_upstream_keeps_the_last_good_mirror(
    jma, tmp_path, behaviour, reason
) -> None:
    out = tmp_path / "jma"
    clock = Clock()
    mirror = make_mirror(jma, out, clock)
    mirror.run_once()
    good_feed = (out / "feeds" / "eqvol.xml").read_bytes()
    good_target = os.readlink(out)
    body = behaviour.pop("body_override", jma.server.routes["/developer/xml/feed/eqvol.xml"].body)
    jma.server.route("/developer/xml/feed/eqvol.xml", body, **behaviour)
    clock.now += 60
    report = mirror.run_once()
    assert report.failed and reason in report.sources[0].reason
    assert "the last good copy stays" in report.sources[0].line()
    assert os.readlink(out) == good_target
    assert (out / "feeds" / "eqvol.xml").read_bytes() == good_feed
    assert len(list((out / "data").iterdir())) == 2
    status = (out / "status.json").read_text(encoding="utf-8")
    assert reason in status  # what the region's monitoring reads


def test_a_document_the_feed_drops_is_pruned_after_the_grace_period(jma, tmp_path) -> None:
    out = tmp_path / "jma"
    clock = Clock()
    mirror = make_mirror(jma, out, clock, keep_minutes=10)
    jma.set_feed(without_entry(jmx(EQVOL_FEED), TSUNAMI_DOC))  # before the tsunami warning
    first = mirror.run_once()
    assert first.sources[0].documents == 1
    assert not any(TSUNAMI_DOC.removesuffix(".xml") in p.name for p in (out / "data").iterdir())

    jma.set_feed(jmx(EQVOL_FEED))  # the tsunami warning is listed: the mirror follows it
    clock.now += 60
    second = mirror.run_once()
    assert second.sources[0].downloaded == 1 and second.generation == "gen-000002"
    assert TSUNAMI_DOC.encode()[:14] in (out / "feeds" / "eqvol.xml").read_bytes()

    jma.set_feed(without_entry(jmx(EQVOL_FEED), SHINDO_DOC))  # the 震度速報 rolls off
    clock.now += 60
    third = mirror.run_once()
    shindo = [p for p in (out / "data").iterdir() if SHINDO_DOC[:14] in p.name]
    assert shindo and SHINDO_DOC[:14].encode() not in (out / "feeds" / "eqvol.xml").read_bytes()
    assert third.pruned == 0  # still inside the grace period: a kiosk may be fetching it

    clock.now += 11 * 60
    fourth = mirror.run_once()
    assert fourth.pruned == 1
    assert not [p for p in (out / "data").iterdir() if SHINDO_DOC[:14] in p.name]
    assert len(list(out.parent.glob(".jma.mirror/gen-*"))) == 2  # the live one and the last


def test_the_swap_is_one_rename_of_a_link(jma, tmp_path) -> None:
    out = tmp_path / "jma"
    clock = Clock()
    mirror = make_mirror(jma, out, clock)
    mirror.run_once()
    old = out.resolve()
    old_feed = (old / "feeds" / "eqvol.xml").read_bytes()
    jma.set_feed(without_entry(jmx(EQVOL_FEED), SHINDO_DOC))
    clock.now += 60
    mirror.run_once()
    assert out.resolve() != old
    # A reader that resolved the old generation still reads a whole, consistent copy.
    assert (old / "feeds" / "eqvol.xml").read_bytes() == old_feed
    assert not list(out.parent.glob(".jma.mirror/.*.tmp"))
    assert not (tmp_path / ".jma.swap").exists()


def test_base_url_gives_absolute_links_the_kiosk_follows(jma, tmp_path) -> None:
    out = tmp_path / "jma"
    make_mirror(jma, out, base_url="https://alerts.example.lg.jp/jma/").run_once()
    feed = (out / "feeds" / "eqvol.xml").read_bytes()
    assert b'href="https://alerts.example.lg.jp/jma/data/' in feed
    assert b'rel="self" href="https://alerts.example.lg.jp/jma/feeds/eqvol.xml"' in feed


def test_the_mirror_refuses_to_replace_a_real_folder(jma, tmp_path) -> None:
    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text("a region's own page")
    with pytest.raises(MirrorError, match="not a mirror link"):
        make_mirror(jma, out).run_once()
    assert (out / "index.html").exists()


def test_cli_mirror_once(jma, tmp_path, capsys) -> None:
    region = tmp_path / "region.toml"
    region.write_text(
        f'[mirror]\ncontact = "bousai@example.lg.jp"\n\n'
        f'[[source]]\nid = "eqvol"\nkind = "jmx"\nurl = "{jma.feed_url}"\n',
        encoding="utf-8",
    )
    out = tmp_path / "www" / "jma"
    assert kiosk_main(["mirror", "--config", str(region), "--out", str(out), "--once"]) == 0
    printed = capsys.readouterr().out
    assert "eqvol: ok (2 documents, 2 new)" in printed and "published gen-000001" in printed
    assert requests.get(jma.feed_url, timeout=5).status_code == 200
    assert kiosk_main(["mirror", "--config", str(region), "--out", str(out), "--once"]) == 0
    assert "eqvol: unchanged" in capsys.readouterr().out


def test_region_config_errors_name_file_and_line(tmp_path) -> None:
    region = tmp_path / "region.toml"
    region.write_text(
        '[mirror]\ninterval_seconds = 10\n\n[[source]]\nid = "x"\nkind = "jmx"\nurl = "http://a/"\n'
    )
    with pytest.raises(ConfigError, match=r"region.toml:2: interval_seconds must be at least 60"):
        load_mirror_config(region)
    region.write_text('[[source]]\nid = "../etc"\nkind = "jmx"\nurl = "http://a/"\n')
    with pytest.raises(ConfigError, match=r"region.toml:2: \[\[source\]\] #1: id '../etc'"):
        load_mirror_config(region)
    region.write_text('[[source]]\nid = "a"\nkind = "feed"\nurl = "http://a/"\n')
    with pytest.raises(ConfigError, match=r"region.toml:3: .*kind = 'feed' is not one of"):
        load_mirror_config(region)


def test_the_shipped_region_example_is_valid() -> None:
    from tests.conftest import REPO

    config = load_mirror_config(REPO / "deploy" / "region.example.toml")
    assert [s.id for s in config.sources] == ["regular", "extra", "eqvol"]
    assert all(s.url.startswith("https://www.data.jma.go.jp/") for s in config.sources)
    service = (REPO / "deploy" / "hiroba-mirror.service").read_text(encoding="utf-8")
    assert "kiosk mirror --config /etc/hiroba/region.toml --out /srv/hiroba/jma --once" in service


def test_documents_on_another_host_are_never_fetched(jma, tmp_path) -> None:
    elsewhere = jma.server.url("/developer/xml/data/").replace("127.0.0.1", "localhost")
    jma.data = elsewhere.encode()  # the feed now names another host for its documents
    jma.set_feed(jmx(EQVOL_FEED))
    report = make_mirror(jma, tmp_path / "jma").run_once()
    assert report.requests == 1 and report.sources[0].documents == 0
    assert all(route.hits == 0 for path, route in jma.server.routes.items() if "/data/" in path)
