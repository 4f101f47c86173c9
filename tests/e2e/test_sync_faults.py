"""Sync against a real HTTP server on 127.0.0.1 that misbehaves in every way we know of.

For each fault: the source that met it keeps its last good content, its status says why in
one line, and the other source in the same sync is unaffected.
"""

from __future__ import annotations

import functools
import re
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.content.fetch import MB, FetchLimits
from kiosk.content.model import Category, Source
from kiosk.content.store import Store
from kiosk.content.sync import sync_all
from tests.conftest import DATA
from tests.e2e.municipal_server import MunicipalServer, gzip_bomb

LIMITS = FetchLimits(
    connect_timeout=0.5,
    read_timeout=0.5,
    max_bytes=1 * MB,
    max_decompressed=1 * MB,
    deadline=1.0,
    retries=1,
    backoff=0.05,
)
SOUMU = (DATA / "feeds" / "jp_soumu_news_rss10_shiftjis_20210719.rdf").read_bytes()
NYSTATE = (DATA / "feeds" / "us_nystate_alerts_cap_index_rss20.xml").read_bytes()
EVACUATION = (DATA / "opendata_csv" / "ichikawa_122033_evacuation_space_cp932.csv").read_bytes()


@functools.cache
def bomb() -> bytes:
    return gzip_bomb(16 * MB)


@pytest.fixture
def server() -> Iterator[MunicipalServer]:
    server = MunicipalServer()
    yield server
    server.stop()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "store.sqlite3") as store:
        yield store


def feed_source(server: MunicipalServer, name: str, kind: str = "feed") -> Source:
    category = Category.FACILITIES if kind == "csv" else Category.NOTICES
    return Source(name, kind, server.url(f"/{name}"), category, lang="ja")


def items_of(store: Store, source_id: str, category: Category = Category.NOTICES) -> list[str]:
    return [i.title for i in store.items(category, "ja") if i.source_id == source_id]


def status_of(store: Store, source_id: str):
    return next(s for s in store.source_statuses() if s.id == source_id)


