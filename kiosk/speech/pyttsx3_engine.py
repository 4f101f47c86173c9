"""pyttsx3: eSpeak NG on Linux, SAPI5 on Windows, NSSpeechSynthesizer on macOS.

Used for English and other languages, and for Japanese only when Open JTalk is missing — then
the text is turned into kana first, because eSpeak reads kanji as "Chinese letter".
"""

from __future__ import annotations

import contextlib
import ctypes.util
import importlib.util
import io
import sys
import tempfile
from pathlib import Path

from kiosk.speech.base import RATE_FACTORS, Audio, EngineUnavailable
from kiosk.speech.kana import has_kanji, romanize, to_kana

BASE_WPM = 180  # words per minute at factor 1.0 (eSpeak's own default is 175)


def problem() -> str | None:
    """Why the engine cannot run here, or None; cheap (does not start the driver)."""
    if importlib.util.find_spec("pyttsx3") is None:
        return "pyttsx3 is not installed (pip install pyttsx3)"
    if sys.platform.startswith("linux") and not (
        ctypes.util.find_library("espeak-ng") or ctypes.util.find_library("espeak")
    ):
        return "eSpeak NG library missing (sudo apt-get install espeak-ng)"
    return None


def prepare(text: str, lang: str) -> str:
    """What eSpeak is given: never kanji (kana for Japanese, romaji inside other languages)."""
    if lang == "ja":
        return to_kana(text)
    return romanize(text) if has_kanji(text) else text


class Pyttsx3Engine:
    name = "pyttsx3"
    languages = ()  # any language the platform voices know

    def __init__(self) -> None:
        reason = problem()
        if reason:
            raise EngineUnavailable(reason)
        import pyttsx3

        try:
            self._engine = pyttsx3.init()
        except Exception as exc:  # driver load errors vary by platform
            raise EngineUnavailable(f"pyttsx3 could not start: {exc}") from exc
        # A fixed base, not getProperty("rate"): pyttsx3 hands out one cached driver per
        # process, so the "current" rate is whatever the last caller set.
        self._base_rate = BASE_WPM
        self._voices = list(self._engine.getProperty("voices") or [])
        self._dir = Path(tempfile.mkdtemp(prefix="hiroba-tts-"))

    def voice_for(self, lang: str) -> str | None:
        lang = lang.lower()
        wanted = [f"/{lang}", f"/{lang}-us", f"{lang}_", f"{lang}-"]
        for voice in self._voices:
            vid = str(voice.id).lower()
            if any(vid.endswith(w) for w in wanted[:2]):
                return voice.id
        for voice in self._voices:
            langs = " ".join(str(x).lower() for x in (getattr(voice, "languages", None) or ()))
            if lang in langs or any(w in str(voice.id).lower() for w in wanted[2:]):
                return voice.id
        return None

    def synthesize(self, text: str, lang: str, rate: str) -> Audio:
        text = prepare(text, lang)
        if not any(ch.isalnum() for ch in text):
            return Audio.silence(0.1, 22050)
        voice = self.voice_for(lang)
        if voice:
            self._engine.setProperty("voice", voice)
        self._engine.setProperty("rate", int(self._base_rate * RATE_FACTORS[rate]))
        path = self._dir / "sentence.wav"
        # pyttsx3's espeak driver now and then ends its loop without writing the file (seen
        # once in a few dozen runs, on a process's first sentence): try again before failing.
        for _attempt in range(3):
            path.unlink(missing_ok=True)
            # The espeak driver announces every saved file on stdout.
            with contextlib.redirect_stdout(io.StringIO()):
                self._engine.save_to_file(text, str(path))
                self._engine.runAndWait()
            if path.is_file() and path.stat().st_size > 44:
                return Audio.from_wav(path.read_bytes())
        raise EngineUnavailable("pyttsx3 produced no audio")
