"""Issue 19: `kiosk doctor` checks that a sound output device exists and plays."""

from __future__ import annotations

import miniaudio
import pytest

from kiosk import speech
from kiosk.i18n import set_language
from kiosk.ops.doctor import check_sound
from kiosk.speech.engines import _engine_names


class _OnlyNull:
    def get_playbacks(self) -> list[dict]:
        return [{"name": "Discard all samples (playback) or generate zero samples (capture)"}]


def test_a_null_device_is_no_sound_output(monkeypatch: pytest.MonkeyPatch) -> None:
    set_language("en")  # (tests start in Japanese; conftest sets it back)
    monkeypatch.setattr(miniaudio, "Devices", _OnlyNull)
    problem = speech.audio_output_problem()
    assert problem is not None and "null device" in problem
    check = check_sound()
    assert not check.ok and check.hint  # ✖ with a fix hint


def test_no_backend_at_all_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken() -> None:
        raise miniaudio.MiniaudioError("no backend")

    set_language("en")
    monkeypatch.setattr(miniaudio, "Devices", broken)
    assert "no audio backend" in (speech.audio_output_problem() or "")


def test_a_device_that_pulls_audio_passes_the_probe() -> None:
    """The NULL backend plays in real time into nothing: it pulls frames like a real card."""
    assert speech._probe_playback(miniaudio, 0.2, backends=[miniaudio.Backend.NULL]) is None


def test_engines_with_a_problem_are_not_listed_as_installed() -> None:
    assert _engine_names({"openjtalk": None, "pyttsx3": "eSpeak NG missing"}) == ["openjtalk"]


def test_the_reason_is_said_in_the_kiosks_language(monkeypatch: pytest.MonkeyPatch) -> None:
    """Staff read it on a Japanese doctor screen: no English reason inside Japanese words."""
    from kiosk.i18n import current_language, set_language

    monkeypatch.setattr(miniaudio, "Devices", _OnlyNull)
    before = current_language()
    set_language("ja")
    try:
        check = check_sound()
        lines = dict((name, detail) for name, _ok, detail in speech.doctor_report(check_audio=True))
    finally:
        set_language(before)
    assert check.detail == "実際に鳴る機器が見つかりません（音の出ない仮の機器だけです）"
    assert "null" not in lines["音の出力"] and "仮の機器" in lines["音の出力"]


def test_a_missing_voice_is_said_in_the_kiosks_language(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    from kiosk.speech import openjtalk, pyttsx3_engine

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a: None if name in ("pyopenjtalk", "pyttsx3") else real(name, *a),
    )
    set_language("ja")
    assert (
        openjtalk.problem() == "pyopenjtalk-plus が入っていません（pip install pyopenjtalk-plus）"
    )
    assert pyttsx3_engine.problem() == "pyttsx3 が入っていません（pip install pyttsx3）"
