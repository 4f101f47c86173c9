"""JMA XML reader on the real sample documents and feeds (tests/data/jmx)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from kiosk.content.model import Severity
from kiosk.content.readers.index import read_index
from kiosk.content.readers.jmx import document_type, read_jmx, warning_level, weather_severity
from kiosk.content.readers.xmltree import AlertReadError
from tests.alertdata import DATA, EQVOL_FEED, JST, NOTO_SHINDO, NOTO_TSUNAMI, jmx

DOCUMENTS = sorted(p.name for p in (DATA / "jmx").glob("V*.xml"))


def by_event(alerts):
    return {a.event["ja"]: a for a in alerts}


@pytest.mark.parametrize("name", DOCUMENTS)
def test_every_real_document_reads(name: str) -> None:
    alerts = read_jmx(jmx(name), "jmx-test", name)
    assert alerts, name
    for alert in alerts:
        assert alert.issued is not None and alert.issued.tzinfo is not None
        assert alert.chain.startswith("jmx|")
        assert alert.source_id == "jmx-test"
        # Every sample is Status 通常; the river sample says in its body that it is a test.
        assert alert.drill == name.startswith("VXKO")
    assert len({a.id for a in alerts}) == len(alerts)


def test_noto_tsunami_is_major_tsunami_warning_for_noto() -> None:
    alerts = read_jmx(jmx(NOTO_TSUNAMI))
    events = by_event(alerts)
    major = events["大津波警報"]
    assert major.severity is Severity.EXTREME
    assert major.areas == (("tsunami:360", "石川県能登"),)
    assert major.area["ja"] == "石川県能登"
    assert major.issued == datetime(2024, 1, 1, 16, 22, tzinfo=JST)
    assert "避難" in major.instruction["ja"]
    assert "ただちに避難してください" in major.headline["ja"]
    warning = events["津波警報"]
    assert warning.severity is Severity.SEVERE
    assert {"240", "340", "341", "350", "361", "370", "520"} <= {
        c.removeprefix("tsunami:") for c, _ in warning.areas
    }
    assert events["津波注意報"].severity is Severity.MODERATE
    assert events["津波予報"].severity is Severity.MINOR
    # the document's 「ただちに避難してください」 is for its warnings, not its advisory or forecast
    assert "ただちに避難してください" in warning.headline["ja"]
    for lesser in ("津波注意報", "津波予報"):
        assert "避難" not in events[lesser].headline["ja"]
    # Most severe first, one chain per earthquake.
    assert alerts[0].event["ja"] == "大津波警報"
    assert {a.chain for a in alerts} == {"jmx|津波警報・注意報・予報|気象庁本庁|20240101161010"}


def test_noto_intensity_report_lists_strongest_shaking_in_noto() -> None:
    # The first 震度速報 (16:13) reported 震度６強; 震度７ (志賀町) came in later reports,
    # which are not among the samples.
    alerts = read_jmx(jmx(NOTO_SHINDO))
    top = alerts[0]
    assert top.event["ja"] == "地震（震度６強）"
    assert top.severity is Severity.EXTREME
    assert ("seismic:390", "石川県能登") in top.areas and ("17", "石川県") in top.areas
    assert top.area["ja"] == "石川県能登"
    second = alerts[1]
    assert second.event["ja"] == "地震（震度６弱）"
    assert ("seismic:371", "新潟県中越") in second.areas
    assert top.issued == datetime(2024, 1, 1, 16, 13, tzinfo=JST)
    assert top.expires == top.issued + timedelta(hours=6)


def test_small_intensity_report() -> None:
    (alert,) = read_jmx(jmx("VXSE51_20210217_real_small.xml"))
    assert alert.event["ja"] == "地震（震度３）"
    assert alert.severity is Severity.MINOR
    assert ("seismic:222", "宮城県中部") in alert.areas


def test_cancellation_sample_is_a_cancel_record() -> None:
    (alert,) = read_jmx(jmx("VTSE41_cancel_torikeshi_sample_official.xml"))
    assert alert.msg_type == "cancel" and alert.cancelled
    assert alert.chain == "jmx|津波警報・注意報・予報|気象庁本庁|20210805103531"
    assert alert.headline["ja"] == "津波注意報を取り消します。"
    assert not alert.is_active(alert.issued)


def test_tokushima_storm_surge_warning() -> None:
    (alert,) = read_jmx(jmx("VPWW54_sample_tokushima_official.xml"))
    assert alert.event["ja"] == "高潮警報"
    assert alert.severity is Severity.SEVERE
    assert alert.areas == (("3640300", "藍住町"),)
    assert alert.kind == "VPWW54:08"


def test_tokyo_emergency_warning_is_extreme() -> None:
    events = by_event(read_jmx(jmx("VPWW53_sample_tokyo_official.xml")))
    special = events["大雨特別警報（土砂災害）"]
    assert special.severity is Severity.EXTREME
    assert ("1310400", "新宿区") in special.areas
    assert "身の安全" in special.instruction["ja"]
    assert events["洪水警報"].severity is Severity.SEVERE
    # 荒川区's 大雨警報 is for 浸水害: no 警戒レベル３ evacuation order, the inundation advice
    inundation = events["大雨警報（浸水害）"]
    assert inundation.level is None and inundation.severity is Severity.SEVERE
    assert inundation.instruction["ja"] == "低い土地や地下に近づかないでください。"
    assert inundation.kind == "VPWW53:03（浸水害）"


def test_new_format_heavy_rain_levels() -> None:
    events = by_event(read_jmx(jmx("VPWW55_R06_oame_keiho_sample_newformat.xml")))
    level4 = events["レベル４大雨危険警報"]
    assert level4.severity is Severity.SEVERE
    assert level4.areas == (("0121400", "稚内市"),)
    assert level4.instruction["ja"] == "危険な場所から全員避難してください。"
    assert events["レベル３大雨警報"].areas == (("0151100", "猿払村"),)
    assert events["レベル２大雨注意報"].severity is Severity.MINOR


def test_landslide_old_format() -> None:
    (alert,) = read_jmx(jmx("VXWW50_dosha_keikai_sample_oshima_official.xml"))
    assert alert.event["ja"] == "土砂災害警戒情報"
    assert alert.severity is Severity.SEVERE
    assert [n for _, n in alert.areas] == ["松前町", "福島町"]
    assert "命に危険" in alert.headline["ja"]
    assert "全員避難" in alert.instruction["ja"]


def test_landslide_2026_format_level4() -> None:
    (alert,) = read_jmx(jmx("VXWW50_level4_dosha_kiken_keiho_sample_2026format.xml"))
    assert alert.event["ja"] == "レベル４土砂災害危険警報"
    assert alert.severity is Severity.SEVERE
    assert [c for c, _ in alert.areas] == ["1420600", "1438300", "1438400"]
    assert alert.area["ja"] == "小田原市、真鶴町、湯河原町"
    assert alert.chain.endswith("神奈川県土砂災害警戒情報")


def test_typhoon_information_is_minor_and_chained_by_typhoon() -> None:
    (alert,) = read_jmx(jmx("VPTW60_typhoon_5day_sample_official.xml"))
    assert alert.severity is Severity.MINOR
    assert alert.chain.endswith("|TC1725")
    assert "台風発生予想" in alert.headline["ja"]


def test_drill_status_marks_alerts_as_drill() -> None:
    real = "<Status>通常</Status>".encode()
    data = jmx(NOTO_TSUNAMI).replace(real, "<Status>訓練</Status>".encode())
    assert all(a.drill for a in read_jmx(data))


def test_unknown_document_type_is_skipped() -> None:
    data = jmx(NOTO_TSUNAMI).replace(
        "<Title>津波警報・注意報・予報a</Title>".encode(), "<Title>津波情報a</Title>".encode()
    )
    assert read_jmx(data) == []


def test_not_jmx_is_an_error() -> None:
    with pytest.raises(AlertReadError, match="not a JMA XML report"):
        read_jmx((DATA / "cap" / "nws_flashfloodwatch_cap11.cap.xml").read_bytes())


def test_real_eqvol_feed_entries_with_links() -> None:
    entries = read_index(jmx(EQVOL_FEED))
    assert len(entries) == 169
    first = entries[0]
    assert first.title == "震源・震度に関する情報"
    assert first.link.endswith("20240101115315_0_VXSE53_270000.xml")
    tsunami = [e for e in entries if document_type(e.title) == "VTSE41"]
    assert len(tsunami) == 3
    assert any(e.link.endswith("20240101072233_0_VTSE41_010000.xml") for e in tsunami)


def test_modified_extra_feed_shape() -> None:
    entries = read_index(jmx("MODIFIED_feed_extra_testfeed_from_official_samples.xml"))
    assert len(entries) == 10
    assert {document_type(e.title) for e in entries} >= {"VPWW54"}


@pytest.mark.parametrize(
    ("name", "severity"),
    [
        ("大雨特別警報", Severity.EXTREME),
        ("レベル５大雨特別警報", Severity.EXTREME),
        ("レベル４土砂災害危険警報", Severity.SEVERE),
        ("大雨警報", Severity.SEVERE),
        ("レベル２大雨注意報", Severity.MINOR),
        ("濃霧注意報", Severity.MINOR),
        ("", Severity.UNKNOWN),
    ],
)
def test_weather_severity_mapping(name: str, severity: Severity) -> None:
    assert weather_severity(name) is severity


def test_warning_level_reads_fullwidth_digits() -> None:
    assert warning_level("警戒レベル４相当") == 4
    assert warning_level("大雨警報") is None


def test_hypocentre_and_intensity_report_reads_like_intensity_report() -> None:
    # No VXSE53 among the samples: the real 震度速報 under VXSE53's title exercises the same
    # Body/Intensity/Observation path (VXSE53 adds City levels, read the same way).
    data = jmx(NOTO_SHINDO).replace(
        "<Title>震度速報</Title>".encode(), "<Title>震源・震度に関する情報</Title>".encode(), 1
    )
    alerts = read_jmx(data)
    assert alerts[0].kind == "VXSE53:6+"
    assert alerts[0].event["ja"] == "地震（震度６強）"
