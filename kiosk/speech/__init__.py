"""Read-aloud: engines, text preparation and the worker process that keeps them off the UI.

Public entry points:
- :func:`available_engines` — engine name → problem text or None (for ``kiosk doctor``).
- :func:`choose_engine` — which engine reads a given language under the configured preference.
- :func:`create_engine` — an engine instance (in the worker process or the CLI).
- :func:`synthesize_text` — whole text → :class:`Utterance` (WAV + sentence timings).

The Qt side (button, highlight, player) is in ``kiosk.ui.read_aloud``.
"""

from __future__ import annotations

from kiosk.speech import openjtalk, pyttsx3_engine
from kiosk.speech.base import (
    RATE_FACTORS,
    RATES,
    Audio,
    Engine,
    EngineUnavailable,
    Utterance,
    speak_sentences,
)
from kiosk.speech.normalize import split_sentences, spoken

ENGINES = ("openjtalk", "pyttsx3")
PREFERENCES = ("auto", *ENGINES)

__all__ = [
    "ENGINES",
    "PREFERENCES",
    "RATES",
    "RATE_FACTORS",
    "Audio",
    "Engine",
    "EngineUnavailable",
    "Utterance",
    "available_engines",
    "choose_engine",
    "create_engine",
    "synthesize_text",
]


def available_engines() -> dict[str, str | None]:
    """Each engine → why it cannot run here, or None when it can. Cheap: imports nothing heavy.

    ``kiosk doctor`` reports these; when ``openjtalk`` has a problem, Japanese is still read
    (by eSpeak, from kana) but not in the natural voice.
    """
    return {"openjtalk": openjtalk.problem(), "pyttsx3": pyttsx3_engine.problem()}


def choose_engine(lang: str, preference: str = "auto") -> str | None:
    """Engine for ``lang``: Open JTalk for Japanese when present, pyttsx3 otherwise.

    A forced preference wins when that engine can run and speaks the language (Open JTalk only
    speaks Japanese, so English pages still use pyttsx3). None: nothing can read.
    """
    problems = available_engines()
    usable = [name for name in ENGINES if problems[name] is None]
    if preference in usable and (preference != "openjtalk" or lang == "ja"):
        return preference
    if lang == "ja" and "openjtalk" in usable:
        return "openjtalk"
    return "pyttsx3" if "pyttsx3" in usable else None


def create_engine(name: str) -> Engine:
    if name == "openjtalk":
        return openjtalk.OpenJTalkEngine()
    if name == "pyttsx3":
        return pyttsx3_engine.Pyttsx3Engine()
    raise EngineUnavailable(f"unknown speech engine {name!r} (have: {', '.join(ENGINES)})")


def synthesize_text(
    text: str, lang: str, rate: str = "normal", preference: str = "auto"
) -> Utterance:
    """Read ``text`` (written form) into one utterance, sentence by sentence."""
    name = choose_engine(lang, preference)
    if name is None:
        problems = "; ".join(f"{k}: {v}" for k, v in available_engines().items() if v)
        raise EngineUnavailable(f"no speech engine can run here ({problems})")
    engine = create_engine(name)
    sentences = [spoken(span.text, lang) for span in split_sentences(text, lang)]
    return speak_sentences(engine, sentences, lang, rate)
