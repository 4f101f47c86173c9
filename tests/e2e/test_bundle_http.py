"""Region bundles over real HTTP on 127.0.0.1: publish, two kiosks sync, change, tamper."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from kiosk.content.bundle import OBJECTS, generate_key
from kiosk.content.bundle_publish import publish
from kiosk.content.model import Category, Source
from kiosk.content.scaffold import create_package
from kiosk.content.store import Store
from kiosk.content.sync import FETCHING_READERS, sync_source
from kiosk.i18n import set_language
from tests.conftest import kiosk_command


@pytest.fixture
def published(tmp_path: Path) -> dict:
    packages = tmp_path / "region"
    create_package(packages / "fall-class")
    create_package(packages / "tea-salon")
    key = tmp_path / "region.key"
    public = generate_key(key)
    out = tmp_path / "www" / "bundle"
    publish(packages, key, out, region="sakura")
    return {"packages": packages, "key": key, "public": public, "out": out}


def _serve_folder(httpserver: HTTPServer, folder: Path) -> str:
    def handler(request: Request) -> Response:
        file = folder / request.path.removeprefix("/bundle/")
        if file.is_file() and file.resolve().is_relative_to(folder.resolve()):
            return Response(file.read_bytes(), 200)
        return Response("not found", 404)

    httpserver.expect_request(re.compile(r"^/bundle/.*$")).respond_with_handler(handler)
    return httpserver.url_for("/bundle/")


def _object_requests(httpserver: HTTPServer) -> list[str]:
    return [r.path for r, _ in httpserver.log if f"/{OBJECTS}/" in r.path]


def test_two_kiosks_sync_change_and_tamper(
    httpserver: HTTPServer, published: dict, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_language("en")
    assert "bundle" in FETCHING_READERS
    url = _serve_folder(httpserver, published["out"])
    source = Source("region", "bundle", url, Category.HEALTH, public_keys=(published["public"],))
    # Each kiosk's bundle cache lives in its own data dir, beside its store.
    kiosks = {name: Store(tmp_path / f"data-{name}" / "store.sqlite3") for name in ("a", "b")}
    monkeypatch.setenv("HIROBA_DATA_DIR", str(tmp_path / "not-this-one"))

    def sync(name: str):
        return sync_source(kiosks[name], source)

    def titles(name: str) -> set[str]:
        return {i.title for i in kiosks[name].items(Category.HEALTH, "ja")}

    assert [sync(k).status for k in kiosks] == ["ok", "ok"]
    assert titles("a") == titles("b") == {"転ばないための体操教室"}
    httpserver.clear_log()

    # Change one page, republish: each kiosk fetches only that one file.
    page = published["packages"] / "tea-salon" / "exercise-class.ja.md"
    page.write_text(page.read_text(encoding="utf-8").replace("# 転ばない", "# 新 転ばない"))
    publish(published["packages"], published["key"], published["out"])
    assert [sync(k).status for k in kiosks] == ["ok", "ok"]
    assert len(_object_requests(httpserver)) == 2  # one file, two kiosks
    expected = {"転ばないための体操教室", "新 転ばないための体操教室"}
    assert titles("a") == titles("b") == expected

    # Republish a change, then tamper with that file on the server before kiosks fetch it.
    page.write_text(page.read_text(encoding="utf-8").replace("# 新", "# 新2"))
    manifest = publish(published["packages"], published["key"], published["out"])
    changed = next(f for f in manifest.files if f.path == "tea-salon/exercise-class.ja.md")
    served = published["out"] / OBJECTS / changed.sha256
    served.write_bytes(served.read_bytes().replace("体操".encode(), "休み".encode()))
    results = [sync(k) for k in kiosks]
    assert [r.status for r in results] == ["failed", "failed"]
    assert all("tampered" in r.reason for r in results)
    assert titles("a") == titles("b") == expected  # the last good bundle stays live
    statuses = [kiosks[k].source_statuses()[0] for k in kiosks]
    assert all("tampered" in (s.last_error or "") for s in statuses), statuses


def test_kiosk_sync_from_python_http_server(published: dict, tmp_path: Path) -> None:
    """The acceptance path: any static server will do, here `python -m http.server`."""
    server = subprocess.Popen(
        [sys.executable, "-u", "-m", "http.server", "0", "--bind", "127.0.0.1"],
        cwd=published["out"].parent,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        banner = server.stdout.readline()  # "Serving HTTP on 127.0.0.1 port N ..."
        port = int(re.search(r"port (\d+)", banner).group(1))
        config = tmp_path / "kiosk.toml"
        config.write_text(
            "[[source]]\n"
            'id = "region"\n'
            'kind = "bundle"\n'
            'category = "health"\n'
            f'url = "http://127.0.0.1:{port}/bundle/"\n'
            f'public_key = "{published["public"]}"\n',
            encoding="utf-8",
        )
        env = {"HIROBA_DATA_DIR": str(tmp_path / "data"), "QT_QPA_PLATFORM": "offscreen"}
        run = subprocess.run(
            kiosk_command("sync", "--config", str(config), "--once"),
            capture_output=True,
            text=True,
            env={**_base_env(), **env},
            timeout=60,
        )
        assert run.returncode == 0, run.stderr
        assert "region: ok (4 items)" in run.stdout
        # `kiosk pages` would re-sync local packages only; read what sync stored directly.
        with Store(tmp_path / "data" / "store.sqlite3") as store:
            titles = [i.title for i in store.items(Category.HEALTH, "ja")]
        assert titles == ["転ばないための体操教室"] * 2
    finally:
        server.terminate()
        server.wait(timeout=10)


def _base_env() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if not k.startswith("HIROBA_")} | {
        "PYTHONPATH": str(Path(__file__).resolve().parents[2])
    }


def test_a_japanese_kiosk_records_why_in_english_and_tells_staff_in_japanese(
    httpserver: HTTPServer, published: dict, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The screen's language is process-wide; what a sync records is not worded in it. A
    bundle whose signature fails on a kiosk showing Japanese is recorded in English, so the
    fleet's status code says "rejected" (it read 署名が合いません as "unreadable" before) and the
    staff line leads with the Japanese summary."""
    from kiosk.ops.health import STATUS_REJECTED, status_code
    from kiosk.viewmodels.staff import admin_status

    monkeypatch.setenv("HIROBA_DATA_DIR", str(tmp_path / "not-this-one"))
    set_language("ja")
    store = Store(tmp_path / "data" / "store.sqlite3")
    try:
        url = _serve_folder(httpserver, published["out"])
        keys = (published["public"],)
        source = Source("region", "bundle", url, Category.HEALTH, public_keys=keys)
        assert sync_source(store, source).status == "ok"
        bundle = published["out"] / "bundle.json"
        document = bundle.read_text(encoding="utf-8")
        signature = re.search(r'"signature": "([^"]+)"', document)
        assert signature is not None
        forged = ("B" if signature.group(1)[0] == "A" else "A") + signature.group(1)[1:]
        bundle.write_text(document.replace(signature.group(1), forged), encoding="utf-8")
        result = sync_source(store, source)
        assert result.status == "failed"
        (status,) = store.source_statuses()
        assert status.last_error == result.reason
        assert "signature" in status.last_error and not re.search(r"[ぁ-ん]", status.last_error)
        assert status_code(status.last_error) == STATUS_REJECTED
        (line,) = admin_status(store, store.path, "").sources
        assert "コンテンツパッケージが確認を通りませんでした" in line.text, line.text
        assert f"（{status.last_error}）" in line.text, line.text
    finally:
        store.close()
        set_language("en")
