"""Redirects and followed links cannot reach internal services (issue 16, serious #2).

Two real loopback servers play the parts: the configured source (127.0.0.1, port A) and an
"internal service" (another loopback address or port) serving a router's admin page. The
configured source is trusted where it is, so it may redirect within itself; any hop to a
different non-public host or port — however the address is spelled — is refused before a
request is sent, and the source keeps its last good content.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.content.fetch import MB, Fetcher, FetchError, FetchLimits
from kiosk.content.model import Category, Source
from kiosk.content.store import Store
from kiosk.content.sync import sync_all
from tests.conftest import DATA
from tests.e2e.municipal_server import MunicipalServer

LIMITS = FetchLimits(
    connect_timeout=0.5,
    read_timeout=1.0,
    max_bytes=1 * MB,
    max_decompressed=1 * MB,
    deadline=2.0,
    retries=0,
)
SOUMU = (DATA / "feeds" / "jp_soumu_news_rss10_shiftjis_20210719.rdf").read_bytes()
ARTICLE = (DATA / "html" / "katsuragi_town_reiki_chushajo_jorei.html").read_bytes()
HTML = {"Content-Type": "text/html; charset=utf-8"}
ROUTER_ADMIN = (
    b"<html><head><title>Router</title></head><body><main><h1>WAN password</h1>"
    b"<p>PPPoE user: town-hall, WAN password: hunter2-hunter2-hunter2-hunter2</p>"
    b"</main></body></html>"
)


@pytest.fixture
def public() -> Iterator[MunicipalServer]:
    server = MunicipalServer("127.0.0.1")
    yield server
    server.stop()


@pytest.fixture
def internal() -> Iterator[MunicipalServer]:
    server = MunicipalServer("127.0.0.2")
    yield server
    server.stop()


@pytest.fixture
def same_address_other_port() -> Iterator[MunicipalServer]:
    server = MunicipalServer("127.0.0.1")
    yield server
    server.stop()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "store.sqlite3") as store:
        yield store


def titles(store: Store, source_id: str) -> list[str]:
    return [i.title for i in store.items(Category.NOTICES, "ja") if i.source_id == source_id]


def status(store: Store, source_id: str):
    return next(s for s in store.source_statuses() if s.id == source_id)


def test_a_redirect_within_the_configured_source_is_followed(
    public: MunicipalServer, store: Store
) -> None:
    public.route("/old.rdf", status=301, headers={"Location": "/news.rdf"})
    public.route("/news.rdf", SOUMU)
    source = Source("town", "feed", public.url("/old.rdf"), Category.NOTICES)
    assert sync_all(store, [source], LIMITS)[0].line() == "town: ok (20 items)"


SPELLINGS = {
    "other loopback address": lambda port: f"http://127.0.0.2:{port}/admin",
    "decimal host": lambda port: f"http://2130706434:{port}/admin",
    "octal host": lambda port: f"http://0177.0.0.2:{port}/admin",
    "hex host": lambda port: f"http://0x7f000002:{port}/admin",
    "short host": lambda port: f"http://127.2:{port}/admin",
    "ipv4-mapped ipv6": lambda port: f"http://[::ffff:127.0.0.2]:{port}/admin",
}


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_a_redirect_to_an_internal_service_is_refused_and_the_last_good_content_stays(
    public: MunicipalServer, internal: MunicipalServer, store: Store, spelling: str
) -> None:
    admin = internal.route("/admin", ROUTER_ADMIN, headers=HTML)
    feed = public.route("/news.rdf", SOUMU)
    source = Source("town", "feed", public.url("/news.rdf"), Category.NOTICES)
    assert sync_all(store, [source], LIMITS)[0].status == "ok"
    good = titles(store, "town")
    # The feed server now sends the kiosk to the router's admin page.
    feed.status, feed.body = 302, b""
    feed.headers = {"Location": SPELLINGS[spelling](internal.port)}
    result = sync_all(store, [source], LIMITS)[0]
    assert result.status == "failed"
    assert "refused" in result.reason and "loopback" in result.reason
    assert admin.hits == 0  # not even a request reached the internal service
    assert titles(store, "town") == good
    assert "hunter2" not in str([store.page(i.key) for i in store.items(Category.NOTICES, "ja")])


def test_another_port_on_the_sources_own_address_is_another_service(
    public: MunicipalServer, same_address_other_port: MunicipalServer, store: Store
) -> None:
    admin = same_address_other_port.route("/admin", ROUTER_ADMIN, headers=HTML)
    public.route(
        "/news.rdf", status=302, headers={"Location": same_address_other_port.url("/admin")}
    )
    source = Source("town", "feed", public.url("/news.rdf"), Category.NOTICES)
    result = sync_all(store, [source], LIMITS)[0]
    assert result.status == "failed" and "refused" in result.reason
    assert admin.hits == 0


@pytest.mark.parametrize(
    "target",
    [
        "http://169.254.169.254/latest/meta-data/",  # cloud metadata (link-local)
        "http://10.0.0.1/",
        "http://172.16.0.1/",
        "http://192.168.1.1/setup.cgi",
        "http://100.64.0.1/",  # carrier-grade NAT
        "http://0.0.0.0/",
        "http://[::1]/",
        "http://[fe80::1]/",
        "http://[fd00::1]/",
        "http://[::ffff:169.254.169.254]/",
        "http://[2002:c0a8:0101::1]/",  # 6to4 wrapping 192.168.1.1
        "http://[64:ff9b::a00:1]/",  # NAT64 wrapping 10.0.0.1
    ],
)
def test_redirects_to_private_and_link_local_ranges_are_refused(
    public: MunicipalServer, store: Store, target: str
) -> None:
    public.route("/news.rdf", status=302, headers={"Location": target})
    source = Source("town", "feed", public.url("/news.rdf"), Category.NOTICES)
    result = sync_all(store, [source], LIMITS)[0]
    assert result.status == "failed"
    assert result.reason.startswith("redirect refused"), result.reason


@pytest.mark.parametrize(
    "target", ["file:///etc/passwd", "ftp://127.0.0.1/x", "data:text/html,hi", "gopher://x/"]
)
def test_redirects_leave_the_web_scheme_family_never(
    public: MunicipalServer, store: Store, target: str
) -> None:
    public.route("/news.rdf", status=302, headers={"Location": target})
    source = Source("town", "feed", public.url("/news.rdf"), Category.NOTICES)
    result = sync_all(store, [source], LIMITS)[0]
    assert result.status == "failed" and "refused" in result.reason


def test_redirect_loops_stop_after_a_few_hops(public: MunicipalServer, store: Store) -> None:
    a = public.route("/a", status=302, headers={"Location": "/b"})
    public.route("/b", status=302, headers={"Location": "/a"})
    source = Source("town", "feed", public.url("/a"), Category.NOTICES)
    result = sync_all(store, [source], LIMITS)[0]
    assert result.line() == "town: failed (more than 5 redirects)"
    assert a.hits == 3


def test_an_index_feed_cannot_send_the_kiosk_to_an_internal_host(
    public: MunicipalServer, internal: MunicipalServer
) -> None:
    # Documents a source points at (CAP/JMA index feeds, bundle objects) obey the same rule.
    admin = internal.route("/admin", ROUTER_ADMIN, headers=HTML)
    with Fetcher(LIMITS) as fetcher, pytest.raises(FetchError, match="refused"):
        fetcher.get(internal.url("/admin"), origin=public.url("/index.xml"))
    assert admin.hits == 0


def test_follow_links_are_checked_after_redirects(
    public: MunicipalServer, internal: MunicipalServer, store: Store
) -> None:
    admin = internal.route("/admin", ROUTER_ADMIN, headers=HTML)
    public.route("/reiki/80.html", ARTICLE, headers=HTML)
    public.route("/reiki/81.html", status=302, headers={"Location": internal.url("/admin")})
    # Same address and port, another host name: passes the address rule, not the host rule.
    public.route(
        "/reiki/82.html",
        status=302,
        headers={"Location": f"http://localhost:{public.port}/reiki/80.html"},
    )
    feed = f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>例規</title><link>{public.url("/")}</link>
<item><title>駐車場等設置条例を改正しました</title><link>{public.url("/reiki/80.html")}</link>
<description>改正のお知らせ</description></item>
<item><title>ルーター</title><link>{public.url("/reiki/81.html")}</link>
<description>フィードの文</description></item>
<item><title>よそのホスト</title><link>{public.url("/reiki/82.html")}</link>
<description>フィードの文その2</description></item></channel></rss>""".encode()
    public.route("/feed", feed)
    source = Source("reiki", "feed", public.url("/feed"), Category.NOTICES, follow_links=True)
    assert sync_all(store, [source], LIMITS)[0].status == "ok"
    pages = {i.title: store.page(i.key).plain_text() for i in store.items(Category.NOTICES, "ja")}
    assert "第7条" in pages["駐車場等設置条例を改正しました"]
    assert pages["ルーター"] == "フィードの文"
    assert pages["よそのホスト"] == "フィードの文その2"
    assert admin.hits == 0


