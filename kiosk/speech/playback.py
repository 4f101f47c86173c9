"""The speech worker's loudspeaker: plays each job's audio and reports what is being heard.

Why here and not in the UI process (issue 17): the audio device, its thread, numpy and every
buffer of synthesised speech lived in the kiosk's UI process, and read-aloud presses grew its
memory (+23 MiB over the first fourteen presses). Now the UI only says play / pause / resume /
stop and hears back "now reading sentence N"; the audio never leaves this process.

A reporter thread polls the player (every ``POLL_S``) and sends, for the current job:
    ("now", job_id, sentence | None)   when the sentence being heard changes (None: nothing
                                       is sounding, e.g. synthesis has not caught up) and at
                                       least every ``HEARTBEAT_S`` while the job lasts, so the
                                       UI can tell a live worker from a hung one
    ("heard", job_id)                  synthesis is done and the last sample has been played

Players are chosen by a spec string (the UI sends it; tests and benchmarks pick one):
    "device"               the real output device; a silent clock where there is none
    "clock:<speedup>"      no device: keeps time, ``speedup`` times faster than real time
    "record:<speedup>:<dir>"  a clock that also writes every piece it "plays" to
                           ``<dir>/NNNN.wav`` (tests measure what the visitor would have heard)
    "null"                 the real miniaudio device code, playing into miniaudio's null backend
"""

from __future__ import annotations

import logging
import threading
import time
import wave
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.speech.player import ClockPlayer, MiniaudioPlayer, Player, make_player

if TYPE_CHECKING:
    import numpy as np

    from kiosk.speech.sounds import SoundEffect

log = logging.getLogger("kiosk.speech")

POLL_S = 0.04
HEARTBEAT_S = 0.5

Send = Callable[[tuple[Any, ...]], None]


def make_player_from_spec(spec: str, volume: int) -> Player:
    """The player a spec names (see the module text); ValueError for an unknown spec."""
    kind, _, rest = spec.partition(":")
    if kind == "device":
        return make_player(volume)
    if kind == "clock":
        return ClockPlayer(float(rest or 1.0))
    if kind == "record":
        speedup, _, folder = rest.partition(":")
        return RecordingPlayer(float(speedup), Path(folder))
    if kind == "null":
        import miniaudio

        return MiniaudioPlayer(volume, backends=[miniaudio.Backend.NULL])
    raise ValueError(f"unknown player {spec!r}")


