"""The worker process: it synthesises chunk by chunk AND plays the audio itself (issue 17),
reporting the sentence being heard; jobs can be replaced, paused, stopped; death is seen."""

from __future__ import annotations

import os
import queue
import signal
import sys
import threading

import pytest

from kiosk.config import ASSETS
from kiosk.speech.worker import SpeechWorker
from tests.speechplay import recorded

WAIT_S = 60  # upper bound only; a healthy worker answers in about a second


@pytest.fixture
def worker():
    inbox: queue.Queue = queue.Queue()
    worker = SpeechWorker(inbox.put)
    worker.start()
    kind, problems = inbox.get(timeout=WAIT_S)
    assert kind == "ready" and problems["openjtalk"] is None
    worker.send(("player", "clock:20", 80))  # no device here: a clock, 20× real time
    yield worker, inbox
    worker.quit()


def _until(inbox: queue.Queue, kind: str, job: int | None = None) -> list[tuple]:
    seen = []
    while True:
        message = inbox.get(timeout=WAIT_S)
        seen.append(message)
        if message[0] in ("dead", "error") or (
            message[0] == kind and (job is None or message[1] == job)
        ):
            return seen


def _status(w, inbox) -> dict:
    w.send(("status",))
    return next(m for m in _until(inbox, "status") if m[0] == "status")[1]


def test_job_is_synthesised_in_order_then_heard_sentence_by_sentence(worker) -> None:
    w, inbox = worker
    chunks = [(0, 0, "役場は、"), (1, 0, "お休みです。"), (2, 1, "問い合わせは役場へ。")]
    w.send(("job", 1, "ja", "normal", "auto", chunks))
    messages = _until(inbox, "heard")
    audio = [m for m in messages if m[0] == "audio"]
    assert [(m[2], m[3]) for m in audio] == [(0, 0), (1, 0), (2, 1)]
    assert all(m[4] > 0.3 and m[5] == "openjtalk" for m in audio)  # seconds of speech
    assert ("done", 1) in messages and messages[-1] == ("heard", 1)
    heard = [m[2] for m in messages if m[0] == "now" and m[2] is not None]
    assert heard[0] == 0 and heard[-1] == 1 and heard == sorted(heard)
    assert _status(w, inbox) == {
        "job": None,
        "idle": True,
        "player": "ClockPlayer",
        "fallback": False,
    }


def test_stop_and_pause_act_at_once_on_what_is_sounding(worker) -> None:
    w, inbox = worker
    w.send(("player", "clock:1", 80))  # real time: the sentence is still sounding below
    many = [(i, i, "これは長い文章の読み上げのテストです。") for i in range(6)]
    w.send(("job", 3, "ja", "normal", "auto", many))
    while (message := inbox.get(timeout=WAIT_S))[:2] != ("now", 3) or message[2] is None:
        assert message[0] not in ("dead", "error"), message
    assert message == ("now", 3, 0)  # the first sentence is sounding
    w.send(("pause",))
    paused = [m for m in _until(inbox, "now") + _until(inbox, "now") if m[0] == "now"]
    assert paused[-1][2] == paused[0][2]  # held on the same sentence (heartbeats still come)
    assert _status(w, inbox)["idle"] is False
    w.send(("resume",))
    w.send(("cancel", 3))
    status = _status(w, inbox)
    assert status["job"] is None and status["idle"] is True  # silent now, not after the job
    w.send(("job", 4, "ja", "normal", "auto", [(0, 0, "はい。")]))
    after = _until(inbox, "heard", job=4)
    assert not [m for m in after if m[0] in ("now", "heard") and m[1] == 3]


def test_what_the_worker_plays_is_real_speech(worker, tmp_path) -> None:
    w, inbox = worker
    w.send(("player", f"record:50:{tmp_path}", 80))
    w.send(
        (
            "job",
            5,
            "ja",
            "normal",
            "auto",
            [(0, "本日は晴れです。"), (1, "窓口は午後5時までです。")],
        )
    )
    _until(inbox, "heard", job=5)
    audio = recorded(tmp_path)
    assert audio.duration > 2.0 and audio.rms() > 0.02, (audio.duration, audio.rms())


