"""The JMA types read since issue 14, on the official samples (tests/data/jmx), and the
bounded-life and test-message rules for CAP and JMX.

Derived inputs (a dissipated typhoon, an earthquake with only per-city intensities, CAP 1.0 and
CAP Test messages) come from real files by plain string replacement of the named fields only,
as in tests/alertdata.py: the samples hold no such document.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from kiosk.content.alerts import AlertPolicy, in_force
from kiosk.content.model import Severity
from kiosk.content.readers import detect
from kiosk.content.readers.alert_feed import read_document
from kiosk.content.readers.cap import read_cap
from kiosk.content.readers.jmx import read_jmx
from tests.alertdata import JST, NOTO_SHINDO, cap, jmx


def one(name: str):
    (alert,) = read_jmx(jmx(name), "jma", name)
    return alert


def test_river_flood_occurrence_is_level5_for_the_river_and_towns() -> None:
    alert = one("VXKO_kasen_kozui_yoho_sample.xml")
    assert alert.event["ja"] == "○○川上流氾濫発生情報"
    assert alert.level == 5 and alert.severity is Severity.EXTREME
    assert alert.area["ja"].startswith("○○川上流、○○県○○市")
    assert alert.instruction["ja"].startswith("命の危険があります。")
    assert "市町村からの避難情報を確認" in alert.instruction["ja"]  # JMA's own sentence
    assert alert.headline["ja"].startswith("【警戒レベル５相当】災害が発生しています。")
    assert set(alert.instruction) >= {"en", "zh-Hans", "ko", "vi", "pt-BR"}
    # The official sample says in its body that it is a test: never a real takeover.
    assert alert.drill
    assert not AlertPolicy().takes_over(alert)
    assert AlertPolicy(drill_takeover=True).takes_over(alert)


def test_volcanic_warning_near_crater_keeps_people_away() -> None:
    alert = one("VFVO50_funka_keiho_sample.xml")
    assert alert.event["ja"] == "浅間山　噴火警報（火口周辺）"
    assert alert.level is None and alert.severity is Severity.SEVERE
    assert alert.area["ja"] == "群馬県嬬恋村、長野県小諸市、長野県軽井沢町、長野県御代田町"
    assert ("2032100", "長野県軽井沢町") in alert.areas
    assert alert.headline["ja"].startswith("噴火警戒レベル３（入山規制）\n山頂火口から")
    assert "避難" not in alert.instruction["ja"]
    assert alert.expires == alert.issued + timedelta(days=7)
    assert alert.event["en"] == "Volcanic warning (near the crater): 浅間山"


def test_english_names_say_the_kind_not_always_warning() -> None:
    # The official samples with their kind renamed, as JMA sends the milder kinds.
    volcano = jmx("VFVO50_funka_keiho_sample.xml")
    for old, new in (
        ("火口周辺警報", "噴火予報"),
        ("レベル３（入山規制）", "レベル１（活火山であることに留意）"),
    ):
        volcano = volcano.replace(f"<Name>{old}</Name>".encode(), f"<Name>{new}</Name>".encode())
    (forecast,) = read_jmx(volcano)
    assert forecast.event == {"ja": "浅間山　噴火予報", "en": "Volcanic forecast: 浅間山"}
    assert forecast.severity < Severity.SEVERE
    river = jmx("VXKO_kasen_kozui_yoho_sample.xml")
    assert one("VXKO_kasen_kozui_yoho_sample.xml").event["en"] == "River flooding"
    for old, new in (
        ("氾濫発生情報（氾濫水の予報）", "氾濫注意情報"),
        ("氾濫発生情報", "氾濫注意情報"),
    ):
        river = river.replace(old.encode(), new.encode())
    (watch,) = read_jmx(river)
    assert watch.event == {"ja": "○○川上流氾濫注意情報", "en": "River flood watch"}


def test_volcanic_warning_for_residential_areas_is_extreme() -> None:
    data = jmx("VFVO50_funka_keiho_sample.xml")
    for old, new in (
        ("<Name>火口周辺警報</Name>", "<Name>噴火警報（居住地域）</Name>"),
        ("<Name>レベル３（入山規制）</Name>", "<Name>レベル５（避難）</Name>"),
    ):
        data = data.replace(old.encode(), new.encode())
    (alert,) = read_jmx(data)
    assert alert.severity is Severity.EXTREME
    assert "避難してください" in alert.instruction["ja"]


def test_eruption_flash() -> None:
    alert = one("VFVO56_funka_sokuho_sample.xml")
    assert alert.event["ja"] == "御嶽山　噴火速報"
    assert alert.severity is Severity.SEVERE
    assert "長野県木曽町" in alert.area["ja"]
    assert "噴火しました" in alert.instruction["ja"]


def test_tornado_notice_names_regions_and_ends_at_its_valid_time() -> None:
    alert = one("VPHW50_tatsumaki_chui_sample.xml")
    assert alert.event["ja"] == "竜巻注意情報" and alert.severity is Severity.SEVERE
    assert alert.area["ja"] == "埼玉県"
    assert ("1110000", "さいたま市") in alert.areas  # a town kiosk still finds it
    assert alert.expires == datetime(2015, 7, 17, 10, 30, tzinfo=JST)
    narrowed = AlertPolicy(area_codes=("11100",)).relevant([alert])
    assert narrowed and narrowed[0].area["ja"] == "さいたま市"


def test_record_rain_takes_over_for_its_regions() -> None:
    alert = one("VPOA50_kirokuteki_tanjikan_ooame_sample.xml")
    assert alert.severity is Severity.SEVERE and alert.level is None
    assert alert.area["ja"] == "石狩地方、後志地方"
    assert "空知地方" not in alert.area["ja"]  # なし there
    assert AlertPolicy(area_codes=("016010",)).takeover([alert]) is not None
    assert AlertPolicy(area_codes=("016020",)).takeover([alert]) is None


def test_heatstroke_alert_is_a_banner_for_the_prefecture_until_the_end_of_its_day() -> None:
    alert = one("VPFT50_necchusho_alert_sample.xml")
    assert alert.severity is Severity.MODERATE
    assert not AlertPolicy().takes_over(alert)
    assert alert.areas == (("11", "埼玉県"),)
    assert alert.expires == datetime(2024, 8, 12, tzinfo=JST)
    assert alert.headline["ja"].startswith("埼玉県では、今日（１１日）は")


def test_nankai_and_subsequent_quake_information_name_their_region() -> None:
    nankai = one("VYSE50_nankai_rinji_sample.xml")
    assert nankai.event["ja"] == "南海トラフ地震臨時情報（調査中）"
    assert nankai.severity is Severity.MINOR and nankai.area["ja"] == "南海トラフ沿いの地域"
    later = one("VYSE60_kouhatsu_jishin_chui_sample.xml")
    assert later.severity is Severity.MODERATE
    assert later.area["ja"] and "備え" in later.instruction["ja"]
    assert later.expires == later.issued + timedelta(days=7)


def test_nankai_investigation_closed_ends_the_chain() -> None:
    first = jmx("VYSE50_nankai_rinji_sample.xml")
    closed = first.replace("（調査中）".encode(), "（調査終了）".encode()).replace(
        b"2020-05-12T16:20:00+09:00</ReportDateTime>", b"2020-05-12T19:00:00+09:00</ReportDateTime>"
    )
    records = read_jmx(first) + read_jmx(closed)
    assert in_force(records, datetime(2020, 5, 12, 20, 0, tzinfo=JST)) == []


def test_dissipated_typhoon_ends_its_chain() -> None:
    data = jmx("VPTW60_typhoon_5day_sample_official.xml")
    (active,) = read_jmx(data)
    gone = data.replace(
        "<Remark>台風発生予想</Remark>".encode(),
        "<Remark>台風消滅（温帯低気圧化）</Remark>".encode(),
    )
    gone = gone.replace(b"T04:30:00+09:00</ReportDateTime>", b"T10:30:00+09:00</ReportDateTime>")
    (record,) = read_jmx(gone)
    assert record.msg_type == "cancel" and record.chain == active.chain
    assert in_force([active, record], active.issued + timedelta(hours=7)) == []
    assert in_force([active], active.issued + timedelta(minutes=1)) == [active]


def test_earthquake_with_only_city_intensities_still_names_the_area() -> None:
    block = "<Name>石川県能登</Name>\n<Code>390</Code>\n<MaxInt>6+</MaxInt>\n</Area>"
    cities = (
        "<Name>石川県能登</Name>\n<Code>390</Code>\n<City><Name>志賀町</Name>"
        "<Code>1738400</Code><MaxInt>7</MaxInt></City>\n</Area>"
    )
    data = jmx(NOTO_SHINDO)
    assert block.encode() in data
    top = read_jmx(data.replace(block.encode(), cities.encode()))[0]
    assert top.event["ja"] == "地震（震度７）"
    assert top.area["ja"] == "石川県能登"
    assert ("1738400", "志賀町") in top.areas


def test_unknown_type_is_skipped_but_logged_at_warning(caplog) -> None:
    data = jmx("VXSE51_20210217_real_small.xml").replace(
        "<Title>震度速報</Title>".encode(),
        "<Title>地震の活動状況等に関する情報</Title>".encode(),
        1,
    )
    with caplog.at_level("WARNING", logger="kiosk.readers.jmx"):
        assert read_jmx(data) == []
    assert "地震の活動状況等に関する情報" in caplog.text


AMBER = "oasis_cap12_spec_example_amber_en_es.xml"


def test_cap_10_namespaces_are_read() -> None:
    for namespace in ("urn:oasis:names:tc:emergency:cap:1.0", "http://www.incident.com/cap/1.0"):
        data = cap(AMBER).replace(b"urn:oasis:names:tc:emergency:cap:1.2", namespace.encode())
        assert namespace.encode() in data
        assert detect(data) == "cap"
        (alert,) = read_document(data)
        assert alert.event["en"] == "Child Abduction"


def test_cap_without_expires_has_a_bounded_life() -> None:
    (alert,) = read_cap(cap(AMBER))
    assert alert.expires == alert.issued + timedelta(hours=24)
    assert not alert.is_active(alert.issued + timedelta(hours=25))  # not for ever
    (longer,) = read_document(cap(AMBER), alert_hours=48)
    assert longer.expires == alert.issued + timedelta(hours=48)


def test_cap_test_and_exercise_never_take_over_unless_configured() -> None:
    for status in (b"Test", b"Exercise"):
        data = cap(AMBER).replace(b"<status>Actual</status>", b"<status>" + status + b"</status>")
        (alert,) = read_cap(data)
        assert alert.drill and alert.severity is Severity.SEVERE
        assert not AlertPolicy().takes_over(alert)
        assert AlertPolicy(drill_takeover=True).takes_over(alert)


def test_jma_drill_and_test_status_never_take_over_unless_configured() -> None:
    for status in ("訓練", "試験"):
        data = jmx("VPWW54_sample_tokushima_official.xml").replace(
            "<Status>通常</Status>".encode(), f"<Status>{status}</Status>".encode()
        )
        (alert,) = read_jmx(data)
        assert alert.drill and not AlertPolicy().takes_over(alert)


def test_body_notice_decides_test_only_when_it_says_so() -> None:
    sample = jmx("VXKO_kasen_kozui_yoho_sample.xml")
    said = "<Notice>この電文はテストサンプルです。</Notice>".encode()
    assert said in sample
    real = sample.replace(said, "<Notice>これは訓練ではありません。</Notice>".encode())
    (alert,) = read_jmx(real)
    assert not alert.drill and AlertPolicy().takes_over(alert)
