"""RSS/Atom reader on the real sample feeds (tests/data/feeds, copies of ../shared/feeds)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from kiosk.content.model import BlockKind, Category, Source
from kiosk.content.readers import FeedError, detect, read_bytes
from kiosk.content.readers.feeds import read_feed
from tests.conftest import DATA

JST = timezone(timedelta(hours=9))
FEEDS = DATA / "feeds"


def source(kind: str = "feed", lang: str = "") -> Source:
    return Source("test", kind, "-", Category.NOTICES, lang=lang)


def all_text(content) -> str:
    parts = [i.title + i.summary for i in content.items]
    parts += [p.plain_text() for p in content.pages]
    return "".join(parts)


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("2021/07/19", datetime(2021, 7, 19, tzinfo=JST)),  # feedparser made it 1 December…
        ("2021/7/19 10:30", datetime(2021, 7, 19, 10, 30, tzinfo=JST)),
        ("2021年7月19日（月） 10時", datetime(2021, 7, 19, 10, 0, tzinfo=JST)),
        ("令和3年7月19日", datetime(2021, 7, 19, tzinfo=JST)),
        ("２０２１年７月１９日", datetime(2021, 7, 19, tzinfo=JST)),
    ],
)
def test_japanese_written_dates_in_a_real_feed(written: str, expected: datetime) -> None:
    # The Soumu feed with its first dc:date written as municipal sites often write dates.
    data = (FEEDS / "jp_soumu_news_rss10_shiftjis_20210719.rdf").read_bytes()
    data = data.replace(b"2021-07-19T05:00:00+09:00", written.encode("shift_jis"), 1)
    first = read_feed(data, source()).items[0]
    assert first.published == expected


def test_a_date_that_is_not_one_is_no_date() -> None:
    from kiosk.content.japanese_dates import parse_japanese_datetime

    for text in ("2021/02/30", "2021/7/19 25:00", "令和3年13月1日", "７月１９日", "1" * 10_000):
        assert parse_japanese_datetime(text) is None, text


def test_soumu_rss10_shift_jis_crlf() -> None:
    data = (FEEDS / "jp_soumu_news_rss10_shiftjis_20210719.rdf").read_bytes()
    assert b"\r\n" in data and b"Shift_JIS" in data[:100]  # the awkward parts are really there
    assert detect(data) == "feed"
    content = read_feed(data, source())
    assert len(content.items) == 20
    first = content.items[0]
    assert first.title == "総務省自治行政局における新型コロナウイルス感染症の感染者の発生"
    assert first.link == "https://www.soumu.go.jp/menu_news/s-news/01gyosei01_02000238.html"
    # dc:date 2021-07-19T05:00:00+09:00: the same instant, and still 19 July in Japan.
    assert first.published == datetime(2021, 7, 19, 5, 0, tzinfo=JST)
    assert first.published.astimezone(JST).day == 19
    assert first.published.astimezone(UTC).day == 18
    assert first.lang == "ja"
    assert "\ufffd" not in all_text(content)
    assert "\r" not in all_text(content)
    titles = [i.title for i in content.items]
    assert "電気通信紛争処理委員会（第213回）の開催について" in titles
    # Half-width ｢｣ in the source come out as full-width 「」.
    assert not any(ch in all_text(content) for ch in "｢｣ｱｲｳ")
    assert len({i.key for i in content.items}) == 20


def test_nystate_rss20() -> None:
    content = read_bytes((FEEDS / "us_nystate_alerts_cap_index_rss20.xml").read_bytes(), source())
    assert len(content.items) == 2
    first = content.items[0]
    assert first.title.startswith("I-81 NB 29S EXIT RAMP to I-481SB is Restricted")
    assert first.guid == "NYAlert-ALLHAZALERT-3167113"
    assert first.published == datetime(2011, 2, 4, 20, 20, tzinfo=UTC)
    assert first.lang == "en"  # from the feed's <language> since the source sets none


def test_usgs_atom_no_declaration_html_summary() -> None:
    content = read_bytes((FEEDS / "us_usgs_m5_earthquakes_atom_georss.xml").read_bytes(), source())
    assert [i.title for i in content.items] == ["M 5.3, Tonga"]
    item = content.items[0]
    assert item.published == datetime(2010, 8, 30, 23, 25, 40, tzinfo=UTC)
    page = content.pages[0]
    kinds = [b.kind for b in page.blocks]
    assert BlockKind.IMAGE in kinds  # <img alt="16.053°S 173.274°W">
    image = next(b for b in page.blocks if b.kind is BlockKind.IMAGE)
    assert image.text == "16.053°S 173.274°W"
    assert "Depth: 38.70 km (24.05 mi)" in page.plain_text()
    assert "<" not in page.plain_text()


def test_feed_language_from_config_wins() -> None:
    content = read_bytes(
        (FEEDS / "us_nystate_alerts_cap_index_rss20.xml").read_bytes(), source(lang="ja")
    )
    assert {i.lang for i in content.items} == {"ja"}


def test_expiry_from_config() -> None:
    data = (FEEDS / "jp_soumu_news_rss10_shiftjis_20210719.rdf").read_bytes()
    src = Source("t", "feed", "-", Category.NOTICES, expire_days=30)
    item = read_feed(data, src).items[0]
    assert item.expires == datetime(2021, 8, 18, 5, 0, tzinfo=JST)


def test_wrong_declared_charset_is_repaired() -> None:
    raw = (FEEDS / "jp_soumu_news_rss10_shiftjis_20210719.rdf").read_bytes()
    lying = raw.replace(b'encoding="Shift_JIS"', b'encoding="UTF-8"')
    content = read_feed(lying, source())
    assert (
        content.items[0].title == "総務省自治行政局における新型コロナウイルス感染症の感染者の発生"
    )
    utf8_body = raw.decode("cp932").encode("utf-8")  # still declares Shift_JIS
    assert read_feed(utf8_body, source()).items[1].title.startswith("青少年の安心・安全")


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b'<rss version="2.0"><channel><title>x</title></channel></rss>', "no items"),
        (b"<rss", "not a readable feed"),
        (b"<html><body>hello</body></html>", "not a readable feed"),
    ],
)
def test_unusable_feeds_raise_feed_error(data: bytes, reason: str) -> None:
    with pytest.raises(FeedError, match=reason):
        read_feed(data, source())


def test_truncated_feed_is_refused() -> None:
    raw = (FEEDS / "jp_soumu_news_rss10_shiftjis_20210719.rdf").read_bytes()
    with pytest.raises(FeedError, match="cut off"):
        read_feed(raw[: len(raw) // 2], source())


def test_entity_attacks_are_refused() -> None:
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]>'
        b'<rss version="2.0"><channel><title>t</title>'
        b"<item><title>&c;</title></item></channel></rss>"
    )
    xxe = (
        b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<rss version="2.0"><channel><title>t</title>'
        b"<item><title>&x;</title></item></channel></rss>"
    )
    for data in (laughs, xxe):
        with pytest.raises(FeedError, match="entity"):
            read_feed(data, source())
        # The same attacks in UTF-16 (with and without a BOM), where a byte search sees nothing.
        for encoded in (data.decode().encode("utf-16"), data.decode().encode("utf-16-le")):
            with pytest.raises(FeedError, match="entity"):
                read_feed(encoded, source())


def test_relative_links_are_taken_against_the_feed_and_items_stay_apart() -> None:
    # The Soumu feed with its first two links written relative, as many town CMSs write them.
    data = (FEEDS / "jp_soumu_news_rss10_shiftjis_20210719.rdf").read_bytes()
    data = data.replace(
        b"<link>https://www.soumu.go.jp/menu_news/s-news/01gyosei01_02000238.html</link>",
        b"<link>/menu_news/s-news/01gyosei01_02000238.html</link>",
    )
    data = data.replace(
        b"<link>https://www.soumu.go.jp/main_sosiki/kenkyu/ict_anshin/02kiban08_04000392.html",
        b"<link>main_sosiki/kenkyu/ict_anshin/02kiban08_04000392.html",
    )
    # read from a file: the feed's own site (<channel><link>) is the base
    items = read_feed(data, source()).items
    assert items[0].link == "https://www.soumu.go.jp/menu_news/s-news/01gyosei01_02000238.html"
    assert items[1].link.endswith("/main_sosiki/kenkyu/ict_anshin/02kiban08_04000392.html")
    assert len(items) == 20
    # fetched: the feed's address is the base, as a browser takes it
    fetched = Source("csv", "feed", "https://www.soumu.go.jp/news/news.rdf", Category.NOTICES)
    second = read_feed(data, fetched).items[1]
    assert second.link == (
        "https://www.soumu.go.jp/news/main_sosiki/kenkyu/ict_anshin/02kiban08_04000392.html"
    )
    # never anything but a web address
    hostile = data.replace(b"<link>/menu_news/", b"<link>javascript:alert(1)//", 1)
    assert read_feed(hostile, source()).items[0].link == ""


def test_atom_html_titles_lose_their_tags_and_entries_keep_their_language() -> None:
    data = (FEEDS / "us_usgs_m5_earthquakes_atom_georss.xml").read_bytes()
    data = data.replace(
        b"<title>M 5.3, Tonga</title>",
        b'<title type="html">&lt;b&gt;M 5.3&lt;/b&gt;, Tonga &amp;amp; Fiji</title>',
    )
    first = read_feed(data, source()).items[0]
    assert first.title == "M 5.3, Tonga & Fiji"
    assert first.lang == "en"
    data = data.replace(b"<entry>", b'<entry xml:lang="ja">', 1)  # the entry says it is Japanese
    assert read_feed(data, source()).items[0].lang == "ja"
    assert read_feed(data, source(lang="en")).items[0].lang == "en"  # the source's word wins


def test_a_title_escaped_twice_shows_its_characters() -> None:
    data = (FEEDS / "jp_soumu_news_rss10_shiftjis_20210719.rdf").read_bytes()
    title = "総務省自治行政局における新型コロナウイルス感染症の感染者の発生".encode("shift_jis")
    data = data.replace(title, "&amp;lt;重要&amp;gt; ".encode("shift_jis") + title, 1)
    assert read_feed(data, source()).items[0].title.startswith("<重要> 総務省")


def test_one_unreadable_title_leaves_that_item_out_not_the_feed() -> None:
    # The Soumu feed as UTF-8, one title carrying U+FFFD (a CMS that lost a character).
    text = (FEEDS / "jp_soumu_news_rss10_shiftjis_20210719.rdf").read_bytes().decode("cp932")
    text = text.replace('encoding="Shift_JIS"', 'encoding="UTF-8"')
    text = text.replace("総務省自治行政局", "総務省自治\ufffd政局", 1)
    data = text.encode("utf-8")
    content = read_feed(data, source())
    assert len(content.items) == 19
    assert all("\ufffd" not in i.title for i in content.items)
    assert content.notes and "left out" in content.notes[0]
