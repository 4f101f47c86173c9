"""Alert sources over real HTTP on 127.0.0.1: index feeds followed to documents, sync through
the one reader registry (sync's own capped Fetcher), and the takeover appearing and going away
in the window.

``read_alert_source`` is also driven directly with a plain ``requests.get``.
Feeds are the real files with their document host rewritten to the loopback server.
"""

from __future__ import annotations

import re
from datetime import datetime

import pytest
import requests

from kiosk.config import demo_sources
from kiosk.content import store as store_module
from kiosk.content.alert_sources import MAX_DOCUMENTS, read_alert_source
from kiosk.content.alerts import AlertPolicy
from kiosk.content.model import Category, Source
from kiosk.content.problems import ContentError
from kiosk.content.store import Store
from kiosk.content.sync import sync_all, sync_source
from kiosk.ui.window import KioskWindow
from kiosk.viewmodels.screens import ViewModels
from tests.alertdata import (
    CANCEL_CHAIN_NOW,
    EQVOL_FEED,
    IPAWS_CANCEL,
    IPAWS_NOW,
    NOTO_NOW,
    NOTO_SHINDO,
    NOTO_TSUNAMI,
    TSUNAMI_CANCEL,
    cap,
    cap_original_for_cancel,
    jmx,
    jmx_original_for_cancel,
)

JMA_DATA = b"https://www.data.jma.go.jp/developer/xml/data/"
NWS = b"http://www.weather.gov/alerts-beta/"
NWS_FIRST = "x=CT20100831030400OKXAirQualityAlertOKX20100901031500CT"
NWS_SECOND = "x=DC20100830203300LWXAirQualityAlertLWX20100901040000DC"


def http_fetch(url: str) -> bytes:
    response = requests.get(url, timeout=5)
    if response.status_code != 200:
        raise ContentError(f"{url}: HTTP {response.status_code}")
    return response.content


def serve_eqvol(httpserver) -> None:
    feed = jmx(EQVOL_FEED).replace(JMA_DATA, httpserver.url_for("/data/").encode())
    httpserver.expect_request("/feed/eqvol.xml").respond_with_data(feed)
    httpserver.expect_request("/data/20240101072233_0_VTSE41_010000.xml").respond_with_data(
        jmx(NOTO_TSUNAMI)
    )
    httpserver.expect_request("/data/20240101071342_0_VXSE51_010000.xml").respond_with_data(
        jmx(NOTO_SHINDO)
    )
    # Every other listed document is "gone" (404): skipped, logged, never fatal.
    httpserver.expect_request(re.compile("/data/.*")).respond_with_data("", status=404)


def test_real_jma_feed_followed_to_documents(httpserver) -> None:
    serve_eqvol(httpserver)
    source = Source("jma", "jmx", httpserver.url_for("/feed/eqvol.xml"), Category.DISASTER)
    content = read_alert_source(source, fetch=http_fetch)
    events = {a.event["ja"] for a in content.alerts}
    assert {"大津波警報", "津波警報", "地震（震度６強）"} <= events
    documents = [r.path for r, _ in httpserver.log if r.path.startswith("/data/")]
    assert len(documents) == MAX_DOCUMENTS  # bounded: 94 listed documents are of our types
    assert "VTSE41" in documents[0]  # tsunami first, before dozens of aftershock reports
    assert all(re.search(r"_(VTSE41|VXSE5[13])_", d) for d in documents)


def test_feed_where_no_document_can_be_read_fails_the_source(httpserver) -> None:
    feed = jmx(EQVOL_FEED).replace(JMA_DATA, httpserver.url_for("/data/").encode())
    httpserver.expect_request("/feed/eqvol.xml").respond_with_data(feed)
    httpserver.expect_request(re.compile("/data/.*")).respond_with_data("", status=404)
    source = Source("jma", "jmx", httpserver.url_for("/feed/eqvol.xml"), Category.DISASTER)
    with pytest.raises(ContentError, match="no document could be read"):
        read_alert_source(source, fetch=http_fetch, max_documents=3)


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def kiosk(qtbot, tmp_path, monkeypatch):
    """A store with the demo content and a window factory. The kiosk's clock (store and
    window) is set to the day of the event: sync forgets alert records that were dead long ago,
    and these real documents are years old."""
    clock = Clock(datetime.now().astimezone())
    monkeypatch.setattr(store_module, "utc_now", clock)
    store = Store(tmp_path / "store.sqlite3")
    sync_all(store, demo_sources())

    def window(now: datetime, codes: tuple[str, ...]) -> KioskWindow:
        clock.now = now
        vms = ViewModels(store, policy=AlertPolicy(area_codes=codes), clock=clock)
        win = KioskWindow(vms)
        qtbot.addWidget(win)
        win.show()
        return win

    yield store, window
    store.close()


