"""Open JTalk through pyopenjtalk-plus: the natural offline Japanese voice.

The wheel ships everything it needs: the MeCab/NAIST dictionary under
``pyopenjtalk/dictionary`` and the HTS voice ``pyopenjtalk/htsvoice/mei_normal.htsvoice``;
nothing is downloaded at run time (plain pyopenjtalk fetches its dictionary on first use —
that is why we use the -plus build).
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import warnings
from pathlib import Path

import numpy as np

from kiosk.speech.base import RATE_FACTORS, Audio, EngineUnavailable, to_int16


def problem() -> str | None:
    """Why the engine cannot run here, or None; cheap (does not import the package).
    Said in the kiosk's language: staff read it on the doctor screen."""
    from kiosk.i18n import gettext as _

    spec = importlib.util.find_spec("pyopenjtalk")
    if spec is None or spec.origin is None:
        return _("pyopenjtalk-plus is not installed ({command})").format(
            command="pip install pyopenjtalk-plus"
        )
    package = Path(spec.origin).parent
    if not (package / "dictionary" / "sys.dic").is_file():
        return _("Open JTalk dictionary missing in {folder}").format(folder=package / "dictionary")
    if not any((package / "htsvoice").glob("*.htsvoice")):
        return _("Open JTalk voice missing in {folder}").format(folder=package / "htsvoice")
    return None


class OpenJTalkEngine:
    name = "openjtalk"
    languages = ("ja",)

    def __init__(self) -> None:
        reason = problem()
        if reason:
            raise EngineUnavailable(reason)
        # The package prints an advisory about the optional ONNX model on import; keep it
        # out of the kiosk's output.
        with contextlib.redirect_stdout(io.StringIO()):
            import pyopenjtalk
        self._make_label = pyopenjtalk.make_label
        self._synthesize = pyopenjtalk.synthesize
        self.synthesize("今日は。", "ja", "normal")  # loads dictionaries and voice now

    def synthesize(self, text: str, lang: str, rate: str) -> Audio:
        """Speak ``text`` (already normalised) from the one reading analysis: the NJD features
        that also made the page's furigana, with the rules and the user dictionary applied, so
        the voice says what the furigana shows."""
        if not any(ch.isalnum() for ch in text):
            return Audio.silence(0.1, 48000)
        from kiosk.content.analysis import analyse
        from kiosk.content.userdict import load_user_dictionary

        features = list(analyse(text, load_user_dictionary()).features)
        labels = self._quiet(self._make_label, features)
        samples, sample_rate = self._quiet(self._synthesize, labels, speed=RATE_FACTORS[rate])
        return Audio(to_int16(np.asarray(samples)), int(sample_rate))

    def pronunciation(self, text: str) -> str:
        """The katakana the voice will say for ``text`` (for checks and `kiosk speak`)."""
        from kiosk.content.analysis import analyse
        from kiosk.content.userdict import load_user_dictionary

        return analyse(text, load_user_dictionary()).kana()

    @staticmethod
    def _quiet(function, *args, **kwargs):
        # pyopenjtalk-plus calls a deprecated SudachiPy API on some words; the notice is
        # theirs to fix and only clutters the kiosk's log.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            return function(*args, **kwargs)
