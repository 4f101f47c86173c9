"""`kiosk content check`: every problem at once, with file:line, in Japanese and English."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from PIL import Image

from kiosk.content.check import check_package
from kiosk.content.easyja import TextRun, advise
from kiosk.content.package_markdown import apply_ruby
from kiosk.content.scaffold import create_package
from kiosk.i18n import set_language

DATA = Path(__file__).resolve().parent.parent / "data" / "packages"
DEMO = Path(__file__).resolve().parents[2] / "content" / "demo"
TODAY = date(2026, 11, 25)

# (file, line, error?) of each mistake planted in tests/data/packages/broken.
EXPECTED = [
    ("notes.md", None, True),  # file name not <slug>.<lang>.md
    ("package.toml", 7, True),  # valid_until in the past
    ("package.toml", 8, False),  # unknown key (typo of priority)
    ("package.toml", 16, True),  # a person's e-mail as contact
    ("talk.ja.md", None, False),  # no English twin
    ("talk.ja.md", 3, True),  # expires in the past
    ("talk.ja.md", 7, True),  # wrong weekday
    ("talk.ja.md", 9, False),  # hard administrative word
    ("talk.ja.md", 11, False),  # 13:30 instead of 午後1時30分
    ("talk.ja.md", 13, True),  # image without alt text
    ("talk.ja.md", 15, True),  # broken image path
    ("talk.ja.md", 17, True),  # image too big
    ("talk.ja.md", 19, True),  # a JPEG named .png
    ("talk.ja.md", 21, False),  # sentence over 50 characters
    ("talk.ja.md", 23, False),  # rare kanji without reading
    ("talk.ja.md", 25, False),  # no です/ます
]


def test_broken_package_reports_every_mistake_with_file_and_line() -> None:
    report = check_package(DATA / "broken", TODAY)
    found = [(f.path.name, f.line, f.error) for f in report.findings]
    assert found == EXPECTED
    assert not report.ok
    assert len(report.errors) == 9


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "talk.ja.md:7: error: wrong weekday: 2026年12月3日 is a 木曜日, not 金"),
        (
            "ja",
            "talk.ja.md:7: エラー: 曜日がちがいます：2026年12月3日は木曜日です（金ではありません）",
        ),
    ],
)
def test_messages_in_the_chosen_language(lang: str, expected: str) -> None:
    set_language(lang)
    lines = [f.labelled() for f in check_package(DATA / "broken", TODAY).findings]
    assert any(line.endswith(expected) for line in lines), lines


def test_new_package_template_passes_check_without_advice(tmp_path: Path) -> None:
    create_package(tmp_path / "fall-class", today=TODAY)
    report = check_package(tmp_path / "fall-class", TODAY)
    assert report.findings == []


def test_new_refuses_a_folder_with_files(tmp_path: Path) -> None:
    from kiosk.content.problems import ContentError

    (tmp_path / "keep.txt").write_text("x")
    with pytest.raises(ContentError):
        create_package(tmp_path)


@pytest.mark.parametrize("folder", sorted(DEMO.glob("0*")), ids=lambda p: p.name)
def test_demo_packages_have_no_errors(folder: Path) -> None:
    assert check_package(folder, TODAY).errors == []


def test_image_checks(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    create_package(package, today=TODAY)
    Image.new("RGB", (20, 20), "red").save(package / "ok.png")
    (package / "big.png").write_bytes(b"\x89PNG" + b"\0" * (2 * 1024 * 1024 + 10))
    page = package / "exercise-class.ja.md"
    page.write_text(
        page.read_text(encoding="utf-8")
        + "\n![赤い四角](ok.png)\n\n![大きい絵](big.png)\n\n![外](../secret.png)\n\n"
        "![ウェブ](https://example.org/a.png)\n\n![文書](notes.pdf)\n",
        encoding="utf-8",
    )
    (package / "notes.pdf").write_bytes(b"%PDF-1.4")
    set_language("en")
    messages = [(f.line, f.message) for f in check_package(package, TODAY).errors]
    assert [line for line, _ in messages] == [28, 28, 30, 32, 34]
    assert "MB; images may be at most 2 MB" in messages[0][1]
    assert "not a readable image" in messages[1][1]
    assert all("inside the package" in m for _, m in messages[2:4])
    assert "use a PNG or JPEG" in messages[4][1]


def _run(text: str, kind: str = "paragraph", line: int = 10) -> list[TextRun]:
    return [TextRun(kind, text, tuple([line] * len(text)))]


def test_easy_japanese_rules() -> None:
    set_language("en")
    reference = date(2026, 11, 1)

    def messages(text: str, kind: str = "paragraph") -> list[str]:
        return [a.message for a in advise(_run(text, kind), reference)]

    assert messages("12月3日（木）に、あつまります。") == []
    assert messages("2027年1月4日（月）です。") == []
    assert "add the weekday" in messages("12月3日に、あつまります。")[0]
    assert "does not exist" in messages("2月30日（月）です。")[0]
    assert messages("1月6日（水）にあります。") == []  # a January date after November is next year
    assert "午前 or 午後" in messages("10時にあつまります。")[0]
    assert messages("午前10時から午後3時まで、24時間ではありません。") == []
    assert "hard word" in messages("書類を提出してください。")[0]
    assert messages("申込書を書く") == []  # a list-like line without 。 needs no です/ます
    assert messages(apply_ruby("{転倒|てんとう}しないようにします。")) == []
    assert "rare kanji" in messages("薔薇がさいています。")[0]
    assert "{薔薇|ばら}" in messages("薔薇がさいています。")[0]
    dense = messages("高齢者福祉課窓口受付時間変更予定通知書類確認依頼です。")
    assert any("kanji in this paragraph" in m for m in dense), dense


def test_wrong_weekday_is_an_error_missing_weekday_is_advice() -> None:
    found = list(advise(_run("12月4日（木）と12月5日です。"), date(2026, 11, 1)))
    assert [(a.error, a.line) for a in found] == [(True, 10), (False, 10)]


def test_zip_package_is_checked_and_named_by_the_zip(tmp_path: Path) -> None:
    source = tmp_path / "src" / "broken"
    shutil.copytree(DATA / "broken", source)
    archive = shutil.make_archive(str(tmp_path / "broken"), "zip", source.parent, "broken")
    report = check_package(Path(archive), TODAY)
    assert [(f.path.name, f.line) for f in report.findings] == [(e[0], e[1]) for e in EXPECTED]
    assert all(str(f.path).startswith(archive) for f in report.findings)