def test_jmx_sync_takeover_then_cancel(httpserver, kiosk) -> None:
    store, make_window = kiosk
    httpserver.expect_request("/jmx/tsunami.xml").respond_with_data(jmx_original_for_cancel())
    source = Source("jma", "jmx", httpserver.url_for("/jmx/tsunami.xml"), Category.DISASTER)
    window = make_window(CANCEL_CHAIN_NOW, ("360",))
    window.open_category(Category.NOTICES)

    assert sync_source(store, source).status == "ok"
    window.refresh()
    assert window.current.screen == "alert"
    assert window.alert_screen.texts()[0] == "⚠ 大津波警報"

    httpserver.clear()
    httpserver.expect_request("/jmx/tsunami.xml").respond_with_data(jmx(TSUNAMI_CANCEL))
    assert sync_source(store, source).status == "ok"
    window.refresh()
    assert window.current.screen == "category"  # back where the person was
    window.go_home()
    assert not window.home.banner.isVisible()


def test_cap_index_sync_alert_then_cancel(httpserver, kiosk) -> None:
    store, make_window = kiosk
    index = cap("nws_cap_atom_index.atom.xml").replace(NWS, httpserver.url_for("/nws/").encode())
    httpserver.expect_request("/nws/index.atom").respond_with_data(index)
    httpserver.expect_request("/nws/wwacapget.php", query_string=NWS_FIRST).respond_with_data(
        cap_original_for_cancel()
    )
    httpserver.expect_request("/nws/wwacapget.php").respond_with_data("", status=404)
    source = Source("ipaws", "cap", httpserver.url_for("/nws/index.atom"), Category.DISASTER)
    window = make_window(IPAWS_NOW, ("024031",))

    assert sync_source(store, source).status == "ok"
    window.refresh()
    assert window.current.screen == "alert"
    assert window.alert_screen.texts()[0] == "⚠ Local Area Emergency"

    httpserver.clear()
    httpserver.expect_request("/nws/index.atom").respond_with_data(index)
    httpserver.expect_request("/nws/wwacapget.php", query_string=NWS_SECOND).respond_with_data(
        cap(IPAWS_CANCEL)
    )
    httpserver.expect_request("/nws/wwacapget.php").respond_with_data("", status=404)
    assert sync_source(store, source).status == "ok"  # the original is gone from the feed
    window.refresh()
    assert window.current.screen == "home"
    assert not window.home.banner.isVisible()


def test_noto_feed_takes_over_for_noto(httpserver, kiosk) -> None:
    store, make_window = kiosk
    serve_eqvol(httpserver)
    source = Source("jma", "jmx", httpserver.url_for("/feed/eqvol.xml"), Category.DISASTER)
    window = make_window(NOTO_NOW, ("360", "390", "17"))
    assert sync_source(store, source).status == "ok"
    window.refresh()
    assert window.current.screen == "alert"
    assert window.alert_screen.texts()[:2] == ["⚠ 大津波警報", "対象の地域：石川県能登"]


def test_local_index_file_is_followed_to_its_documents(httpserver, tmp_path, monkeypatch) -> None:
    """`path = feed.xml` (a saved or mirrored index): its documents are fetched by their own
    URLs. It failed with "refused to go to a relative address": the redirect rule took the
    file path as the origin of every document."""
    serve_eqvol(httpserver)
    index = tmp_path / "eqvol.xml"
    index.write_bytes(jmx(EQVOL_FEED).replace(JMA_DATA, httpserver.url_for("/data/").encode()))
    source = Source("jma", "jmx", str(index), Category.DISASTER)
    monkeypatch.setattr(store_module, "utc_now", lambda: NOTO_NOW)  # the documents' own day
    with Store(tmp_path / "store.sqlite3") as store:
        result = sync_source(store, source)
        assert result.status == "ok", result.reason
        events = {a.event["ja"] for a in store.alerts()}
    assert {"大津波警報", "津波警報"} <= events
