"""HTML article extraction on real municipal/government pages, and hostile HTML."""

from __future__ import annotations

import codecs
import re

import pytest

from kiosk.content.model import BlockKind, Category, Source
from kiosk.content.readers import HtmlError, detect
from kiosk.content.readers.html import extract_article, read_html
from kiosk.content.simplify import html_to_blocks, sanitize_html
from tests.conftest import DATA

HTML = DATA / "html"


def source() -> Source:
    return Source("page", "html", "https://www.town.katsuragi.example.jp/reiki/80.html",
                  Category.NOTICES)  # fmt: skip


def test_katsuragi_ordinance_every_article_kept() -> None:
    data = (HTML / "katsuragi_town_reiki_chushajo_jorei.html").read_bytes()
    assert detect(data) == "html"
    title, blocks = extract_article(data)
    assert title == "かつらぎ町駐車場等設置条例"
    text = "\n".join(b.plain_text() for b in blocks)
    # Every article of the ordinance, including the short ones full of cross-reference links
    # that density-based extractors drop (第2条 定義, 第7条 使用料).
    for number in range(1, 10):
        assert f"第{number}条" in text
    assert "駐車場等の使用料は、無料とする。" in text
    tables = [b for b in blocks if b.kind is BlockKind.TABLE]
    assert len(tables) == 1 and tables[0].header
    assert tables[0].rows[0] == ("名称", "位置")
    assert ("船岡山駐車場", "かつらぎ町大字西渋田372番地の5") in tables[0].rows
    # The table of contents and the scripts are gone.
    assert "jQuery" not in text and "iPadLoadStyle" not in text
    assert text.count("第2条　この条例において") == 1
    assert "\ufffd" not in text


def test_cio_portal_article_without_boilerplate() -> None:
    data = (HTML / "jp_gov_cio_portal_article_dp2021_05.html").read_bytes()
    assert data.startswith(b"\n") or data.startswith(b"\r\n")  # leading blank line, as found
    assert detect(data) == "html"
    content = read_html(data, source())
    item = content.items[0]
    assert item.title == "デジタル社会実現のためのアーキテクチャ設計"  # " | 政府CIOポータル" cut
    text = content.pages[0].plain_text()
    assert "アーキテクチャは重要な役割を果たしています。" in text
    assert "政府ＣＩＯ補佐官" in text or "政府CIO補佐官" in text
    # ~25 KB of inline NewRelic JS, the navigation and the sidebar never reach the page.
    for junk in ("NREUM", "newrelic", "window.", "function(", "サイトマップ", "検索"):
        assert junk not in text, junk
    assert item.summary.startswith("アーキテクチャ作成や活用の考え方")
    assert "\ufffd" not in text


HOSTILE = """<!doctype html><html><head><title>お知らせ｜さくら川町</title>
<script>alert('x')</script><style>body{display:none}</style></head>
<body onload="steal()"><nav><a href="/">ホーム</a></nav>
<main><h1>お知らせ</h1>
<p onclick="evil()">ごみの日が変わります。<a href="javascript:alert(1)">詳しく</a></p>
<iframe src="https://evil.example/"></iframe><img src="x.png" onerror="evil()" alt="地図">
<p><a href="https://www.town.example.jp/gomi.html" onmouseover="x()">ごみカレンダー</a></p>
<script>document.write('<p>injected</p>')</script><svg><script>alert(2)</script></svg>
<form action="https://evil.example/"><input name="pin"></form></main></body></html>"""


def test_hostile_html_is_neutralised() -> None:
    title, blocks = extract_article(HOSTILE.encode())
    assert title == "お知らせ"
    text = "\n".join(b.plain_text() for b in blocks)
    assert "ごみの日が変わります。詳しく" in text
    assert "ごみカレンダー" in text
    for bad in ("alert", "evil", "steal", "injected", "javascript", "<", "ホーム"):
        assert bad not in text
    images = [b for b in blocks if b.kind is BlockKind.IMAGE]
    assert [i.text for i in images] == ["地図"]
    clean = sanitize_html(HOSTILE)
    for bad in ("<script", "onload", "onclick", "onerror", "javascript:", "<iframe", "<form"):
        assert bad not in clean


