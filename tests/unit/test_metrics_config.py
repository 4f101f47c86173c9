"""`[metrics]` in kiosk.toml (issue 18): off by default, clear file:line errors."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from kiosk.config import ConfigError, load_config
from tests.conftest import kiosk_command

SOURCE = """
[[source]]
id = "n"
kind = "feed"
url = "http://127.0.0.1:9/n.rdf"
category = "notices"
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "kiosk.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_off_by_default(tmp_path: Path) -> None:
    config = load_config(_write(tmp_path, SOURCE))
    assert not config.metrics.enabled


def test_listen_and_push(tmp_path: Path) -> None:
    text = SOURCE + '[metrics]\nlisten = "[::1]:9808"\npush_url = "https://gw.example/"\n'
    config = load_config(_write(tmp_path, text + 'push_seconds = 30\ninstance = "lib-1"\n'))
    m = config.metrics
    assert (m.listen_host, m.listen_port, m.push_url, m.push_seconds, m.instance) == (
        "::1",
        9808,
        "https://gw.example/",
        30,
        "lib-1",
    )
    # A --lang override keeps the [metrics] table.
    assert config.with_overrides(lang="en").metrics == m


@pytest.mark.parametrize(
    ("lines", "line", "message"),
    [
        (['listen = "9808"'], 9, "HOST:PORT"),
        (['listen = "127.0.0.1:99999"'], 9, "1-65535"),
        (['listen = "kiosk.example:9808"'], 9, "IP address"),
        (['listen = "127.0.0.1:9808"', 'push_url = "gw:9091"'], 10, "http://"),
        (['push_url = "http://gw:9091"', "push_seconds = 2"], 10, "at least 10"),
        (['push_url = "http://gw:9091"', 'push_seconds = "60"'], 10, "must be a int"),
        (['listen = "127.0.0.1:9808"', "port = 1"], 10, "unknown key 'port'"),
        (['instance = "a/b"'], 9, "no slashes"),
    ],
)
def test_wrong_metrics_table_names_file_and_line(
    tmp_path: Path, lines: list[str], line: int, message: str
) -> None:
    path = _write(tmp_path, SOURCE + "\n[metrics]\n" + "\n".join(lines) + "\n")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert str(info.value).startswith(f"{path}:{line}: [metrics]"), info.value
    assert message in str(info.value)


def test_kiosk_status_exits_2_on_a_wrong_metrics_table(tmp_path: Path) -> None:
    path = _write(tmp_path, SOURCE + '\n[metrics]\nlisten = "nowhere"\n')
    result = subprocess.run(
        kiosk_command("status", "--json", "--config", str(path)),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2
    assert f"{path}:9: [metrics] listen" in result.stderr


def test_the_example_metrics_table_is_valid_when_uncommented(tmp_path: Path) -> None:
    example = (Path(__file__).resolve().parents[2] / "kiosk.example.toml").read_text("utf-8")
    start = example.index("# [metrics]")
    end = example.find("\n\n", start)
    block = "\n".join(
        line.removeprefix("# ") for line in example[start : end if end > 0 else None].splitlines()
    )
    path = _write(tmp_path, SOURCE + "\n" + block + "\n")
    metrics = load_config(path).metrics
    assert metrics.serving and metrics.pushing and metrics.instance == "sakuragawa-library"


def test_doctor_reports_where_metrics_go_and_a_dead_gateway(tmp_path: Path, httpserver) -> None:
    import socket

    from kiosk.i18n import set_language
    from kiosk.ops import doctor

    set_language("en")
    httpserver.expect_request("/-/healthy").respond_with_data("OK")
    text = (
        SOURCE + f'[metrics]\nlisten = "127.0.0.1:9808"\npush_url = "{httpserver.url_for("/")}"\n'
    )
    check = doctor.check_metrics(load_config(_write(tmp_path, text)))
    assert check.ok, check.line()
    assert "serving http://127.0.0.1:9808/metrics" in check.detail and "(HTTP 200)" in check.detail
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{probe.getsockname()[1]}"
    check = doctor.check_metrics(
        load_config(_write(tmp_path, SOURCE + f'[metrics]\npush_url = "{dead}"\n'))
    )
    assert not check.ok and "not reachable" in check.detail
    assert "push_url" in check.line()
    keys = [
        c.key
        for c in doctor.run_checks(tmp_path / "kiosk.toml", lambda s: doctor.Check(s.id, True, "-"))
    ]
    assert "metrics" in keys
    assert "metrics" not in [
        c.key
        for c in doctor.run_checks(
            _write(tmp_path, SOURCE), lambda s: doctor.Check(s.id, True, "-")
        )
    ]
