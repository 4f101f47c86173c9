"""A municipal web page → its article: title plus main text as plain blocks.

lxml parses (it copes with HTML 4 doctypes, IE conditional comments and tag soup); we remove
the parts that are never the article (scripts, navigation, headers, footers, sidebars named
as such), then take the main container: an explicit one (<main>, <article>, role=main, the
usual CMS ids) or else the element holding most of the page's non-link text. nh3 sanitises
that fragment before simplify.py turns it into blocks.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

import lxml.etree
import lxml.html

from kiosk.content.model import Block, BlockKind, Item, Page, Source, SourceContent
from kiosk.content.readers import HTML_DECLARED, DetectError, detect
from kiosk.content.readers.errors import HtmlError
from kiosk.content.readers.text import declared_html_charset, decode
from kiosk.content.simplify import html_to_blocks, normalize_text, summary_of

NEVER_CONTENT = ("script", "style", "noscript", "iframe", "object", "embed", "form", "nav",
                 "header", "footer", "aside", "button", "input", "select", "textarea",
                 "template", "svg", "link", "meta")  # fmt: skip
_BOILERPLATE = re.compile(
    r"(?:^|[-_\s])(?:g?navi?(?:gation|gator)?\d*|l?nav|menu|breadcrumbs?|crumb|pankuzu|topicpath|"
    r"footer|header|sidebar|sider|side|banner|sns|share|social|pagetop|page-top|skip|toc|"
    r"utility|search|related|ads?|advert\w*|jumper|siteinfo|credit|tabs)(?:$|[-_\s])",
    re.I,
)
MAIN_SELECTORS = (
    "//main",
    "//*[@role='main']",
    "//article",
    "//*[@id='main-content' or @id='main_content' or @id='maincontent' or @id='tmp_contents']",
    "//*[@id='contents' or @id='content' or @id='primary' or @id='main' or @id='honbun']",
)
MIN_TEXT = 40
# Elements every real web page has some of; a body without any is not a page (plain text, JSON,
# YAML, base64 …) however well it decodes. lxml would wrap such text in <html><body><p>.
_HTML_MARKUP = re.compile(
    r"<(?:!doctype\s+html|html|head|body|title|meta|p|div|span|a|h[1-6]|table|tr|td|th|caption|"
    r"ul|ol|li|dl|dt|dd|br|hr|section|article|main|img|strong|em|b|i|u|font|center|pre|"
    r"blockquote|form)[\s/>]",
    re.I,
)
_JSON_START = re.compile(r'\{|\[\s*[\[{"\d\]-]')
_DECLARED_HTML = re.compile(HTML_DECLARED.pattern.decode(), re.I)  # the same rule, on text

# Formats a source that should be a web page sometimes serves instead (a CMS moved the page to
# a feed, an API answers, a download link): named in the reason, with the kind that reads them.
_OTHER_FORMATS = {
    "feed": ("an RSS/Atom feed", "feed"),
    "jsonfeed": ("a JSON Feed", "feed"),
    "cap": ("a CAP alert document", "cap"),
    "jmx": ("a JMA disaster-information XML document", "jmx"),
    "csv": ("an open-data CSV table", "csv"),
}
# Files a page link often leads to instead (municipal sites link PDFs and Office files), by the
# bytes they begin with.
_FILE_SIGNATURES = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP file (or a Word/Excel document)"),
    (b"\xd0\xcf\x11\xe0", "an old Word/Excel document"),
    (b"\x1f\x8b", "a gzip file"),
)
# Unreadable characters (controls, surrogates, U+FFFD) in more than this share of the
# article's text: the bytes were not text in the encoding they decoded in.
MAX_UNREADABLE = 0.01
MIN_UNREADABLE = 20  # a stray replacement character on a short notice is not garbage


def read_html(
    data: bytes, source: Source, url: str = "", charset: str | None = None
) -> SourceContent:
    """One item (the page) with its simplified article; raises only HtmlError."""
    try:
        title, blocks = extract_article(data, charset)
    except HtmlError:
        raise
    except Exception as exc:
        raise HtmlError(f"page could not be read ({type(exc).__name__})") from exc
    link = url or (source.location if source.location.startswith(("http:", "https:")) else "")
    guid = link or hashlib.sha1(title.encode()).hexdigest()[:16]
    item = Item(
        source_id=source.id,
        guid=guid,
        title=title,
        category=source.category,
        lang=source.lang or "ja",
        summary=summary_of(blocks),
        link=link,
    )
    return SourceContent(source=source, items=(item,), pages=(Page(item.key, blocks),))


def extract_article(data: bytes, charset: str | None = None) -> tuple[str, tuple[Block, ...]]:
    """(title, blocks) of the page's main text."""
    if not data.strip():
        raise HtmlError("the page is empty")
    _refuse_other_format(data)
    try:
        text, _encoding = decode(data, charset or declared_html_charset(data))
    except UnicodeDecodeError as exc:
        raise HtmlError(
            f"the page's text does not decode ({exc.encoding}, byte {exc.start})"
        ) from exc
    if not _looks_like_markup(text):
        raise HtmlError("not an HTML page: it is not HTML markup (plain text, JSON or a file?)")
    # lxml refuses str input that carries an XML encoding declaration (XHTML pages).
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    try:
        doc = lxml.html.document_fromstring(text)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise HtmlError(f"not an HTML page ({exc})") from exc
    title = _title(doc)
    if doc.xpath("//input[translate(@type, 'PASWORD', 'pasword')='password']"):
        # A page that asks for a password is a Wi-Fi login / captive portal or an internal
        # admin page, never a municipal notice: it must not reach the public screen.
        raise HtmlError("the page asks for a password (a Wi-Fi login page?), not content")
    if _login_form(doc):
        raise HtmlError("the page is a login form (a Wi-Fi login page?), not content")
    _remove_boilerplate(doc)
    main = _main_element(doc)
    if main is None:
        raise HtmlError("the page has no text")
    fragment = lxml.html.tostring(main, encoding="unicode")
    blocks = html_to_blocks(fragment)
    # The page title usually repeats as the first heading; the screen shows the title already.
    if blocks and blocks[0].kind is BlockKind.HEADING and _same(blocks[0].text, title):
        blocks = blocks[1:]
    if not blocks:
        raise HtmlError("the page has no readable text")
    _refuse_garbled(title + "".join(b.plain_text() for b in blocks))
    if not title:
        title = summary_of(blocks, limit=60)
    if not title:
        raise HtmlError("the page has no title or readable text")
    return title, blocks


