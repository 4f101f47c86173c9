"""Issue 16 (serious #5) end to end: a config typo never crash-loops the kiosk.

CLI commands exit 2 naming file:line; `kiosk run` shows the "temporarily unavailable" screen
with the reason (exit 2 once told to stop), never a traceback and never exit 1 — under
systemd's Restart=always an exit 1 with a traceback is a blank screen restarting forever."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.conftest import kiosk_command

TYPOS = {
    "single-bracket-source": ('[source]\nid = "a"\nkind = "feed"\n', 1),
    "double-bracket-kiosk": ('[[kiosk]]\nlang = "ja"\n', 1),
    "kiosk-is-a-number": ("kiosk = 5\n", 1),
    "5000-deep-array": ("[kiosk]\narea_codes = " + "[" * 5000 + "]" * 5000 + "\n", 2),
    "huge-admin-idle": ("[kiosk]\nadmin_idle_seconds = 99999999999999\n", 2),
    "negative-idle": ("[kiosk]\nidle_minutes = -1\n", 2),
    "zero-fetch-cap": ("[kiosk]\nfetch_max_mb = 0\n", 2),
    "empty-source-id": (
        '[[source]]\nid = ""\nkind = "feed"\ncategory = "notices"\nurl = "http://x/"\n',
        2,
    ),
}


def _run(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        kiosk_command(*args), capture_output=True, text=True, timeout=timeout, check=False
    )


@pytest.mark.parametrize("case", sorted(TYPOS))
def test_cli_commands_exit_2_with_file_and_line(tmp_path: Path, case: str) -> None:
    text, line = TYPOS[case]
    config = tmp_path / "kiosk.toml"
    config.write_text(text, encoding="utf-8")
    for command in (("pages", "--json"), ("sync", "--once"), ("usage", "--csv")):
        result = _run(*command, "--config", str(config))
        assert result.returncode == 2, (command, result.stderr[-2000:])
        assert "Traceback" not in result.stderr
        assert result.stderr.startswith(f"kiosk: {config}:{line}: "), result.stderr[-500:]


@pytest.mark.parametrize("case", ["single-bracket-source", "kiosk-is-a-number", "huge-admin-idle"])
def test_run_shows_unavailable_with_the_reason(tmp_path: Path, case: str) -> None:
    text, line = TYPOS[case]
    config = tmp_path / "kiosk.toml"
    config.write_text(text, encoding="utf-8")
    result = _run("run", "--config", str(config), "--exit-after", "0.5")
    assert result.returncode == 2, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    assert f"start failed: {config}:{line}: " in result.stderr
    assert "screen shown: unavailable" in result.stderr
