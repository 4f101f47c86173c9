"""`kiosk content …` and `kiosk bundle …` as a volunteer and regional staff run them."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.conftest import run_kiosk_in

REPO = Path(__file__).resolve().parents[2]
BROKEN = REPO / "tests" / "data" / "packages" / "broken"


def _kiosk(*args: str, data: Path) -> subprocess.CompletedProcess[str]:
    return run_kiosk_in(data, *args)


def test_check_new_import_rollback(tmp_path: Path) -> None:
    data = tmp_path / "data"
    broken = _kiosk("content", "check", str(BROKEN), "--today", "2026-11-25", data=data)
    assert broken.returncode == 1
    assert f"{BROKEN}/talk.ja.md:7: エラー: 曜日がちがいます" in broken.stdout
    assert broken.stdout.strip().endswith("エラー 9件、アドバイス 7件")

    refused = _kiosk("content", "import", str(BROKEN), "--lang", "en", data=data)
    assert refused.returncode == 1
    assert "Not imported" in refused.stderr and "talk.ja.md:19: error:" in refused.stderr

    package = tmp_path / "fall-class"
    assert _kiosk("content", "new", str(package), data=data).returncode == 0
    check = _kiosk("content", "check", str(package), "--lang", "en", data=data)
    assert (check.returncode, check.stdout.strip()) == (0, "0 errors, 0 pieces of advice")
    imported = _kiosk("content", "import", str(package), "--lang", "en", data=data)
    assert imported.returncode == 0, imported.stderr
    assert "Imported fall-class (2 pages)" in imported.stdout
    pages = _kiosk("pages", "--json", data=data)
    assert "転ばないための体操教室" in pages.stdout
    back = _kiosk("content", "rollback", "fall-class", "--lang", "en", data=data)
    assert "fall-class was removed" in back.stdout
    assert "転ばないための体操教室" not in _kiosk("pages", "--json", data=data).stdout


def test_bundle_keygen_publish_verify_tamper(tmp_path: Path) -> None:
    data = tmp_path / "data"
    key = tmp_path / "region.key"
    keygen = _kiosk("bundle", "keygen", "--out", str(key), "--lang", "en", data=data)
    assert keygen.returncode == 0 and 'public_key = "' in keygen.stdout
    _kiosk("content", "new", str(tmp_path / "pkgs" / "fall-class"), data=data)
    out = tmp_path / "bundle"
    published = _kiosk(
        "bundle", "publish", str(tmp_path / "pkgs"), "--key", str(key), "--out", str(out),
        "--lang", "en", data=data,
    )  # fmt: skip
    assert published.returncode == 0, published.stderr
    assert "Published bundle number 1: 1 packages" in published.stdout
    ok = _kiosk("bundle", "verify", str(out), "--key", f"{key}.pub", "--lang", "en", data=data)
    assert ok.returncode == 0 and ok.stdout.startswith("OK: bundle number 1")
    victim = next((out / "objects").iterdir())
    victim.write_bytes(victim.read_bytes()[:-1] + b"!")
    bad = _kiosk("bundle", "verify", str(out), "--lang", "en", data=data)
    assert bad.returncode == 1
    assert "content does not match the manifest (tampered)" in bad.stderr