def _refuse_other_format(data: bytes) -> None:
    """A feed, alert document or table where the page should be: say which, and which kind
    reads it, instead of showing its markup or raw fields as a page."""
    start = data.lstrip(b" \t\r\n")
    for signature, what in _FILE_SIGNATURES:
        if start.startswith(signature):
            raise HtmlError(f"this is {what}, not a web page")
    try:
        kind = detect(data)
    except DetectError:
        return  # judged below by its markup
    if kind in _OTHER_FORMATS:
        what, reader_kind = _OTHER_FORMATS[kind]
        raise HtmlError(f'this is {what}, not a web page (kind = "{reader_kind}" reads it)')


def _looks_like_markup(text: str) -> bool:
    """A page begins with markup (a doctype, <html>, a comment, or a fragment's first tag) or
    declares itself HTML in its first 64 KiB (after a server's warning lines), and holds HTML
    elements. Plain text, Markdown (even with inline HTML), YAML, and JSON — even JSON that
    carries a page inside a string — are not pages. (A fragment that opens with bare text is
    refused too: rare, and not told apart from Markdown.)"""
    head = text.lstrip("\ufeff \t\r\n\x00")
    if _JSON_START.match(head):
        return False
    starts = head.startswith("<") or _DECLARED_HTML.search(head[:65536]) is not None
    return starts and _HTML_MARKUP.search(text) is not None


def _refuse_garbled(text: str) -> None:
    """Control characters, unpaired surrogates or U+FFFD in quantity: bytes that were never text
    in the charset they decoded in. Private-use (Shift_JIS gaiji, icon fonts) and characters
    newer than Python's Unicode tables (new emoji, CJK extensions) are real text, not garbage."""
    # The first 200,000 characters tell: garbage is garbage throughout, and a long page must
    # not cost a second per pass.
    sample = "".join(text[:200_000].split())
    unreadable = sum(1 for c in sample if c == "\ufffd" or unicodedata.category(c) in ("Cc", "Cs"))
    if unreadable >= MIN_UNREADABLE and unreadable > MAX_UNREADABLE * len(sample):
        raise HtmlError(
            f"the page's text is garbled ({unreadable} of {len(sample)} characters unreadable)"
        )


