"""Hostile volunteer packages get one-line refusals, never a traceback (issue 16, "the rest").

Each case goes through `check_package` (what `kiosk content check` prints) and
`import_package` (what `kiosk content import` does): both must answer with findings naming
the package, and nothing may go live.
"""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import pytest

from kiosk.content.check import check_package
from kiosk.content.importer import ImportRefused, import_package
from kiosk.content.model import Category
from kiosk.content.packages import read_package
from kiosk.content.problems import ContentError
from kiosk.content.scaffold import create_package
from kiosk.content.store import Store
from kiosk.i18n import set_language

TODAY = date(2026, 11, 25)


@pytest.fixture(autouse=True)
def _english() -> None:
    set_language("en")


def _package(folder: Path) -> Path:
    create_package(folder, today=TODAY)
    return folder


def _zip_of(folder: Path, archive: Path, extra: dict[str, bytes] | None = None) -> Path:
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for file in sorted(folder.rglob("*")):
            if file.is_file():
                zf.write(file, f"pkg/{file.relative_to(folder).as_posix()}")
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
    return archive


def _patch_every(data: bytes, signature: bytes, offset: int, value: bytes) -> bytes:
    """Overwrite a field in every local (PK\\3\\4) or central (PK\\1\\2) header."""
    out = bytearray(data)
    start = out.find(signature)
    while start >= 0:
        out[start + offset : start + offset + len(value)] = value
        start = out.find(signature, start + 4)
    return bytes(out)


def bad_deflate(tmp_path: Path) -> Path:
    archive = tmp_path / "bad-deflate.zip"
    page = ("# 体操教室\n\n" + "転ばないための体操です。" * 200).encode()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("pkg/package.toml", b'id = "x"\n')
        zf.writestr("pkg/class.ja.md", page)
    data = bytearray(archive.read_bytes())
    info = zipfile.ZipFile(archive).getinfo("pkg/class.ja.md")
    body = info.header_offset + 30 + len(info.filename)
    data[body : body + 16] = b"\xff" * 16  # the deflate stream, not the headers
    archive.write_bytes(bytes(data))
    return archive


def encrypted(tmp_path: Path) -> Path:
    archive = _zip_of(_package(tmp_path / "src"), tmp_path / "encrypted.zip")
    data = archive.read_bytes()
    data = _patch_every(data, b"PK\x03\x04", 6, b"\x01\x00")  # general purpose flag: encrypted
    data = _patch_every(data, b"PK\x01\x02", 8, b"\x01\x00")
    archive.write_bytes(data)
    return archive


def unknown_compression(tmp_path: Path) -> Path:
    archive = _zip_of(_package(tmp_path / "src"), tmp_path / "method99.zip")
    data = archive.read_bytes()
    data = _patch_every(data, b"PK\x03\x04", 8, b"\x63\x00")  # method 99 (AES, or anything)
    data = _patch_every(data, b"PK\x01\x02", 10, b"\x63\x00")
    archive.write_bytes(data)
    return archive


def file_dir_clash(tmp_path: Path) -> Path:
    folder = _package(tmp_path / "src")
    extra = {"pkg/notes": b"a file", "pkg/notes/inside.txt": b"and a folder of the same name"}
    return _zip_of(folder, tmp_path / "clash.zip", extra)


def directory_named_like_a_page_zip(tmp_path: Path) -> Path:
    folder = _package(tmp_path / "src")
    return _zip_of(folder, tmp_path / "dir-page.zip", {"pkg/news.ja.md/readme.txt": b"x"})


def directory_named_like_a_page(tmp_path: Path) -> Path:
    folder = _package(tmp_path / "src")
    (folder / "news.ja.md").mkdir()
    (folder / "news.ja.md" / "note.txt").write_text("x")
    return folder


def long_name(tmp_path: Path) -> Path:
    folder = _package(tmp_path / "src")
    return _zip_of(folder, tmp_path / "long.zip", {"pkg/" + "a" * 296 + ".png": b"png"})


def nested_toml(tmp_path: Path) -> Path:
    folder = _package(tmp_path / "src")
    manifest = folder / "package.toml"
    manifest.write_text(
        manifest.read_text(encoding="utf-8") + "deep = " + "[" * 5000 + "]" * 5000 + "\n",
        encoding="utf-8",
    )
    return folder


def nested_front_matter(tmp_path: Path) -> Path:
    folder = _package(tmp_path / "src")
    page = next(folder.glob("*.ja.md"))
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("+++\n", "+++\ndeep = " + "[" * 5000 + "]" * 5000 + "\n", 1))
    return folder


def nested_alerts(tmp_path: Path) -> Path:
    folder = _package(tmp_path / "src")
    (folder / "alerts.toml").write_text("x = " + "{a = " * 3000 + "1" + "}" * 3000 + "\n")
    return folder


