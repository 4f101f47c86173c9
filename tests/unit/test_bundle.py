"""Signed region bundles: publish, verify, and every kind of tampering refused."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from kiosk.content.bundle import (
    MANIFEST,
    OBJECTS,
    BundleError,
    generate_key,
    read_public_key,
    verify_dir,
)
from kiosk.content.bundle_client import BundleClient
from kiosk.content.bundle_publish import publish
from kiosk.content.model import Category, Source
from kiosk.content.scaffold import create_package
from kiosk.content.store import Store
from kiosk.i18n import set_language

TODAY = date(2026, 11, 25)


@pytest.fixture(autouse=True)
def _english() -> None:
    set_language("en")


@pytest.fixture
def region(tmp_path: Path) -> dict[str, Path | str]:
    """Two packages, a key pair and a published bundle."""
    packages = tmp_path / "region"
    create_package(packages / "fall-class")
    create_package(packages / "tea-salon")
    key = tmp_path / "keys" / "region.key"
    public = generate_key(key)
    out = tmp_path / "bundle"
    publish(packages, key, out, region="sakura")
    return {"packages": packages, "key": key, "public": public, "out": out}


def _source(location: Path | str, *keys: str) -> Source:
    return Source("region", "bundle", str(location), Category.NOTICES, public_keys=keys)


def _objects(out: Path) -> list[Path]:
    return sorted((out / OBJECTS).iterdir())


def test_publish_and_verify(region: dict) -> None:
    manifest = verify_dir(region["out"], (region["public"],))
    assert manifest.sequence == 1 and manifest.region == "sakura"
    assert manifest.packages == ("fall-class", "tea-salon")
    assert {f.path for f in manifest.files} >= {
        "fall-class/package.toml",
        "tea-salon/exercise-class.ja.md",
    }
    # The two packages share identical files: content addressing stores them once.
    assert len(_objects(region["out"])) < len(manifest.files)
    assert read_public_key(f"{region['key']}.pub") == region["public"]
    assert (region["key"].stat().st_mode & 0o077) == 0


def test_republish_increments_sequence_and_prunes(region: dict) -> None:
    page = region["packages"] / "fall-class" / "exercise-class.en.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nSee you there.\n", encoding="utf-8")
    manifest = publish(region["packages"], region["key"], region["out"])
    assert manifest.sequence == 2
    assert verify_dir(region["out"]).sequence == 2


def test_publish_refuses_a_package_with_errors(region: dict, tmp_path: Path) -> None:
    page = region["packages"] / "tea-salon" / "exercise-class.ja.md"
    page.write_text("no front matter\n", encoding="utf-8")
    with pytest.raises(Exception, match=r"exercise-class\.ja\.md:1"):
        publish(region["packages"], region["key"], tmp_path / "other")
    assert not (tmp_path / "other" / MANIFEST).exists()


def test_changed_byte_is_refused(region: dict) -> None:
    target = _objects(region["out"])[0]
    data = bytearray(target.read_bytes())
    data[0] ^= 1
    target.write_bytes(bytes(data))
    with pytest.raises(BundleError, match="tampered"):
        verify_dir(region["out"])


def test_removed_file_is_refused(region: dict) -> None:
    _objects(region["out"])[0].unlink()
    with pytest.raises(BundleError, match="missing from the bundle"):
        verify_dir(region["out"])


def test_added_file_is_refused(region: dict) -> None:
    (region["out"] / OBJECTS / ("0" * 64)).write_bytes(b"extra")
    with pytest.raises(BundleError, match="not listed in the manifest"):
        verify_dir(region["out"])


def test_edited_manifest_is_refused(region: dict) -> None:
    path = region["out"] / MANIFEST
    document = json.loads(path.read_text(encoding="utf-8"))
    document["payload"]["files"]["fall-class/extra.md"] = {"sha256": "a" * 64, "size": 1}
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(BundleError, match="signature does not match"):
        verify_dir(region["out"])


def test_wrong_key_is_refused(region: dict, tmp_path: Path) -> None:
    other = generate_key(tmp_path / "other.key")
    with pytest.raises(BundleError, match="does not trust"):
        verify_dir(region["out"], (other,))
    # A bundle re-signed by someone else (their own key inside) is refused by a pinned kiosk.
    publish(region["packages"], tmp_path / "other.key", region["out"])
    with pytest.raises(BundleError, match="does not trust"):
        BundleClient(tmp_path / "cache").read(_source(region["out"], region["public"]))


def test_client_reads_bundle_and_fetches_only_changes(region: dict, tmp_path: Path) -> None:
    client = BundleClient(tmp_path / "cache")
    source = _source(region["out"], region["public"])
    content = client.read(source)
    assert {i.guid for i in content.items} == {
        "fall-class/exercise-class",
        "tea-salon/exercise-class",
    }
    assert all(i.source_id == "region" for i in content.items)
    store = Store(":memory:")
    store.replace_source(content)
    assert len(store.items(Category.HEALTH, "ja")) == 2
    first = len(client.fetched)
    assert first > 0
    client.read(source)
    assert client.fetched == []  # nothing new
    page = region["packages"] / "tea-salon" / "exercise-class.ja.md"
    page.write_text(page.read_text(encoding="utf-8").replace("# 転ばない", "# 新 転ばない"))
    publish(region["packages"], region["key"], region["out"])
    content = client.read(source)
    assert client.fetched == ["tea-salon/exercise-class.ja.md"]
    titles = {i.title for i in content.items if i.lang == "ja"}
    assert titles == {"転ばないための体操教室", "新 転ばないための体操教室"}


def test_replayed_older_manifest_is_refused(region: dict, tmp_path: Path) -> None:
    old = tmp_path / "old-bundle"
    shutil.copytree(region["out"], old)
    publish(region["packages"], region["key"], region["out"])
    client = BundleClient(tmp_path / "cache")
    client.read(_source(region["out"], region["public"]))
    with pytest.raises(BundleError, match="replay refused"):
        client.read(_source(old, region["public"]))


def test_client_refuses_without_pinned_key(region: dict, tmp_path: Path) -> None:
    with pytest.raises(BundleError, match="no public_key"):
        BundleClient(tmp_path / "cache").read(_source(region["out"]))


def test_truncated_object_is_refused(region: dict, tmp_path: Path) -> None:
    target = max(_objects(region["out"]), key=lambda p: p.stat().st_size)
    target.write_bytes(target.read_bytes()[:10])
    with pytest.raises(BundleError, match="truncated"):
        BundleClient(tmp_path / "cache").read(_source(region["out"], region["public"]))
