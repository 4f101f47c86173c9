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
