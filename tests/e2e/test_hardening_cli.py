"""The CLI side of issue 16's content cases: one line and a clear exit code, never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import zipfile
from pathlib import Path

from tests.conftest import kiosk_command

REPO = Path(__file__).resolve().parents[2]


def _kiosk(*args: str, data: Path, config: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HIROBA_")}
    env |= {
        "PYTHONPATH": str(REPO),
        "HIROBA_DATA_DIR": str(data),
        "HIROBA_CONFIG": str(config or data / "none.toml"),
        "QT_QPA_PLATFORM": "offscreen",
    }
    return subprocess.run(
        kiosk_command(*args), capture_output=True, text=True, env=env, timeout=120
    )


def _published(tmp_path: Path, data: Path) -> Path:
    key = tmp_path / "region.key"
    assert _kiosk("bundle", "keygen", "--out", str(key), data=data).returncode == 0
    package = tmp_path / "pkgs" / "fall-class"
    assert _kiosk("content", "new", str(package), data=data).returncode == 0
    (package / "README.md").write_text("会員名簿: 山田 090-0000-0000\n", encoding="utf-8")
    out = tmp_path / "bundle"
    published = _kiosk(
        "bundle", "publish", str(tmp_path / "pkgs"), "--key", str(key), "--out", str(out),
        "--lang", "en", data=data,
    )  # fmt: skip
    assert published.returncode == 0, published.stderr
    assert f"left out (no page uses it): {package / 'README.md'}" in published.stdout
    return out


def test_bundle_verify_without_a_key_says_it_proved_nothing(tmp_path: Path) -> None:
    data = tmp_path / "data"
    out = _published(tmp_path, data)
    blobs = b"".join(p.read_bytes() for p in (out / "objects").iterdir())
    assert b"090-0000-0000" not in blobs
    unchecked = _kiosk("bundle", "verify", str(out), "--lang", "en", data=data)
    assert unchecked.returncode == 1
    assert not unchecked.stdout.startswith("OK")
    assert "not checked against a trusted key" in unchecked.stderr


def test_bundle_verify_of_a_hostile_manifest_is_one_line(tmp_path: Path) -> None:
    data = tmp_path / "data"
    out = _published(tmp_path, data)
    (out / "bundle.json").write_bytes(b"[" * 200_000 + b"]" * 200_000)
    result = _kiosk("bundle", "verify", str(out), "--lang", "en", data=data)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_pages_on_a_corrupt_store_is_one_line(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert _kiosk("pages", "--json", data=data).returncode == 0  # the demo store is written
    store = data / "demo.sqlite3"
    raw = bytearray(store.read_bytes())
    raw[8192 : 8192 + 16384] = b"\xff" * 16384  # tables' pages, past the header
    store.write_bytes(bytes(raw))
    result = _kiosk("pages", "--json", data=data)
    assert result.returncode in (1, 2)
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("kiosk:")]
    assert len(lines) == 1 and "`kiosk run`" in lines[0], result.stderr


def test_content_check_of_an_encrypted_zip_is_one_line(tmp_path: Path) -> None:
    data = tmp_path / "data"
    archive = tmp_path / "class.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("pkg/package.toml", b'id = "x"\n')
    raw = bytearray(archive.read_bytes())
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = raw.find(signature)
        raw[at + offset] |= 1  # "encrypted"
    archive.write_bytes(bytes(raw))
    result = _kiosk("content", "check", str(archive), "--lang", "en", data=data)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert "encrypted" in result.stdout


def test_content_rollback_with_a_path_is_refused(tmp_path: Path) -> None:
    data = tmp_path / "a" / "b" / "data"
    victim = tmp_path / "a" / "victim"  # data/packages/../../../victim
    victim.mkdir(parents=True)
    (victim / "state.json").write_text(json.dumps({"current": "x"}))
    (data / "packages").mkdir(parents=True)  # as after any earlier import
    result = _kiosk("content", "rollback", "../../../victim", "--lang", "en", data=data)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert victim.is_dir() and (victim / "state.json").is_file()


def test_a_csv_error_never_echoes_a_system_file(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shadow = tmp_path / "etc" / "shadow"  # stands in for /etc/shadow (tests do not run as root)
    shadow.parent.mkdir()
    shadow.write_text("root:*:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n")
    config = tmp_path / "kiosk.toml"
    config.write_text(
        f'[[source]]\nid = "shelters"\nkind = "csv"\ncategory = "facilities"\npath = "{shadow}"\n',
        encoding="utf-8",
    )
    result = _kiosk("sync", "--config", str(config), data=data, config=config)
    assert result.returncode == 1
    assert "shelters: failed" in result.stdout
    assert "root:" not in result.stdout + result.stderr
    assert "daemon" not in result.stdout + result.stderr
