"""`kiosk speak` as a person runs it: a subprocess writing a WAV file."""

from __future__ import annotations

import subprocess

from kiosk.speech.base import Audio
from tests.conftest import kiosk_command

TEXT = "年末年始の役場のお休み。問い合わせ：役場 0000-12-3456（代表）"


def _speak(tmp_path, *extra: str) -> tuple[subprocess.CompletedProcess, Audio]:
    out = tmp_path / "speech.wav"
    result = subprocess.run(
        kiosk_command("speak", "--text", TEXT, "--out", str(out), *extra),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result, Audio.from_wav(out.read_bytes())


def test_speak_writes_a_wav_and_tells_what_it_said(tmp_path) -> None:
    result, audio = _speak(tmp_path, "--lang", "ja", "--rate", "slow")
    assert audio.sample_rate == 48000 and 6 < audio.duration < 30 and audio.rms() > 0.02
    lines = result.stdout.splitlines()
    assert len(lines) == 3  # two sentences and the summary
    assert "ゼロゼロゼロゼロノ、イチニーノ、サンヨンゴーロク" in lines[1]  # what Open JTalk said
    assert lines[2].endswith("openjtalk  slow")

    _, fast = _speak(tmp_path, "--lang", "ja", "--rate", "fast")
    assert fast.duration < audio.duration * 0.9


def test_speak_rejects_an_unknown_rate(tmp_path) -> None:
    result = subprocess.run(
        kiosk_command("speak", "--text", "x", "--rate", "turbo", "--out", str(tmp_path / "x.wav")),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "--rate" in result.stderr


def test_speak_usage_mistakes_exit_2_with_one_line(tmp_path) -> None:  # noqa: ANN001
    import subprocess

    from tests.conftest import kiosk_command

    wav = tmp_path / "t.wav"
    both = subprocess.run(
        kiosk_command("speak", "--text", "テスト", "--reading", "--out", str(wav)),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert both.returncode == 2 and not wav.exists()
    assert len(both.stderr.strip().splitlines()) == 1, both.stderr
    neither = subprocess.run(
        kiosk_command("speak", "--text", "テスト"), capture_output=True, text=True, timeout=120
    )
    assert neither.returncode == 2 and "--out" in neither.stderr
