"""Safe zip extraction, atomic import, one-step rollback."""

from __future__ import annotations

import json
import shutil
import stat
import zipfile
from datetime import date
from pathlib import Path

import pytest

from kiosk.config import Config
from kiosk.content.archive import safe_extract
from kiosk.content.importer import (
    ImportRefused,
    import_package,
    imported_sources,
    rollback,
    with_imported,
)
from kiosk.content.model import Category
from kiosk.content.problems import ContentError
from kiosk.content.scaffold import create_package
from kiosk.content.store import Store
from kiosk.i18n import set_language

DATA = Path(__file__).resolve().parent.parent / "data" / "packages"
TODAY = date(2026, 11, 25)


@pytest.fixture(autouse=True)
def _english() -> None:
    set_language("en")  # messages are matched in English here; ja is covered elsewhere


# --- zip safety -------------------------------------------------------------------------


def _zip(path: Path, entries: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return path


@pytest.mark.parametrize(
    "name", ["../evil.txt", "pkg/../../evil.txt", "/etc/evil.txt", "C:/evil.txt", "..\\evil.txt"]
)
def test_zip_slip_is_refused_and_nothing_is_written(tmp_path: Path, name: str) -> None:
    archive = _zip(tmp_path / "bad.zip", {"pkg/package.toml": b"id='x'", name: b"owned"})
    target = tmp_path / "out" / "inner"
    with pytest.raises(ContentError, match="outside the package"):
        safe_extract(archive, target)
    assert not target.exists()
    assert not (tmp_path / "out" / "evil.txt").exists()
    assert not (tmp_path / "evil.txt").exists()


def test_symlink_entry_is_refused(tmp_path: Path) -> None:
    archive = tmp_path / "link.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        info = zipfile.ZipInfo("pkg/secret")
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(info, "/etc/passwd")
    with pytest.raises(ContentError, match="symbolic link"):
        safe_extract(archive, tmp_path / "out")


def test_file_count_and_size_caps(tmp_path: Path) -> None:
    many = _zip(tmp_path / "many.zip", {f"f{i}.md": b"x" for i in range(6)})
    with pytest.raises(ContentError, match="6 files"):
        safe_extract(many, tmp_path / "a", max_files=5)
    # A highly compressible bomb: the header size is not trusted, bytes written are counted.
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("big.md", b"0" * 2_000_000)
    with pytest.raises(ContentError, match="larger than"):
        safe_extract(bomb, tmp_path / "b", max_file=1024 * 1024)
    with pytest.raises(ContentError, match="too many bytes"):
        safe_extract(bomb, tmp_path / "c", max_total=1_000_000)
    assert not (tmp_path / "c").exists()


def test_zip_with_one_top_folder_gives_that_folder(tmp_path: Path) -> None:
    create_package(tmp_path / "src" / "fall", today=TODAY)
    archive = shutil.make_archive(str(tmp_path / "fall"), "zip", tmp_path / "src", "fall")
    root = safe_extract(Path(archive), tmp_path / "out")
    assert (root / "package.toml").is_file() and root.name == "fall"


# --- import and rollback ----------------------------------------------------------------


def _titles(store: Store) -> list[str]:
    return [i.title for i in store.items(Category.HEALTH, "ja")]


def test_good_import_goes_live_bad_import_changes_nothing_rollback_restores(
    tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    store = Store(tmp_path / "store.sqlite3")
    package = tmp_path / "fall"
    create_package(package, today=TODAY)
    result = import_package(package, data, store, TODAY)
    assert result.package_id == "fall" and result.items == 2
    assert _titles(store) == ["転ばないための体操教室"]
    first = json.loads((data / "packages" / "fall" / "state.json").read_text())

    # Version 2 with a new title goes live; version 1 is kept for rollback.
    page = package / "exercise-class.ja.md"
    page.write_text(page.read_text(encoding="utf-8").replace("# 転ばない", "# 新しい 転ばない"))
    import_package(package, data, store, TODAY)
    assert _titles(store) == ["新しい 転ばないための体操教室"]

    # A broken version 3 is refused: store and state are exactly as before.
    page.write_text("no front matter\n", encoding="utf-8")
    state_before = (data / "packages" / "fall" / "state.json").read_text()
    with pytest.raises(ImportRefused) as refused:
        import_package(package, data, store, TODAY)
    assert refused.value.report.errors
    assert _titles(store) == ["新しい 転ばないための体操教室"]
    assert (data / "packages" / "fall" / "state.json").read_text() == state_before

    assert rollback("fall", data, store) == first["current"]
    assert _titles(store) == ["転ばないための体操教室"]
    assert [s.location for s in imported_sources(data)] == [
        str(data / "packages" / "fall" / "versions" / first["current"])
    ]
    assert rollback("fall", data, store) is None  # nothing older: the package goes
    assert _titles(store) == []
    assert imported_sources(data) == ()
    with pytest.raises(ContentError):
        rollback("fall", data, store)


def test_broken_package_and_zip_slip_are_refused(tmp_path: Path) -> None:
    store = Store(":memory:")
    with pytest.raises(ImportRefused):
        import_package(DATA / "broken", tmp_path, store, TODAY)
    archive = _zip(tmp_path / "evil.zip", {"../x.md": b"x"})
    with pytest.raises(ImportRefused):
        import_package(archive, tmp_path, store, TODAY)
    assert store.source_statuses() == []
    assert not list((tmp_path / "packages").glob("*/state.json"))


def test_zip_import_and_config_sources(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    create_package(tmp_path / "src" / "fall", today=TODAY)
    archive = shutil.make_archive(str(tmp_path / "fall"), "zip", tmp_path / "src", "fall")
    data = tmp_path / "data"
    store = Store(":memory:")
    import_package(Path(archive), data, store, TODAY)
    assert _titles(store) == ["転ばないための体操教室"]
    monkeypatch.setenv("HIROBA_DATA_DIR", str(data))
    config = with_imported(Config())
    assert [s.id for s in config.sources] == ["import:fall"]
    assert with_imported(config) == config  # idempotent


def test_usb_search_finds_folders_and_zips(tmp_path: Path) -> None:
    from kiosk.content.usb import find_packages

    stick = tmp_path / "media" / "kiosk" / "STICK"
    create_package(stick / "fall", today=TODAY)
    archive = shutil.make_archive(str(stick / "tea"), "zip", stick, "fall")
    (stick / "notes.zip").write_bytes(b"not a zip")
    (stick / "photos").mkdir()
    found = find_packages((tmp_path / "media", tmp_path / "absent"))
    assert found == [stick / "fall", Path(archive)]


def test_start_reads_the_importer_only_when_something_was_imported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """issue 17: a kiosk with no imported package starts without the package reader; one
    with an import (or a half-finished one) still gets its source from session_config."""
    from kiosk.app.session import has_imported_packages, session_config
    from kiosk.content.importer import LOCK_FILE, packages_dir

    data = tmp_path / "data"
    monkeypatch.setenv("HIROBA_DATA_DIR", str(data))
    assert not has_imported_packages(data)  # no data dir at all
    packages_dir(data).mkdir(parents=True)
    (packages_dir(data) / LOCK_FILE).touch()  # what a refused import leaves behind
    assert not has_imported_packages(data)
    assert session_config(Config()).sources == ()
    create_package(tmp_path / "fall", today=TODAY)
    import_package(tmp_path / "fall", data, Store(":memory:"), TODAY)
    assert has_imported_packages(data)
    assert [s.id for s in session_config(Config()).sources] == ["import:fall"]
    shutil.rmtree(packages_dir(data) / "fall")  # a killed import left only its staging copy
    (packages_dir(data) / ".staging-x").mkdir()
    assert has_imported_packages(data)  # the importer tidies it at the next start
    session_config(Config())
    assert not (packages_dir(data) / ".staging-x").exists()
