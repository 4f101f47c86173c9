"""Feeds longer than the per-source cap are cut with a note; Atom links typed application/xml
(every JMA entry) are kept. Real JMA and JSON Feed samples."""

from __future__ import annotations

import json

import feedparser

from kiosk.content.model import Category, Source
from kiosk.content.readers.feeds import MAX_ITEMS, entry_link, read_feed
from kiosk.content.readers.jsonfeed import read_jsonfeed
from tests.conftest import DATA

JMA = (DATA / "jmx" / "feed_eqvol_20240101_noto_real.xml").read_bytes()


def source(kind: str = "feed") -> Source:
    return Source("jma", kind, "-", Category.NOTICES)


def test_every_jma_entry_keeps_its_application_xml_link() -> None:
    content = read_feed(JMA, source())
    assert len(content.items) == 169
    assert all(
        i.link.startswith("https://www.data.jma.go.jp/developer/xml/data/") for i in content.items
    )
    assert content.notes == ()  # under the cap: nothing to say


def test_link_taken_from_links_when_feedparser_sets_no_link() -> None:
    # Some feedparser versions set ``link`` only for HTML-typed links: the typed link is used.
    entry = feedparser.parse(JMA).entries[0]
    del entry["link"]
    assert entry_link(entry) == (
        "https://www.data.jma.go.jp/developer/xml/data/20240101115315_0_VXSE53_270000.xml"
    )
    entry["links"] = [{"rel": "related", "href": "https://www.jma.go.jp/"}]
    assert entry_link(entry) == ""  # only alternate links are the entry's own page


def test_long_json_feed_is_cut_with_a_note() -> None:
    feed = json.loads(
        (DATA / "jsonfeed" / "timetable_podcast_v1_attachments_real.json").read_bytes()
    )
    items = feed["items"]
    feed["items"] = [dict(items[n % len(items)], id=f"{n}") for n in range(MAX_ITEMS + 123)]
    content = read_jsonfeed(json.dumps(feed).encode(), source("feed"))
    assert len(content.items) == MAX_ITEMS
    assert content.notes == (
        f"only the first 500 of {MAX_ITEMS + 123} entries are shown (per-source limit)",
    )
