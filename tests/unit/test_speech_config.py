"""The three speech settings are declared once and validated from there."""

from __future__ import annotations

import pytest

from kiosk.config import ConfigError, load_config


def test_speech_defaults_and_overrides(tmp_path) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text(
        '[kiosk]\nspeech_engine = "pyttsx3"\nspeech_rate = "slow"\nspeech_volume = 60\n',
        encoding="utf-8",
    )
    config = load_config(path)
    assert (config.get("speech_engine"), config.get("speech_rate")) == ("pyttsx3", "slow")
    assert config.get("speech_volume") == 60
    defaults = load_config(None)
    assert defaults.get("speech_engine") == "auto"
    assert defaults.get("speech_rate") == "normal"  # already slower than the voice's own pace


def test_bad_speech_setting_names_file_and_line(tmp_path) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text('[kiosk]\nlang = "ja"\nspeech_rate = "turbo"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"kiosk.toml:3: speech_rate = 'turbo'"):
        load_config(path)
