"""Audio output for read-aloud, fed sentence by sentence.

Playback uses miniaudio (a small, self-contained wheel with ALSA/PulseAudio/WASAPI/Core Audio
backends) rather than QtMultimedia: QtMultimedia is not part of PySide6-Essentials and the full
PySide6-Addons package is hundreds of megabytes for one feature; miniaudio streams raw PCM from
a queue, which is exactly what sentence-by-sentence speech needs.

Without an audio device (CI, a kiosk with the speaker unplugged) :class:`ClockPlayer` keeps
time as if it were playing, so the highlight still moves and nothing waits forever.

Players are polled (``current()``, ``idle()``) from a Qt timer; they never call back into Qt.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from typing import Protocol

import numpy as np

from kiosk.speech.base import resample

log = logging.getLogger("kiosk.speech")


class Player(Protocol):
    def enqueue(self, tag: int, samples: np.ndarray, sample_rate: int) -> None: ...
    def current(self) -> int | None: ...  # tag of the audio being heard now
    def idle(self) -> bool: ...  # nothing queued and nothing playing
    def pause(self) -> None: ...
    def resume(self) -> None: ...
    def stop(self) -> None: ...  # drop everything queued
    def set_volume(self, volume: int) -> None: ...  # 0‥100
    def close(self) -> None: ...


class ClockPlayer:
    """Plays nothing, but keeps time: each piece "plays" for its duration / ``speedup``."""

    def __init__(self, speedup: float = 1.0) -> None:
        self.speedup = speedup
        self._queue: deque[list] = deque()  # [tag, seconds left]
        self._paused = False
        self._last = time.monotonic()
        self.played: list[int] = []  # tags in the order they finished (for tests)
        self.fallback = False

    def _advance(self) -> None:
        now = time.monotonic()
        delta = (now - self._last) * self.speedup
        self._last = now
        if self._paused:
            return
        if self._queue and delta > 0:
            # At most one piece ends per poll (the rest of the time is dropped), so a poller
            # sees every piece as current at least once even when the UI was busy.
            head = self._queue[0]
            head[1] -= delta
            if head[1] <= 0:
                self.played.append(head[0])
                self._queue.popleft()

    def enqueue(self, tag: int, samples: np.ndarray, sample_rate: int) -> None:
        self._advance()
        self._queue.append([tag, len(samples) / sample_rate])

    def current(self) -> int | None:
        self._advance()
        return self._queue[0][0] if self._queue else None

    def idle(self) -> bool:
        self._advance()
        return not self._queue

    def pause(self) -> None:
        self._advance()
        self._paused = True

    def resume(self) -> None:
        self._advance()
        self._paused = False

    def stop(self) -> None:
        self._queue.clear()
        self._paused = False

    def set_volume(self, volume: int) -> None:
        pass

    def close(self) -> None:
        self.stop()


class PcmQueue:
    """Pieces of 16-bit mono audio waiting to be heard, pulled in device-sized blocks.

    Thread-safe: the audio thread pulls, the UI thread enqueues, pauses and polls.
    """

    def __init__(self, sample_rate: int, volume: int = 80) -> None:
        self.sample_rate = sample_rate
        self._lock = threading.Lock()
        self._queue: deque[list] = deque()  # [tag, int16 samples, position]
        self._paused = False
        self._current: int | None = None
        self.gain = volume / 100

    def enqueue(self, tag: int, samples: np.ndarray, sample_rate: int) -> None:
        samples = resample(samples, sample_rate, self.sample_rate)
        if self.gain != 1:
            samples = np.clip(samples * self.gain, -32768, 32767).astype(np.int16)
        with self._lock:
            self._queue.append([tag, samples, 0])

    def pull(self, frames: int) -> np.ndarray:
        """The next ``frames`` samples; silence while paused or when nothing is queued."""
        out = np.zeros(frames, dtype=np.int16)
        with self._lock:
            filled = 0
            while not self._paused and filled < frames and self._queue:
                tag, samples, position = self._queue[0]
                take = min(frames - filled, len(samples) - position)
                out[filled : filled + take] = samples[position : position + take]
                filled += take
                self._current = tag
                if position + take >= len(samples):
                    self._queue.popleft()
                else:
                    self._queue[0][2] = position + take
            if not self._paused and not self._queue and filled < frames:
                self._current = None
        return out

    def current(self) -> int | None:
        with self._lock:
            if self._current is None and self._queue:
                return self._queue[0][0]
            return self._current

    def idle(self) -> bool:
        with self._lock:
            return not self._queue and self._current is None

    def pause(self) -> None:
        with self._lock:
            self._paused = True

    def resume(self) -> None:
        with self._lock:
            self._paused = False

    def stop(self) -> None:
        with self._lock:
            self._queue.clear()
            self._current = None
            self._paused = False

    def set_volume(self, volume: int) -> None:
        self.gain = max(0, min(volume, 100)) / 100

    def close(self) -> None:
        self.stop()


class MiniaudioPlayer(PcmQueue):
    """A real device; miniaudio's audio thread pulls from the queue (≈120 ms buffer)."""

    SAMPLE_RATE = 48000

    def __init__(self, volume: int = 80, backends: list | None = None) -> None:
        import miniaudio

        super().__init__(self.SAMPLE_RATE, volume)
        # backends: None lets miniaudio pick (PulseAudio/ALSA, WASAPI, Core Audio); tests pass
        # [miniaudio.Backend.NULL], a device that plays in real time into nothing.
        self._device = miniaudio.PlaybackDevice(
            output_format=miniaudio.SampleFormat.SIGNED16,
            nchannels=1,
            sample_rate=self.SAMPLE_RATE,
            buffersize_msec=120,
            backends=backends,
        )
        stream = self._stream()
        next(stream)
        self._device.start(stream)

    def _stream(self):
        frames = yield b""
        while True:
            frames = yield self.pull(frames).tobytes()

    def close(self) -> None:
        self.stop()
        self._device.close()


_last_problem: list[str] = []  # the last "no audio output" reason logged


def make_player(volume: int = 80) -> Player:
    """A real audio device when there is one; otherwise a silent clock. The reason is logged
    once, not at every press that looks for a device again."""
    try:
        player = MiniaudioPlayer(volume)
    except Exception as exc:  # no backend, no device, or miniaudio missing
        if _last_problem != [str(exc)]:
            _last_problem[:] = [str(exc)]
            log.warning("no audio output (%s): read-aloud highlights without sound", exc)
        clock = ClockPlayer()
        clock.fallback = True  # the worker looks for a device again on the next press
        return clock
    if _last_problem:
        _last_problem.clear()
        log.info("audio output found")
    return player
