"""pyttsx3: eSpeak NG on Linux, SAPI5 on Windows, NSSpeechSynthesizer on macOS.

Used for English and other languages, and for Japanese only when Open JTalk is missing — then
the text is turned into kana first, because eSpeak reads kanji as "Chinese letter".

On Linux we drive eSpeak through pyttsx3's own ctypes binding (``pyttsx3.drivers._espeak``)
in eSpeak's *synchronous* mode instead of ``save_to_file``/``runAndWait``. pyttsx3's eSpeak
driver runs eSpeak asynchronously, and we measured its races: ``runAndWait`` sometimes returned
before the WAV existed, and a rate change sometimes reached eSpeak one sentence late ("slow"
as long as "normal"). Synchronous mode makes each call finish with the audio in hand. Other
platforms use pyttsx3's ``save_to_file`` as documented.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import importlib.util
import io
import sys
import tempfile
import threading
from pathlib import Path

import numpy as np

from kiosk.speech import RATE_FACTORS, EngineUnavailable
from kiosk.speech.base import Audio
from kiosk.speech.kana import has_kanji, romanize, to_kana

BASE_WPM = 180  # words per minute at factor 1.0 (eSpeak's own default is 175)


def problem() -> str | None:
    """Why the engine cannot run here, or None; cheap (does not start the driver).
    Said in the kiosk's language: staff read it on the doctor screen."""
    from kiosk.i18n import gettext as _

    if importlib.util.find_spec("pyttsx3") is None:
        return _("pyttsx3 is not installed ({command})").format(command="pip install pyttsx3")
    if sys.platform.startswith("linux") and not (
        ctypes.util.find_library("espeak-ng") or ctypes.util.find_library("espeak")
    ):
        return _("eSpeak NG library missing ({command})").format(
            command="sudo apt-get install espeak-ng"
        )
    return None


def prepare(text: str, lang: str) -> str:
    """What eSpeak is given: never kanji (kana for Japanese, romaji inside other languages)."""
    if lang == "ja":
        return to_kana(text)
    return romanize(text) if has_kanji(text) else text


def _pick_voice(voices: list[tuple[str, str]], lang: str) -> str | None:
    """``voices`` are (id, languages text); prefer an exact language id, then any match."""
    lang = lang.lower()
    for vid, _langs in voices:
        if vid.lower().endswith((f"/{lang}", f"/{lang}-us")) or vid.lower() == lang:
            return vid
    for vid, langs in voices:
        if lang in langs.lower() or f"{lang}_" in vid.lower() or f"{lang}-" in vid.lower():
            return vid
    return None


class _SyncEspeak:
    """eSpeak NG in synchronous mode, one per process (eSpeak cannot be initialised twice)."""

    _instance: _SyncEspeak | None = None
    _lock = threading.Lock()

    @classmethod
    def get(cls) -> _SyncEspeak:
        with cls._lock:
            if cls._instance is None:
                cls._instance = cls()
            return cls._instance

    def __init__(self) -> None:
        try:
            from pyttsx3.drivers import _espeak
        except Exception as exc:
            raise EngineUnavailable(f"eSpeak NG could not be loaded: {exc}") from exc
        self._espeak = _espeak
        self.sample_rate = _espeak.Initialize(_espeak.AUDIO_OUTPUT_SYNCHRONOUS, 500)
        if self.sample_rate <= 0:
            raise EngineUnavailable("eSpeak NG could not start")
        self._chunks: list[bytes] = []
        _espeak.SetSynthCallback(self._on_synth)
        self.voices = [
            (
                (v.identifier or b"").decode("utf-8", "replace"),
                (v.languages or b"").decode("utf-8", "replace"),
            )
            for v in _espeak.ListVoices()
        ]
        self._voice = ""

    def _on_synth(self, wav, numsamples, events) -> int:
        if numsamples > 0:
            self._chunks.append(ctypes.string_at(wav, numsamples * 2))
        return 0

    def synthesize(self, text: str, voice: str | None, wpm: int) -> Audio:
        e = self._espeak
        with self._lock:
            if voice and voice != self._voice:
                e.SetVoiceByName(voice.encode("utf-8"))
                self._voice = voice
            e.SetParameter(e.RATE, wpm, 0)
            self._chunks = []
            e.Synth(text, flags=e.ENDPAUSE | e.CHARS_UTF8)
            e.Synchronize()
            pcm = b"".join(self._chunks)
        return Audio(np.frombuffer(pcm, dtype=np.int16).copy(), self.sample_rate)


class Pyttsx3Engine:
    name = "pyttsx3"
    languages = ()  # any language the platform voices know

    def __init__(self) -> None:
        reason = problem()
        if reason:
            raise EngineUnavailable(reason)
        self._espeak: _SyncEspeak | None = None
        self._engine = None
        if sys.platform.startswith("linux"):
            self._espeak = _SyncEspeak.get()
            self._voices = self._espeak.voices
            return
        import pyttsx3

        try:
            self._engine = pyttsx3.init()
        except Exception as exc:  # driver load errors vary by platform
            raise EngineUnavailable(f"pyttsx3 could not start: {exc}") from exc
        self._voices = [
            (str(v.id), " ".join(str(x) for x in (getattr(v, "languages", None) or ())))
            for v in self._engine.getProperty("voices") or []
        ]
        self._dir = Path(tempfile.mkdtemp(prefix="hiroba-tts-"))

    def voice_for(self, lang: str) -> str | None:
        return _pick_voice(self._voices, lang)

    def synthesize(self, text: str, lang: str, rate: str) -> Audio:
        text = prepare(text, lang)
        if not any(ch.isalnum() for ch in text):
            return Audio.silence(0.1, 22050)
        voice = self.voice_for(lang)
        wpm = int(BASE_WPM * RATE_FACTORS[rate])
        if self._espeak is not None:
            audio = self._espeak.synthesize(text, voice, wpm)
        else:
            audio = self._save_to_file(text, voice, wpm)
        if len(audio.samples) == 0:
            raise EngineUnavailable("pyttsx3 produced no audio")
        return audio

    def _save_to_file(self, text: str, voice: str | None, wpm: int) -> Audio:
        assert self._engine is not None
        if voice:
            self._engine.setProperty("voice", voice)
        self._engine.setProperty("rate", wpm)
        path = self._dir / "sentence.wav"
        path.unlink(missing_ok=True)
        with contextlib.redirect_stdout(io.StringIO()):  # some drivers print each save
            self._engine.save_to_file(text, str(path))
            self._engine.runAndWait()
        if not path.is_file():
            raise EngineUnavailable("pyttsx3 produced no audio")
        return Audio.from_wav(path.read_bytes())
