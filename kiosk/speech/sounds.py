"""Short sound effects (alert chime, button click) through the read-aloud's audio path.

QtMultimedia is not part of PySide6-Essentials, so effects play through miniaudio like the
voice does (kiosk/speech/player.py). Where there is no audio device they are silent, with
one log line, and ``play`` says so by returning False.
"""

from __future__ import annotations

import logging
import wave
from functools import cache
from pathlib import Path

import numpy as np

from kiosk.speech.player import MiniaudioPlayer

log = logging.getLogger("kiosk.speech")


@cache
def _wav_samples(path: Path) -> tuple[np.ndarray, int]:
    """16-bit PCM WAV → mono int16 samples and their rate."""
    with wave.open(str(path), "rb") as wav:
        if wav.getsampwidth() != 2:
            raise ValueError(f"{path}: only 16-bit PCM WAV is supported")
        frames = np.frombuffer(wav.readframes(wav.getnframes()), dtype=np.int16)
        channels = wav.getnchannels()
        rate = wav.getframerate()
    if channels > 1:
        frames = frames.reshape(-1, channels).mean(axis=1).astype(np.int16)
    return frames, rate


class SoundEffect:
    """One effect with its own small output device, opened on first use."""

    def __init__(self, path: Path, volume: int = 90, backends: list | None = None) -> None:
        self.path = path
        self.volume = volume
        self._backends = backends
        self._player: MiniaudioPlayer | None = None
        self._failed = False

    @property
    def available(self) -> bool:
        return not self._failed

    def play(self) -> bool:
        if self._failed:
            return False
        try:
            samples, rate = _wav_samples(self.path)
            if self._player is None:
                self._player = MiniaudioPlayer(self.volume, backends=self._backends)
            self._player.stop()  # a new press restarts the effect instead of queueing it
            self._player.enqueue(0, samples, rate)
        except Exception as exc:  # no device, no backend, or a broken file: stay silent
            self._failed = True
            log.warning("sound effect %s unavailable: %s", self.path.name, exc)
            return False
        return True

    def close(self) -> None:
        if self._player is not None:
            self._player.close()
            self._player = None
