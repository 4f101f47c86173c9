"""CAP reader and index feeds on the real samples (tests/data/cap)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from kiosk.content.alert_sources import read_document
from kiosk.content.alerts import in_force
from kiosk.content.model import Severity
from kiosk.content.readers.cap import language_key, read_cap, reference_ids
from kiosk.content.readers.index import read_index
from kiosk.content.readers.xmltree import AlertReadError
from tests.alertdata import CANCELLED_CAP_ID, DATA, IPAWS_CANCEL, cap

MESSAGES = sorted(
    p.name for p in (DATA / "cap").glob("*.xml") if "index" not in p.name and "atom" not in p.name
)


@pytest.mark.parametrize("name", MESSAGES)
def test_every_real_message_reads(name: str) -> None:
    (alert,) = read_cap(cap(name), "cap-test", name)
    assert alert.id and alert.issued is not None and alert.issued.tzinfo is not None
    assert alert.event
    # Detected from the content by the shared entry point too.
    assert read_document(cap(name), "cap-test", name)[0].id == alert.id


def test_two_languages_keyed_en_and_es() -> None:
    (alert,) = read_cap(cap("oasis_cap12_spec_example_amber_en_es.xml"))
    assert alert.headline == {
        "en": "Amber Alert in Los Angeles County",
        "es": "Alerta Amber en el condado de Los Ángeles",
    }
    assert alert.text("event", "es") == "Abducción de Niño"
    assert alert.text("event", "ja") == "Child Abduction"  # falls back to a language present
    assert alert.severity is Severity.SEVERE
    assert alert.areas == (("006037", "Los Angeles County"),)
    # No <expires>: a bounded life, 24 h after <sent> (2003-06-11T22:39-07:00).
    assert alert.expires == alert.issued + timedelta(hours=24)


def test_canadian_update_references_two_alerts() -> None:
    (alert,) = read_cap(cap("canada_ec_weather_bilingual.cap.xml"))
    assert alert.msg_type == "update"
    assert alert.references == ("2.49.0.1.124.a3f342a4.2012", "2.49.0.1.124.60f31a3a.2012")
    assert set(alert.headline) == {"en", "fr"}
    assert alert.expires == datetime.fromisoformat("2012-05-03T00:20:00+00:00")


def test_an_all_clear_update_ends_the_watch_and_is_not_itself_in_force() -> None:
    # Environment Canada's update says AllClear / urgency Past: the thunderstorm watch is over.
    (all_clear,) = read_cap(cap("canada_ec_weather_bilingual.cap.xml"))
    assert all_clear.cancelled and not all_clear.is_active(all_clear.issued)
    assert all_clear.severity is Severity.UNKNOWN
    watch = replace(all_clear, id=all_clear.references[0], msg_type="alert", cancelled=False)
    watch = replace(watch, severity=Severity.SEVERE, references=())
    assert in_force([watch], all_clear.issued) == [watch]
    assert in_force([watch, all_clear], all_clear.issued) == []
    # urgency Past without AllClear is news of what happened (USGS earthquake), still shown
    (quake,) = read_cap(cap("usgs_earthquake_iso8859-1.cap.xml"))
    assert not quake.cancelled and quake.is_active(quake.issued)


def test_signed_ipaws_cancel() -> None:
    (alert,) = read_cap(cap(IPAWS_CANCEL))
    assert alert.msg_type == "cancel" and alert.cancelled
    assert alert.references == (CANCELLED_CAP_ID,)
    assert not alert.is_active(alert.issued)


def test_cap11_namespace_and_single_quotes() -> None:
    (alert,) = read_cap(cap("nws_flashfloodwatch_cap11.cap.xml"))
    assert alert.event == {"en": "Flash Flood Watch"}
    assert alert.severity is Severity.SEVERE
    assert ("MTZ014", "Central and Southern Lewis and Clark; Lewis and Clark") in alert.areas


def test_iso_8859_1_text_decoded() -> None:
    (alert,) = read_cap(cap("usgs_earthquake_iso8859-1.cap.xml"))
    assert "Usulután" in alert.headline["en"]
    assert "instruction" not in alert.instruction  # "None" placeholder dropped
    assert alert.instruction == {}


def test_prefixed_namespace() -> None:
    (alert,) = read_cap(cap("australia_nsw_rfs_bushfire.cap.xml"))
    assert alert.headline["en"] == "Yerong Creek Structure Fire"
    assert alert.severity is Severity.MINOR


def test_tsunami_update_is_extreme_and_references_first_message() -> None:
    (alert,) = read_cap(cap("noaa_wcatwc_tsunami_warning.cap.xml"))
    assert alert.severity is Severity.EXTREME
    assert alert.references == ("PAAQ-1-lqw6d6",)
    assert [c for c, _ in alert.areas] == ["AKZ185", "AKZ187"]


def test_exercise_status_is_a_drill() -> None:
    data = cap("ipaws_montgomery_lae_polygon.xml").replace(
        b"<status>Actual</status>", b"<status>Exercise</status>"
    )
    (alert,) = read_cap(data)
    assert alert.drill


def test_system_messages_are_not_shown() -> None:
    data = cap("ipaws_montgomery_lae_polygon.xml").replace(
        b"<status>Actual</status>", b"<status>System</status>"
    )
    assert read_cap(data) == []


def test_atom_and_rss_index_feeds() -> None:
    atom = read_index(cap("nws_cap_atom_index.atom.xml"))
    assert [e.link.rsplit("=", 1)[1][:2] for e in atom] == ["CT", "DC"]
    rss = read_index(cap("us_nystate_alerts_cap_index_rss20.xml"))
    assert rss[0].link.endswith("capID=NYAlert-ALLHAZALERT-3167113")
    assert len(rss) == 2


def test_not_cap_is_an_error() -> None:
    with pytest.raises(AlertReadError):
        read_cap((DATA / "jmx" / "VXSE51_20210217_real_small.xml").read_bytes())


@pytest.mark.parametrize(
    ("code", "key"),
    [("en-US", "en"), ("fr-CA", "fr"), ("ja-JP", "ja"), ("", "en"), ("zh-TW", "zh-Hant")],
)
def test_language_keys(code: str, key: str) -> None:
    assert language_key(code) == key


def test_reference_ids() -> None:
    assert reference_ids("a,id-1,2020-01-01T00:00:00Z b,id-2,2020") == ("id-1", "id-2")


def test_local_index_with_relative_links(tmp_path) -> None:
    from kiosk.content.alert_sources import read_alert_source
    from kiosk.content.model import Category, Source

    # The real NY State RSS index, its absolute links made relative (a municipality mirroring
    # its CAP folder), with the real IPAWS message saved under the linked name.
    index = cap("us_nystate_alerts_cap_index_rss20.xml").replace(
        b"http://www.nyalert.gov/Public/News/GetCapAlert.aspx?capID=", b"cap/"
    )
    (tmp_path / "index.rss").write_bytes(index)
    (tmp_path / "cap").mkdir()
    (tmp_path / "cap" / "NYAlert-ALLHAZALERT-3167113").write_bytes(cap(IPAWS_CANCEL))
    source = Source("ny", "cap", str(tmp_path / "index.rss"), Category.DISASTER)
    content = read_alert_source(source)  # second entry missing: skipped, not fatal
    assert [a.msg_type for a in content.alerts] == ["cancel"]


def test_html_in_a_cap_description_becomes_lines_not_tags() -> None:
    """NSW RFS escapes HTML into <description>; the alert screen showed the <br /> tags."""
    from tests.conftest import SHARED_FEEDS

    data = (SHARED_FEEDS / "cap" / "australia_nsw_rfs_bushfire.cap.xml").read_bytes()
    (alert,) = read_document(data)
    text = alert.description["en"]
    assert "<br" not in text and "&lt;" not in text
    assert text.splitlines()[:2] == [
        "ALERT LEVEL: Not Applicable",
        "LOCATION: 12 Cox Street, Yerong Creek",
    ]


def test_each_info_block_of_one_language_is_kept() -> None:
    # NSW RFS repeats its fire in a second <info> (a postcode geocode): one alert, both areas.
    (fire,) = read_cap(cap("australia_nsw_rfs_bushfire.cap.xml"))
    assert {code for code, _ in fire.areas} == {"AU-NSW", "2642"}
    # The same message warning a second town, more severely, in its second block: before,
    # only the first block was read and Town B's Extreme warning was lost.
    data = cap("australia_nsw_rfs_bushfire.cap.xml")
    second = data.index(b"<cap:info>", data.index(b"</cap:info>"))
    head, tail = data[:second], data[second:]
    tail = tail.replace(
        b"<cap:severity>Minor</cap:severity>", b"<cap:severity>Extreme</cap:severity>", 1
    )
    tail = tail.replace(
        b"<cap:areaDesc>Yerong Creek Structure Fire</cap:areaDesc>",
        b"<cap:areaDesc>Town B</cap:areaDesc>",
        1,
    )
    first, town_b = read_cap(head + tail)
    assert first.severity is Severity.MINOR and town_b.severity is Severity.EXTREME
    assert town_b.area == {"en": "Town B"} and ("2642", "Town B") in town_b.areas
    assert first.id != town_b.id and town_b.id.startswith(first.id)
    # an update naming the message supersedes every block of it
    update = replace(first, id="next", msg_type="update", references=(first.id,))
    assert in_force([first, town_b], first.issued) != []
    assert [a.id for a in in_force([first, town_b, update], first.issued)] == ["next"]
