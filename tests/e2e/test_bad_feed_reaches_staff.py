"""A feed that breaks after a good sync: residents keep the last good notices, and the
staff menu says why in one line (real HTTP on 127.0.0.1, the real 総務省 Shift_JIS feed)."""

from __future__ import annotations

from pathlib import Path

from pytest_httpserver import HTTPServer

from kiosk.content.model import Category, Source
from kiosk.content.store import Store
from kiosk.content.sync import sync_source
from kiosk.i18n import set_language
from kiosk.viewmodels.staff import admin_status

FEED = Path(__file__).resolve().parent.parent / "data" / "feeds"
SOUMU = (FEED / "jp_soumu_news_rss10_shiftjis_20210719.rdf").read_bytes()


def test_broken_feed_keeps_content_and_tells_staff(httpserver: HTTPServer, tmp_path: Path) -> None:
    set_language("en")
    url = httpserver.url_for("/news.rdf")
    source = Source("soumu", "feed", url, Category.NOTICES)
    store = Store(tmp_path / "store.sqlite3")

    httpserver.expect_oneshot_request("/news.rdf").respond_with_data(
        SOUMU, content_type="application/rss+xml"
    )
    assert sync_source(store, source).status == "ok"
    good = [i.title for i in store.items(Category.NOTICES, "ja")]
    assert len(good) == 20

    httpserver.expect_request("/news.rdf").respond_with_data(
        b"<rdf:RDF><channel><title>cut off", content_type="application/rss+xml"
    )
    result = sync_source(store, source)
    assert result.status == "failed"

    assert [i.title for i in store.items(Category.NOTICES, "ja")] == good
    (line,) = admin_status(store, store.path, "").sources
    assert not line.ok
    assert line.text.startswith("soumu: problem since")
    assert result.reason in line.text and "\n" not in line.text
    store.close()


def _closed_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # nothing listens there once the probe is closed


def test_staff_read_what_kind_of_problem_in_their_language(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    """The sync's reason is technical English; the line says first, in the staff's language,
    what kind of problem it is and where to look, then the reason in brackets."""
    set_language("ja")
    store = Store(tmp_path / "store.sqlite3")
    httpserver.expect_request("/gone.rdf").respond_with_data("not here", status=404)
    httpserver.expect_request("/busy.rdf").respond_with_data("try later", status=503)
    httpserver.expect_request("/page.rdf").respond_with_data(
        "<!doctype html><html><body>Service unavailable</body></html>",
        content_type="text/html",
    )
    cases = {
        "gone": (httpserver.url_for("/gone.rdf"), "アドレスが見つかりません。情報源のアドレス"),
        "busy": (httpserver.url_for("/busy.rdf"), "サーバーに問題があります。キオスクが自動で"),
        "page": (httpserver.url_for("/page.rdf"), "届いた内容を読み取れませんでした"),
        "dead": (f"http://127.0.0.1:{_closed_port()}/x.rdf", "ネットワークを確かめてください"),
    }
    httpserver.expect_request("/good.rdf").respond_with_data(
        SOUMU, content_type="application/rss+xml"
    )
    reasons = {}
    try:
        good = Source("aaa", "feed", httpserver.url_for("/good.rdf"), Category.NOTICES)
        assert sync_source(store, good).status == "ok"
        for source_id, (url, _words) in cases.items():
            result = sync_source(store, Source(source_id, "feed", url, Category.NOTICES))
            assert result.status == "failed", source_id
            reasons[source_id] = result.reason
        lines = {line.source_id: line.text for line in admin_status(store, store.path, "").sources}
        for source_id, (_url, words) in cases.items():
            text = lines[source_id]
            assert text.startswith(f"{source_id}：") and "から問題あり：" in text, text
            assert words in text, text
            # the technical reason stays, after the summary, for whoever supports the kiosk
            assert text.index(words) < text.index(reasons[source_id]), text
        # a source with a problem comes before the working ones ("aaa" sorts first by name)
        oks = [(line.ok, line.source_id) for line in admin_status(store, store.path, "").sources]
        assert oks[-1] == (True, "aaa") and not any(ok for ok, _id in oks[:-1]), oks
    finally:
        set_language("en")
        store.close()