def test_blocks_from_structure() -> None:
    blocks = html_to_blocks(
        "<h2>持ち物</h2><ul><li>保険証</li><li>診察券</li></ul><ol><li>受付</li></ol>"
        "<p>午前９時から<br>午後５時まで</p><img src='a.png'>"
        "<table><tr><th>曜日</th><th>時間</th></tr><tr><td>月</td><td>９時</td></tr></table>"
    )
    assert [b.kind for b in blocks] == [
        BlockKind.HEADING, BlockKind.LIST, BlockKind.LIST, BlockKind.PARAGRAPH, BlockKind.TABLE,
    ]  # fmt: skip
    assert blocks[1].items == ("保険証", "診察券") and not blocks[1].ordered
    assert blocks[2].ordered
    assert blocks[3].text == "午前9時から\n午後5時まで"  # full-width digits normalised
    assert blocks[4].rows == (("曜日", "時間"), ("月", "9時")) and blocks[4].header


@pytest.mark.parametrize(
    "data", [b"", b"   ", b"<html><body><script>x()</script></body></html>", b"\xff\xfe\x00"]
)
def test_pages_without_text(data: bytes) -> None:
    with pytest.raises(HtmlError):
        extract_article(data)


def test_wrong_or_missing_charset() -> None:
    page = (HTML / "katsuragi_town_reiki_chushajo_jorei.html").read_text(encoding="utf-8")
    lying = page.encode("cp932")  # still says charset=utf-8 in its <meta>
    title, blocks = extract_article(lying)
    assert title == "かつらぎ町駐車場等設置条例"
    assert "駐車場等の使用料は、無料とする。" in "".join(b.plain_text() for b in blocks)
    undeclared = page.replace("charset=utf-8", "").encode("euc_jp")
    assert extract_article(undeclared)[0] == "かつらぎ町駐車場等設置条例"


# Every shared sample that is not a web page, by what it is: what a page source may start
# serving when a CMS moves the page to a feed, an API answers, or a link becomes a download.
NOT_PAGES = sorted(
    p for p in DATA.rglob("*") if p.is_file() and p.parent.name != "html" and p.parent != DATA
)


@pytest.mark.parametrize("path", NOT_PAGES, ids=lambda p: p.name)
def test_other_formats_are_not_pages(path) -> None:
    with pytest.raises(HtmlError) as refused:
        extract_article(path.read_bytes())
    reason = str(refused.value)
    assert "not a web page" in reason or "not an HTML page" in reason, reason
    if path.suffix in (".csv", ".json", ".rdf", ".xml"):
        assert 'kind = "' in reason  # names the kind that does read it
    if path.suffix == ".png":  # (one is a JPEG named .png, as a broken package had it)
        assert re.fullmatch(r"this is a (PNG|JPEG) image, not a web page", reason), reason


@pytest.mark.parametrize(
    "body",
    [
        b'{"error": "Service Unavailable", "status": 503}',
        "ただいまメンテナンス中です。しばらくお待ちください。".encode(),
        b"# Health talk\n\nA Markdown file with a <br> in it is not a web page.\n",
        b"iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg"
        * 20,
        bytes(range(32, 127)) * 30,  # printable junk
    ],
    ids=["json-error", "plain-text", "markdown", "base64", "printable-junk"],
)
def test_text_that_is_not_markup_is_not_a_page(body: bytes) -> None:
    with pytest.raises(HtmlError, match="not an HTML page"):
        extract_article(body)


@pytest.mark.parametrize(
    ("head", "what"),
    [(b"%PDF-1.7\n", "a PDF document"), (b"PK\x03\x04\x14\x00", "a ZIP file"),
     (b"\xff\xd8\xff\xe0", "a JPEG image"), (b"\x1f\x8b\x08", "a gzip file")],
)  # fmt: skip
def test_linked_files_are_named(head: bytes, what: str) -> None:
    body = head + "<p>本文</p>".encode() * 50  # whatever follows the signature
    with pytest.raises(HtmlError, match=f"this is {what}"):
        extract_article(body)


