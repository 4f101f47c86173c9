"""Update/Cancel/取消 resolution, expiry, area filtering and the store keeping the chain."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from kiosk.content.alerts import (
    RETENTION,
    AlertPolicy,
    code_matches,
    for_area,
    in_force,
    merge,
)
from kiosk.content.model import Category, Severity, Source, SourceContent
from kiosk.content.readers.cap import read_cap
from kiosk.content.readers.jmx import read_jmx
from kiosk.content.store import Store
from tests.alertdata import (
    CANCEL_CHAIN_NOW,
    IPAWS_CANCEL,
    IPAWS_NOW,
    NOTO_NOW,
    NOTO_SHINDO,
    NOTO_TSUNAMI,
    TSUNAMI_CANCEL,
    cap,
    cap_original_for_cancel,
    jmx,
    jmx_original_for_cancel,
)


def test_noto_tsunami_in_force_then_expired_without_a_sync() -> None:
    alerts = read_jmx(jmx(NOTO_TSUNAMI))
    active = in_force(alerts, NOTO_NOW)
    assert [a.event["ja"] for a in active][:2] == ["大津波警報", "津波警報"]
    assert in_force(alerts, NOTO_NOW + timedelta(hours=25)) == []


def test_jmx_cancel_ends_the_chain() -> None:
    original = read_jmx(jmx_original_for_cancel())
    cancel = read_jmx(jmx(TSUNAMI_CANCEL))
    assert {a.chain for a in original} == {a.chain for a in cancel}
    assert in_force(original, CANCEL_CHAIN_NOW)
    # Order of arrival does not matter, and re-reading both gives the same answer.
    assert in_force(cancel + original, CANCEL_CHAIN_NOW) == []
    assert in_force(original + cancel + original, CANCEL_CHAIN_NOW) == []


def test_newer_jmx_document_replaces_older_one() -> None:
    older = read_jmx(jmx(NOTO_TSUNAMI))
    newer = [
        replace(a, id=a.id + "|later", issued=a.issued + timedelta(minutes=30))
        for a in older
        if a.event["ja"] != "大津波警報"  # the later document no longer has it
    ]
    events = [a.event["ja"] for a in in_force(older + newer, NOTO_NOW + timedelta(hours=1))]
    assert "大津波警報" not in events and "津波警報" in events
    assert len(events) == len(newer)


def test_correction_wins_over_report_with_same_time() -> None:
    (report,) = read_jmx(jmx("VPWW54_sample_tokushima_official.xml"))
    correction = replace(report, id=report.id + "|訂正", revision=report.revision + 1)
    assert in_force([report, correction], report.issued) == [correction]


def test_cap_cancel_deactivates_referenced_alert() -> None:
    (original,) = read_cap(cap_original_for_cancel())
    (cancel,) = read_cap(cap(IPAWS_CANCEL))
    assert in_force([original], IPAWS_NOW) == [original]
    assert in_force([original, cancel], IPAWS_NOW) == []


def test_cap_update_replaces_referenced_alert() -> None:
    (update,) = read_cap(cap("noaa_wcatwc_tsunami_warning.cap.xml"))
    first = replace(update, id="PAAQ-1-lqw6d6", msg_type="alert", references=())
    assert in_force([first, update], update.issued) == [update]


def test_merge_keeps_chain_and_forgets_long_dead_records() -> None:
    original = read_jmx(jmx_original_for_cancel())
    cancel = read_jmx(jmx(TSUNAMI_CANCEL))
    kept = merge(original, cancel, CANCEL_CHAIN_NOW)
    assert {a.id for a in kept} == {a.id for a in original + cancel}
    # A feed still listing the original must not bring it back.
    assert in_force(merge(kept, original, CANCEL_CHAIN_NOW), CANCEL_CHAIN_NOW) == []
    much_later = CANCEL_CHAIN_NOW + RETENTION + timedelta(days=2)
    assert merge(kept, [], much_later) == []


def test_old_cancel_outlives_the_alert_it_cancels() -> None:
    (original,) = read_cap(cap_original_for_cancel())  # sent 2019-12-13
    (cancel,) = read_cap(cap(IPAWS_CANCEL))  # sent 2019-04-19: long past retention then
    kept = merge([original], [cancel], IPAWS_NOW)
    assert {a.id for a in kept} == {original.id, cancel.id}
    assert in_force(kept, IPAWS_NOW) == []


@pytest.mark.parametrize(
    ("code", "wanted", "matches"),
    [
        ("1720400", "17", True),
        ("1720400", "17204", True),
        ("170000", "17", True),
        ("360", "360", True),
        ("390", "39", False),  # short region codes match only exactly
        ("170", "17", False),  # seismic area 170 is not prefecture 17
        ("17", "17", True),
        ("", "17", False),
        ("3640300", "1720400", False),
        ("110010", "110", False),  # seismic area 110 (檜山) is no prefix of region 110010
        ("1720400", "172", False),
        ("tsunami:350", "seismic:350", False),  # 富山県's coast is not 東京都２３区
        ("seismic:350", "seismic:350", True),
        ("tsunami:350", "350", True),  # a bare 3-digit code (older settings) matches any list
        ("350", "tsunami:350", False),
        ("tsunami:170", "17", False),
        ("river:1720400000", "17", False),  # a river number is not a place under a prefecture
        ("river:1720400000", "17204", False),
    ],
)
def test_code_matches(code: str, wanted: str, matches: bool) -> None:
    assert code_matches(code, wanted) is matches


def test_area_filter_narrows_to_the_kiosk() -> None:
    alerts = read_jmx(jmx(NOTO_TSUNAMI))
    warning = next(a for a in alerts if a.event["ja"] == "津波警報")
    narrowed = for_area(warning, ["tsunami:240"])
    assert narrowed is not None
    assert narrowed.areas == (("tsunami:240", "山形県"),) and narrowed.area["ja"] == "山形県"
    assert for_area(warning, ["tsunami:360"]) is None  # Noto has 大津波警報, not this one
    assert for_area(warning, ["240"]) is not None  # bare, as older settings wrote it
    assert for_area(warning, []) is warning


def test_intensity_report_found_by_prefecture_code() -> None:
    alerts = read_jmx(jmx(NOTO_SHINDO))
    policy = AlertPolicy(area_codes=("17",))
    relevant = policy.relevant(alerts)
    assert [a.event["ja"] for a in relevant] == ["地震（震度６強）", "地震（震度５強）"]
    assert policy.takeover(relevant).event["ja"] == "地震（震度６強）"


def test_policy_severity_and_drills() -> None:
    (alert,) = read_cap(cap_original_for_cancel())  # Extreme
    policy = AlertPolicy(min_takeover=Severity.EXTREME)
    assert policy.takes_over(alert)
    drill = replace(alert, drill=True)
    assert not policy.takes_over(drill)
    assert AlertPolicy(drill_takeover=True).takes_over(drill)
    assert not AlertPolicy().takes_over(replace(alert, severity=Severity.MODERATE))


def _source(kind: str) -> Source:
    return Source(id=f"{kind}-test", kind=kind, location="-", category=Category.DISASTER)


def test_store_keeps_chain_across_syncs(tmp_path) -> None:
    source = _source("jmx")
    with Store(tmp_path / "store.sqlite3") as store:
        assert store.schema_version >= 2
        original = read_jmx(jmx_original_for_cancel(), source.id)
        store.replace_source(SourceContent(source, alerts=tuple(original)), now=CANCEL_CHAIN_NOW)
        active = store.active_alerts(CANCEL_CHAIN_NOW)
        assert active[0].event["ja"] == "大津波警報"
        assert active[0] == next(a for a in original if a.id == active[0].id)  # round trip
        # The feed moved on: only the 取消 is listed now. The chain still resolves.
        cancel = read_jmx(jmx(TSUNAMI_CANCEL), source.id)
        store.replace_source(SourceContent(source, alerts=tuple(cancel)), now=CANCEL_CHAIN_NOW)
        assert store.active_alerts(CANCEL_CHAIN_NOW) == []
        assert len(store.alerts()) == len(original) + 1


def test_package_alerts_are_still_replaced(tmp_path) -> None:
    source = _source("package")
    (alert,) = read_cap(cap_original_for_cancel(), source.id)
    with Store(tmp_path / "store.sqlite3") as store:
        store.replace_source(SourceContent(source, alerts=(alert,)), now=IPAWS_NOW)
        store.replace_source(SourceContent(source, alerts=()), now=IPAWS_NOW)
        assert store.alerts() == []


def test_cached_active_alerts_follow_writes_and_time(tmp_path) -> None:
    from kiosk.viewmodels.alerts import AlertViewModels

    source = _source("jmx")
    path = tmp_path / "store.sqlite3"
    with Store(path) as ui_store, Store(path) as sync_store:
        clock = [CANCEL_CHAIN_NOW]
        vms = AlertViewModels(ui_store, AlertPolicy(area_codes=("360",)), clock=lambda: clock[0])
        assert vms.active() == []
        original = read_jmx(jmx_original_for_cancel(), source.id)
        sync_store.replace_source(SourceContent(source, alerts=tuple(original)), CANCEL_CHAIN_NOW)
        assert [a.event["ja"] for a in vms.active()] == ["大津波警報"]  # another connection
        clock[0] = CANCEL_CHAIN_NOW + timedelta(hours=25)  # past the 24 h bound
        assert vms.active() == []
        clock[0] = CANCEL_CHAIN_NOW
        cancel = read_jmx(jmx(TSUNAMI_CANCEL), source.id)
        ui_store.replace_source(SourceContent(source, alerts=tuple(cancel)), CANCEL_CHAIN_NOW)
        assert vms.active() == []  # same connection


def test_alert_to_json_is_serialisable() -> None:
    import json

    from kiosk.content.alerts import alert_to_json

    (alert,) = read_cap(cap("canada_ec_weather_bilingual.cap.xml"))
    data = json.loads(json.dumps(alert_to_json(alert), ensure_ascii=False))
    assert data["msg_type"] == "update" and data["severity"] == "unknown" and data["cancelled"]
    assert data["headline"]["fr"] == "veille d'orages violents"
    assert {"code": "041420", "name": "Windsor - Leamington - Essex County"} in data["areas"]


def test_a_tokyo_kiosk_is_not_sent_toyamas_tsunami_warning() -> None:
    # 350 is 東京都２３区 in the seismic list and 富山県 in the tsunami list; the Noto tsunami
    # warning named 富山県 (350) and the Tokyo Bay areas were not under it.
    alerts = read_jmx(jmx(NOTO_TSUNAMI))
    tokyo = AlertPolicy(area_codes=("13", "13101", "seismic:350", "tsunami:300"))
    assert tokyo.relevant(alerts) == []
    toyama = AlertPolicy(area_codes=("16", "tsunami:350"))
    (warning,) = [a for a in toyama.relevant(alerts) if a.event["ja"] == "津波警報"]
    assert warning.area["ja"] == "富山県" and toyama.takes_over(warning)


def test_a_seismic_area_code_is_not_a_prefix_of_forecast_regions() -> None:
    # 竜巻注意情報 for 埼玉県 names forecast regions 110010, 110020: "110" (a Hokkaido seismic
    # area) must not catch them.
    (alert,) = read_jmx(jmx("VPHW50_tatsumaki_chui_sample.xml"))
    assert any(code.startswith("110") and len(code) == 6 for code, _ in alert.areas)
    assert AlertPolicy(area_codes=("01", "seismic:110")).relevant([alert]) == []
    assert AlertPolicy(area_codes=("110",)).relevant([alert]) == []
    assert AlertPolicy(area_codes=("11",)).relevant([alert]) != []