HOSTILE = {
    "bad deflate": (bad_deflate, "not a readable zip"),
    "encrypted entry": (encrypted, "encrypted"),
    "unknown compression": (unknown_compression, "compression"),
    "file/dir clash": (file_dir_clash, "both a file and a folder"),
    "dir named x.ja.md (zip)": (directory_named_like_a_page_zip, "folder may not be named"),
    "dir named x.ja.md": (directory_named_like_a_page, "folder may not be named"),
    "300-byte name": (long_name, "longer than 255 bytes"),
    "nested package.toml": (nested_toml, "nested too deeply"),
    "nested front matter": (nested_front_matter, "nested too deeply"),
    "nested alerts.toml": (nested_alerts, "nested too deeply"),
}


@pytest.mark.parametrize("case", HOSTILE)
def test_hostile_packages_get_a_one_line_refusal(tmp_path: Path, case: str) -> None:
    make, expected = HOSTILE[case]
    package = make(tmp_path)
    report = check_package(package, TODAY)
    assert not report.ok
    messages = [str(f) for f in report.errors]
    assert any(expected in m for m in messages), messages
    assert all("\n" not in m and "Traceback" not in m for m in messages)
    with Store(tmp_path / "data" / "store.sqlite3") as store:
        with pytest.raises(ImportRefused):
            import_package(package, tmp_path / "data", store, TODAY)
        assert store.items(Category.HEALTH, "ja") == []
    assert not list((tmp_path / "data" / "packages").glob(".staging-*"))


# --- check: invisible characters, dates, long words ----------------------------------------


def _page(folder: Path) -> Path:
    return next(folder.glob("*.ja.md"))


@pytest.mark.parametrize(
    ("char", "name"),
    [
        ("\u202e", "right-to-left override"),
        ("\u2067", "right-to-left isolate"),
        ("\u200b", "zero width space"),
        ("\u200d", "zero width joiner"),
        ("\u2060", "word joiner"),
    ],
)
def test_invisible_and_direction_characters_are_flagged(
    tmp_path: Path, char: str, name: str
) -> None:
    folder = _package(tmp_path / "src")
    page = _page(folder)
    lines = page.read_text(encoding="utf-8").splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith("問い合わせ"))
    lines[index] = lines[index].replace("0", char + "0", 1)
    page.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = check_package(folder, TODAY)
    [finding] = [f for f in report.errors if "invisible" in f.message]
    assert finding.line == index + 1
    assert name in finding.message and f"U+{ord(char):04X}" in finding.message


def test_invisible_characters_in_the_title_are_flagged(tmp_path: Path) -> None:
    folder = _package(tmp_path / "src")
    manifest = folder / "package.toml"
    manifest.write_text(
        manifest.read_text(encoding="utf-8").replace('ja = "', 'ja = "\u202e', 1),
        encoding="utf-8",
    )
    assert any("U+202E" in f.message for f in check_package(folder, TODAY).errors)


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "2027-06-01"])
def test_published_dates_outside_a_sane_window_are_refused(tmp_path: Path, day: str) -> None:
    folder = _package(tmp_path / "src")
    page = _page(folder)
    text = page.read_text(encoding="utf-8")
    start = text.index("published = ")
    end = text.index("\n", start)
    page.write_text(text[:start] + f"published = {day}" + text[end:], encoding="utf-8")
    report = check_package(folder, TODAY)
    assert any("published" in f.message and day in f.message for f in report.errors), [
        str(f) for f in report.findings
    ]
    with Store(tmp_path / "data" / "store.sqlite3") as store, pytest.raises(ImportRefused):
        import_package(folder, tmp_path / "data", store, TODAY)


def test_a_configured_package_with_year_one_is_refused_not_crashed(tmp_path: Path) -> None:
    # Packages read straight from config skip `check`: the reader itself refuses the date.
    folder = _package(tmp_path / "src")
    page = _page(folder)
    text = page.read_text(encoding="utf-8")
    start = text.index("published = ")
    page.write_text(text[:start] + "published = 0001-01-01" + text[text.index("\n", start) :])
    with pytest.raises(ContentError, match="published"):
        read_package(folder)


def test_check_warns_about_words_longer_than_a_line(tmp_path: Path) -> None:
    folder = _package(tmp_path / "src")
    page = _page(folder)
    url = "https://www.town.sakuragawa.example.lg.jp/kurashi/kenko/taiso/2026/index.html"
    page.write_text(page.read_text(encoding="utf-8") + f"\nくわしくは {url} を見てください。\n")
    advice = [f for f in check_package(folder, TODAY).advice if "longer than a line" in f.message]
    assert len(advice) == 1 and "https://www." in advice[0].message
    assert f"{len(url)} characters" in advice[0].message


def test_invisible_characters_in_alerts_toml_are_flagged(tmp_path: Path) -> None:
    folder = _package(tmp_path / "src")
    (folder / "alerts.toml").write_text(
        '[[alert]]\nid = "a"\nseverity = "minor"\nevent = "訓練\u202e"\nheadline = "訓練"\n',
        encoding="utf-8",
    )
    assert any(f.path.name == "alerts.toml" for f in check_package(folder, TODAY).errors)
