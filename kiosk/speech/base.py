"""The engine interface: text in, mono 16-bit audio out, one sentence at a time.

Engines are plain Python objects that live in the speech worker process (or in the CLI); the
UI never calls them directly. Each returns :class:`Audio` for one piece of spoken text;
:func:`speak_sentences` strings sentences together and reports where each one starts and ends,
which is what the highlight and the tests follow.
"""

from __future__ import annotations

import io
import wave
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from kiosk.speech import RATE_FACTORS, RATES, EngineUnavailable

__all__ = ["RATES", "RATE_FACTORS", "Audio", "Engine", "EngineUnavailable", "Utterance"]

SENTENCE_GAP_S = 0.15  # extra silence between sentences: a breath, not a wait


@dataclass(frozen=True, slots=True)
class Audio:
    samples: np.ndarray  # int16, mono
    sample_rate: int

    @property
    def duration(self) -> float:
        return len(self.samples) / self.sample_rate

    def rms(self) -> float:
        """Root mean square level relative to full scale (0 silence … 1 loudest)."""
        if len(self.samples) == 0:
            return 0.0
        floats = self.samples.astype(np.float64) / 32768.0
        return float(np.sqrt(np.mean(floats * floats)))

    def to_wav(self) -> bytes:
        buffer = io.BytesIO()
        with wave.open(buffer, "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(self.sample_rate)
            out.writeframes(self.samples.astype("<i2").tobytes())
        return buffer.getvalue()

    @classmethod
    def from_wav(cls, data: bytes) -> Audio:
        with wave.open(io.BytesIO(data), "rb") as src:
            if src.getsampwidth() != 2:
                raise ValueError("only 16-bit WAV is supported")
            frames = np.frombuffer(src.readframes(src.getnframes()), dtype="<i2")
            if src.getnchannels() > 1:
                frames = frames.reshape(-1, src.getnchannels()).mean(axis=1).astype(np.int16)
            return cls(frames.astype(np.int16), src.getframerate())

    @classmethod
    def silence(cls, seconds: float, sample_rate: int) -> Audio:
        return cls(np.zeros(int(seconds * sample_rate), dtype=np.int16), sample_rate)


def to_int16(samples: np.ndarray) -> np.ndarray:
    return np.clip(np.rint(samples), -32768, 32767).astype(np.int16)


def resample(samples: np.ndarray, source_rate: int, target_rate: int) -> np.ndarray:
    """Linear resampling: enough for speech joined from engines with different rates."""
    if source_rate == target_rate or len(samples) == 0:
        return samples
    count = round(len(samples) * target_rate / source_rate)
    positions = np.linspace(0, len(samples) - 1, count)
    return to_int16(np.interp(positions, np.arange(len(samples)), samples.astype(np.float64)))


class Engine(Protocol):
    name: str
    languages: tuple[str, ...]  # languages it speaks natively; () means "any"

    def synthesize(self, text: str, lang: str, rate: str) -> Audio:
        """Spoken form of ``text`` (already normalised) as audio; never raises on empty text."""
        ...


@dataclass(frozen=True, slots=True)
class SentenceTiming:
    index: int
    start: float  # seconds from the start of the utterance
    end: float
    text: str


@dataclass(frozen=True, slots=True)
class Utterance:
    audio: Audio
    sentences: tuple[SentenceTiming, ...]


SentenceEvent = tuple[str, int, float]  # ("start" | "end", sentence index, seconds)


def speak_sentences(
    engine: Engine,
    sentences: Sequence[str],
    lang: str,
    rate: str,
    on_event: Callable[[str, int, float], None] | None = None,
) -> Utterance:
    """Synthesise spoken sentences one after another into one utterance.

    ``on_event("start"|"end", index, seconds)`` fires as each sentence is placed, in order.
    """
    pieces: list[np.ndarray] = []
    timings: list[SentenceTiming] = []
    position = 0
    sample_rate = 0
    for index, audio in iter_audio(engine, sentences, lang, rate):
        sample_rate = sample_rate or audio.sample_rate
        samples = resample(audio.samples, audio.sample_rate, sample_rate)
        start = position / sample_rate
        if on_event:
            on_event("start", index, start)
        pieces.append(samples)
        position += len(samples)
        gap = int(SENTENCE_GAP_S * sample_rate)
        pieces.append(np.zeros(gap, dtype=np.int16))
        end = position / sample_rate
        position += gap
        timings.append(SentenceTiming(index, start, end, sentences[index]))
        if on_event:
            on_event("end", index, end)
    samples = np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.int16)
    return Utterance(Audio(samples, sample_rate or 22050), tuple(timings))


def iter_audio(
    engine: Engine, sentences: Sequence[str], lang: str, rate: str
) -> Iterator[tuple[int, Audio]]:
    for index, text in enumerate(sentences):
        yield index, engine.synthesize(text, lang, rate)
