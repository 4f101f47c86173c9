"""Open-data CSV reader on Ichikawa's real data sets (new layout) and the 2020 (old) layout."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest

from kiosk.content.model import BlockKind, Category, Source
from kiosk.content.readers import CsvError, detect
from kiosk.content.readers.opendata_csv import read_opendata_csv, read_records
from tests.conftest import DATA

CSV = DATA / "opendata_csv"
JST = timezone(timedelta(hours=9))


def source(lang: str = "ja") -> Source:
    return Source("csv", "csv", "-", Category.FACILITIES, lang=lang)


def test_evacuation_sites_cp932_halfwidth_kana() -> None:
    data = (CSV / "ichikawa_122033_evacuation_space_cp932.csv").read_bytes()
    assert b"\r\n" in data
    assert detect(data) == "csv"
    records = read_records(data)
    assert len(records) == 121
    assert {r.dataset for r in records} == {"evacuation"}
    kokubun = next(r for r in records if r.get("name") == "県立国分高校")
    assert kokubun.get("kana") == "ケンリツコクブンコウコウ"  # was half-width ｹﾝﾘﾂｺｸﾌﾞﾝｺｳｺｳ
    assert kokubun.get("address") == "千葉県市川市稲越2丁目2-1"
    assert kokubun.get("phone") == "(047)371-6100"
    assert kokubun.hazards["Flood"] and kokubun.hazards["Earthquake"]
    assert not kokubun.hazards["Large fire"]
    content = read_opendata_csv(data, source())
    assert len(content.items) == 121
    page = content.pages[[i.title for i in content.items].index("県立国分高校")]
    text = page.plain_text()
    assert "指定緊急避難場所" in text
    lists = [b for b in page.blocks if b.kind is BlockKind.LIST]
    assert "洪水" in lists[0].items and "地震" in lists[0].items  # use it for
    assert "大規模な火事" in lists[1].items  # do not use it for
    all_text = "".join(p.plain_text() for p in content.pages)
    assert "\ufffd" not in all_text
    assert not re.search("[\uff61-\uff9f]", all_text)  # no half-width kana anywhere


def test_sorted_by_reading() -> None:
    content = read_opendata_csv(
        (CSV / "ichikawa_122033_evacuation_space_cp932.csv").read_bytes(), source()
    )
    readings = [
        next(r[1] for b in p.blocks if b.kind is BlockKind.TABLE for r in b.rows if r[0] == "読み")
        for p in content.pages[:10]
    ]
    assert readings == sorted(readings)
    assert content.items[0].title == "新井小学校"  # アライショウガッコウ comes first


def test_aed_locations() -> None:
    data = (CSV / "ichikawa_122033_aed_cp932.csv").read_bytes()
    records = read_records(data)
    assert len(records) == 191
    assert {r.dataset for r in records} == {"aed"}
    info = next(
        r for r in records if r.get("name").startswith("いちかわ観光・物産インフォメーション")
    )
    assert info.get("kana") == "イチカワカンコウ・ブッサンインフォメーション"
    assert info.get("location_detail") == "正面玄関"
    lobby = next(r for r in records if r.get("name") == "塩浜市民体育館")
    assert lobby.get("location_detail") == "1階ロビー"  # ﾛﾋﾞ- with an ASCII hyphen
    content = read_opendata_csv(data, source())
    assert content.items[0].title.startswith("AED")
    assert "AED" in content.pages[0].plain_text()


def test_public_facilities() -> None:
    data = (CSV / "ichikawa_122033_public_facility_cp932.csv").read_bytes()
    records = read_records(data)
    assert len(records) == 342
    assert {r.dataset for r in records} == {"facility"}
    school = next(r for r in records if r.get("name") == "市川小学校")
    assert school.get("kana") == "イチカワショウガッコウ"
    assert school.get("address") == "千葉県市川市市川2丁目32-5"
    assert school.get("url") == "https://ichikawa-school.ed.jp/ichikawa-sho"


def test_utf8_bom_and_english_labels() -> None:
    data = (CSV / "ichikawa_122033_evacuation_space_cp932.csv").read_bytes()
    bom = b"\xef\xbb\xbf" + data.decode("cp932").encode("utf-8")
    content = read_opendata_csv(bom, source(lang="en"))
    assert len(content.items) == 121
    assert "Designated emergency evacuation site" in content.pages[0].plain_text()


def _schema_columns(name: str) -> list[str]:
    text = (CSV / "schema" / name).read_text(encoding="utf-8")
    return [c.strip("'") for c in re.findall(r"^        ('?[^ :']+'?):\s*$", text, re.M)]


def _old_layout_csv(columns: list[str], values: dict[str, str]) -> bytes:
    header = [c for c in columns if c != "location"]
    row = [values.get(c, "") for c in header]
    return ("\r\n".join([",".join(header), ",".join(row)]) + "\r\n").encode("cp932")


def test_old_layout_evacuation_from_schema() -> None:
    columns = _schema_columns("10_指定緊急避難場所一覧_model.yaml")
    assert "住所" in columns and "所在地_連結表記" not in columns  # really the old layout
    data = _old_layout_csv(
        columns,
        {
            "NO": "7",
            "名称": "ﾐﾄﾞﾘ公園",
            "住所": "さくら川町1-2",
            "方書": "北口",
            "災害種別_地震": "○",
            "災害種別_津波": "",
            "想定収容人数": "1200",
            "電話番号": "0120-000-000",
        },
    )
    content = read_opendata_csv(data, source())
    item = content.items[0]
    assert item.guid == "7" and item.title == "ミドリ公園"
    text = content.pages[0].plain_text()
    assert "さくら川町1-2 北口" in text and "1,200人" in text and "地震" in text


def test_old_layout_aed_and_facility_from_schema() -> None:
    aed = _old_layout_csv(
        _schema_columns("01_AED設置箇所一覧_model.yaml"),
        {"NO": "1", "名称": "役場", "住所": "本町1", "設置位置": "1階"},
    )
    assert read_records(aed)[0].dataset == "aed"
    facility = _old_layout_csv(
        _schema_columns("12_公共施設一覧_model.yaml"),
        {"NO": "2", "名称": "図書館", "住所": "本町2", "説明": "本を借りられます"},
    )
    record = read_records(facility)[0]
    assert record.dataset == "facility" and record.get("description") == "本を借りられます"


def test_old_layout_events_dated_and_expiring() -> None:
    columns = _schema_columns("06_イベント一覧_model.yaml")
    data = _old_layout_csv(
        columns,
        {
            "NO": "3",
            "イベント名": "もちつき大会",
            "開始日": "2026-12-20",
            "終了日": "2026-12-21",
            "場所名称": "公民館",
            "住所": "本町3",
        },
    )
    content = read_opendata_csv(data, source())
    item = content.items[0]
    assert item.title == "もちつき大会"
    assert item.published == datetime(2026, 12, 20, tzinfo=JST)
    assert item.expires == datetime(2026, 12, 22, tzinfo=JST)
    assert "公民館" in content.pages[0].plain_text()


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        ("ID,住所,電話番号\r\n1,本町,000\r\n".encode("cp932"), "missing the column 名称"),
        ("名称,電話番号\r\n役場,000\r\n".encode("cp932"), "所在地_連結表記 or 住所"),
        ("名称,住所\r\n,本町\r\n".encode("cp932"), "no rows with a name"),
        (b"\x00\x01,\x02", "NUL"),
    ],
)
def test_bad_csv(data: bytes, reason: str) -> None:
    with pytest.raises(CsvError, match=reason):
        read_opendata_csv(data, source())


def test_store_keeps_reading_order(tmp_path) -> None:
    from kiosk.content.store import Store

    content = read_opendata_csv(
        (CSV / "ichikawa_122033_evacuation_space_cp932.csv").read_bytes(), source()
    )
    with Store(tmp_path / "s.sqlite3") as store:
        store.replace_source(content)
        titles = [i.title for i in store.items(Category.FACILITIES, "ja")]
    assert titles == [i.title for i in content.items]
    assert titles[0] == "新井小学校"
