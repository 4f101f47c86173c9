"""[[service]] and [menu] in kiosk.toml (issue 18): the six tiles by default, declared tiles in
order, and every wrong declaration a file:line error (exit 2 from the CLI)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from kiosk.config import ConfigError, load_config
from kiosk.content.model import Category
from kiosk.menu import ALL_LANGUAGES, Service, columns
from tests.conftest import kiosk_command

SOURCES = """[[source]]
id = "town-news"
kind = "feed"
url = "http://127.0.0.1:9/news.rdf"
category = "notices"

[[source]]
id = "jma"
kind = "jmx"
url = "http://127.0.0.1:9/extra.xml"
category = "disaster"
"""  # lines 1-11


def _load(tmp_path: Path, text: str):  # noqa: ANN202
    path = tmp_path / "kiosk.toml"
    path.write_text(SOURCES + text, encoding="utf-8")
    return path, load_config(path)


def test_no_declaration_means_the_six_categories(tmp_path: Path) -> None:
    _path, config = _load(tmp_path, "")
    assert config.services == () and config.menu.languages == ALL_LANGUAGES
    from kiosk.content.store import Store
    from kiosk.viewmodels.screens import ViewModels

    vms = ViewModels(Store(":memory:"), services=config.services)
    assert [t.key for t in vms.home("ja").tiles] == [c.value for c in Category]


def test_declared_tiles_keep_their_order_titles_and_sources(tmp_path: Path) -> None:
    _path, config = _load(
        tmp_path,
        """
[[service]]
category = "notices"
title = { ja = "町のお知らせ", en = "Town news", vi = "Tin của thị trấn" }
sources = ["town-news"]

[[service]]
kind = "practice"

[[service]]
id = "alerts"
category = "disaster"
""",
    )
    assert [s.id for s in config.services] == ["notices", "practice", "alerts"]
    notices, practice, alerts = config.services
    assert notices.sources == ("town-news",) and not notices.is_plain
    assert notices.title("vi", "x") == "Tin của thị trấn" and notices.title("ko", "공지") == "공지"
    assert practice.category is None and practice.value == "practice"
    assert alerts.category is Category.DISASTER and alerts.value == "disaster"
    from kiosk.content.store import Store
    from kiosk.viewmodels.screens import ViewModels

    tiles = ViewModels(Store(":memory:"), services=config.services).home("en").tiles
    assert [(t.key, t.label) for t in tiles] == [
        ("notices", "Town news"),
        ("practice", "Practice"),
        ("alerts", "Disaster & weather"),
    ]


def test_menu_table(tmp_path: Path) -> None:
    _path, config = _load(
        tmp_path, '[menu]\nlanguages = ["ja", "en"]\nread_aloud = false\nprint = false\n'
    )
    menu = config.menu
    assert menu.languages == ("ja", "en") and not menu.read_aloud and not menu.print
    assert menu.qr and menu.howto


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ('[[service]]\ncategory = "sports"\n', 14, "category 'sports' is not one of"),
        ('[[service]]\nkind = "weather"\n', 14, "kind = 'weather' is not one of"),
        ("[[service]]\ntitle = { ja = 'x' }\n", 13, "'category' is missing"),
        ('[[service]]\ncategory = "notices"\ncolour = "red"\n', 15, "unknown key 'colour'"),
        (
            '[[service]]\ncategory = "notices"\nsources = ["school"]\n',
            15,
            "source 'school' is not a [[source]] id (known: town-news, jma)",
        ),
        (
            '[[service]]\ncategory = "health"\nsources = ["town-news"]\n',
            15,
            "source 'town-news' is in category notices, not health",
        ),
        (
            '[[service]]\ncategory = "notices"\n\n[[service]]\nid = "notices"\nkind = "practice"\n',
            17,
            "#2: id 'notices' is used twice",
        ),
        ('[[service]]\nkind = "practice"\ncategory = "notices"\n', 15, "only applies to kind"),
        (
            '[[service]]\ncategory = "notices"\ntitle = { fr = "Nouvelles" }\n',
            15,
            "language 'fr'",
        ),
        (
            '[[service]]\ncategory = "notices"\ntitle = { ja = "' + "お知らせ" * 5 + '" }\n',
            15,
            "too long for a tile",
        ),
        ('[[service]]\ncategory = "notices"\nsources = []\n', 15, "empty sources list"),
        ('[menu]\nlanguages = ["ja", "tlh"]\n', 14, "language 'tlh'"),
        ('[menu]\nread_aloud = "yes"\n', 14, "read_aloud must be a bool"),
        ("[menu]\nspeech = true\n", 14, "unknown key 'speech'"),
        ('[service]\ncategory = "notices"\n', 13, "write [[service]]"),
    ],
)
def test_wrong_declaration_is_a_file_line_error(
    tmp_path: Path, text: str, line: int, message: str
) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text(SOURCES + "\n" + text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert str(info.value).startswith(f"{path}:{line}: "), info.value
    assert message in str(info.value)


def test_lang_must_be_offered(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text('[kiosk]\nlang = "vi"\n\n[menu]\nlanguages = ["ja", "en"]\n', "utf-8")
    with pytest.raises(ConfigError, match=rf"{path}:5: \[menu\] languages must include"):
        load_config(path)


def test_width_counts_full_width_twice() -> None:
    assert columns("お知らせ") == 8 and columns("Notices") == 7
    assert Service("x", category=Category.NOTICES).is_plain is False


def test_screenshot_of_a_wrong_menu_exits_2_with_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "menu.toml"
    path.write_text('[[service]]\ncategory = "notice"\n', encoding="utf-8")
    result = subprocess.run(
        kiosk_command(
            "screenshot",
            "--config",
            str(path),
            "--screen",
            "home",
            "--out",
            str(tmp_path / "x.png"),
        ),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2, result.stderr
    assert f"{path}:2: [[service]] #1: category 'notice' is not one of" in result.stderr
    assert not (tmp_path / "x.png").exists()


def test_the_example_menu_is_valid_when_uncommented(tmp_path: Path) -> None:
    example = (Path(__file__).resolve().parents[2] / "kiosk.example.toml").read_text("utf-8")
    start = example.index("# [[service]]")
    end = example.index("# [metrics]") if example.index("# [metrics]") > start else None
    block = "\n".join(
        line.removeprefix("# ").removeprefix("#")
        for line in example[start:end].splitlines()
        if not line.startswith("# The ")
        and "Page services" not in line
        and "six categories" not in line
    )
    path = tmp_path / "kiosk.toml"
    path.write_text(SOURCES + "\n" + block + "\n", encoding="utf-8")
    config = load_config(path)
    assert [s.id for s in config.services] == ["disaster", "town", "practice"]
    assert config.menu.languages == ("ja", "en", "pt-BR")


def test_menu_languages_are_the_kiosk_languages() -> None:
    from kiosk.config import LANGUAGES

    assert tuple(LANGUAGES) == ALL_LANGUAGES