# --- captive portals replacing an HTML source ----------------------------------------------

PORTAL_PASSWORD = """<html><head><title>ようこそ</title></head><body><main>
<h1>ようこそ</h1><p>インターネットをご利用になるには、以下にご入力ください。ご利用の際は係員にお声がけください。</p>
<form action="/auth" method="post"><input name="user"><input type="password" name="pw">
<button>送信</button></form></main></body></html>""".encode()
PORTAL_CONSENT = """<html><head><title>FREE Wi-Fi ご利用案内</title></head><body><main>
<h1>FREE Wi-Fi</h1><p>このWi-Fiは市の公共施設で無料でご利用いただけます。
利用規約をお読みのうえ、同意してください。</p>
<p>ご利用時間は一回につき六十分までです。</p></main></body></html>""".encode()


@pytest.mark.parametrize("portal", [PORTAL_PASSWORD, PORTAL_CONSENT], ids=["password", "consent"])
def test_a_captive_portal_page_does_not_replace_the_last_good_page(
    public: MunicipalServer, store: Store, portal: bytes
) -> None:
    page = public.route("/reiki/80.html", ARTICLE, headers=HTML)
    source = Source("reiki", "html", public.url("/reiki/80.html"), Category.NOTICES)
    assert sync_all(store, [source], LIMITS)[0].status == "ok"
    [good] = store.items(Category.NOTICES, "ja")
    page.body = portal
    result = sync_all(store, [source], LIMITS)[0]
    assert result.status == "failed", result.line()
    assert "login" in result.reason or "password" in result.reason
    [kept] = store.items(Category.NOTICES, "ja")
    assert kept.title == good.title
    assert "第7条" in store.page(kept.key).plain_text()
    assert status(store, "reiki").last_error == result.reason


def test_an_html_source_answered_from_another_host_keeps_the_last_good_page(
    public: MunicipalServer, store: Store
) -> None:
    page = public.route("/reiki/80.html", ARTICLE, headers=HTML)
    public.route("/portal", PORTAL_CONSENT, headers=HTML)
    source = Source("reiki", "html", public.url("/reiki/80.html"), Category.NOTICES)
    assert sync_all(store, [source], LIMITS)[0].status == "ok"
    page.status, page.body = 302, b""
    page.headers = {"Location": f"http://localhost:{public.port}/portal"}
    result = sync_all(store, [source], LIMITS)[0]
    assert result.status == "failed"
    assert "another host" in result.reason or "refused" in result.reason
    [kept] = store.items(Category.NOTICES, "ja")
    assert "第7条" in store.page(kept.key).plain_text()
