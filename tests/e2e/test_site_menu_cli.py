"""Staff preview a menu change before it goes live (issue 18): `kiosk screenshot --config`
renders the declared tiles; the PNGs are looked at in review (docs/menu.md shows them)."""

from __future__ import annotations

import itertools
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from tests.conftest import kiosk_command

TWO = '[[service]]\ncategory = "disaster"\n\n[[service]]\ncategory = "notices"\n'


def _shot(tmp_path: Path, name: str, *args: str) -> Image.Image:
    out = tmp_path / f"{name}.png"
    result = subprocess.run(
        kiosk_command("screenshot", "--screen", "home", "--out", str(out), *args),
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return Image.open(out).convert("RGB")


@pytest.mark.slow
def test_screenshot_previews_a_two_tile_menu(tmp_path: Path) -> None:
    menu = tmp_path / "menu.toml"
    menu.write_text(TWO, encoding="utf-8")
    two = _shot(tmp_path, "two", "--config", str(menu))
    six = _shot(tmp_path, "six", "--demo")
    assert two.size == six.size == (1920, 1080)

    # Down the tiles' left padding (no text there): six tiles cross two tile borders top and
    # bottom, two tiles only one tall tile. Count the colour changes in that column.
    def changes(image: Image.Image, x: int) -> int:
        column = [image.getpixel((x, y)) for y in range(200, 900)]
        return sum(1 for a, b in itertools.pairwise(column) if a != b)

    assert 0 < changes(two, 45) < changes(six, 45)
