"""The alert settings in [kiosk]: declared once, validated with clear errors."""

from __future__ import annotations

import pytest

from kiosk.config import ConfigError, load_config
from kiosk.content.alerts import policy_from
from kiosk.content.model import Severity

SOURCE = """
[[source]]
id = "jma"
kind = "jmx"
category = "disaster"
path = "feeds/extra.xml"
"""


def write(tmp_path, kiosk_table: str):
    path = tmp_path / "kiosk.toml"
    path.write_text(f"[kiosk]\n{kiosk_table}\n{SOURCE}", encoding="utf-8")
    return path


def test_defaults() -> None:
    policy = policy_from(load_config(demo=True))
    assert policy.area_codes == ()
    assert policy.min_takeover is Severity.SEVERE
    assert not policy.drill_takeover


def test_an_area_code_may_name_its_jma_list(tmp_path) -> None:
    config = load_config(write(tmp_path, 'area_codes = ["13", "seismic:350", "tsunami:300"]'))
    assert policy_from(config).area_codes == ("13", "seismic:350", "tsunami:300")


def test_configured_policy(tmp_path) -> None:
    config = load_config(
        write(
            tmp_path,
            'area_codes = ["17", "1720400", "360"]\n'
            'min_takeover_severity = "extreme"\ndrill_takeover = true',
        )
    )
    policy = policy_from(config)
    assert policy.area_codes == ("17", "1720400", "360")
    assert policy.min_takeover is Severity.EXTREME and policy.drill_takeover
    (source,) = config.sources
    assert source.kind == "jmx" and source.location.endswith("feeds/extra.xml")


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("area_codes = [17204]", "strings of digits"),
        ('area_codes = ["北海道"]', "strings of digits"),
        ('area_codes = ["tidal:350"]', "seismic, tsunami, volcano, river"),
        ('area_codes = ["tsunami:"]', "strings of digits"),
        ('area_codes = "17"', "must be a list"),
        ('min_takeover_severity = "huge"', "not one of"),
    ],
)
def test_bad_values_name_file_and_line(tmp_path, line: str, message: str) -> None:
    path = write(tmp_path, line)
    with pytest.raises(ConfigError, match=message) as error:
        load_config(path)
    assert f"{path}:2:" in str(error.value)
