"""Real synthesis to WAV with both engines: durations, loudness, speeds, sentence events."""

from __future__ import annotations

import pytest

from kiosk.speech import available_engines, choose_engine, create_engine, synthesize_text
from kiosk.speech.base import Audio, speak_sentences
from kiosk.speech.kana import has_kanji
from kiosk.speech.normalize import split_sentences, spoken
from kiosk.speech.pyttsx3_engine import prepare

# From the demo page content/demo/02-notices/year-end-hours.ja.md / .en.md
JA_TEXT = (
    "役場は、12月29日（火）から1月3日（日）までお休みです。"
    "1月4日（月）の午前8時30分から開きます。"
    "問い合わせ：役場 0000-12-3456（代表）"
)
EN_TEXT = (
    "The town hall is closed from Tuesday 29 December to Sunday 3 January. "
    "It opens again on Monday 4 January at 8:30 a.m. "
    "Enquiries: town hall 0000-12-3456 (main line)."
)


@pytest.fixture(scope="module")
def openjtalk():
    return create_engine("openjtalk")


@pytest.fixture(scope="module")
def espeak():
    return create_engine("pyttsx3")


def test_both_engines_are_available_here() -> None:
    assert available_engines() == {"openjtalk": None, "pyttsx3": None}


def test_engine_choice_by_language_and_preference() -> None:
    assert choose_engine("ja") == "openjtalk"
    assert choose_engine("en") == "pyttsx3"
    assert choose_engine("ja", "pyttsx3") == "pyttsx3"
    # Open JTalk cannot speak English: forcing it still reads English pages with pyttsx3.
    assert choose_engine("en", "openjtalk") == "pyttsx3"


def _check_utterance(utterance, sentences: int, min_s: float, max_s: float) -> None:
    audio = utterance.audio
    assert min_s < audio.duration < max_s
    assert audio.rms() > 0.02  # clearly not silence
    assert len(utterance.sentences) == sentences
    starts = [t.start for t in utterance.sentences]
    assert starts == sorted(starts) and starts[0] == 0
    for timing in utterance.sentences:
        assert timing.end > timing.start
        piece = audio.samples[
            int(timing.start * audio.sample_rate) : int(timing.end * audio.sample_rate)
        ]
        assert Audio(piece, audio.sample_rate).rms() > 0.02  # every sentence is spoken
    assert utterance.sentences[-1].end <= audio.duration
    again = Audio.from_wav(audio.to_wav())
    assert again.sample_rate == audio.sample_rate and len(again.samples) == len(audio.samples)


def test_japanese_to_wav() -> None:
    utterance = synthesize_text(JA_TEXT, "ja", "normal")
    assert utterance.audio.sample_rate == 48000  # Open JTalk's voice, not eSpeak's 22 050 Hz
    _check_utterance(utterance, sentences=3, min_s=12, max_s=40)


def test_english_to_wav() -> None:
    utterance = synthesize_text(EN_TEXT, "en", "normal")
    _check_utterance(utterance, sentences=3, min_s=8, max_s=30)


@pytest.mark.parametrize(
    ("engine_name", "lang", "text"),
    [
        ("openjtalk", "ja", "役場は、12月29日から1月3日までお休みです。"),
        ("pyttsx3", "en", "The town hall is closed from 29 December to 3 January."),
        ("pyttsx3", "ja", "役場は、12月29日から1月3日までお休みです。"),
    ],
)
def test_slower_rate_gives_longer_audio(engine_name, lang, text, request) -> None:
    engine = request.getfixturevalue("openjtalk" if engine_name == "openjtalk" else "espeak")
    said = spoken(text, lang)
    durations = [
        engine.synthesize(said, lang, rate).duration for rate in ("slow", "normal", "fast")
    ]
    assert durations[0] > durations[1] * 1.05
    assert durations[1] > durations[2] * 1.05


def test_sentence_events_arrive_in_order_and_cover_the_text(openjtalk) -> None:
    spans = split_sentences(JA_TEXT, "ja")
    assert "".join(s.text for s in spans) == JA_TEXT  # nothing of the text is left out
    events: list[tuple[str, int]] = []
    speak_sentences(
        openjtalk,
        [spoken(s.text, "ja") for s in spans],
        "ja",
        "fast",
        on_event=lambda kind, index, _t: events.append((kind, index)),
    )
    expected = [(kind, i) for i in range(len(spans)) for kind in ("start", "end")]
    assert events == expected


def test_espeak_never_gets_kanji(espeak) -> None:
    said = spoken(JA_TEXT, "ja")
    kana = prepare(said, "ja")
    assert has_kanji(said) and not has_kanji(kana)
    assert "みっか" in kana and "よっか" in kana  # counters read as people say them
    audio = espeak.synthesize(said, "ja", "normal")
    assert audio.duration > 4 and audio.rms() > 0.02


def test_english_page_with_japanese_names_is_romanised() -> None:
    assert prepare("Meet at さくら川町役場.", "en") == "Meet at sakura kawamachi yakuba ."


def test_open_jtalk_pronounces_what_people_say(openjtalk) -> None:
    """Listen-check by measurement: the kana Open JTalk actually produces."""
    said = {t: openjtalk.pronunciation(spoken(t, "ja")) for t in JA_CASES}
    assert said == JA_CASES


JA_CASES = {
    "令和8年11月24日（火）": "レーワハチネンジューイチガツニジューヨッカ、カヨービ",
    "午前10時30分": "ゴゼンジュージサンジュップン",
    "10:30": "ジュージサンジュップン",
    "11/24": "ジューイチガツニジューヨッカ",
    "0000-12-3456": "ゼロゼロゼロゼロノ、イチニーノ、サンヨンゴーロク",
    "〒123-4567": "ユービンバンゴー、イチニーサンノ、ヨンゴーロクナナ",
    "10時〜12時": "ジュージカラジューニジ",
    "雨量は50mm": "ウリョーワゴジューミリ",
}


def test_without_open_jtalk_japanese_goes_to_espeak_as_kana(monkeypatch) -> None:
    from kiosk.speech import doctor_report, openjtalk

    monkeypatch.setattr(openjtalk, "problem", lambda: "pyopenjtalk-plus is not installed")
    assert choose_engine("ja") == "pyttsx3"
    check, ok, message = doctor_report(check_audio=False)[0]
    assert (check, ok) == ("日本語の声", False)
    assert "自然な声がありません" in message and "かな" in message
    utterance = synthesize_text(JA_TEXT, "ja", "normal")
    assert utterance.audio.sample_rate == 22050  # eSpeak's, not Open JTalk's
    assert utterance.audio.rms() > 0.02 and len(utterance.sentences) == 3
