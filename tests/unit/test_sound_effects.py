from __future__ import annotations

from pathlib import Path

import miniaudio

from kiosk.config import ASSETS
from kiosk.speech.sounds import SoundEffect, _wav_samples


def test_chime_and_click_are_real_audio() -> None:
    for name, minimum_seconds in (("alert-chime.wav", 1.0), ("click.wav", 0.02)):
        samples, rate = _wav_samples(ASSETS / "sounds" / name)
        assert len(samples) / rate >= minimum_seconds
        assert abs(samples.astype(float)).max() > 3000  # audible, not silence


def test_effect_plays_on_the_null_device() -> None:
    effect = SoundEffect(ASSETS / "sounds" / "click.wav", backends=[miniaudio.Backend.NULL])
    try:
        assert effect.play() is True
        assert effect._player is not None and not effect._player.idle()
    finally:
        effect.close()


def test_broken_file_is_silent_not_fatal(tmp_path: Path) -> None:
    bad = tmp_path / "bad.wav"
    bad.write_bytes(b"RIFF....not a wav")
    effect = SoundEffect(bad, backends=[miniaudio.Backend.NULL])
    assert effect.play() is False
    assert effect.available is False
