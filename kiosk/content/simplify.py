"""Turn whatever HTML or text a source sends into plain, readable blocks.

nh3 (ammonia) sanitises; lxml walks the sanitised tree. Nothing past this module carries markup:
every Block holds plain, normalised text. Sentence splitting and width normalisation live here
too, so every reader treats text the same way.
"""

from __future__ import annotations

import html as html_lib
import re
import unicodedata

import jaconv
import lxml.etree
import lxml.html
import nh3

from kiosk.content.model import Block, BlockKind

# Tags kept by the sanitiser: structure only. Everything else is dropped with its attributes;
# script/style/iframe content is removed entirely (nh3's clean_content_tags).
ALLOWED_TAGS = {
    "h1", "h2", "h3", "h4", "h5", "h6", "p", "br", "div", "section", "article", "main",
    "blockquote", "pre", "address", "ul", "ol", "li", "dl", "dt", "dd", "table", "thead",
    "tbody", "tfoot", "tr", "th", "td", "caption", "img", "span", "a", "strong", "em", "b",
    "i", "u", "small", "sup", "sub", "ruby", "rt", "rp", "figure", "figcaption", "time", "abbr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"img": {"alt", "src"}, "a": {"href"}}
DROP_WITH_CONTENT = {
    "script", "style", "iframe", "noscript", "object", "embed", "template",
    "svg", "math", "form", "button", "select", "textarea", "title", "head",
}  # fmt: skip
URL_SCHEMES = {"http", "https"}

HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
BLOCK_CONTAINERS = {"div", "section", "article", "main", "blockquote", "figure", "body", "dl",
                    "address", "tbody", "thead", "tfoot"}  # fmt: skip
PARAGRAPH_LIKE = {"p", "pre", "dt", "dd", "figcaption", "caption"}

_FULLWIDTH_ALNUM = str.maketrans(
    "０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ"
    "ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ",
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
)
# After katakana, an ASCII or half-width hyphen is the long-vowel mark typed on a narrow keyboard.
_KATAKANA_DASH = re.compile(r"(?<=[\u30a1-\u30fa])[-\uff0d\uff70\u2010\u2212]")
_HALFWIDTH_KANA = re.compile(r"[\uff61-\uff9f]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufeff\u200b]")
_SPACES = re.compile(r"[ \t\r\f\v\u00a0\u2002-\u200a\u202f\u205f]+")
_JA_SENTENCE_END = re.compile(r"(?<=[。！？!?])(?![」』）)”’。！？!?])")
_EN_SENTENCE_END = re.compile(
    r"(?:(?<=[.!?])|(?<=[.!?][\"')\]]))\s+(?=[\"'(\[「（]?[A-Z0-9\u3040-\u30ff\u4e00-\u9fff])"
)


def normalize_text(text: str, keep_newlines: bool = False) -> str:
    """Width and whitespace normalised plain text.

    Half-width katakana become full-width (ｲﾁｶﾜ → イチカワ), full-width letters and digits
    become ASCII (ＡＢＣ１ → ABC1); Japanese punctuation stays full-width on purpose, since it reads
    better in Japanese text than NFKC's ASCII replacements.
    """
    if not text:  # most calls: an empty paragraph buffer flushed at a block boundary
        return ""
    text = unicodedata.normalize("NFC", text)
    text = _CONTROL.sub("", text)
    if _HALFWIDTH_KANA.search(text):  # jaconv walks every character: only when needed
        text = jaconv.h2z(text, kana=True, ascii=False, digit=False)
    text = text.translate(_FULLWIDTH_ALNUM)
    text = _KATAKANA_DASH.sub("ー", text)
    lines = [_SPACES.sub(" ", line).strip(" \u3000") for line in text.splitlines()]
    if keep_newlines:
        return "\n".join(line for line in lines if line)
    return " ".join(line for line in lines if line)


_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def plain_title(text: str) -> str:
    """A title that is meant as plain text, on one line. Many CMSs escape it twice (the XML
    then says ``&amp;lt;重要&amp;gt;``, the reader gets ``&lt;重要&gt;``): entities left in
    plain text are decoded once, so the screen never shows ``&amp;``."""
    if _ENTITY.search(text):
        text = html_lib.unescape(text)
    return normalize_text(text)


def split_sentences(text: str, lang: str = "ja") -> list[str]:
    """Sentences of one paragraph: after 。！？ (Japanese) and after . ! ? followed by a space
    and a capital, digit or Japanese character (English). Both rules apply in either language
    because Japanese notices quote English and vice versa; ``lang`` is kept for callers."""
    text = normalize_text(text)
    if not text:
        return []
    parts = [p for chunk in _JA_SENTENCE_END.split(text) for p in _EN_SENTENCE_END.split(chunk)]
    return [p.strip() for p in parts if p.strip()]


def sanitize_html(html: str) -> str:
    """Sanitised HTML: only structural tags, only http(s) links, no scripts or handlers."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags=DROP_WITH_CONTENT,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )


def html_to_blocks(html: str) -> tuple[Block, ...]:
    """Sanitise ``html`` and turn it into plain blocks in reading order."""
    if "<" not in html and "&" not in html:
        return text_to_blocks(html)  # plain text (most municipal feed descriptions): no parse
    clean = sanitize_html(html)
    if not clean.strip():
        return ()
    try:
        root = _fragment(clean)
    except (lxml.etree.ParserError, ValueError):
        return ()
    builder = _BlockBuilder()
    builder.container(root)
    builder.flush()
    return tuple(_merge_adjacent_duplicates(builder.blocks))


# lxml.html's parser settings without its HtmlElement classes: the walk below needs only tags,
# text and attributes, and plain elements are cheaper to make (~15 µs of ~95 per feed item).
_HTML_PARSER = lxml.etree.HTMLParser()
_FULL_HTML = re.compile(r"^\s*<(?:html|!doctype)", re.I)


def _fragment(html: str) -> lxml.etree._Element:
    """``lxml.html.fragment_fromstring(html, create_parent="div")`` as plain lxml.etree
    elements: the same parse, the same tree (leading text kept unless it is only space)."""
    if _FULL_HTML.match(html):
        return lxml.html.fragment_fromstring(html, create_parent="div")
    document = lxml.etree.fromstring(f"<html><body>{html}</body></html>", _HTML_PARSER)
    bodies = [] if document is None else [e for e in document if e.tag == "body"]
    if len(bodies) != 1:  # nothing a sanitised fragment gives; lxml.html says what it is
        return lxml.html.fragment_fromstring(html, create_parent="div")
    (body,) = bodies
    root = lxml.etree.Element("div")
    if body.text and body.text.strip():
        root.text = body.text
    root.extend(body)
    return root


def text_to_blocks(text: str) -> tuple[Block, ...]:
    """Plain text (paragraphs separated by blank lines) as paragraph blocks."""
    paragraphs = re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\r", "\n"))
    return tuple(
        Block(BlockKind.PARAGRAPH, text=t)
        for t in (normalize_text(p, keep_newlines=True) for p in paragraphs)
        if t
    )


def summary_of(blocks: tuple[Block, ...], limit: int = 120) -> str:
    """A short plain summary: the first paragraph's first sentences, at most ``limit`` chars."""
    for block in blocks:
        if block.kind is BlockKind.PARAGRAPH and re.search(r"\w", block.text):
            text = block.text.replace("\n", " ")
            return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
    return ""


def _inline_text(element: lxml.etree._Element) -> str:
    """Text of an element with <br> as a newline and ruby readings (rt/rp) left out."""
    parts: list[str] = []

    def walk(el: lxml.etree._Element) -> None:
        if el.tag in ("rt", "rp"):
            if el.tail:
                parts.append(el.tail)
            return
        if el.tag == "br":
            parts.append("\n")
        elif el.text:
            parts.append(el.text)
        for child in el:
            walk(child)
        if el.tail and el is not element:
            parts.append(el.tail)

    walk(element)
    return "".join(parts)


class _BlockBuilder:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self._buffer: list[str] = []

    def flush(self) -> None:
        text = normalize_text("".join(self._buffer), keep_newlines=True)
        self._buffer.clear()
        if text:
            self.blocks.append(Block(BlockKind.PARAGRAPH, text=text))

    def add_text(self, text: str | None) -> None:
        if text:
            self._buffer.append(text)

    def container(self, element: lxml.etree._Element) -> None:
        self.add_text(element.text)
        for child in element:
            if not isinstance(child.tag, str):
                self.add_text(child.tail)
                continue
            self.element(child)
            self.add_text(child.tail)

    def element(self, el: lxml.etree._Element) -> None:
        tag = el.tag
        if tag in HEADINGS:
            self.flush()
            text = normalize_text(_inline_text(el))
            if text:
                self.blocks.append(Block(BlockKind.HEADING, text=text, level=int(tag[1])))
        elif tag in ("ul", "ol"):
            self.flush()
            items = tuple(
                t
                for li in el
                if isinstance(li.tag, str)
                for t in [normalize_text(_inline_text(li))]
                if t
            )
            if items:
                self.blocks.append(Block(BlockKind.LIST, items=items, ordered=tag == "ol"))
        elif tag == "table":
            self.flush()
            self.table(el)
        elif tag == "img":
            self.flush()
            alt = normalize_text(el.get("alt", ""))
            if alt:  # an image without alt text says nothing to a reader or to speech
                self.blocks.append(Block(BlockKind.IMAGE, text=alt, src=el.get("src", "")))
        elif tag == "li":  # a stray <li> outside a list
            self.flush()
            self.container(el)
            self.flush()
        elif tag in PARAGRAPH_LIKE or tag in BLOCK_CONTAINERS:
            self.flush()
            if not _has_block_child(el):  # an <img> is a block child too
                self.add_text(_inline_text(el))
            else:
                self.container(el)
            self.flush()
        elif tag == "br":
            self.add_text("\n")
        elif _has_block_child(el):
            self.container(el)
        else:
            self.add_text(_inline_text(el))

    def table(self, table: lxml.etree._Element) -> None:
        rows: list[tuple[str, ...]] = []
        header = False
        for index, tr in enumerate(table.iter("tr")):
            cells = [c for c in tr if c.tag in ("td", "th")]
            row = tuple(normalize_text(_inline_text(c)) for c in cells)
            if not any(row):
                continue
            if index == 0 or not rows:
                header = all(c.tag == "th" for c in cells)
            rows.append(row)
        if not rows:
            return
        if len(rows) == 1 or all(len(r) == 1 for r in rows):
            # Layout tables with one cell per row are paragraphs in disguise.
            for row in rows:
                for cell in row:
                    if cell:
                        self.blocks.append(Block(BlockKind.PARAGRAPH, text=cell))
            return
        if not header and _looks_like_header(rows):
            header = True
        self.blocks.append(Block(BlockKind.TABLE, rows=tuple(rows), header=header))


_BLOCK_TAGS = frozenset(
    HEADINGS | BLOCK_CONTAINERS | PARAGRAPH_LIKE | {"ul", "ol", "table", "li", "img"}
)


def _has_block_child(el: lxml.etree._Element) -> bool:
    # iterdescendants(*tags) filters in C; comments and processing instructions never match.
    return next(el.iterdescendants(*_BLOCK_TAGS), None) is not None


def _looks_like_header(rows: list[tuple[str, ...]]) -> bool:
    # A first row of short labels over longer data rows (e.g. 名称 | 位置) is a header row.
    first = rows[0]
    return len(rows) > 2 and all(0 < len(c) <= 8 for c in first)


def _merge_adjacent_duplicates(blocks: list[Block]) -> list[Block]:
    out: list[Block] = []
    for block in blocks:
        if out and out[-1] == block:
            continue
        out.append(block)
    return out
