"""Issue 16 (serious #5): config typos are ConfigErrors with file:line, never Python errors;
every number has a declared range in SETTINGS, checked when the file is read."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.config import SETTINGS, SETTINGS_BY_NAME, Config, ConfigError, load_config

SOURCE = '[[source]]\nid = "a"\nkind = "feed"\ncategory = "notices"\nurl = "http://x/"\n'
DEEP = "[kiosk]\narea_codes = " + "[" * 5000 + "]" * 5000 + "\n"

# (config text, line named in the message, words in the message)
TYPOS = [
    ('[source]\nid = "a"\nkind = "feed"\n', 1, "[[source]]"),
    ('[[kiosk]]\nlang = "ja"\n', 1, "[kiosk]"),
    ("kiosk = 5\n", 1, "[kiosk]"),
    ("source = [1, 2]\n", 1, "[[source]]"),
    ('source = "feed"\n', 1, "[[source]]"),
    (DEEP, 2, "nested too deeply"),
    ("[kiosk]\nadmin_idle_seconds = 99999999999999\n", 2, "at most 3600"),
    ("[kiosk]\nadmin_idle_seconds = 9223372036854775807\n", 2, "at most 3600"),
    ('[kiosk]\nadmin_idle_seconds = "99999999999999999999999999"\n', 2, "out of range"),
    ("[kiosk]\nidle_minutes = -3\n", 2, "at least 1"),
    ("[kiosk]\nidle_warning_seconds = 0\n", 2, "at least 20"),
    ("[kiosk]\nattract_minutes = -9223372036854775808\n", 2, "at least 1"),
    ("[kiosk]\nfetch_max_mb = 0\n", 2, "at least 1"),
    ("[kiosk]\nscan_seconds = 100000\n", 2, "at most 30"),
    ('[kiosk]\ntown_name = "' + "x" * 5000 + '"\n', 2, "too long"),
    (SOURCE.replace('id = "a"', 'id = ""'), 2, "not empty"),
    (SOURCE.replace('id = "a"', 'id = "   "'), 2, "not empty"),
    (SOURCE.replace('id = "a"', 'id = "a\\u0000b"'), 2, "printable"),
    (SOURCE + "refresh_minutes = 9223372036854775807\n", 6, "at most 10080"),
    (SOURCE + "refresh_minutes = -1\n", 6, "at least 1"),
    (SOURCE + "expire_days = 99999999999\n", 6, "at most 3650"),
    (SOURCE + "expire_days = -1\n", 6, "cannot be negative"),
    (SOURCE + "public_keys = [[1]]\n", 1, "public_key"),
    ('town_name = "さくら川町"\n[kiosk]\nlang = "ja"\n', 1, "town_name belongs under [kiosk]"),
    ("[colour]\ntheme = 1\n", 1, "unknown section [colour]"),
]


IDS = [
    "single-bracket-source", "double-bracket-kiosk", "kiosk-is-a-number", "source-list-of-numbers",
    "source-is-a-string", "5000-deep-array", "huge-admin-idle", "int64-admin-idle",
    "digit-string-overflow", "negative-idle", "zero-warning", "int64-min-attract", "zero-fetch-cap",
    "huge-scan", "5000-char-town-name", "empty-source-id", "blank-source-id",
    "control-char-source-id", "int64-refresh", "negative-refresh", "huge-expire-days",
    "negative-expire-days", "nested-public-keys", "setting-above-kiosk", "unknown-section",
]  # fmt: skip


@pytest.mark.parametrize(("text", "line", "words"), TYPOS, ids=IDS)
def test_config_typos_are_config_errors_with_file_and_line(
    tmp_path: Path, text: str, line: int, words: str
) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    message = str(info.value)
    assert message.startswith(f"{path}:{line}: "), message
    assert words in message
    assert len(message) < 400  # one line for staff, never the whole value


def test_every_number_setting_declares_its_range() -> None:
    for setting in SETTINGS:
        if setting.type is int:
            ranged = setting.min is not None and setting.max is not None
            assert ranged or setting.choices, setting.name
            assert setting.max is None or setting.max * 60_000 < 2**31 or setting.max < 10**6


def test_ranges_come_from_the_settings_table(tmp_path: Path) -> None:
    setting = SETTINGS_BY_NAME["admin_idle_seconds"]
    path = tmp_path / "kiosk.toml"
    for value, ok in ((setting.min, True), (setting.max, True), (setting.max + 1, False)):
        path.write_text(f"[kiosk]\nadmin_idle_seconds = {value}\n", encoding="utf-8")
        if ok:
            assert load_config(path).get("admin_idle_seconds") == value
        else:
            with pytest.raises(ConfigError):
                load_config(path)


def test_staff_overrides_are_range_checked_too() -> None:
    with pytest.raises(ConfigError, match="at most"):
        Config().with_overrides(admin_idle_seconds=10**12)


def test_unreadable_config_is_a_config_error(tmp_path: Path) -> None:
    folder = tmp_path / "kiosk.toml"
    folder.mkdir()  # a directory where the file should be
    with pytest.raises(ConfigError, match="cannot read"):
        load_config(folder)
