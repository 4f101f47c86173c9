"""Alert sources and bundles poll with a conditional GET: a kiosk that polls the region's mirror
every minute downloads nothing while nothing changed, and a partly failed read is retried."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.content import store as store_module
from kiosk.content.bundle import generate_key
from kiosk.content.bundle_publish import publish
from kiosk.content.fetch import Fetcher, FetchLimits
from kiosk.content.model import Category, Source
from kiosk.content.scaffold import create_package
from kiosk.content.store import Store
from kiosk.content.sync import sync_source
from tests.alertdata import EQVOL_FEED, NOTO_NOW, NOTO_SHINDO, NOTO_TSUNAMI, jmx
from tests.e2e.municipal_server import MunicipalServer

JMA_DATA = b"https://www.data.jma.go.jp/developer/xml/data/"
TSUNAMI = "/data/20240101072233_0_VTSE41_010000.xml"
SHINDO = "/data/20240101071342_0_VXSE51_010000.xml"
LIMITS = FetchLimits(connect_timeout=1, read_timeout=1, retries=0)


def etag(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:12] + '"'


@pytest.fixture
def server() -> Iterator[MunicipalServer]:
    server = MunicipalServer()
    yield server
    server.stop()


@pytest.fixture
def store(tmp_path: Path, monkeypatch) -> Iterator[Store]:
    monkeypatch.setattr(store_module, "utc_now", lambda: NOTO_NOW)  # the documents' day
    with Store(tmp_path / "store.sqlite3") as store:
        yield store


def serve_jma(server: MunicipalServer, shindo_status: int = 200) -> Source:
    feed = jmx(EQVOL_FEED).replace(JMA_DATA, server.url("/data/").encode())
    server.route("/feed/eqvol.xml", feed, etag=etag(feed))
    server.route(TSUNAMI, jmx(NOTO_TSUNAMI), etag=etag(jmx(NOTO_TSUNAMI)))
    server.route(SHINDO, jmx(NOTO_SHINDO), status=shindo_status)
    return Source("jma", "jmx", server.url("/feed/eqvol.xml"), Category.DISASTER)


def test_an_unchanged_alert_feed_is_one_304_and_nothing_else(server, store) -> None:
    source = serve_jma(server)
    with Fetcher(LIMITS) as fetcher:
        assert sync_source(store, source, fetcher).status == "ok"
        alerts = store.alerts()
        hits = {path: route.hits for path, route in server.routes.items()}
        assert sync_source(store, source, fetcher).status == "unchanged"
    assert server.routes["/feed/eqvol.xml"].hits == hits["/feed/eqvol.xml"] + 1
    assert server.routes[TSUNAMI].hits == hits[TSUNAMI] == 1  # documents not asked again
    assert store.alerts() == alerts and alerts


def test_a_document_that_failed_is_tried_again_although_the_feed_is_unchanged(
    server, store
) -> None:
    source = serve_jma(server, shindo_status=503)
    with Fetcher(LIMITS) as fetcher:
        assert sync_source(store, source, fetcher).status == "ok"  # the tsunami warning is in
        assert store.http_validators("jma") == (None, None)  # but the read was not complete
        assert not any("震度" in a.event["ja"] for a in store.alerts())
        server.route(SHINDO, jmx(NOTO_SHINDO))  # the document is back
        assert sync_source(store, source, fetcher).status == "ok"
        assert any(a.event["ja"] == "地震（震度６強）" for a in store.alerts())
        assert store.http_validators("jma")[0] is not None
        assert sync_source(store, source, fetcher).status == "unchanged"


def test_an_unchanged_bundle_manifest_is_one_304(server, tmp_path) -> None:
    packages = tmp_path / "region"
    create_package(packages / "tea-salon")
    public = generate_key(tmp_path / "region.key")
    out = tmp_path / "www"
    publish(packages, tmp_path / "region.key", out, region="sakura")
    for file in (p for p in out.rglob("*") if p.is_file()):
        body = file.read_bytes()
        server.route("/bundle/" + file.relative_to(out).as_posix(), body, etag=etag(body))
    source = Source(
        "region", "bundle", server.url("/bundle/"), Category.NOTICES, public_keys=(public,)
    )
    with Store(tmp_path / "store.sqlite3") as store, Fetcher(LIMITS) as fetcher:
        assert sync_source(store, source, fetcher).status == "ok"
        hits = sum(route.hits for route in server.routes.values())
        assert sync_source(store, source, fetcher).status == "unchanged"
        assert sum(route.hits for route in server.routes.values()) == hits + 1
        assert server.routes["/bundle/bundle.json"].hits == 2