FAULTS = [
    # name, route kwargs, reason in the status line
    ("http-404", {"status": 404, "body": b"gone"}, r"HTTP 404"),
    ("http-500", {"status": 500, "body": b"oops"}, r"HTTP 500"),
    ("slow-answer", {"behaviour": "slow"}, r"no answer within 0\.5 s"),
    ("never-ending-body", {"behaviour": "trickle"}, r"body not complete after 1 s"),
    ("trickling-body", {"behaviour": "trickle-length"}, r"body not complete after 1 s"),
    ("fifty-mb-body", {"behaviour": "endless"}, r"body over the 1 MB cap"),
    ("fifty-mb-declared", {"behaviour": "huge-declared"}, r"body too large \(50\.0 MB declared\)"),
    (
        "gzip-bomb",
        {"body": "bomb", "headers": {"Content-Encoding": "gzip"}},
        r"decompressed body over the 1 MB cap",
    ),
    ("truncated-xml", {"body": SOUMU[: len(SOUMU) // 2]}, r"feed is cut off"),
    ("malformed-xml", {"body": b"<rss><channel><title>x</titl"}, r"broken feed"),
    (
        "billion-laughs",
        {
            "body": b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">'
            b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><rss version="2.0"><channel>'
            b"<title>t</title><item><title>&b;</title></item></channel></rss>"
        },
        r"entity declarations",
    ),
    (
        "xxe",
        {
            "body": b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">'
            b']><rss version="2.0"><channel><title>t</title><item><title>&x;</title></item>'
            b"</channel></rss>"
        },
        r"external references",
    ),
    (
        "empty-feed",
        {
            "body": b'<?xml version="1.0"?><rss version="2.0"><channel>'
            b"<title>t</title></channel></rss>"
        },
        r"the feed has no items",
    ),
    ("empty-body", {"body": b""}, r"empty response"),
    ("not-a-feed", {"body": b"<html><body><p>maintenance</p></body></html>"}, r"expected a feed"),
]


@pytest.mark.parametrize(("name", "route", "reason"), FAULTS, ids=[f[0] for f in FAULTS])
def test_fault_keeps_last_good_content(
    server: MunicipalServer, store: Store, name: str, route: dict, reason: str
) -> None:
    good = feed_source(server, "good")
    victim = feed_source(server, "victim")
    server.route("/good", SOUMU)
    server.route("/victim", NYSTATE)
    first = sync_all(store, [good, victim], LIMITS)
    assert [r.status for r in first] == ["ok", "ok"]
    before = items_of(store, "victim")
    assert len(before) == 2

    kwargs = dict(route)
    if kwargs.get("body") == "bomb":
        kwargs["body"] = bomb()
    server.route("/victim", **kwargs)
    results = {r.source_id: r for r in sync_all(store, [good, victim], LIMITS)}

    assert results["good"].status == "ok" and results["good"].items == 20
    failed = results["victim"]
    assert failed.status == "failed"
    assert re.search(reason, failed.reason), failed.reason
    assert "\n" not in failed.line() and failed.line().startswith("victim: failed (")
    assert items_of(store, "victim") == before  # last good content still shown
    assert len(items_of(store, "good")) == 20
    status = status_of(store, "victim")
    assert status.last_error and re.search(reason, status.last_error)
    assert status.last_success is not None and status.item_count == 2
    assert status_of(store, "good").last_error is None


def test_server_down_then_back(store: Store) -> None:
    server = MunicipalServer()
    other = MunicipalServer()
    try:
        victim = feed_source(server, "victim")
        good = feed_source(other, "good")
        server.route("/victim", NYSTATE)
        other.route("/good", SOUMU)
        assert [r.status for r in sync_all(store, [good, victim], LIMITS)] == ["ok", "ok"]
        server.stop()  # the town's web server goes down
        results = sync_all(store, [good, victim], LIMITS)
        assert results[0].status == "ok"
        assert results[1].status == "failed"
        assert "cannot connect: connection refused" in results[1].reason
        assert len(items_of(store, "victim")) == 2
    finally:
        other.stop()


def test_connection_refused_for_a_new_source(server: MunicipalServer, store: Store) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    nobody = Source("nobody", "feed", f"http://127.0.0.1:{port}/feed", Category.NOTICES)
    server.route("/good", SOUMU)
    results = sync_all(store, [feed_source(server, "good"), nobody], LIMITS)
    assert results[0].status == "ok"
    assert results[1].line() == "nobody: failed (cannot connect: connection refused)"
    assert items_of(store, "nobody") == []


def test_csv_missing_columns_keeps_last_good(server: MunicipalServer, store: Store) -> None:
    sites = feed_source(server, "sites", kind="csv")
    server.route("/sites", EVACUATION)
    assert sync_all(store, [sites], LIMITS)[0].items == 121
    broken = "ID,住所,電話番号\r\n1,本町,000\r\n".encode("cp932")
    server.route("/sites", broken)
    result = sync_all(store, [sites], LIMITS)[0]
    assert result.status == "failed" and "has no name column (found: ID, 住所" in result.reason
    assert len(items_of(store, "sites", Category.FACILITIES)) == 121


def test_wrong_declared_charset_is_read_correctly(server: MunicipalServer, store: Store) -> None:
    # Shift_JIS bytes declared as UTF-8 in the XML and in the HTTP header.
    lying = SOUMU.replace(b'encoding="Shift_JIS"', b'encoding="UTF-8"')
    server.route("/news", lying, headers={"Content-Type": "application/rdf+xml; charset=utf-8"})
    result = sync_all(store, [feed_source(server, "news")], LIMITS)[0]
    assert result.status == "ok", result.reason
    titles = items_of(store, "news")
    assert "総務省自治行政局における新型コロナウイルス感染症の感染者の発生" in titles
    assert not any("\ufffd" in t for t in titles)


def test_hostile_html_is_stored_clean(server: MunicipalServer, store: Store) -> None:
    from tests.unit.test_read_html import HOSTILE

    server.route("/page", HOSTILE.encode(), headers={"Content-Type": "text/html; charset=utf-8"})
    page_source = Source("page", "html", server.url("/page"), Category.NOTICES)
    assert sync_all(store, [page_source], LIMITS)[0].status == "ok"
    item = store.items(Category.NOTICES, "ja")[0]
    text = store.page(item.key).plain_text()
    assert "ごみの日が変わります。" in text
    for bad in ("alert", "evil", "javascript", "<script", "onload"):
        assert bad not in text


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ((DATA / "jsonfeed" / "jsonfeed_org_blog_v1_real.json").read_bytes(), "JSON Feed"),
        (SOUMU, "RSS/Atom feed"),
        (EVACUATION, "open-data CSV"),
        ("ただいまメンテナンス中です。".encode(), "not an HTML page"),
        (b'<html><head><meta charset="iso-8859-1"></head><body><p>'
         + bytes((i * 7919 + 13) % 256 for i in range(4000)), "garbled"),
    ],
    ids=["jsonfeed", "rss", "csv", "plain-text", "binary"],
)  # fmt: skip
def test_page_that_turned_into_something_else_keeps_the_last_good_page(
    server: MunicipalServer, store: Store, body: bytes, reason: str
) -> None:
    article = (DATA / "html" / "katsuragi_town_reiki_chushajo_jorei.html").read_bytes()
    route = server.route("/page", article, headers={"Content-Type": "text/html; charset=utf-8"})
    page_source = Source("page", "html", server.url("/page"), Category.NOTICES)
    assert sync_all(store, [page_source], LIMITS)[0].status == "ok"
    route.body = body
    result = sync_all(store, [page_source], LIMITS)[0]
    assert result.status == "failed" and reason in result.reason, result.line()
    [item] = store.items(Category.NOTICES, "ja")
    assert item.title == "かつらぎ町駐車場等設置条例"
    assert "駐車場等の使用料は、無料とする。" in store.page(item.key).plain_text()


def test_conditional_get_reports_unchanged(server: MunicipalServer, store: Store) -> None:
    route = server.route(
        "/news", SOUMU, etag='"v1"', headers={"Last-Modified": "Mon, 19 Jul 2021 00:00:00 GMT"}
    )
    news = feed_source(server, "news")
    assert sync_all(store, [news], LIMITS)[0].status == "ok"
    assert store.http_validators("news") == ('"v1"', "Mon, 19 Jul 2021 00:00:00 GMT")
    again = sync_all(store, [news], LIMITS)[0]
    assert again.status == "unchanged" and again.items == 20
    assert again.line() == "news: unchanged (20 items)"
    assert route.hits == 2
    route.etag = '"v2"'
    assert sync_all(store, [news], LIMITS)[0].status == "ok"


def test_retry_after_a_503(server: MunicipalServer, store: Store) -> None:
    route = server.route("/news", SOUMU, behaviour="fail-once")
    result = sync_all(store, [feed_source(server, "news")], LIMITS)[0]
    assert result.status == "ok" and route.hits == 2


def test_follow_links_same_host_only(server: MunicipalServer, store: Store) -> None:
    article = (DATA / "html" / "katsuragi_town_reiki_chushajo_jorei.html").read_bytes()
    server.route("/reiki/80.html", article, headers={"Content-Type": "text/html; charset=utf-8"})
    feed = f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>例規</title><link>{server.url("/")}</link>
<item><title>駐車場等設置条例を改正しました</title><link>{server.url("/reiki/80.html")}</link>
<description>改正のお知らせ</description><pubDate>Mon, 19 Jul 2021 05:00:00 +0900</pubDate></item>
<item><title>よその町のお知らせ</title><link>https://other.example.jp/x.html</link>
<description>よそ</description></item></channel></rss>""".encode()
    server.route("/feed", feed)
    source = Source("reiki", "feed", server.url("/feed"), Category.NOTICES, follow_links=True)
    assert sync_all(store, [source], LIMITS)[0].status == "ok"
    by_title = {i.title: i for i in store.items(Category.NOTICES, "ja")}
    followed = store.page(by_title["駐車場等設置条例を改正しました"].key).plain_text()
    assert "第7条　駐車場等の使用料は、無料とする。" in followed
    assert store.page(by_title["よその町のお知らせ"].key).plain_text() == "よそ"


def test_one_line_status_for_every_result(server: MunicipalServer, store: Store) -> None:
    server.route("/a", SOUMU)
    server.route("/b", status=500)
    lines = [
        r.line()
        for r in sync_all(store, [feed_source(server, "a"), feed_source(server, "b")], LIMITS)
    ]
    assert lines == ["a: ok (20 items)", "b: failed (HTTP 500 Internal Server Error)"]


def test_proxy_from_environment(
    server: MunicipalServer, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The loopback server plays the proxy: it receives the absolute URL of the town's feed.
    for name in ("NO_PROXY", "no_proxy", "http_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTP_PROXY", server.url(""))
    route = server.route("http://www.town.sakuragawa.example.jp/news.rdf", SOUMU)
    town = Source(
        "town", "feed", "http://www.town.sakuragawa.example.jp/news.rdf", Category.NOTICES
    )
    result = sync_all(store, [town], LIMITS)[0]
    assert result.line() == "town: ok (20 items)"
    assert route.hits == 1