def test_binary_behind_a_latin1_head_is_garbled_not_a_page() -> None:
    # Latin-1 decodes any bytes: a file served inside a page head declaring it "reads", and
    # would become a page of symbols. Its C1 controls give it away.
    junk = bytes((i * 7919 + 13) % 256 for i in range(4000))
    page = b'<html><head><meta charset="iso-8859-1"><title>x</title></head><body><p>'
    with pytest.raises(HtmlError, match="garbled"):
        extract_article(page + junk + b"</p></body></html>")
    # One stray control character in a real page is not garbage.
    real = (HTML / "katsuragi_town_reiki_chushajo_jorei.html").read_bytes()
    assert extract_article(real.replace("第1条".encode(), "第1条\x07".encode(), 1))[0]


def test_a_warning_line_before_the_page_still_reads() -> None:
    page = (HTML / "katsuragi_town_reiki_chushajo_jorei.html").read_bytes()
    warned = b"Warning: session_start(): headers already sent in /var/www/index.php\n" + page
    assert extract_article(warned)[0] == "かつらぎ町駐車場等設置条例"


def _page(body: str, charset: str = "utf-8", title: str = "お知らせ") -> bytes:
    head = f'<html><head><meta charset="{charset}"><title>{title}</title></head><body><p>'
    return head.encode() + body.encode(charset) + b"</p></body></html>"


@pytest.mark.parametrize(
    "data",
    [
        # an emoji newer than Python 3.11's Unicode tables
        _page("ピンクリボン月間です \U0001fa77 検診へどうぞ。"),
        _page("\ue000 印の施設は車いすで利用できます。"),  # private use: an icon font, a gaiji
        b'<html><head><meta charset="shift_jis"><title>x</title></head><body><p>'
        + "高橋".encode("cp932") + b"\xf0\x40" + "様の講演会".encode("cp932")
        + b"</p></body></html>",
        _page("開館時間は9時\ufffd17時です。"),  # one stray replacement character
    ],
    ids=["new-emoji", "private-use", "shift-jis-gaiji", "one-replacement-char"],
)  # fmt: skip
def test_rare_but_real_characters_are_not_garbage(data: bytes) -> None:
    title, blocks = extract_article(data)
    assert blocks and title


def test_latin1_labelled_page_in_windows_1252_reads_as_browsers_do() -> None:
    # Word/FrontPage pages say ISO-8859-1 and use Windows-1252's quotes and dashes (0x91-0x97).
    body = b"The library says \x93welcome\x94 \x96 open 9\x9617 on weekdays, closed Sundays."
    page = b'<html><head><meta charset="iso-8859-1"><title>Library</title></head><body><p>'
    _title, blocks = extract_article(page + body + b"</p></body></html>")
    assert "\u201cwelcome\u201d \u2013 open 9\u201317" in blocks[0].text


@pytest.mark.parametrize(
    "prefix",
    [b"Warning: session_start(): headers already sent in /var/www/index.php line 3\n" * 60,
     b"Notice: id, page, lang undefined\n"],
    ids=["long-warnings", "notice-with-commas"],
)  # fmt: skip
def test_server_notices_before_the_page(prefix: bytes) -> None:
    page = (HTML / "katsuragi_town_reiki_chushajo_jorei.html").read_bytes()
    assert extract_article(prefix + page)[0] == "かつらぎ町駐車場等設置条例"


def test_a_table_fragment_reads() -> None:
    table = (
        "<table><tr><th>曜日</th>"
        "<td>月曜日から金曜日まで、午前9時から午後5時まで開いています</td></tr></table>"
    )
    assert extract_article(table.encode())[1]


def test_utf16_big_endian_page() -> None:
    page = (HTML / "katsuragi_town_reiki_chushajo_jorei.html").read_text(encoding="utf-8")
    page = page.replace("charset=utf-8", "charset=utf-16")
    assert (
        extract_article(codecs.BOM_UTF16_BE + page.encode("utf-16-be"))[0]
        == "かつらぎ町駐車場等設置条例"
    )


def test_json_carrying_a_page_in_a_string_is_not_a_page() -> None:
    body = (
        b'{"status": "ok", "html": "<!DOCTYPE html><html><body><p>'
        + "お知らせです".encode() * 20
        + b'</p></body></html>"}'
    )
    with pytest.raises(HtmlError, match="not an HTML page"):
        extract_article(body)


def test_a_pdf_after_blank_lines_is_named() -> None:
    with pytest.raises(HtmlError, match="this is a PDF document"):
        extract_article(b"\r\n%PDF-1.4\n" + "<p>本文</p>".encode() * 50)
