"""JSON Feed 1.0/1.1 reader on the real samples and on the spec's own examples."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta, timezone

import pytest

from kiosk.content.model import BlockKind, Category, Source
from kiosk.content.readers import JsonFeedError, detect
from kiosk.content.readers.jsonfeed import read_jsonfeed
from tests.conftest import DATA

JSONFEED = DATA / "jsonfeed"


def source() -> Source:
    return Source("test", "feed", "-", Category.NOTICES, lang="")


def test_daring_fireball_v11() -> None:
    data = (JSONFEED / "daringfireball_jsonfeed_v1.1_real.json").read_bytes()
    assert detect(data) == "jsonfeed"
    content = read_jsonfeed(data, source())
    raw = json.loads(data)
    assert len(content.items) == len(raw["items"]) == 48
    first = content.items[0]
    assert first.title == "MailTrackerBlocker for Apple Mail on MacOS"
    assert first.link == "https://daringfireball.net/linked/2021/02/26/mailtrackerblocker"
    assert first.published == datetime.fromisoformat(raw["items"][0]["date_published"])
    assert first.published.utcoffset() is not None
    text = "".join(p.plain_text() for p in content.pages)
    assert "\ufffd" not in text and "<p>" not in text
    assert "’" in text  # typographic quotes survive


def test_jsonfeed_org_v1_with_author_object() -> None:
    content = read_jsonfeed((JSONFEED / "jsonfeed_org_blog_v1_real.json").read_bytes(), source())
    assert [i.title for i in content.items] == ["Announcing JSON Feed"]
    item = content.items[0]
    assert item.published == datetime(2017, 5, 17, 15, 2, 12, tzinfo=UTC)
    assert item.published.utcoffset() == timedelta(hours=-7)  # the feed's own offset is kept
    page = content.pages[0]
    assert page.blocks[0].kind is BlockKind.PARAGRAPH
    assert page.blocks[0].text.startswith("We — Manton Reece and Brent Simmons")


def test_timetable_podcast_attachments() -> None:
    content = read_jsonfeed(
        (JSONFEED / "timetable_podcast_v1_attachments_real.json").read_bytes(), source()
    )
    assert len(content.items) == 45
    assert content.items[0].title == "Episode 45: Launch week"
    assert content.items[0].published == datetime(2017, 4, 26, 1, 9, 45, tzinfo=UTC)
    lists = [b for b in content.pages[0].blocks if b.kind is BlockKind.LIST]
    assert lists and lists[0].items[0].startswith("audio/mpeg")


def _spec_examples() -> list[str]:
    spec = (JSONFEED / "SPEC_jsonfeed_version_1.1.markdown").read_text(encoding="utf-8")
    # The spec shows its examples as tab-indented blocks; join each run of indented lines.
    blocks = re.findall(r"((?:^\t.*\n)+)", spec, re.M)
    return [re.sub(r"^\t", "", b, flags=re.M) for b in blocks if '"version"' in b]


def test_spec_examples_read() -> None:
    examples = _spec_examples()
    assert examples, "the spec's example feeds were not found"
    for example in examples:
        content = read_jsonfeed(example.encode(), source())
        assert content.items
        assert all(i.title for i in content.items)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "not valid JSON"),
        (b"[]", "must be an object"),
        (b'{"version": "https://jsonfeed.org/version/1.1", "items": []}', "no title"),
        (b'{"version": "https://jsonfeed.org/version/1.1", "title": "t", "items": []}', "no items"),
        (b'{"version": "https://example.com/2", "title": "t", "items": []}', "not a JSON Feed"),
        (
            b'{"version": "https://jsonfeed.org/version/1", "title": "t", "items": [{"id": 1}]}',
            "no usable items",
        ),
        (b"[" * 100000, "not valid JSON"),
        ('{"title": "\u00e9"}'.encode("latin-1"), "not UTF-8"),
    ],
)
def test_bad_json_feeds(data: bytes, reason: str) -> None:
    with pytest.raises(JsonFeedError, match=reason):
        read_jsonfeed(data, source())


def test_jst_dates_keep_offset() -> None:
    data = json.dumps(
        {
            "version": "https://jsonfeed.org/version/1.1",
            "title": "町からのお知らせ",
            "language": "ja",
            "items": [
                {
                    "id": "1",
                    "title": "ごみ収集日の変更",
                    "content_text": "年末年始はお休みです。",
                    "date_published": "2026-12-28T09:00:00+09:00",
                }
            ],
        },
        ensure_ascii=False,
    ).encode()
    item = read_jsonfeed(data, source()).items[0]
    assert item.lang == "ja"
    assert item.published == datetime(2026, 12, 28, 9, 0, tzinfo=timezone(timedelta(hours=9)))