def test_effects_play_at_once_and_a_bad_player_keeps_the_voice(worker) -> None:
    w, inbox = worker
    w.send(("player", "null", 80))  # the real miniaudio device code, into nothing
    w.send(("effect", str(ASSETS / "sounds" / "alert-chime.wav"), 90))
    assert _until(inbox, "effect")[-1] == ("effect", "alert-chime.wav", True)
    w.send(("effect", str(ASSETS / "sounds" / "missing.wav"), 90))
    assert _until(inbox, "effect")[-1] == ("effect", "missing.wav", False)
    w.send(("player", "no-such-player", 80))
    w.send(("job", 6, "ja", "normal", "auto", [(0, 0, "はい。")]))
    assert _until(inbox, "heard", job=6)[-1] == ("heard", 6)  # read, silently, not dead
    assert _status(w, inbox)["fallback"] is True


def test_a_new_job_replaces_the_running_one(worker) -> None:
    w, inbox = worker
    many = [(i, i, "これは長い文章の読み上げのテストです。") for i in range(20)]
    w.send(("job", 1, "ja", "normal", "auto", many))
    w.send(("job", 2, "en", "normal", "auto", [(0, 0, "Hello.")]))
    messages = _until(inbox, "done", job=2)
    assert messages[-1] == ("done", 2)
    first_job = [m for m in messages if m[0] == "audio" and m[1] == 1]
    assert len(first_job) < 20  # job 1 stopped early, without a "done"
    assert ("done", 1) not in messages
    english = [m for m in messages if m[0] == "audio" and m[1] == 2]
    assert english[0][5] == "pyttsx3"


def test_killed_worker_is_reported_dead(worker) -> None:
    w, inbox = worker
    w.process.kill()
    assert inbox.get(timeout=WAIT_S) == ("dead",)
    w.process.wait(WAIT_S)
    assert not w.alive()
    assert not w.send(("job", 1, "ja", "normal", "auto", []))


@pytest.mark.skipif(sys.platform == "win32", reason="SIGSTOP is POSIX")
def test_sending_to_a_hung_worker_never_blocks(worker) -> None:
    w, _inbox = worker
    os.kill(w.pid, signal.SIGSTOP)  # alive but no longer reading its pipe
    big = [(0, 0, "あ" * 200_000)]  # far more than a pipe buffer holds

    def flood() -> None:
        for job in range(10):
            w.send(("job", job, "ja", "normal", "auto", big))

    sender = threading.Thread(target=flood, daemon=True)
    sender.start()
    sender.join(WAIT_S)
    assert not sender.is_alive()
    w.kill()  # SIGKILL ends a stopped process too
    assert not w.alive()


def test_the_worker_prepares_written_text_itself(worker) -> None:
    """Issue 19: the UI sends the text as written; the worker normalises and plans chunks."""
    w, inbox = worker
    w.send(("job", 7, "ja", "normal", "auto", [(0, "最低気温は−3℃です。"), (2, "9:00-17:00")]))
    messages = _until(inbox, "done", job=7)
    plan = next(m for m in messages if m[0] == "plan")
    assert plan[1] == 7 and sorted(set(plan[2].values())) == [0, 2]
    audio = [m for m in messages if m[0] == "audio"]
    assert [m[3] for m in audio] == sorted(plan[2].values())
    assert messages[-1] == ("done", 7)


def test_prepare_chunks_keeps_sentence_numbers() -> None:
    from kiosk.speech.worker import prepare_chunks

    chunks = prepare_chunks([(3, "−5℃"), (4, "　"), (5, "TEL 03-1234-5678")], "ja")
    assert [sentence for _, sentence, _ in chunks] == [3, 5]
    assert chunks[0][2] == "マイナス5度"


def test_worker_warnings_reach_the_kiosk_log(worker) -> None:
    """e.g. "no audio output": the librarian reads the kiosk's log, not the worker's stderr."""
    w, inbox = worker
    w.send(("player", "no-such-player", 80))
    w.send(("job", 8, "ja", "normal", "auto", [(0, 0, "はい。")]))
    messages = _until(inbox, "heard", job=8)
    logged = [m for m in messages if m[0] == "log"]
    assert logged and logged[0][1] == 30 and "no-such-player" in logged[0][2]
