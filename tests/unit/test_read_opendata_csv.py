"""Open-data CSV reader on Ichikawa's real data sets (new layout) and the 2020 (old) layout."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest

from kiosk.content.model import BlockKind, Category, Source
from kiosk.content.readers import CsvError, detect
from kiosk.content.readers.opendata_csv import read_opendata_csv, read_records
from tests.conftest import DATA
from tests.csvdata import csv_bytes, csv_rows

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
            "開始日": "令和8年12月20日（日）",  # as the town writes it
            "終了日": "2026/12/21",
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
        (
            "ID,住所,電話番号\r\n1,本町,000\r\n".encode("cp932"),
            r"no known open-data list and has no name column \(found: ID, 住所, 電話番号\)",
        ),
        ("名称,電話番号\r\n役場,000\r\n".encode("cp932"), "no address column"),
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


# --- issue 15: every real file, recognised by its schema, with its facts --------------------


def _page_of(content, title: str) -> str:
    return content.pages[[i.title for i in content.items].index(title)].plain_text()


@pytest.mark.parametrize(
    ("name", "dataset", "rows", "title", "facts"),
    [
        (
            "ichikawa_122033_aed_cp932.csv",
            "aed",
            191,
            "AED：塩浜市民体育館",
            ("置き場所　1階ロビー", "電話　(047)398-2311"),
        ),
        (
            "ichikawa_122033_evacuation_space_cp932.csv",
            "evacuation",
            121,
            "県立国分高校",
            ("住所　千葉県市川市稲越2丁目2-1", "電話　(047)371-6100"),
        ),
        (
            "ichikawa_122033_public_facility_cp932.csv",
            "facility",
            342,
            "市川公民館",
            ("バリアフリートイレ　あり", "授乳室　なし"),
        ),
    ],
)
def test_every_real_csv(name: str, dataset: str, rows: int, title: str, facts) -> None:
    data = (CSV / name).read_bytes()
    records = read_records(data)
    assert {r.dataset for r in records} == {dataset}
    assert len(records) == rows
    text = _page_of(read_opendata_csv(data, source()), title)
    for fact in facts:
        assert fact in text


def test_every_shared_csv_is_covered() -> None:
    # A new sample file in ../shared/feeds/opendata_csv must get its own case above.
    names = {p.name for p in CSV.glob("*.csv")}
    assert names == {
        "ichikawa_122033_aed_cp932.csv",
        "ichikawa_122033_evacuation_space_cp932.csv",
        "ichikawa_122033_public_facility_cp932.csv",
    }


def _csv(header: list[str], *rows: list[str]) -> bytes:
    lines = [",".join(header), *(",".join(r) for r in rows)]
    return ("\r\n".join(lines) + "\r\n").encode("cp932")


TOILETS = [
    "NO",
    "名称",
    "住所",
    "設置位置",
    "男性トイレ総数",
    "女性トイレ総数",
    "多機能トイレ数",
    "車椅子使用者用トイレ有無",
    "乳幼児用設備設置トイレ有無",
    "オストメイト設置トイレ有無",
]


def test_toilet_list_with_a_setchi_ichi_column_is_never_aed() -> None:
    data = _csv(
        TOILETS,
        ["1", "いきいきセンター鬼越", "市川市鬼越1-2", "1階", "2", "3", "1", "有", "無", ""],
    )
    records = read_records(data)
    assert records[0].dataset == "toilet"
    content = read_opendata_csv(data, source())
    text = content.pages[0].plain_text()
    assert "AED" not in content.items[0].title and "AED" not in text
    assert "公衆トイレです。" in text
    assert "車いすで使えるトイレ　あり" in text and "おむつ替えの台　なし" in text
    assert "オストメイト" not in text  # blank: unknown, so nothing is said


def test_header_variants_units_and_fullwidth_digits() -> None:
    header = [
        "施設等の名称",
        "住所（所在地）",
        "収容人数（人）",
        "標高(ｍ)",
        "災害種別_地震",
        "災害種別_津波",
    ]
    data = _csv(header, ["市民体育館", "本町１－２", "４７５５０", "12.5", "○", "×"])
    content = read_opendata_csv(data, source())
    assert read_records(data)[0].dataset == "evacuation"
    text = content.pages[0].plain_text()
    assert "47,550人" in text and "12.5m" in text and "本町1－2" in text
    lists = [b.items for b in content.pages[0].blocks if b.kind is BlockKind.LIST]
    assert lists == [("地震",), ("津波",)]
    english = read_opendata_csv(data, source("en")).pages[0].plain_text()
    assert "47,550 people" in english and "12.5 m" in english


def test_building_name_not_printed_twice() -> None:
    header = ["名称", "所在地_連結表記", "建物名等(方書)", "小児対応設備の有無"]
    data = _csv(
        header,
        ["市民会館", "本町1-2 市民会館ビル", "市民会館ビル", "有"],
        ["駅前会館", "本町3-4", "駅前ビル 2階", "無"],
    )
    pages = {i.title: p.plain_text() for i, p in zip(*_items_pages(data), strict=True)}
    assert pages["AED：市民会館"].count("市民会館ビル") == 1
    assert "本町3-4 駅前ビル 2階" in pages["AED：駅前会館"]
    assert "子ども用パッド　あり" in pages["AED：市民会館"]


def _items_pages(data: bytes, **kwargs):
    content = read_opendata_csv(data, Source("csv", "csv", "-", Category.FACILITIES, **kwargs))
    return content.items, content.pages


def test_unknown_list_is_a_plain_list_under_the_source_title() -> None:
    data = _csv(["施設名", "所在地", "Wi-Fi名称(SSID)"], ["中央図書館", "本町5-6", "Free_Wi-Fi"])
    assert read_records(data)[0].dataset == "plain"
    items, pages = _items_pages(data, title="公衆無線LANのある施設")
    assert items[0].title == "中央図書館"
    text = pages[0].plain_text()
    assert text.startswith("公衆無線LANのある施設") and "本町5-6" in text
    for label in ("AED", "避難", "公共施設"):
        assert label not in text


def test_unknown_list_without_name_or_address_names_its_headers() -> None:
    data = _csv(["年度", "人口", "世帯数"], ["2024", "490000", "240000"])
    with pytest.raises(CsvError, match=r"no name column \(found: 年度, 人口, 世帯数\)"):
        read_opendata_csv(data, source())


def test_config_dataset_wins_over_detection() -> None:
    data = _csv(["名称", "住所", "設置位置"], ["役場", "本町1", "1階ロビー"])
    assert read_records(data)[0].dataset == "plain"  # 設置位置 alone proves nothing
    items, pages = _items_pages(data, dataset="aed")
    assert items[0].title == "AED：役場"
    assert "置き場所　1階ロビー" in pages[0].plain_text()
    with pytest.raises(CsvError, match="unknown open-data list 'defibrillator'"):
        read_opendata_csv(
            data, Source("c", "csv", "-", Category.FACILITIES, dataset="defibrillator")
        )


def test_flag_words_per_field() -> None:
    header = ["井戸名", "所在地", "飲用可否", "ポンプ種別"]
    data = _csv(header, ["北公園井戸", "北町1", "不可", "手押し"], ["南井戸", "南町2", "可", ""])
    _items, pages = _items_pages(data)
    assert read_records(data)[0].dataset == "water"
    joined = " / ".join(p.plain_text() for p in pages)
    assert "飲み水　飲めません" in joined and "飲み水　飲めます" in joined


def test_title_line_above_the_header_and_footnotes_below() -> None:
    real = (CSV / "ichikawa_122033_evacuation_space_cp932.csv").read_bytes()
    data = (
        "指定緊急避難場所一覧,,\r\n".encode("cp932")
        + real
        + "※ 令和6年4月1日現在\r\n".encode("cp932")
    )
    records = read_records(data)
    assert {r.dataset for r in records} == {"evacuation"} and len(records) == 121


def test_more_rows_than_the_cap_are_cut_with_a_note(monkeypatch: pytest.MonkeyPatch) -> None:
    from kiosk.content.readers import opendata_csv

    monkeypatch.setattr(opendata_csv, "MAX_ROWS", 100)
    content = read_opendata_csv((CSV / "ichikawa_122033_aed_cp932.csv").read_bytes(), source())
    assert len(content.items) == 100
    assert content.notes == ("only the first 100 of about 191 rows are shown (per-source limit)",)


def test_a_row_that_says_nothing_about_hazards_is_not_told_do_not_use() -> None:
    # Ichikawa's real list, with one row cut before its 災害種別 columns (a short row, as
    # hand-edited files have) and one with every hazard cell blank.
    import unicodedata

    rows = csv_rows("ichikawa_122033_evacuation_space_cp932.csv")
    header = rows[0]
    first_hazard = next(i for i, name in enumerate(header) if name.startswith("災害種別"))
    names = header.index("名称")
    short, blank = rows[-2], rows[-1]
    assert "県立国分高校" not in (short[names], blank[names])
    rows[-2] = short[:first_hazard]
    rows[-1] = ["" if header[i].startswith("災害種別") else cell for i, cell in enumerate(blank)]
    data = csv_bytes(rows)
    records = {r.get("name"): r for r in read_records(data)}
    short_name, blank_name = (unicodedata.normalize("NFKC", r[names]) for r in (short, blank))
    assert records[short_name].hazards == {}
    assert records[blank_name].hazards == {}
    content = read_opendata_csv(data, source("en"))
    for name in (short_name, blank_name):
        page = content.pages[[i.title for i in content.items].index(name)]
        assert not [b for b in page.blocks if b.kind is BlockKind.LIST], name
        assert "Do not use" not in page.plain_text()
        assert "Ask the town office." in page.plain_text()  # where to look instead
    # a row with marks keeps the standard's reading: blank = not for this hazard
    kokubun = records["県立国分高校"]
    assert kokubun.hazards["Flood"] and not kokubun.hazards["Large fire"]


def test_the_gsi_nationwide_layout_names_the_place_not_the_town() -> None:
    # Ichikawa's list with the headers of 国土地理院's merged nationwide list: 施設・場所名,
    # a 都道府県名及び市町村名 column, bare hazard names (洪水, 地震 …), 指定避難所との住所同一.
    rows = csv_rows("ichikawa_122033_evacuation_space_cp932.csv")
    header = [
        "施設・場所名" if name == "名称" else name.removeprefix("災害種別_") for name in rows[0]
    ]
    header = ["都道府県名及び市町村名", *header]
    body = [["千葉県市川市", *row] for row in rows[1:]]
    records = read_records(csv_bytes([header, *body]))
    assert {r.dataset for r in records} == {"evacuation"}
    assert "千葉県市川市" not in {r.get("name") for r in records}
    kokubun = next(r for r in records if r.get("name") == "県立国分高校")
    assert kokubun.hazards["Flood"] and kokubun.hazards["Earthquake"]
    assert not kokubun.hazards["Large fire"]


def test_rows_sharing_an_id_are_all_shown_and_repeats_once() -> None:
    # Ichikawa's AED list with one row's ID copied onto the next (a hand-edited file), and one
    # row pasted twice: before, the second place vanished without a word.
    rows = csv_rows("ichikawa_122033_aed_cp932.csv")
    id_column = rows[0].index("ID")  # empty in the city's file: numbered here
    for number, row in enumerate(rows[1:], start=1):
        row[id_column] = str(number)
    rows[2][id_column] = rows[1][id_column]
    rows.append(list(rows[3]))
    content = read_opendata_csv(csv_bytes(rows), source())
    assert len(content.items) == 191  # 190 + the place under a copied ID; the repeat once
    assert len({item.guid for item in content.items}) == 191
    assert content.notes == (
        "1 row(s) reuse another row's ID; each place is shown",
        "1 repeated row(s) shown once",
    )