class RecordingPlayer(ClockPlayer):
    """Keeps time like a clock and writes each piece it is given to a numbered WAV."""

    def __init__(self, speedup: float, folder: Path) -> None:
        super().__init__(speedup)
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self._count = len(list(folder.glob("*.wav")))

    def enqueue(self, tag: int, samples: np.ndarray, sample_rate: int) -> None:
        with wave.open(str(self.folder / f"{self._count:04d}.wav"), "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(sample_rate)
            out.writeframes(samples.tobytes())
        self._count += 1
        super().enqueue(tag, samples, sample_rate)


class Playback:
    """One job's audio at a time; thread-safe (the stdin reader thread pauses and stops, the
    synthesis loop enqueues, the reporter thread polls)."""

    def __init__(self, send: Send) -> None:
        self._send = send
        self._lock = threading.RLock()
        self.spec = "device"
        self.volume = 80
        self._player: Player | None = None
        self._job: int | None = None
        self._sentence_of: dict[int, int] = {}
        self._synthesised = False
        self._reported: int | str | None = "nothing yet"
        self._reported_at = 0.0
        self._effects: dict[str, SoundEffect] = {}
        self._closed = threading.Event()
        threading.Thread(target=self._report_loop, name="speech-report", daemon=True).start()

    # --- called from the reader thread (at once, even while a sentence is synthesised) -----

    def configure(self, spec: str, volume: int) -> None:
        with self._lock:
            if spec != self.spec and self._player is not None:
                self._player.close()
                self._player = None
            self.spec = spec
            self.set_volume(volume)

    def begin(self, job: int) -> None:
        """A new job replaces whatever was sounding."""
        with self._lock:
            if self._player is not None:
                self._player.stop()
                self._player.resume()
            self._job = job
            self._sentence_of = {}
            self._synthesised = False
            self._reported = "nothing yet"

    def cancel(self, job: int) -> None:
        with self._lock:
            if job == self._job:
                self._job = None
                if self._player is not None:
                    self._player.stop()

    def pause(self) -> None:
        with self._lock:
            if self._player is not None:
                self._player.pause()

    def resume(self) -> None:
        with self._lock:
            if self._player is not None:
                self._player.resume()

    def set_volume(self, volume: int) -> None:
        with self._lock:
            self.volume = volume
            if self._player is not None:
                self._player.set_volume(volume)

    def effect(self, path: str, volume: int) -> None:
        """A short sound (alert chime, click); never waits for speech."""
        from kiosk.speech.sounds import SoundEffect

        with self._lock:
            sound = self._effects.get(path)
            if sound is None:
                backends = None
                if self.spec != "device":  # tests: the real device code, into nothing
                    import miniaudio

                    backends = [miniaudio.Backend.NULL]
                sound = self._effects[path] = SoundEffect(Path(path), volume, backends=backends)
            sound.volume = volume
        played = sound.play()
        self._send(("effect", Path(path).name, played))

    def status(self) -> dict[str, Any]:
        with self._lock:
            player = self._player
            return {
                "job": self._job,
                "idle": player is None or player.idle(),
                "player": type(player).__name__ if player else None,
                "fallback": bool(getattr(player, "fallback", False)),
            }

    def close(self) -> None:
        self._closed.set()
        with self._lock:
            if self._player is not None:
                self._player.close()
            for sound in self._effects.values():
                sound.close()

    # --- called from the synthesis loop -----------------------------------------------------

    def plan(self, job: int, sentence_of: dict[int, int]) -> None:
        with self._lock:
            if job == self._job:
                self._sentence_of = dict(sentence_of)

    def enqueue(self, job: int, chunk: int, samples: np.ndarray, sample_rate: int) -> bool:
        """Queue a chunk of ``job``; False (dropped) if that job was stopped or replaced."""
        with self._lock:
            if job != self._job:
                return False
            player = self._ensure_player()
            player.enqueue(chunk, samples, sample_rate)
            return True

    def synthesised(self, job: int) -> None:
        with self._lock:
            if job == self._job:
                self._synthesised = True

    def _ensure_player(self) -> Player:
        if self._player is not None and getattr(self._player, "fallback", False):
            self._player.close()  # no device last time: a speaker may be plugged in now
            self._player = None
        if self._player is None:
            try:
                self._player = make_player_from_spec(self.spec, self.volume)
            except Exception as exc:  # a bad spec or a broken device: keep time, stay silent
                log.warning(
                    "speech player %r unavailable (%s): reading without sound", self.spec, exc
                )
                self._player = ClockPlayer()
                self._player.fallback = True
        return self._player

    # --- the reporter thread ------------------------------------------------------------------

    def _report_loop(self) -> None:
        while not self._closed.wait(POLL_S):
            try:
                message = self._poll()
            except Exception:  # a report must never kill the voice
                log.exception("speech playback report failed")
                continue
            for item in message:
                self._send(item)

    def _poll(self) -> list[tuple[Any, ...]]:
        with self._lock:
            job, player = self._job, self._player
            if job is None:
                return []
            chunk = player.current() if player is not None else None
            sentence = self._sentence_of.get(chunk, -1) if chunk is not None else None
            now = time.monotonic()
            out: list[tuple[Any, ...]] = []
            if sentence != self._reported or now - self._reported_at >= HEARTBEAT_S:
                self._reported, self._reported_at = sentence, now
                out.append(("now", job, sentence))
            if self._synthesised and (player is None or player.idle()):
                self._job = None
                out.append(("heard", job))
            return out
