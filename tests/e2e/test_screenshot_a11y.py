from __future__ import annotations

import subprocess
from pathlib import Path

from PySide6.QtGui import QImage

from tests.conftest import kiosk_command


def test_settings_screenshot_with_furigana_in_korean(tmp_path: Path) -> None:
    out = tmp_path / "settings.png"
    result = subprocess.run(
        kiosk_command(
            "screenshot",
            "--demo",
            "--screen",
            "settings",
            "--theme",
            "blue",
            "--text-size",
            "3",
            "--furigana",
            "--lang",
            "ko",
            "--size",
            "1280x800",
            "--out",
            str(out),
        ),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1280, 800)
    # the blue theme's background colour dominates the corner
    assert image.pixelColor(5, 400).name() == "#001a4d"
