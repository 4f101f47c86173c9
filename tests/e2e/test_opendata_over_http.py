"""Municipal open data and long feeds fetched over real loopback HTTP, through config and sync
into the store (issue 15): CP932 CSVs recognised by their schema or named in the config, and a
feed longer than the per-source cap cut with a note staff can see."""

from __future__ import annotations

import csv
import io
import logging
import re
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from kiosk.config import ConfigError, load_config
from kiosk.content.model import Category
from kiosk.content.readers.feeds import MAX_ITEMS
from kiosk.content.store import Store
from kiosk.content.sync import sync_all
from kiosk.i18n import set_language
from kiosk.viewmodels.staff import admin_status
from tests.conftest import DATA

CSV = DATA / "opendata_csv"
AED = (CSV / "ichikawa_122033_aed_cp932.csv").read_bytes()
FACILITIES = (CSV / "ichikawa_122033_public_facility_cp932.csv").read_bytes()
JMA_FEED = (DATA / "jmx" / "feed_eqvol_20240101_noto_real.xml").read_bytes()


def _columns(data: bytes, keep: tuple[str, ...]) -> bytes:
    """The real facility list cut down to a few columns: a list no declaration matches."""
    rows = list(csv.reader(io.StringIO(data.decode("cp932"), newline="")))
    index = [rows[0].index(k) for k in keep]
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerows([[r[i] for i in index] for r in rows])
    return out.getvalue().encode("cp932")


def _config(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "kiosk.toml"
    path.write_text('[kiosk]\nlang = "ja"\n\n' + body, encoding="utf-8")
    return path


def test_cp932_csvs_over_http_through_config_and_sync(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    httpserver.expect_request("/aed.csv").respond_with_data(AED, content_type="text/csv")
    httpserver.expect_request("/shisetsu.csv").respond_with_data(
        FACILITIES, content_type="application/octet-stream"
    )
    plain = _columns(FACILITIES, ("名称", "所在地_連結表記", "電話番号"))
    httpserver.expect_request("/list.csv").respond_with_data(plain, content_type="text/csv")
    config = load_config(
        _config(
            tmp_path,
            f"""[[source]]
id = "aed"
kind = "csv"
category = "facilities"
url = "{httpserver.url_for("/aed.csv")}"
dataset = "aed"

[[source]]
id = "shisetsu"
kind = "csv"
category = "facilities"
url = "{httpserver.url_for("/shisetsu.csv")}"

[[source]]
id = "list"
kind = "csv"
category = "events"
url = "{httpserver.url_for("/list.csv")}"
title = "市の施設の連絡先"
""",
        )
    )
    assert [s.dataset for s in config.sources] == ["aed", "", ""]
    with Store(tmp_path / "store.sqlite3") as store:
        results = sync_all(store, config.sources)
        assert [(r.status, r.items) for r in results] == [("ok", 191), ("ok", 340), ("ok", 340)]
        facilities = store.items(Category.FACILITIES, "ja")
        aed = [i for i in facilities if i.source_id == "aed"]
        assert all(i.title.startswith("AED：") for i in aed)
        lobby = next(i for i in aed if i.title == "AED：塩浜市民体育館")
        text = store.page(lobby.key).plain_text()
        assert "置き場所　1階ロビー" in text and "\ufffd" not in text
        hall = next(i for i in facilities if i.title == "市川公民館")
        assert "バリアフリートイレ　あり" in store.page(hall.key).plain_text()
        listed = store.items(Category.EVENTS, "ja")
        page = store.page(next(i for i in listed if i.title == "市川公民館").key).plain_text()
        assert page.startswith("市の施設の連絡先")
        assert "公共施設" not in page and "AED" not in page


def test_unknown_dataset_in_config_names_file_and_line(tmp_path: Path) -> None:
    path = _config(
        tmp_path,
        '[[source]]\nid = "x"\nkind = "csv"\ncategory = "facilities"\n'
        'path = "x.csv"\ndataset = "defibrillators"\n',
    )
    with pytest.raises(ConfigError, match=rf"{re.escape(str(path))}:9: .*'defibrillators'"):
        load_config(path)


def _long_feed(total: int) -> bytes:
    """The real JMA feed with its entries repeated (ids made unique) to ``total`` entries."""
    text = JMA_FEED.decode("utf-8")
    head, rest = text.split("<entry>", 1)
    entries = ["<entry>" + e for e in ("<entry>" + rest).split("<entry>")[1:]]
    entries[-1] = entries[-1].replace("</feed>", "")
    out = []
    for n in range(total):
        entry = entries[n % len(entries)]
        out.append(re.sub(r"<id>(.*?)</id>", rf"<id>\1#{n}</id>", entry, count=1))
    return (head + "".join(out) + "</feed>\n").encode("utf-8")


def test_long_feed_is_cut_with_a_note_staff_can_see(
    httpserver: HTTPServer, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    set_language("en")
    body = _long_feed(3647)
    assert body.count(b"<entry>") == 3647
    httpserver.expect_request("/eqvol.xml").respond_with_data(
        body, content_type="application/atom+xml"
    )
    config = load_config(
        _config(
            tmp_path,
            f'[[source]]\nid = "jma"\nkind = "feed"\ncategory = "notices"\n'
            f'url = "{httpserver.url_for("/eqvol.xml")}"\n',
        )
    )
    caplog.set_level(logging.WARNING)
    with Store(tmp_path / "store.sqlite3") as store:
        (result,) = sync_all(store, config.sources)
        assert (result.status, result.items) == ("ok", MAX_ITEMS)
        items = store.items(Category.NOTICES, "ja")
        assert len(items) == MAX_ITEMS
        # Every entry's only link is type="application/xml": none may come out empty.
        assert all(i.link.startswith("https://www.data.jma.go.jp/") for i in items)
        (line,) = admin_status(store, store.path, "").sources
    assert line.ok
    assert "only the first 500 of 3,647 entries are shown" in line.text
    assert any("3,647" in r.getMessage() and "jma" in r.getMessage() for r in caplog.records)
