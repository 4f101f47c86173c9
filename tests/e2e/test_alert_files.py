"""Acceptance for issue 14: every alert file under ../shared/feeds (cap/ and jmx/) gives the right
alert through `kiosk read --json` (a subprocess) and through sync from a real loopback HTTP
server: type, 警戒レベル, area and what to do, plus issue time, expiry and the drill flag.

The shared folder is used when it is there (a developer's worktree); otherwise the byte-exact
copies in tests/data, which a test below keeps identical.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from kiosk.content import store as store_module
from kiosk.content.model import Category, Source
from kiosk.content.readers.alert_feed import read_document
from kiosk.content.store import Store
from kiosk.content.sync import sync_source
from kiosk.i18n import set_language
from kiosk.viewmodels.staff import admin_status
from tests.alertdata import DATA, EQVOL_FEED, NOTO_SHINDO, NOTO_TSUNAMI, jmx
from tests.conftest import kiosk_command

pytestmark = pytest.mark.slow

SHARED = Path(__file__).resolve().parents[3] / "shared" / "feeds"
FEEDS = SHARED if (SHARED / "jmx").is_dir() else DATA
FILES = sorted(p for kind in ("cap", "jmx") for p in (FEEDS / kind).iterdir() if p.suffix == ".xml")
INDEXES = {
    "nws_cap_atom_index.atom.xml": 2,
    "MODIFIED_feed_extra_testfeed_from_official_samples.xml": 10,
    EQVOL_FEED: 169,
}

# file → the alerts it must give: (event, severity, level, area contains, instruction
# contains, takes over by default, drill). "" = must be empty; None = not checked.
E = tuple[str, str, int | None, str | None, str | None, bool, bool]
EXPECTED: dict[str, list[E]] = {
    "australia_nsw_rfs_bushfire.cap.xml": [
        ("Fire", "minor", None, "Yerong Creek", None, False, False)
    ],
    # an Update that says AllClear: ends the watch it references, shows nothing itself
    "canada_ec_weather_bilingual.cap.xml": [],
    "ipaws_montgomery_lae_polygon.xml": [
        ("Local Area Emergency", "extreme", None, "Montgomery County", None, True, False)
    ],
    "ipaws_nevada_cancel_signed.xml": [],  # a Cancel: ends, shows nothing
    "noaa_wcatwc_tsunami_warning.cap.xml": [
        ("Tsunami Warning", "extreme", None, "Unimak Pass", "higher ground", True, False)
    ],
    "nws_flashfloodwatch_cap11.cap.xml": [
        ("Flash Flood Watch", "severe", None, "Lewis and Clark", "FLASH FLOOD", True, False)
    ],
    "oasis_cap12_spec_example_amber_en_es.xml": [
        ("Child Abduction", "severe", None, "Los Angeles County", None, True, False)
    ],
    "usgs_earthquake_iso8859-1.cap.xml": [
        ("Earthquake", "unknown", None, "Usulután", None, False, False)
    ],
    "VFVO50_funka_keiho_sample.xml": [
        (
            "浅間山　噴火警報（火口周辺）",
            "severe",
            None,
            "長野県軽井沢町",
            "火山に近づかない",
            True,
            False,
        )
    ],
    "VFVO56_funka_sokuho_sample.xml": [
        ("御嶽山　噴火速報", "severe", None, "長野県王滝村", "噴火しました", True, False)
    ],
    "VPFT50_necchusho_alert_sample.xml": [
        ("熱中症警戒アラート", "moderate", None, "埼玉県", "エアコン", False, False)
    ],
    "VPHW50_tatsumaki_chui_sample.xml": [
        ("竜巻注意情報", "severe", None, "埼玉県", "じょうぶな建物", True, False)
    ],
    "VPOA50_kirokuteki_tanjikan_ooame_sample.xml": [
        ("記録的短時間大雨情報", "severe", None, "石狩地方、後志地方", "川やがけ", True, False)
    ],
    "VPTW60_typhoon_5day_sample_official.xml": [
        ("台風情報", "minor", None, None, "気象情報に注意", False, False)
    ],
    "VPWW53_sample_tokyo_official.xml": [
        ("大雨特別警報（土砂災害）", "extreme", 5, "新宿区", "命の危険", True, False),
        # 大雨警報 for 浸水害 only: no 警戒レベル, so no evacuation order; the inundation advice
        ("大雨警報（浸水害）", "severe", None, "荒川区", "低い土地や地下", True, False),
        ("洪水警報", "severe", 3, "奥多摩町", "高齢者等は避難", True, False),
    ],
    "VPWW54_sample_tokushima_official.xml": [
        ("高潮警報", "severe", 4, "藍住町", "全員避難", True, False)
    ],
    "VPWW55_R06_oame_keiho_sample_newformat.xml": [
        ("レベル４大雨危険警報", "severe", 4, "稚内市", "全員避難", True, False),
        ("レベル３大雨警報", "severe", 3, "猿払村", "高齢者等は避難", True, False),
        ("レベル２大雨注意報", "minor", 2, "浜頓別町", "ハザードマップ", False, False),
    ],
    NOTO_TSUNAMI: [
        ("大津波警報", "extreme", None, "石川県能登", "できるだけ高い", True, False),
        ("津波警報", "severe", None, "石川県加賀", "高台", True, False),
        ("津波注意報", "moderate", None, "京都府", "海から上がって", False, False),
        ("津波予報", "minor", None, "陸奥湾", "海水浴", False, False),
    ],
    "VTSE41_cancel_torikeshi_sample_official.xml": [],  # 取消
    "VXKO_kasen_kozui_yoho_sample.xml": [
        ("○○川上流氾濫発生情報", "extreme", 5, "○○県○○市", "命の危険", False, True)
    ],
    "VXSE51_20210217_real_small.xml": [
        ("地震（震度３）", "minor", None, "宮城県中部", "", False, False)
    ],
    NOTO_SHINDO: [
        ("地震（震度６強）", "extreme", None, "石川県能登", "身の安全", True, False),
        ("地震（震度６弱）", "severe", None, "新潟県中越", "身の安全", True, False),
        ("地震（震度５強）", "severe", None, "石川県加賀", "身の安全", True, False),
        ("地震（震度５弱）", "moderate", None, "長野県北部", "", False, False),
        ("地震（震度４）", "moderate", None, "福井県嶺南", "", False, False),
        ("地震（震度３）", "minor", None, "山形県最上", "", False, False),
    ],
    "VXWW50_dosha_keikai_sample_oshima_official.xml": [
        ("土砂災害警戒情報", "severe", 4, "松前町", "全員避難", True, False)
    ],
    "VXWW50_level4_dosha_kiken_keiho_sample_2026format.xml": [
        ("レベル４土砂災害危険警報", "severe", 4, "小田原市", "全員避難", True, False)
    ],
    "VYSE50_nankai_rinji_sample.xml": [
        (
            "南海トラフ地震臨時情報（調査中）",
            "minor",
            None,
            "南海トラフ",
            "テレビやラジオ",
            False,
            False,
        )
    ],
    "VYSE60_kouhatsu_jishin_chui_sample.xml": [
        ("北海道・三陸沖後発地震注意情報", "moderate", None, "太平洋沿岸", "備え", False, False)
    ],
}


def first_text(texts: dict[str, str]) -> str:
    return texts.get("ja") or next(iter(texts.values()), "")


def check(name: str, got: list[dict], expected: list[E]) -> None:
    """``got``: alerts as `kiosk read --json` gives them (cancel and all-clear records left
    out)."""
    live = [a for a in got if a["msg_type"] != "cancel" and not a["cancelled"]]
    assert [first_text(a["event"]) for a in live] == [e[0] for e in expected], name
    for alert, (event, severity, level, area, instruction, takeover, drill) in zip(
        live, expected, strict=True
    ):
        where = f"{name}: {event}"
        assert alert["severity"] == severity, where
        assert alert["level"] == level, where
        if area is not None:
            assert area in first_text(alert["area"]), where
        if instruction == "":
            assert not alert["instruction"], where
        elif instruction is not None:
            assert instruction in first_text(alert["instruction"]), where
        assert alert["takeover"] is takeover, where
        assert alert["drill"] is drill, where
        issued = datetime.fromisoformat(alert["issued"])
        assert datetime.fromisoformat(alert["expires"]) > issued, where  # a bounded life
        if name.startswith("V") and first_text(alert["instruction"]):  # the table's languages
            assert {"ja", "en", "zh-Hans", "ko", "vi", "pt-BR"} <= set(alert["instruction"])


def test_every_shared_alert_file_is_expected() -> None:
    names = {p.name for p in FILES}
    assert names == set(EXPECTED) | set(INDEXES)


def test_test_copies_are_byte_identical_to_the_shared_feeds() -> None:
    if FEEDS is DATA:
        pytest.skip("no ../shared/feeds here")
    for path in FILES:
        assert (DATA / path.parent.name / path.name).read_bytes() == path.read_bytes(), path


def kiosk_read(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        kiosk_command("read", *args), capture_output=True, text=True, env=env, timeout=120
    )


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_kiosk_read_json(path: Path) -> None:
    result = kiosk_read(str(path), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["kind"] == path.parent.name  # cap/ or jmx/, detected from the content
    if path.name in INDEXES:  # from a file: entries listed, nothing fetched
        assert len(data["items"]) == INDEXES[path.name]
        assert data["alerts"] == []
        return
    check(path.name, data["alerts"], EXPECTED[path.name])


class Clock:
    def __init__(self) -> None:
        self.now = datetime.now().astimezone()

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def store(tmp_path, monkeypatch):
    clock = Clock()
    monkeypatch.setattr(store_module, "utc_now", clock)
    with Store(tmp_path / "store.sqlite3") as opened:
        yield opened, clock


@pytest.mark.parametrize("path", [p for p in FILES if p.name in EXPECTED], ids=lambda p: p.name)
def test_sync_from_loopback_http(path: Path, httpserver, store) -> None:
    """sync_source over HTTP (the kiosk's own capped Fetcher) at the document's own time."""
    db, clock = store
    data = path.read_bytes()
    httpserver.expect_request(f"/{path.name}").respond_with_data(data)
    records = read_document(data)
    clock.now = max(a.issued for a in records) + timedelta(minutes=1)
    source = Source(
        "alerts", path.parent.name, httpserver.url_for(f"/{path.name}"), Category.DISASTER
    )
    result = sync_source(db, source)
    count = len(EXPECTED[path.name])
    assert result.line() == f"alerts: ok ({'1 alert' if count == 1 else f'{count} alerts'})"
    from kiosk.content.alerts import alert_to_json

    active = [alert_to_json(a) for a in db.active_alerts(clock.now)]
    expected = EXPECTED[path.name]
    order = [e[0] for e in expected]
    active.sort(key=lambda a: order.index(first_text(a["event"])))
    check(path.name, active, expected)


def test_jma_feed_over_http_counts_types_not_read_and_staff_see_them(httpserver, store) -> None:
    set_language("en")  # the staff lines below are checked in English
    db, clock = store
    feed = jmx(EQVOL_FEED).replace(
        b"https://www.data.jma.go.jp/developer/xml/data/", httpserver.url_for("/data/").encode()
    )
    httpserver.expect_request("/eqvol.xml").respond_with_data(feed)
    httpserver.expect_request("/data/20240101072233_0_VTSE41_010000.xml").respond_with_data(
        jmx(NOTO_TSUNAMI)
    )
    httpserver.expect_request("/data/20240101071342_0_VXSE51_010000.xml").respond_with_data(
        jmx(NOTO_SHINDO)
    )
    # Every other listed document is gone (404, not retried): skipped, never fatal.
    httpserver.expect_request(re.compile("/data/.*")).respond_with_data("", status=404)
    clock.now = datetime.fromisoformat("2024-01-01T16:30:00+09:00")
    source = Source("jma", "jmx", httpserver.url_for("/eqvol.xml"), Category.DISASTER)
    result = sync_source(db, source)  # 38 of the 40 followed documents are 404: skipped
    assert result.line() == "jma: ok (10 alerts; 75 documents of types not read)"
    (status,) = db.source_statuses()
    assert len(status.skipped) == 75 and "津波情報a" in status.skipped
    lines = admin_status(db, db.path, "", now=clock.now).sources
    assert lines[0].text.startswith("jma: OK, 10 alerts in force")
    assert "75 documents of types not read: " in lines[0].text
    assert "震源に関する情報" in lines[0].text
    assert any("Major tsunami warning: until 01/02 16:22" in line.text for line in lines[1:])


def test_kiosk_read_url_follows_the_index_through_the_fetcher(httpserver) -> None:
    feed = jmx(EQVOL_FEED).replace(
        b"https://www.data.jma.go.jp/developer/xml/data/", httpserver.url_for("/data/").encode()
    )
    httpserver.expect_request("/eqvol.xml").respond_with_data(feed)
    httpserver.expect_request("/data/20240101072233_0_VTSE41_010000.xml").respond_with_data(
        jmx(NOTO_TSUNAMI)
    )
    httpserver.expect_request(re.compile("/data/.*")).respond_with_data("", status=404)
    result = kiosk_read(httpserver.url_for("/eqvol.xml"), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["kind"] == "jmx" and data["items"] == []
    assert [first_text(a["event"]) for a in data["alerts"]][:2] == ["大津波警報", "津波警報"]
    assert len(data["skipped"]) == 75
