from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kiosk.config import DEMO_CONTENT
from kiosk.content.model import BlockKind, Category, Severity
from kiosk.content.packages import read_package, read_packages
from kiosk.content.problems import ContentError


@pytest.fixture(autouse=True)
def _english_messages() -> None:
    """Problems are reported in the UI language; these tests read the English ones."""
    from kiosk.i18n import set_language

    set_language("en")


GOOD_PAGE = """+++
published = 2026-11-20
+++
# インフルエンザの予防接種

65歳以上の方は、1500円で受けられます。

## 受けられる場所

- 町の診療所
- 保健センター

| 曜日 | 時間 |
| --- | --- |
| 月曜日 | 午前9時から |
"""


def _package(tmp_path: Path, pages: dict[str, str], manifest: str | None = None) -> Path:
    folder = tmp_path / "pkg"
    folder.mkdir()
    (folder / "package.toml").write_text(
        manifest
        or 'id = "test-health"\ncategory = "health"\nlanguages = ["ja", "en"]\n'
        'author_group = "保健センター"\n\n[title]\nja = "健康"\nen = "Health"\n',
        encoding="utf-8",
    )
    for name, text in pages.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_good_package_yields_items_and_blocks(tmp_path: Path) -> None:
    content = read_package(_package(tmp_path, {"flu-shot.ja.md": GOOD_PAGE}))
    (item,) = content.items
    assert item.title == "インフルエンザの予防接種"
    assert item.category is Category.HEALTH
    assert item.key == "package:test-health|flu-shot|ja"
    assert item.published is not None and item.published.isoformat().startswith("2026-11-20")
    kinds = [b.kind for b in content.pages[0].blocks]
    assert kinds == [BlockKind.PARAGRAPH, BlockKind.HEADING, BlockKind.LIST, BlockKind.TABLE]
    assert content.pages[0].blocks[2].items == ("町の診療所", "保健センター")
    assert content.pages[0].blocks[3].rows == (("曜日", "時間"), ("月曜日", "午前9時から"))
    assert item.summary == "65歳以上の方は、1500円で受けられます。"


def test_broken_package_reports_every_problem_with_file_and_line(tmp_path: Path) -> None:
    no_title = "+++\npublished = 2026-11-20\n+++\n\nただの文です。\n"
    bad_front = "+++\npublished = 2026-13-45\n+++\n# 題\n"
    no_fence = "# 題名\n本文\n"
    folder = _package(
        tmp_path,
        {"a.ja.md": no_title, "b.ja.md": bad_front, "c.ja.md": no_fence, "Bad Name.md": GOOD_PAGE},
    )
    with pytest.raises(ContentError) as caught:
        read_package(folder)
    text = str(caught.value)
    assert f"{folder / 'a.ja.md'}:4: the page has no '# ' title line" in text
    assert f"{folder / 'b.ja.md'}:2: front matter TOML syntax error" in text
    assert f"{folder / 'c.ja.md'}:1: the page must start with a '+++'" in text
    assert f"{folder / 'Bad Name.md'}: page files are named" in text
    assert len(caught.value.problems) == 4


def test_bad_manifest_names_the_line(tmp_path: Path) -> None:
    manifest = 'id = "x"\nlanguages = ["ja"]\ncategory = "weather"\n[title]\nja = "t"\n'
    folder = _package(tmp_path, {"a.ja.md": GOOD_PAGE}, manifest)
    with pytest.raises(ContentError, match=r"package\.toml:3: unknown category 'weather'"):
        read_package(folder)


def test_demo_content_covers_every_category_in_both_languages() -> None:
    contents = read_packages(DEMO_CONTENT)
    by_category = {c.source.category: c for c in contents}
    assert set(by_category) == set(Category)
    for category, content in by_category.items():
        for lang in ("ja", "en"):
            pages = [i for i in content.items if i.lang == lang]
            assert len(pages) >= 4, (category, lang)
        assert all(p.blocks for p in content.pages)
    alerts = [a for c in contents for a in c.alerts]
    assert len(alerts) == 1
    (drill,) = alerts
    assert drill.drill and drill.severity is Severity.SEVERE
    assert "訓練" in drill.text("headline", "ja") and "DRILL" in drill.text("headline", "en")


def test_demo_japanese_sentences_are_short() -> None:
    """やさしい日本語: no sentence over 50 characters in the demo pages."""
    for content in read_packages(DEMO_CONTENT):
        for page in content.pages:
            if not page.item_key.endswith("|ja"):
                continue
            for line in page.plain_text().splitlines():
                for sentence in line.split("。"):
                    assert len(sentence) <= 50, (page.item_key, sentence)


def test_copied_demo_package_with_one_broken_file(tmp_path: Path) -> None:
    folder = tmp_path / "health"
    shutil.copytree(DEMO_CONTENT / "03-health", folder)
    (folder / "flu-shot.ja.md").write_text("+++\n+++\n# 予防接種\n", encoding="utf-8")
    with pytest.raises(ContentError, match=r"flu-shot\.ja\.md:2: front matter needs 'published"):
        read_package(folder)
