"""Issue 17: the UI process holds no audio. Reading a page aloud, the alert chime and the click
sound are synthesised AND played in the speech worker process; the kiosk's UI process never
imports numpy, the audio library or a voice, and hears back only which sentence is sounding.

Run in a fresh process (this test process has numpy loaded by other tests)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

AUDIO_MODULES = (
    "numpy",
    "miniaudio",
    "pyopenjtalk",
    "pyttsx3",
    "kiosk.speech.player",
    "kiosk.speech.playback",
    "kiosk.speech.sounds",
    "kiosk.speech.base",
)
SCRIPT = r"""
import json, sys, time
from dataclasses import replace
from kiosk.config import demo_sources
from kiosk.content.store import Store
from kiosk.content.sync import sync_all
from kiosk.ui.app import application, navigate_to
from kiosk.ui.window import KioskWindow
from kiosk.viewmodels.screens import ViewModels

app = application()
store = Store(sys.argv[1])
sync_all(store, list(demo_sources()))
window = KioskWindow(ViewModels(store))
window.resize(1280, 800)
window.show()
controller = window.read_aloud.controller
controller.player = "null"  # the real miniaudio device code, in the worker, into nothing
effects = []
controller.effect_played.connect(lambda name, ok: effects.append((name, ok)))
sentences = []
controller.sentence_changed.connect(sentences.append)

def wait(condition, seconds=60):
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out; state={controller.state} effects={effects}")
        app.processEvents()
        time.sleep(0.01)

navigate_to(window, "page")
window.read_aloud.bar.read_button.click()
wait(lambda: any(s >= 1 for s in sentences))
window.alert_screen.play_chime()
window.visitor.apply_preferences(replace(window.visitor.prefs, click_sound=True))
window.visitor.click_sound.play()
wait(lambda: len(effects) >= 2)
window.read_aloud.bar.stop_button.click()
print("RESULT " + json.dumps({
    "modules": sorted(sys.modules),
    "sentences": sentences,
    "effects": effects,
    "engine": controller.engine_used,
    "worker": controller.worker_pid,
}), flush=True)
controller.shutdown()
"""


@pytest.mark.slow
def test_read_aloud_chime_and_click_play_in_the_worker_not_the_ui(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO))
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path / "store.sqlite3")],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    line = next((x for x in done.stdout.splitlines() if x.startswith("RESULT ")), None)
    assert line, f"exit {done.returncode}: {done.stdout[-1000:]} {done.stderr[-3000:]}"
    result = json.loads(line.removeprefix("RESULT "))
    # it really read and sounded: sentences moved, effects played on a (null) device
    assert result["engine"] == "openjtalk" and result["worker"] != os.getpid()
    assert 0 in result["sentences"] and 1 in result["sentences"]
    assert sorted(result["effects"]) == [["alert-chime.wav", True], ["click.wav", True]]
    loaded = set(result["modules"])
    assert "kiosk.ui.speech_controller" in loaded  # the probe sees the UI's side
    assert sorted(set(AUDIO_MODULES) & loaded) == []
