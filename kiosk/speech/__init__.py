"""Read-aloud: engines, text preparation and the worker process that keeps them off the UI.

Public entry points:
- :func:`available_engines` — engine name → problem text or None (for ``kiosk doctor``).
- :func:`doctor_report` — ready-made (check, ok, message) lines for ``kiosk doctor``.
- :func:`choose_engine` — which engine reads a given language under the configured preference.
- :func:`create_engine` — an engine instance (in the worker process or the CLI).
- :func:`synthesize_text` — whole text → ``Utterance`` (audio + sentence timings).

The Qt side (button, highlight, player) is ``kiosk.ui.read_aloud`` and
``kiosk.ui.speech_controller``; the alert takeover calls ``SpeechController.speak``.
This module stays light (no numpy, no engine imports) so the CLI and the UI start fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.speech.base import Engine, Utterance

ENGINES = ("openjtalk", "pyttsx3")
PREFERENCES = ("auto", *ENGINES)
RATES = ("slow", "normal", "fast")
# "normal" is deliberately a little slower than the engines' own pace: most visitors are
# elderly, and the issue asks for a default slightly slower than normal.
RATE_FACTORS = {"slow": 0.75, "normal": 0.9, "fast": 1.1}


class EngineUnavailable(RuntimeError):
    """The engine cannot run here (package, library or voice missing); the text says why."""


def available_engines() -> dict[str, str | None]:
    """Each engine → why it cannot run here, or None when it can. Cheap: starts no engine.

    ``kiosk doctor`` reports these; when ``openjtalk`` has a problem, Japanese is still read
    (by eSpeak, from kana) but not in the natural voice.
    """
    from kiosk.speech import openjtalk, pyttsx3_engine

    return {"openjtalk": openjtalk.problem(), "pyttsx3": pyttsx3_engine.problem()}


# Devices that accept sound but play it nowhere (ALSA's "null", miniaudio's discard device).
_NULL_DEVICE_WORDS = ("discard", "null")


def audio_output_problem(probe_seconds: float = 0.3) -> str | None:
    """Why no sound comes out here (no device, only a null device, a device that does not
    play), or None when a real output device opened and pulled audio for ``probe_seconds``.
    Said in the kiosk's language: staff read it on the doctor screen."""
    from kiosk.i18n import gettext as _

    try:
        import miniaudio
    except ImportError:
        return _("miniaudio is not installed")
    try:
        devices = miniaudio.Devices()
        real = [
            d
            for d in devices.get_playbacks()
            if not any(w in str(d.get("name", "")).lower() for w in _NULL_DEVICE_WORDS)
        ]
    except Exception as exc:  # no backend at all
        return _("no audio backend ({error})").format(error=exc)
    if not real:
        return _("no sound output device (only a null device)")
    return _probe_playback(miniaudio, probe_seconds)


def _probe_playback(miniaudio, seconds: float, backends: list | None = None) -> str | None:  # noqa: ANN001
    """Open the default output and play ``seconds`` of silence: it must pull frames."""
    import time

    from kiosk.i18n import gettext as _

    pulled = [0]

    def silence():  # miniaudio's generator protocol: send() the frame count, yield samples
        frames = yield b""
        while True:
            pulled[0] += frames
            frames = yield b"\x00\x00" * frames

    try:
        device = miniaudio.PlaybackDevice(
            output_format=miniaudio.SampleFormat.SIGNED16,
            nchannels=1,
            sample_rate=48000,
            backends=backends,
        )
    except Exception as exc:
        return _("the sound device cannot be opened ({error})").format(error=exc)
    try:
        stream = silence()
        next(stream)
        device.start(stream)
        time.sleep(seconds)
    except Exception as exc:
        return _("the sound device does not play ({error})").format(error=exc)
    finally:
        device.close()
    return None if pulled[0] > 0 else _("the sound device does not play (no audio was pulled)")


def doctor_report(check_audio: bool = True) -> list[tuple[str, bool, str]]:
    """(check, ok, message) lines about read-aloud for ``kiosk doctor``, in the UI language."""
    from kiosk.i18n import gettext as _

    problems = available_engines()
    lines: list[tuple[str, bool, str]] = []
    if problems["openjtalk"] is None:
        lines.append((_("Japanese voice"), True, _("Open JTalk (natural voice)")))
    elif problems["pyttsx3"] is None:
        lines.append(
            (
                _("Japanese voice"),
                False,
                _("Natural voice missing ({problem}); Japanese is read by eSpeak from kana").format(
                    problem=problems["openjtalk"]
                ),
            )
        )
    else:
        lines.append((_("Japanese voice"), False, problems["openjtalk"] or ""))
    other = problems["pyttsx3"]
    lines.append((_("Other languages voice"), other is None, other or "pyttsx3"))
    if check_audio:
        audio = audio_output_problem()
        lines.append(
            (
                _("Sound output"),
                audio is None,
                _("No sound device ({problem}): pages are highlighted but not heard").format(
                    problem=audio
                )
                if audio
                else _("Sound device found"),
            )
        )
    return lines


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
        from kiosk.speech.openjtalk import OpenJTalkEngine

        return OpenJTalkEngine()
    if name == "pyttsx3":
        from kiosk.speech.pyttsx3_engine import Pyttsx3Engine

        return Pyttsx3Engine()
    raise EngineUnavailable(f"unknown speech engine {name!r} (have: {', '.join(ENGINES)})")


def synthesize_text(
    text: str, lang: str, rate: str = "normal", preference: str = "auto"
) -> Utterance:
    """Read ``text`` (written form) into one utterance, sentence by sentence."""
    from kiosk.speech.base import speak_sentences
    from kiosk.speech.normalize import split_sentences, spoken

    name = choose_engine(lang, preference)
    if name is None:
        problems = "; ".join(f"{k}: {v}" for k, v in available_engines().items() if v)
        raise EngineUnavailable(f"no speech engine can run here ({problems})")
    engine = create_engine(name)
    sentences = [spoken(span.text, lang) for span in split_sentences(text, lang)]
    return speak_sentences(engine, sentences, lang, rate)
