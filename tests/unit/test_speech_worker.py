"""The worker process: audio comes back chunk by chunk, jobs can be replaced, death is seen."""

from __future__ import annotations

import os
import queue
import signal
import sys
import threading

import pytest

from kiosk.speech.worker import SpeechWorker

WAIT_S = 60  # upper bound only; a healthy worker answers in about a second


@pytest.fixture
def worker():
    inbox: queue.Queue = queue.Queue()
    worker = SpeechWorker(inbox.put)
    worker.start()
    kind, problems = inbox.get(timeout=WAIT_S)
    assert kind == "ready" and problems["openjtalk"] is None
    yield worker, inbox
    worker.quit()


def _until(inbox: queue.Queue, kind: str) -> list[tuple]:
    seen = []
    while True:
        message = inbox.get(timeout=WAIT_S)
        seen.append(message)
        if message[0] in (kind, "dead", "error"):
            return seen


def test_job_returns_audio_in_order_then_done(worker) -> None:
    w, inbox = worker
    chunks = [(0, 0, "役場は、"), (1, 0, "お休みです。"), (2, 1, "問い合わせは役場へ。")]
    w.send(("job", 1, "ja", "normal", "auto", chunks))
    messages = _until(inbox, "done")
    audio = [m for m in messages if m[0] == "audio"]
    assert [(m[2], m[3]) for m in audio] == [(0, 0), (1, 0), (2, 1)]
    assert all(m[5] == 48000 and m[6] == "openjtalk" and len(m[4]) > 20000 for m in audio)
    assert messages[-1] == ("done", 1)


def test_a_new_job_replaces_the_running_one(worker) -> None:
    w, inbox = worker
    many = [(i, i, "これは長い文章の読み上げのテストです。") for i in range(20)]
    w.send(("job", 1, "ja", "normal", "auto", many))
    w.send(("job", 2, "en", "normal", "auto", [(0, 0, "Hello.")]))
    messages = _until(inbox, "done")
    assert messages[-1] == ("done", 2)
    first_job = [m for m in messages if m[0] == "audio" and m[1] == 1]
    assert len(first_job) < 20  # job 1 stopped early, without a "done"
    assert ("done", 1) not in messages
    english = [m for m in messages if m[0] == "audio" and m[1] == 2]
    assert english[0][6] == "pyttsx3"


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
    messages = _until(inbox, "done")
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
