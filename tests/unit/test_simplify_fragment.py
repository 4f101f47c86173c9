"""Issue 17: simplify walks plain lxml.etree elements, not lxml.html's (cheaper to make). The
tree must be the very one lxml.html.fragment_fromstring(…, create_parent="div") gave, on every
HTML fragment the real feeds and pages in ../shared/feeds hold, whole and cut at random."""

from __future__ import annotations

import random

import feedparser
import lxml.etree
import lxml.html
import pytest

from kiosk.content.simplify import _fragment, html_to_blocks, sanitize_html
from tests.conftest import SHARED_FEEDS


def _fragments() -> list[str]:
    found: list[str] = []
    for path in sorted(SHARED_FEEDS.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if path.parent.name == "html":
            found.append(data.decode("utf-8", "replace"))
            continue
        for entry in feedparser.parse(data, sanitize_html=False).entries:
            for detail in [*(entry.get("content") or []), entry.get("summary_detail") or {}]:
                if detail.get("value"):
                    found.append(str(detail["value"]))
    return found


FRAGMENTS = _fragments()


def _same_tree(html: str) -> None:
    clean = sanitize_html(html)
    if not clean.strip():
        return
    try:
        expected = lxml.etree.tostring(lxml.html.fragment_fromstring(clean, create_parent="div"))
    except (lxml.etree.ParserError, ValueError) as exc:
        with pytest.raises(type(exc)):
            _fragment(clean)
        return
    assert lxml.etree.tostring(_fragment(clean)) == expected, clean[:300]


def test_the_shared_feeds_have_html_to_compare() -> None:
    assert len(FRAGMENTS) > 100
    assert sum("<" in f for f in FRAGMENTS) >= 3  # the two whole pages and marked-up entries


def test_the_same_tree_as_lxml_html_on_every_real_fragment_whole_and_cut() -> None:
    rng = random.Random(17)
    for html in FRAGMENTS:
        _same_tree(html)
        for _ in range(300 if "<" in html else 3):
            start = rng.randrange(len(html))
            _same_tree(html[start : start + rng.randint(1, 2000)])


@pytest.mark.parametrize(
    "html",
    [
        "   <b>only space before</b>",
        "text before <b>bold</b> after",
        "<html><body><p>a whole document</p></body></html>",
        "<!doctype html><p>with a doctype",
        "<ruby>漢<rt>かん</rt></ruby>字<br>next line",
    ],
)
def test_leading_text_and_whole_documents_as_lxml_html_has_them(html: str) -> None:
    _same_tree(html)
    assert html_to_blocks(html)  # and they still make blocks
