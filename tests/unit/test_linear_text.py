"""No text can freeze the kiosk: every content-processing entry point is linear (issue 16, #1).

200,000-character inputs of every character class (and the patterns that made our regexes
scan to the end of the text for every match, or backtrack exponentially) go through each
entry point that content passes on its way to the screen. Each must finish within 0.5 s of
CPU time — far above linear cost, far below the seconds or hours a quadratic rule takes.
CPU time, not wall time: the machine running the tests may be busy with other work.
(kiosk/speech/normalize.py has its own test with the speech work.)
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from html import escape
from pathlib import Path

import pytest

from kiosk.content import easyja
from kiosk.content.check import check_package
from kiosk.content.model import Category, Source
from kiosk.content.package_markdown import apply_ruby
from kiosk.content.packages import read_package
from kiosk.content.problems import ContentError
from kiosk.content.readers import detect, read_bytes
from kiosk.content.readers.feeds import _truncated
from kiosk.content.readers.html import extract_article
from kiosk.content.readers.jmx_doc import sections as _sections
from kiosk.content.readers.opendata_csv import read_opendata_csv
from kiosk.content.readers.text import declared_html_charset
from kiosk.content.reading import extract_readings
from kiosk.content.scaffold import create_package
from kiosk.content.simplify import html_to_blocks, normalize_text, split_sentences, text_to_blocks
from kiosk.i18n import set_language

N = 200_000
BOUND = 0.5  # seconds of CPU time
TODAY = date(2026, 11, 25)


def _fill(pattern: str) -> str:
    return (pattern * (N // len(pattern) + 1))[:N]


CLASSES = {
    "letters": _fill("a"),
    "digits": _fill("7"),
    "hiragana": _fill("あ"),
    "katakana": _fill("ア"),
    "kanji": _fill("漢"),
    "rare kanji": _fill("鬱"),
    "varied kanji": "".join(chr(0x4E00 + (i * 7919) % 20000) for i in range(N)),
    "ja punctuation": _fill("。"),
    "ascii punctuation": _fill("!"),
    "at": _fill("@"),
    "dot": _fill("."),
    "dash": _fill("-"),
    "slash": _fill("/"),
    "spaces": _fill(" "),
    "newlines": _fill("\n"),
    "mixed": _fill("aあ漢1。@.-/ ア、x_y「」（）"),
    # What made a rule scan to the end for every match, or backtrack without end:
    "e-mail-like": _fill("a.b-c@d."),
    "date without closing": _fill("1月1日（月・"),
    "kanji before paren": _fill("漢字(か"),
    "open fullwidth angle": _fill("＜あ"),
    "xml roots": _fill("<alert <Report <meta "),
    "comments": _fill("<!---->"),
    "ruby braces": _fill("{漢|"),
    "bars": _fill("｜あ《"),
    "sentence ends": _fill(". A"),
}


@pytest.fixture(autouse=True)
def _english() -> None:
    set_language("en")


@pytest.fixture(scope="module", autouse=True)
def _dictionaries_loaded() -> None:
    """Loading the reading dictionaries (once, ~1 s) is not what is measured."""
    easyja.reading_of("鬱")


SOURCE = Source("probe", "feed", "https://example.jp/feed.xml", Category.NOTICES)


def _rss(text: str) -> bytes:
    body = escape(text)
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>町</title>'
        f"<item><title>{body[:2000]}</title><description>{body}</description>"
        "<link>https://example.jp/1</link></item></channel></rss>"
    ).encode()


def _page(text: str) -> bytes:
    body = escape(text)
    return (
        f"<html><head><title>{body[:5000]}</title><meta {body[:5000]}></head><body>"
        f'<div class="{escape(text[:20000], quote=True)}"><main><p>{body}</p></main></div>'
        "</body></html>"
    ).encode()


def _csv(text: str) -> bytes:
    cell = text.replace('"', '""')
    return f'名称,住所,緯度,経度\n"{cell}","{cell}",35.7,139.9\n'.encode()


def _run(text: str) -> list[easyja.TextRun]:
    return [easyja.TextRun("paragraph", text, (1,) * len(text))]


ENTRY_POINTS: dict[str, Callable[[str], Callable[[], object]]] = {
    # name: prepare(text) -> the timed call (preparation is not timed)
    "normalize_text": lambda t: lambda: normalize_text(t),
    "split_sentences": lambda t: lambda: split_sentences(t),
    "text_to_blocks": lambda t: lambda: text_to_blocks(t),
    "html_to_blocks": lambda t: (lambda html: lambda: html_to_blocks(html))(f"<p>{escape(t)}</p>"),
    "extract_readings": lambda t: lambda: extract_readings(t),
    "apply_ruby": lambda t: lambda: apply_ruby(t),
    "easyja.advise": lambda t: (lambda runs: lambda: list(easyja.advise(runs, TODAY)))(_run(t)),
    "detect": lambda t: (lambda raw: lambda: _tolerate(detect, raw))(t.encode()),
    "feed reader": lambda t: (lambda raw: lambda: _tolerate(read_bytes, raw, SOURCE))(_rss(t)),
    "feed truncation": lambda t: (lambda raw: lambda: _truncated(raw))(t.encode()[-8192:]),
    "html reader": lambda t: (lambda raw: lambda: _tolerate(extract_article, raw))(_page(t)),
    "meta charset": lambda t: (lambda raw: lambda: declared_html_charset(raw))(t.encode()),
    "csv reader": lambda t: (lambda raw: lambda: _tolerate(read_opendata_csv, raw, SOURCE))(
        _csv(t)
    ),
    "jmx headline sections": lambda t: lambda: _sections(t),
}


def _tolerate(function: Callable[..., object], *args: object) -> object:
    try:
        return function(*args)
    except ContentError:  # refusing the input is fine; taking forever is not
        return None


def _cpu(call: Callable[[], object]) -> float:
    started = time.process_time()
    call()
    return time.process_time() - started


@pytest.mark.parametrize("text_class", CLASSES)
@pytest.mark.parametrize("entry", ENTRY_POINTS)
def test_every_entry_point_is_linear_on_200k_characters(entry: str, text_class: str) -> None:
    call = ENTRY_POINTS[entry](CLASSES[text_class])
    assert _cpu(call) < BOUND


@pytest.mark.parametrize("text_class", ["mixed", "at", "kanji", "date without closing"])
def test_check_and_read_refuse_a_200k_page_quickly(tmp_path: Path, text_class: str) -> None:
    folder = tmp_path / "big"
    create_package(folder, today=TODAY)
    page = next(folder.glob("*.ja.md"))
    page.write_text(
        "+++\npublished = 2026-11-25\n+++\n# 大きなページ\n\n" + CLASSES[text_class] + "\n",
        encoding="utf-8",
    )
    assert _cpu(lambda: check_package(folder, TODAY)) < BOUND
    report = check_package(folder, TODAY)
    assert any("at most 50000" in f.message for f in report.errors), report.findings
    with pytest.raises(ContentError):
        read_package(folder)


def test_check_of_a_long_but_allowed_page_stays_fast(tmp_path: Path) -> None:
    folder = tmp_path / "long"
    create_package(folder, today=TODAY)
    page = next(folder.glob("*.ja.md"))
    text = CLASSES["mixed"][:45_000]
    page.write_text(
        "+++\npublished = 2026-11-25\n+++\n# 長いページ\n\n" + text + "\n", encoding="utf-8"
    )
    assert _cpu(lambda: check_package(folder, TODAY)) < BOUND * 2  # two Markdown passes