# Words of Wi-Fi login pages (captive portals) and sign-in forms, matched in a form's text and
# attributes, and in the title of a page that replaced a known one.
LOGIN_WORDS = (
    "login", "log in", "logon", "sign in", "signin", "sign-in", "wi-fi", "wifi", "hotspot",
    "captive", "authenticat", "ログイン", "サインイン", "認証", "利用規約に同意", "同意して接続",
    "インターネットに接続",
)  # fmt: skip


def has_login_words(text: str) -> bool:
    folded = text.casefold()
    return any(word in folded for word in LOGIN_WORDS)


def _login_form(doc: lxml.html.HtmlElement) -> bool:
    for form in doc.iter("form"):
        attributes = " ".join(f"{k}={v}" for el in form.iter() for k, v in el.attrib.items())
        if has_login_words(attributes + " " + form.text_content()):
            return True
    return False


def _title(doc: lxml.html.HtmlElement) -> str:
    candidates = doc.xpath("//meta[@property='og:title']/@content") + doc.xpath("//title/text()")
    for candidate in candidates:
        title = normalize_text(str(candidate))
        # "Article | Site name" → "Article"
        parts = [p.strip() for p in re.split(r"\s[|｜\-–—:：]\s|｜", title) if p.strip()]
        if parts:
            return parts[0]
    heading = doc.xpath("//h1")
    return normalize_text(heading[0].text_content()) if heading else ""


def _remove_boilerplate(doc: lxml.html.HtmlElement) -> None:
    for comment in doc.xpath("//comment()"):
        _drop(comment)
    for element in doc.xpath("//" + " | //".join(NEVER_CONTENT)):
        _drop(element)
    body = doc.find("body")
    for element in list(doc.iter()):
        if element is doc or element is body or not isinstance(element.tag, str):
            continue
        names = f"{element.get('id', '')} {element.get('class', '')} {element.get('role', '')}"
        landmark = element.get("role") in ("navigation", "banner", "contentinfo", "search")
        named = bool(names.strip()) and _BOILERPLATE.search(names) is not None
        if landmark or (named and not _holds_main(element)):
            _drop(element)


def _holds_main(element: lxml.html.HtmlElement) -> bool:
    # Never drop a wrapper of the article itself (e.g. class="layout-with-sidebar").
    return bool(element.xpath(".//main | .//article | .//*[@role='main']"))


def _drop(element: lxml.html.HtmlElement) -> None:
    parent = element.getparent()
    if parent is None:
        return
    if isinstance(element.tag, str):
        element.drop_tree()  # keeps the tail text
    else:
        tail = element.tail
        previous = element.getprevious()
        parent.remove(element)
        if tail:
            if previous is not None:
                previous.tail = (previous.tail or "") + tail
            else:
                parent.text = (parent.text or "") + tail


def _text_len(element: lxml.html.HtmlElement) -> int:
    total = len("".join("".join(element.itertext()).split()))
    links = sum(len("".join("".join(a.itertext()).split())) for a in element.iter("a"))
    return total - links // 2


def _main_element(doc: lxml.html.HtmlElement) -> lxml.html.HtmlElement | None:
    for selector in MAIN_SELECTORS:
        found = [e for e in doc.xpath(selector) if _text_len(e) >= MIN_TEXT]
        if found:
            return max(found, key=_text_len)
    body = doc.find("body")
    node = body if body is not None else doc
    if _text_len(node) == 0:
        return None
    # Descend into the child that holds most of the text, while one does.
    while True:
        total = _text_len(node)
        children = [c for c in node if isinstance(c.tag, str)]
        best = max(children, key=_text_len, default=None)
        if best is None or _text_len(best) < 0.7 * total:
            return node
        node = best


def _same(a: str, b: str) -> bool:
    return "".join(a.split()) == "".join(b.split())
