"""Hostile and broken input: only the reader's own error escapes (hypothesis fuzzing), and
entity tricks (billion laughs, XXE) are refused before expansion."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.content.alert_sources import read_document
from kiosk.content.readers.index import read_index
from kiosk.content.readers.xmltree import AlertReadError
from tests.alertdata import DATA

REAL = [p.read_bytes() for p in sorted((DATA / "jmx").glob("V*.xml"))] + [
    p.read_bytes() for p in sorted((DATA / "cap").glob("*.cap.xml"))
]

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>&lol3;</identifier></alert>"""
XXE = b"""<?xml version="1.0"?>
<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<Report xmlns="http://xml.kishou.go.jp/jmaxml1/"><Control><Title>&xxe;</Title></Control></Report>"""


@pytest.mark.parametrize("payload", [BILLION_LAUGHS, XXE], ids=["billion-laughs", "xxe"])
def test_entity_attacks_refused(payload: bytes) -> None:
    with pytest.raises(AlertReadError, match="unsafe"):
        read_document(payload)
    with pytest.raises(AlertReadError):
        read_index(payload)


def _only_reader_errors(data: bytes) -> None:
    for reader in (read_document, read_index):
        with contextlib.suppress(AlertReadError):
            reader(data)


FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(st.binary(max_size=2000))
def test_random_bytes(data: bytes) -> None:
    _only_reader_errors(data)


@FAST
@given(
    st.sampled_from(REAL),
    st.integers(min_value=0, max_value=40_000),
    st.integers(min_value=1, max_value=64),
    st.binary(min_size=0, max_size=16),
)
def test_real_files_with_a_span_replaced(doc: bytes, at: int, length: int, junk: bytes) -> None:
    at %= len(doc)
    _only_reader_errors(doc[:at] + junk + doc[at + length :])


@FAST
@given(st.sampled_from(REAL), st.integers(min_value=1, max_value=40_000))
def test_real_files_truncated(doc: bytes, at: int) -> None:
    _only_reader_errors(doc[: at % len(doc)])


NAMES = st.sampled_from(
    [
        "Control",
        "Head",
        "Body",
        "Title",
        "Status",
        "ReportDateTime",
        "EventID",
        "InfoType",
        "Serial",
        "InfoKind",
        "Headline",
        "Text",
        "Warning",
        "Item",
        "Kind",
        "Name",
        "Code",
        "Area",
        "Tsunami",
        "Forecast",
        "Category",
        "Intensity",
        "Observation",
        "Pref",
        "MaxInt",
        "City",
        "TargetArea",
        "MeteorologicalInfos",
        "MeteorologicalInfo",
        "Property",
        "TyphoonNamePart",
        "Number",
    ]
)
CAP_NAMES = st.sampled_from(
    [
        "identifier",
        "sender",
        "sent",
        "status",
        "msgType",
        "references",
        "info",
        "language",
        "event",
        "headline",
        "severity",
        "expires",
        "onset",
        "area",
        "areaDesc",
        "geocode",
        "value",
        "valueName",
        "instruction",
        "eventCode",
    ]
)
TEXTS = st.one_of(
    st.sampled_from(
        [
            "津波警報・注意報・予報a",
            "震度速報",
            "気象警報・注意報（Ｈ２７）",
            "土砂災害警戒情報",
            "台風解析・予報情報",
            "震源・震度に関する情報",
            "取消",
            "発表",
            "訓練",
            "6+",
            "解除",
            "2024-01-01T16:22:00+09:00",
            "Cancel",
            "Update",
            "Alert",
            "Extreme",
            "Exercise",
            "a,b,c d",
            "12",
            "レベル５",
            "",
        ]
    ),
    st.text(max_size=12),
)


def _tree(names: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    from xml.sax.saxutils import escape

    leaf = st.builds(lambda n, t: f"<{n}>{escape(t)}</{n}>", names, TEXTS)
    return st.recursive(
        leaf,
        lambda inner: st.builds(
            lambda n, kids: f"<{n}>{''.join(kids)}</{n}>", names, st.lists(inner, max_size=5)
        ),
        max_leaves=30,
    )


@FAST
@given(st.lists(_tree(NAMES), max_size=4))
def test_generated_jmx_trees(parts: list[str]) -> None:
    doc = f'<Report xmlns="http://xml.kishou.go.jp/jmaxml1/">{"".join(parts)}</Report>'
    _only_reader_errors(doc.encode("utf-8", "surrogatepass"))


@FAST
@given(st.lists(_tree(st.sampled_from(["entry", "link", "title", "id", "updated"])), max_size=4))
def test_generated_atom_feeds(parts: list[str]) -> None:
    doc = f'<feed xmlns="http://www.w3.org/2005/Atom">{"".join(parts)}</feed>'
    _only_reader_errors(doc.encode("utf-8", "surrogatepass"))


@FAST
@given(st.lists(_tree(CAP_NAMES), max_size=6))
def test_generated_cap_trees(parts: list[str]) -> None:
    doc = f'<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">{"".join(parts)}</alert>'
    _only_reader_errors(doc.encode("utf-8", "surrogatepass"))
