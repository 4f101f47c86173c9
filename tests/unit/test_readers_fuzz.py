"""Fuzz the readers: whatever the bytes, a reader returns content or raises its own error."""

from __future__ import annotations

import contextlib
import json
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.content.model import Category, Source, SourceContent
from kiosk.content.readers import (
    CsvError,
    DetectError,
    FeedError,
    HtmlError,
    JsonFeedError,
    ReaderError,
    detect,
    read_bytes,
)
from kiosk.content.readers.feeds import read_feed
from kiosk.content.readers.html import read_html
from kiosk.content.readers.jsonfeed import read_jsonfeed
from kiosk.content.readers.opendata_csv import read_opendata_csv
from kiosk.content.simplify import html_to_blocks, sanitize_html
from tests.conftest import DATA

SOURCE = Source("fuzz", "feed", "-", Category.NOTICES)
# FUZZ_EXAMPLES=2000 for a long local run; the suite keeps it short.
FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "120")),
    deadline=None,
    suppress_health_check=list(HealthCheck),
)

SAMPLES = {
    "feed": (DATA / "feeds" / "jp_soumu_news_rss10_shiftjis_20210719.rdf").read_bytes(),
    "atom": (DATA / "feeds" / "us_usgs_m5_earthquakes_atom_georss.xml").read_bytes(),
    "json": (DATA / "jsonfeed" / "jsonfeed_org_blog_v1_real.json").read_bytes(),
    "html": (DATA / "html" / "katsuragi_town_reiki_chushajo_jorei.html").read_bytes()[:6000],
    "csv": (DATA / "opendata_csv" / "ichikawa_122033_evacuation_space_cp932.csv").read_bytes()[
        :4000
    ],
}


@st.composite
def mutated(draw: st.DrawFn, sample: bytes) -> bytes:
    """A real sample, cut, with bytes overwritten and junk inserted."""
    data = bytearray(sample)
    for _ in range(draw(st.integers(0, 6))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        action = draw(st.sampled_from(["flip", "insert", "delete", "cut"]))
        if action == "flip":
            data[at] = draw(st.integers(0, 255))
        elif action == "insert":
            data[at:at] = draw(st.binary(max_size=40))
        elif action == "delete":
            del data[at : at + draw(st.integers(1, 200))]
        else:
            del data[at:]
    return bytes(data)


def check(reader, data: bytes, error: type[ReaderError]) -> None:
    try:
        content = reader(data, SOURCE)
    except error:
        return
    assert isinstance(content, SourceContent)
    for item in content.items:
        assert item.title and "<script" not in item.title


@FUZZ
@given(st.one_of(st.binary(max_size=400), mutated(SAMPLES["feed"]), mutated(SAMPLES["atom"])))
def test_feed_reader(data: bytes) -> None:
    check(read_feed, data, FeedError)


def _as_feed(value: object) -> bytes:
    item = {"id": value, "title": value, "content_html": value}
    feed = {"version": "https://jsonfeed.org/version/1.1", "title": "t", "items": [value, item]}
    return json.dumps(feed).encode()


@FUZZ
@given(
    st.one_of(
        st.binary(max_size=300),
        mutated(SAMPLES["json"]),
        st.recursive(
            st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
            lambda c: st.lists(c, max_size=4) | st.dictionaries(st.text(max_size=8), c, max_size=4),
            max_leaves=20,
        ).map(_as_feed),
    )
)
def test_jsonfeed_reader(data: bytes) -> None:
    check(read_jsonfeed, data, JsonFeedError)


@FUZZ
@given(
    st.one_of(
        st.binary(max_size=300), mutated(SAMPLES["html"]), st.text(max_size=300).map(str.encode)
    )
)
def test_html_reader(data: bytes) -> None:
    check(read_html, data, HtmlError)


@FUZZ
@given(st.one_of(st.binary(max_size=300), mutated(SAMPLES["csv"])))
def test_csv_reader(data: bytes) -> None:
    check(read_opendata_csv, data, CsvError)


@FUZZ
@given(st.one_of(*(mutated(s) for s in SAMPLES.values()), st.binary(max_size=200)))
def test_detect_and_read(data: bytes) -> None:
    try:
        kind = detect(data)
    except DetectError:
        return
    if kind in ("cap", "jmx"):
        return
    with contextlib.suppress(ReaderError):
        read_bytes(data, SOURCE, kind)


@FUZZ
@given(st.text(max_size=400))
def test_simplify_never_passes_markup(html: str) -> None:
    hostile = html + "<script>alert(1)</script><p onclick='x'>ok</p>"
    clean = sanitize_html(hostile).lower()
    # (An earlier "<?" can turn the script tag into inert text, as in any HTML5 parser: the
    # invariant is that no element or handler survives, not that the letters vanish.)
    assert "<script" not in clean and "onclick" not in clean
    for block in html_to_blocks(hostile):
        assert "<script" not in block.plain_text().lower()


def test_carriage_returns_around_a_csv_header_do_not_escape_detect() -> None:
    # Found by test_detect_and_read: a CR before the header made csv raise from detect().
    evacuation = (DATA / "opendata_csv" / "ichikawa_122033_evacuation_space_cp932.csv").read_bytes()
    assert detect(b"\r" + evacuation) == "csv"
    with contextlib.suppress(DetectError):
        detect(b"a,b\rc,d,e\n1,2,3\n")  # a CR inside the first line: unknown, not a crash
