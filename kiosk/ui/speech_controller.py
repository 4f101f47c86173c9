"""The read-aloud controller: the one object the UI (and the alert takeover) talks to.

Usage::

    controller.speak("大雨警報が出ています。川に近づかないでください。", "ja")
    controller.read(["sentence one", "sentence two"], "en")   # written sentences, in order
    controller.pause(); controller.resume(); controller.stop(); controller.set_rate("slow")

Signals: ``state_changed(str)`` with one of STATES, ``sentence_changed(int)`` (index into the
sentences being read, -1 for none). Synthesis runs in the worker process; audio comes back
sentence by sentence (long sentences in clause-sized chunks, so the first sound comes soon)
and is queued on the player. A worker that dies or goes quiet for ``hang_seconds`` is killed:
state becomes "unavailable" and the next call starts a fresh one.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.speech import RATES
from kiosk.speech.normalize import split_sentences
from kiosk.speech.worker import Message, SpeechWorker

if TYPE_CHECKING:
    from kiosk.speech.player import Player

log = logging.getLogger("kiosk.speech")

STATES = ("idle", "starting", "reading", "paused", "unavailable")
POLL_MS = 40


class SpeechController(QObject):
    state_changed = Signal(str)
    sentence_changed = Signal(int)
    finished = Signal()  # the last sentence was heard to its end (never after stop())
    _received = Signal(int, object)  # (worker generation, message) from the reader thread

    def __init__(
        self,
        player_factory: Callable[[int], Player] | None = None,
        engine: str = "auto",
        rate: str = "normal",
        volume: int = 80,
        hang_seconds: float = 8.0,
        startup_seconds: float = 30.0,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.engine = engine
        self.rate = rate
        self.volume = volume
        self.hang_seconds = hang_seconds
        self.startup_seconds = startup_seconds
        # (volume) → Player; None: a real device when there is one (see speech.player).
        self.player_factory = player_factory
        self._player: Player | None = None
        self._worker: SpeechWorker | None = None
        self._generation = 0
        self._ready = False
        self._job = 0
        self._sentences: list[str] = []
        self._lang = "ja"
        self._chunk_sentence: dict[int, int] = {}
        self._expected = 0  # chunks of the current job not yet received
        self._finished = False  # worker said "done" for the current job
        self._deadline = 0.0
        self.state = "idle"
        self.sentence = -1
        self.engine_used = ""
        self.owner: object = None
        self._received.connect(self._on_message)
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._tick)

    # --- public API -----------------------------------------------------------------------

    def speak(self, text: str, lang: str, owner: object = None) -> list[str]:
        """Read plain ``text`` aloud (split into sentences here); returns those sentences.

        For callers without a text view to highlight, e.g. the alert takeover::

            window.read_aloud.controller.speak(alert_text, "ja")
        """
        sentences = [span.text for span in split_sentences(text, lang)]
        self.read(sentences, lang, owner=owner)
        return sentences

    def read(
        self, sentences: Sequence[str], lang: str, first: int = 0, owner: object = None
    ) -> None:
        """Read written ``sentences`` from index ``first``; replaces whatever was reading.

        ``owner`` marks who asked (``sentence_changed`` listeners check it to know whether
        the indexes refer to their sentences).
        """
        self._cancel()
        self.owner = owner
        self._sentences = list(sentences)
        self._lang = lang
        self._job += 1
        # The written sentences go to the worker as they are: normalising and the reading
        # analysis run there (issue 19), so a huge or hostile text never stalls the UI.
        written = [
            (first + i, text) for i, text in enumerate(self._sentences[first:]) if text.strip()
        ]
        if not written:
            self._set_state("idle")
            return
        self._chunk_sentence = {}
        self._expected = len(written)  # until the worker's plan says how many chunks
        self._finished = False
        if not self._ensure_worker():
            return
        self._worker.send(("job", self._job, lang, self.rate, self.engine, written))  # type: ignore[union-attr]
        self._deadline = time.monotonic() + (
            self.hang_seconds if self._ready else self.startup_seconds
        )
        self._set_state("starting")
        self._timer.start()

    def warm_up(self) -> None:
        """Start the worker ahead of the first press (it loads the Japanese dictionary)."""
        if self._worker is None or not self._worker.alive():
            self._start_worker()

    def pause(self) -> None:
        if self.state in ("reading", "starting") and self._player is not None:
            self._player.pause()
            self._set_state("paused")

    def resume(self) -> None:
        if self.state == "paused" and self._player is not None:
            self._player.resume()
            self._set_state("reading")

    def toggle_pause(self) -> None:
        if self.state == "paused":
            self.resume()
        else:
            self.pause()

    def stop(self) -> None:
        self._cancel()
        if self.state != "unavailable":
            self._set_state("idle")

    def set_rate(self, rate: str) -> None:
        """New speed; when reading, the current sentence starts again at that speed."""
        if rate not in RATES:
            raise ValueError(f"rate must be one of {RATES}")
        if rate == self.rate:
            return
        self.rate = rate
        if self.state in ("reading", "starting", "paused"):
            self.read(self._sentences, self._lang, max(self.sentence, 0), owner=self.owner)

    def set_volume(self, volume: int) -> None:
        self.volume = volume
        if self._player is not None:
            self._player.set_volume(volume)

    @property
    def active(self) -> bool:
        return self.state in ("starting", "reading", "paused")

    @property
    def ready(self) -> bool:
        """The worker has started and loaded its voice."""
        return self._ready and self._worker is not None

    @property
    def worker_pid(self) -> int | None:
        return self._worker.pid if self._worker else None

    def shutdown(self) -> None:
        self._cancel()
        self._timer.stop()
        if self._worker is not None:
            self._worker.quit()
            self._worker = None
        if self._player is not None:
            self._player.close()
            self._player = None

    # --- internals ------------------------------------------------------------------------

    def _set_state(self, state: str) -> None:
        if state != self.state:
            self.state = state
            log.info("read-aloud: %s", state)
            self.state_changed.emit(state)

    def _set_sentence(self, index: int) -> None:
        if index != self.sentence:
            self.sentence = index
            self.sentence_changed.emit(index)

    def _start_worker(self) -> None:
        self._generation += 1
        generation = self._generation
        self._ready = False

        def deliver(message: object) -> None:
            # Runs on the worker's reader thread; the controller may be gone by then.
            with contextlib.suppress(RuntimeError):  # "Signal source has been deleted"
                self._received.emit(generation, message)

        self._worker = SpeechWorker(deliver)
        self._worker.start()

    def _ensure_worker(self) -> bool:
        try:
            if self._worker is None or not self._worker.alive():
                self._start_worker()
            if self._player is not None and getattr(self._player, "fallback", False):
                self._player.close()  # no device last time: a speaker may be plugged in now
                self._player = None
            if self._player is None:
                if self.player_factory is None:
                    from kiosk.speech.player import make_player

                    self.player_factory = make_player
                self._player = self.player_factory(self.volume)
        except Exception as exc:  # e.g. cannot start a process at all
            log.error("read-aloud cannot start: %s", exc)
            self._fail()
            return False
        return True

    def _cancel(self) -> None:
        if self._worker is not None and self._expected and not self._finished:
            self._worker.send(("cancel", self._job))
        self._job += 1  # late audio of the old job is ignored from here on
        self._expected = 0
        self._finished = False
        self._timer.stop()
        if self._player is not None:
            self._player.stop()
        self._set_sentence(-1)

    def _fail(self) -> None:
        """The engine crashed or hung: kill it, keep the kiosk going, offer to try again."""
        if self._worker is not None:
            self._worker.kill()
            self._worker = None
        self._generation += 1
        self._cancel()
        self._set_state("unavailable")

    def _on_message(self, generation: int, message: Message) -> None:
        if generation != self._generation:
            return  # a worker we already replaced
        kind = message[0]
        if kind == "ready":
            self._ready = True
            if self._expected:
                self._deadline = time.monotonic() + self.hang_seconds
        elif kind == "dead":
            self._worker = None
            if self.active:
                log.warning("speech worker died while reading")
                self._fail()
        elif message[1] != self._job:
            return  # audio of a job that was stopped
        elif kind == "plan":
            self._chunk_sentence = dict(message[2])
            self._expected = len(self._chunk_sentence)
        elif kind == "audio":
            _, _, chunk, _sentence, pcm, sample_rate, engine = message
            self.engine_used = engine
            import numpy as np  # imported on first audio, not at kiosk start

            assert self._player is not None
            self._player.enqueue(chunk, np.frombuffer(pcm, dtype=np.int16), sample_rate)
            self._expected -= 1
            self._deadline = time.monotonic() + self.hang_seconds
            if self.state == "starting":
                self._set_state("reading")
            self._tick()
        elif kind == "done":
            self._finished = True
        elif kind == "error":
            log.warning("speech engine error: %s", message[2])
            self._fail()

    def _tick(self) -> None:
        if self._player is None:
            return
        waiting = self._expected > 0 and not self._finished
        if waiting and time.monotonic() > self._deadline and self._player.idle():
            log.warning("speech worker stopped answering; restarting it on the next press")
            self._fail()
            return
        chunk = self._player.current()
        if chunk is not None:
            self._set_sentence(self._chunk_sentence.get(chunk, -1))
        elif self._finished and self._expected == 0 and self._player.idle():
            self._timer.stop()
            self._set_sentence(-1)
            self._set_state("idle")
            self.finished.emit()
