from __future__ import annotations

from pathlib import Path

from pytest_httpserver import HTTPServer

from kiosk.content.model import Category, Source
from kiosk.ops import doctor
from kiosk.ops.pin import save_pin


def test_source_reachability(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request("/feed.xml", method="HEAD").respond_with_data("", status=200)
    httpserver.expect_request("/nohead", method="HEAD").respond_with_data("", status=405)
    httpserver.expect_request("/nohead", method="GET").respond_with_data("ok", status=200)
    httpserver.expect_request("/gone").respond_with_data("", status=404)

    def source(location: str) -> Source:
        return Source("s", "feed", location, Category.NOTICES)

    assert doctor.check_source(source(httpserver.url_for("/feed.xml"))).ok
    assert doctor.check_source(source(httpserver.url_for("/nohead"))).ok
    gone = doctor.check_source(source(httpserver.url_for("/gone")))
    assert not gone.ok and "404" in gone.detail
    refused = doctor.check_source(source("http://127.0.0.1:9/feed"), timeout=1)
    assert not refused.ok and refused.hint
    assert doctor.check_source(source(str(tmp_path))).ok
    assert not doctor.check_source(source(str(tmp_path / "missing"))).ok


def test_config_errors_and_pin(tmp_path: Path) -> None:
    bad = tmp_path / "kiosk.toml"
    bad.write_text('[kiosk]\nopening_hours = "weekdays 9-5"\n', encoding="utf-8")
    check, config = doctor.check_config(bad)
    assert not check.ok and "weekdays" in check.detail and config is not None
    bad.write_text('[kiosk]\ntheme = "pink"\n', encoding="utf-8")
    check, config = doctor.check_config(bad)
    assert not check.ok and f"{bad}:2" in check.detail and config is None
    assert not doctor.check_pin().ok
    save_pin("4829", doctor.load_pin.__globals__["pin_path"]())
    assert doctor.check_pin().ok


def test_every_check_is_one_line_with_a_mark() -> None:
    checks = doctor.run_checks(None, source_check=lambda s: doctor.Check(s.id, True, "skipped"))
    keys = [c.key for c in checks]
    assert keys[:2] == ["python", "qt"] and "store" in keys and len(checks) >= 13
    for check in checks:
        line = check.line()
        assert "\n" not in line and line[0] in "✔✖"
        if not check.ok:
            assert check.hint, check


def test_a_bare_three_digit_area_code_is_flagged(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text('[kiosk]\narea_codes = ["13", "13101", "350"]\n', encoding="utf-8")
    _check, config = doctor.check_config(path)
    assert config is not None
    check = doctor.check_area_codes(config)
    assert not check.ok and "350" in check.detail and '"tsunami:350"' in check.hint
    path.write_text('[kiosk]\narea_codes = ["13", "seismic:350", "tsunami:300"]\n', "utf-8")
    _check, config = doctor.check_config(path)
    assert config is not None and doctor.check_area_codes(config).ok
    checks = doctor.run_checks(path, source_check=lambda s: doctor.Check("", True, ""))
    keys = [c.key for c in checks]
    assert "area_codes" in keys
