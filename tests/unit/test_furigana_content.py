"""Issues 17/19: readings are content — computed at sync/import, stored with the blocks (store
v6), carried by `kiosk read --json`, reused when a page did not change; in a process with a Qt
application they are computed in a helper process, never in the UI process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from kiosk.config import demo_sources
from kiosk.content import analysis
from kiosk.content.furigana import annotate_content
from kiosk.content.model import Block, BlockKind, Category, Item, Page, Source, SourceContent
from kiosk.content.store import Store
from kiosk.content.sync import sync_all
from tests.conftest import REPO, kiosk_command

pytestmark = [
    pytest.mark.skipif(not analysis.available(), reason="pyopenjtalk-plus missing"),
    pytest.mark.usefixtures("readings"),
]

SOURCE = Source("city", "feed", "http://127.0.0.1/feed", Category.HEALTH)
ITEM = Item(source_id="city", guid="1", title="65歳以上の方へ", category=Category.HEALTH)
PAGE = Page(
    ITEM.key,
    (
        Block(BlockKind.PARAGRAPH, text="薬は一日に3回飲みます。"),
        Block(BlockKind.LIST, items=("12月1日から", "さくら川の近く")),
        Block(BlockKind.TABLE, rows=(("曜日", "時間"), ("火曜日", "9時30分から"))),
    ),
)


def content() -> SourceContent:
    return SourceContent(SOURCE, (ITEM,), (PAGE,))


def test_every_text_unit_gets_its_ruby_and_the_title_too() -> None:
    page = annotate_content(content()).pages[0]
    assert page.analysis == analysis.ANALYSIS_VERSION
    for block in page.blocks:
        assert len(block.ruby) == len(block.units())
        for unit, pairs in zip(block.units(), block.ruby, strict=True):
            assert "".join(base for base, _ in pairs) == unit  # the text is never changed
    assert ("一日", "いちにち") in page.blocks[0].ruby[0]
    assert ("1日", "ついたち") in page.blocks[1].ruby[0]
    assert ("方", "かた") in page.title_ruby


def test_ruby_is_stored_with_the_blocks_and_read_back(tmp_path: Path) -> None:
    store = Store(tmp_path / "store.sqlite3")
    store.replace_source(annotate_content(content()))
    page = store.page(ITEM.key)
    assert page is not None and page.analysis == analysis.ANALYSIS_VERSION
    assert page.blocks == annotate_content(content()).pages[0].blocks
    assert store.title_ruby("65歳以上の方へ") == page.title_ruby
    assert store.pages_to_analyse(analysis.ANALYSIS_VERSION) == []
    stale = store.pages_to_analyse(analysis.ANALYSIS_VERSION + 1)
    assert [p.item_key for _i, p in stale] == [ITEM.key]


def test_an_unchanged_page_keeps_its_stored_readings(tmp_path: Path, monkeypatch) -> None:
    store = Store(tmp_path / "store.sqlite3")
    store.replace_source(annotate_content(content()))
    import kiosk.content.furigana as furigana

    calls = []
    monkeypatch.setattr(furigana, "annotate_pages", lambda pages, **_: calls.append(pages) or [])
    again = annotate_content(content(), previous=store.page)
    assert calls == [[]]  # nothing analysed again
    assert again.pages[0].blocks == store.page(ITEM.key).blocks


def test_sync_stores_readings_for_the_demo(tmp_path: Path) -> None:
    store = Store(tmp_path / "store.sqlite3")
    sync_all(store, list(demo_sources())[:1])
    item = next(iter(store.items(demo_sources()[0].category, "ja")))
    page = store.page(item.key)
    assert page is not None and page.analysis and page.title_ruby
    assert any(reading for b in page.blocks for unit in b.ruby for _, reading in unit)


def test_kiosk_read_json_carries_ruby_pairs() -> None:
    done = subprocess.run(
        kiosk_command("read", "--json", str(REPO / "content" / "demo" / "03-health")),
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
        timeout=300,
    )
    data = json.loads(done.stdout)
    item = next(i for i in data["items"] if i["lang"] == "ja")
    block = next(b for b in item["blocks"] if b.get("ruby"))
    assert all(isinstance(pair, list) and len(pair) == 2 for unit in block["ruby"] for pair in unit)
    assert item["title_ruby"]


HELPER_PROBE = """
import sys
from PySide6.QtWidgets import QApplication
app = QApplication([])
from kiosk.content.furigana import annotate_content
from kiosk.content.model import Block, BlockKind, Category, Item, Page, Source, SourceContent
source = Source("city", "feed", "http://127.0.0.1/feed", Category.HEALTH)
item = Item(source_id="city", guid="1", title="65歳以上の方へ", category=Category.HEALTH)
page = Page(item.key, (Block(BlockKind.PARAGRAPH, text="薬は一日に3回飲みます。"),))
page = annotate_content(SourceContent(source, (item,), (page,))).pages[0]
assert page.analysis and page.blocks[0].ruby, page
heavy = {"pyopenjtalk", "sudachipy", "pykakasi"} & {m.split(".")[0] for m in sys.modules}
print("HEAVY", sorted(heavy))
"""


def test_inside_a_qt_application_the_analysis_runs_in_a_helper_process() -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO))
    env.pop("HIROBA_READINGS_IN_PROCESS", None)
    env.pop("HIROBA_READINGS", None)
    done = subprocess.run(
        [sys.executable, "-c", HELPER_PROBE],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "HEAVY []" in done.stdout


def test_content_check_readings_show_furigana_spoken_kana_and_suggestions() -> None:
    from kiosk.cli.readings_report import readings_lines, suggestions
    from kiosk.content.packages import read_package

    package = read_package(REPO / "content" / "demo" / "05-facilities")
    lines = list(readings_lines(package))
    assert any("(" in line and line.startswith("  ") for line in lines)  # 漢字(かんじ)
    assert any(line.strip().startswith("🔊 ") for line in lines)
    words = dict(suggestions(package))
    assert words.get("本町")
    assert "さくら川" not in words  # already in the shipped user dictionary


def test_check_hints_the_one_reading_syntax(tmp_path: Path) -> None:
    from kiosk.content.check import _reading_syntax

    found = _reading_syntax(tmp_path / "p.ja.md", "転倒(てんとう)と｜生物《なまもの》\n", 3)
    assert [f.line for f in found] == [4, 4]
    assert all("{" in f.message for f in found)


def test_the_helper_answers_every_page_in_order_in_small_pickles(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from kiosk.content import furigana
    from tests.conftest import SHARED_FEEDS

    feed = SHARED_FEEDS / "feeds" / "jp_soumu_news_rss10_shiftjis_20210719.rdf"
    source = Source("soumu", "feed", "http://127.0.0.1/news.rdf", Category.NOTICES, lang="ja")
    from kiosk.content.readers import read_bytes

    content = read_bytes(feed.read_bytes(), source)
    titles = {i.key: i.title for i in content.items}
    pages = [(titles[p.item_key], p) for p in content.pages] * 3  # 20 pages in the feed
    assert len(pages) > 2 * furigana.ANSWER_CHUNK  # the answer comes in several pickles
    monkeypatch.setenv("PYTHONPATH", str(REPO))
    done = furigana._annotate_in_helper(pages)
    assert [p.item_key for p in done] == [p.item_key for _t, p in pages]
    assert all(p.analysis == analysis.ANALYSIS_VERSION for p in done)
    assert [[replace(b, ruby=()) for b in p.blocks] for p in done] == [
        list(p.blocks) for _t, p in pages
    ]
    assert done[-1].title_ruby and any(r for b in done[-1].blocks for u in b.ruby for _x, r in u)
