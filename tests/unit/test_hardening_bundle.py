"""Region bundles against a hostile publisher, a damaged cache and a careless volunteer
(issue 16, "the rest")."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from kiosk.content.bundle import (
    MANIFEST,
    OBJECTS,
    BundleError,
    generate_key,
    load_private_key,
    parse_manifest,
    sign_manifest,
    verify_dir,
)
from kiosk.content.bundle_client import BundleClient, default_cache_dir
from kiosk.content.bundle_publish import publish
from kiosk.content.model import Category, Source
from kiosk.content.scaffold import create_package
from kiosk.content.store import Store
from kiosk.content.sync import sync_source
from kiosk.i18n import set_language


@pytest.fixture(autouse=True)
def _english() -> None:
    set_language("en")


@pytest.fixture
def region(tmp_path: Path) -> dict:
    packages = tmp_path / "region"
    create_package(packages / "fall-class")
    key = tmp_path / "keys" / "region.key"
    public = generate_key(key)
    out = tmp_path / "bundle"
    publish(packages, key, out, region="sakura")
    return {"packages": packages, "key": key, "public": public, "out": out}


def _source(region: dict) -> Source:
    return Source(
        "region", "bundle", str(region["out"]), Category.NOTICES, public_keys=(region["public"],)
    )


def _resign(region: dict, change) -> None:  # noqa: ANN001
    """Rewrite the published manifest's payload and sign it with the real region key."""
    path = region["out"] / MANIFEST
    payload = json.loads(path.read_text(encoding="utf-8"))["payload"]
    change(payload)
    payload["sequence"] += 1
    path.write_bytes(sign_manifest(payload, load_private_key(region["key"])))


@pytest.mark.parametrize("bad", ["/etc", "../../outside", "..", "fall-class/../../x", "A B"])
def test_a_signed_manifest_cannot_name_a_folder_outside_the_bundle(
    region: dict, tmp_path: Path, bad: str
) -> None:
    outside = tmp_path / "outside"
    create_package(outside)  # a readable package the manifest tries to reach
    _resign(region, lambda payload: payload["packages"].append(bad))
    raw = (region["out"] / MANIFEST).read_bytes()
    with pytest.raises(BundleError, match="unsafe package id"):
        parse_manifest(raw, "bundle.json", (region["public"],))
    with pytest.raises(BundleError, match="unsafe package id"):
        BundleClient(tmp_path / "cache").read(_source(region))


def test_a_signed_manifest_cannot_list_files_of_unlisted_packages(region: dict) -> None:
    def smuggle(payload: dict) -> None:
        entry = next(iter(payload["files"].values()))
        payload["files"]["other/package.toml"] = entry

    _resign(region, smuggle)
    with pytest.raises(BundleError, match="unsafe path"):
        verify_dir(region["out"], (region["public"],))


def test_a_damaged_cache_never_goes_live(region: dict, tmp_path: Path) -> None:
    client = BundleClient(tmp_path / "cache")
    first = client.read(_source(region))
    titles = {i.title for i in first.items}
    # Damage a cached object and the laid-out tree behind the kiosk's back.
    for cached in (tmp_path / "cache" / OBJECTS).iterdir():
        cached.write_bytes(cached.read_bytes().replace("体操".encode(), "休み".encode()))
    for page in (tmp_path / "cache" / "trees").rglob("*.ja.md"):
        page.write_text(page.read_text(encoding="utf-8").replace("体操", "休み"))
    (next((tmp_path / "cache" / "trees").iterdir()) / "fall-class" / "extra.ja.md").write_text(
        "+++\npublished = 2026-11-25\n+++\n# 偽のお知らせ\n\n偽物です。\n", encoding="utf-8"
    )
    again = BundleClient(tmp_path / "cache").read(_source(region))
    assert {i.title for i in again.items} == titles
    assert "休み" not in str(again.pages) and "偽" not in str(again.items)
    for cached in (tmp_path / "cache" / OBJECTS).iterdir():
        assert hashlib.sha256(cached.read_bytes()).hexdigest() == cached.name


def test_the_bundle_cache_lives_in_the_kiosks_data_dir(
    region: dict, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HIROBA_DATA_DIR", str(tmp_path / "default-data-dir"))
    data = tmp_path / "configured-data-dir"
    with Store(data / "store.sqlite3") as store:
        assert sync_source(store, _source(region)).status == "ok"
    assert default_cache_dir(_source(region), data).is_dir()
    assert default_cache_dir(_source(region), data).is_relative_to(data)
    assert not (tmp_path / "default-data-dir").exists()


@pytest.mark.parametrize(
    "raw",
    [
        b"[" * 100_000 + b"]" * 100_000,
        b'{"format": "hiroba-bundle/1", "signature": "", "payload": '
        + b'{"a": ' * 50_000
        + b"1"
        + b"}" * 50_001,
        json.dumps(
            {"format": "hiroba-bundle/1", "signature": "", "payload": {"files": 5}}
        ).encode(),
        json.dumps(
            {
                "format": "hiroba-bundle/1",
                "signature": "",
                "payload": {
                    "packages": ["a"],
                    "files": {"a/b": {"sha256": "0" * 64, "size": 1e400}},
                },
            }
        ).encode(),
    ],
    ids=["deep-array", "deep-object", "files-not-a-table", "huge-size"],
)
def test_hostile_manifest_json_is_a_one_line_error(raw: bytes, tmp_path: Path) -> None:
    with pytest.raises(BundleError) as caught:
        parse_manifest(raw, "bundle.json")
    assert "\n" not in str(caught.value) and len(str(caught.value)) < 300


def test_publish_sends_only_what_the_packages_use(region: dict, tmp_path: Path) -> None:
    folder = region["packages"] / "fall-class"
    (folder / "README.md").write_text("会員名簿は members.csv にあります。\n", encoding="utf-8")
    (folder / "members.csv").write_text("名前,電話\n山田,090-0000-0000\n", encoding="utf-8")
    (folder / "notes").mkdir()
    (folder / "notes" / "draft.txt").write_text("下書き", encoding="utf-8")
    private = tmp_path / "private-phone-list.png"
    private.write_bytes(b"\x89PNG PRIVATE-LIST-7731")
    os.link(private, folder / "unused-link.png")  # a hard link nobody's page shows
    left_out: list[Path] = []
    manifest = publish(region["packages"], region["key"], region["out"], left_out=left_out)
    published = {f.path.split("/", 1)[1] for f in manifest.files}
    assert "package.toml" in published and any(p.endswith(".ja.md") for p in published)
    assert not published & {"README.md", "members.csv", "notes/draft.txt", "unused-link.png"}
    assert {p.relative_to(folder).as_posix() for p in left_out} >= {
        "README.md",
        "members.csv",
        "notes/draft.txt",
        "unused-link.png",
    }
    blobs = b"".join(p.read_bytes() for p in (region["out"] / OBJECTS).iterdir())
    assert b"090-0000-0000" not in blobs and b"PRIVATE-LIST-7731" not in blobs


def test_publish_refuses_a_hard_linked_file_a_page_shows(region: dict, tmp_path: Path) -> None:
    from PIL import Image

    folder = region["packages"] / "fall-class"
    private = tmp_path / "outside.png"
    Image.new("RGB", (8, 8), "white").save(private)
    os.link(private, folder / "map.png")
    page = next(folder.glob("*.ja.md"))
    page.write_text(page.read_text(encoding="utf-8") + "\n![地図](map.png)\n", encoding="utf-8")
    with pytest.raises(BundleError, match="hard-linked"):
        publish(region["packages"], region["key"], region["out"])
