"""The read-aloud controller: the one object the UI (and the alert takeover) talks to.

Usage::

    controller.speak("大雨警報が出ています。川に近づかないでください。", "ja")
    controller.read(["sentence one", "sentence two"], "en")   # written sentences, in order
    controller.pause(); controller.resume(); controller.stop(); controller.set_rate("slow")

Signals: ``state_changed(str)`` with one of STATES, ``sentence_changed(int)`` (index into the
sentences being read, -1 for none). Synthesis AND playback run in the speech worker process
(kiosk.speech.worker, kiosk.speech.playback): this object only sends play / pause / resume /
stop and hears back which sentence is sounding, so the UI process holds no audio (and never
imports numpy or the audio library). A worker that dies, or goes quiet for ``hang_seconds``
(it reports twice a second while reading), is killed: state becomes "unavailable"
and the next call starts a fresh one. Short effects (the alert chime, the click) go through
the same worker: :meth:`play_effect`.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.speech import RATES
from kiosk.speech.worker import Message, SpeechWorker

log = logging.getLogger("kiosk.speech")

STATES = ("idle", "starting", "reading", "paused", "unavailable")
POLL_MS = 40


class SpeechController(QObject):
    state_changed = Signal(str)
    sentence_changed = Signal(int)
    finished = Signal()  # the last sentence was heard to its end (never after stop())
    effect_played = Signal(str, bool)  # (file name, whether a device played it)
    _received = Signal(int, object)  # (worker generation, message) from the reader thread

    def __init__(
        self,
        player: str = "device",
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
        # Which loudspeaker the worker uses (kiosk.speech.playback): "device" (a real one
        # when there is one), "clock:6" (tests: no device, six times real time), …
        self.player = player
        self._player_sent: str | None = None  # the spec the current worker was given
        self._worker: SpeechWorker | None = None
        self._generation = 0
        self._ready = False
        self._job = 0
        self._sentences: list[str] = []
        self._lang = "ja"
        self._chunk_sentence: dict[int, int] = {}
        self._expected = 0  # chunks of the current job not yet synthesised
        self._finished = False  # worker said "done" for the current job
        self._audible = False  # the worker's last report: something is sounding
        self._heard_from = 0.0  # when the worker last said anything about this job
        self._progress_at = 0.0  # when synthesis of this job last moved on
        self.state = "idle"
        self.sentence = -1
        self.engine_used = ""
        self.status: dict[str, object] = {}  # the worker's last answer to ask_status()
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
        from kiosk.speech.normalize import split_sentences  # 28 patterns: not at kiosk start

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
        self._audible = False
        if not self._ensure_worker():
            return
        self._send(("job", self._job, lang, self.rate, self.engine, written))
        self._heard_from = self._progress_at = time.monotonic()
        self._set_state("starting")
        self._timer.start()

    def warm_up(self) -> None:
        """Start the worker ahead of the first press (it loads the Japanese dictionary)."""
        if self._worker is None or not self._worker.alive():
            self._start_worker()

    def pause(self) -> None:
        if self.state in ("reading", "starting") and self._send(("pause",)):
            self._set_state("paused")

    def resume(self) -> None:
        if self.state == "paused" and self._send(("resume",)):
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
        self._send(("volume", volume))

    def play_effect(self, path: Path, volume: int) -> None:
        """Play a short sound (a WAV file) through the worker's device, at once; silent
        (``effect_played(name, False)``) where there is no device."""
        try:
            if self._worker is None or not self._worker.alive():
                self._start_worker()
        except Exception as exc:
            log.warning("sound effect %s: %s", path.name, exc)
            return
        self._send(("effect", str(path), volume))

    def ask_status(self) -> None:
        """Ask the worker for its playback status; the answer lands in ``status``."""
        self.status = {}
        self._send(("status",))

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

    # --- internals ------------------------------------------------------------------------

    def _set_state(self, state: str) -> None:
        if state != self.state:
            self.state = state
            # DEBUG: at INFO the log would keep when each visitor listened (no visitor traces)
            log.debug("read-aloud: %s", state)
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
        self._player_sent = None

    def _send(self, message: Message) -> bool:
        """To the worker, after telling it which loudspeaker to use; False if none runs."""
        worker = self._worker
        if worker is None or not worker.alive():
            return False
        if self._player_sent != self.player:
            worker.send(("player", self.player, self.volume))
            self._player_sent = self.player
        return worker.send(message)

    def _ensure_worker(self) -> bool:
        try:
            if self._worker is None or not self._worker.alive():
                self._start_worker()
        except Exception as exc:  # e.g. cannot start a process at all
            log.error("read-aloud cannot start: %s", exc)
            self._fail()
            return False
        return True

    def _cancel(self) -> None:
        if self._worker is not None and self.active:
            self._worker.send(("cancel", self._job))  # its audio stops in the worker
        self._job += 1  # late audio of the old job is ignored from here on
        self._expected = 0
        self._finished = False
        self._timer.stop()
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
            self._heard_from = self._progress_at = time.monotonic()
        elif kind == "dead":
            self._worker = None
            if self.active:
                log.warning("speech worker died while reading")
                self._fail()
        elif kind == "effect":
            self.effect_played.emit(message[1], bool(message[2]))
        elif kind == "status":
            self.status = dict(message[1])
        elif kind == "log":
            log.log(int(message[1]), "speech worker: %s", message[2])
        elif message[1] != self._job:
            return  # about a job that was stopped
        else:
            self._on_job_message(kind, message)

    def _on_job_message(self, kind: str, message: Message) -> None:
        now = time.monotonic()
        self._heard_from = now
        if kind == "plan":
            self._chunk_sentence = dict(message[2])
            self._expected = len(self._chunk_sentence)
            self._progress_at = now
        elif kind == "audio":
            self.engine_used = message[5]
            self._expected -= 1
            self._progress_at = now
        elif kind == "done":
            self._finished = True
        elif kind == "now":
            sentence = message[2]
            self._audible = sentence is not None
            if sentence is not None:
                if self.state == "starting":
                    self._set_state("reading")
                self._set_sentence(sentence)
        elif kind == "heard":
            self._timer.stop()
            self._expected = 0
            self._set_sentence(-1)
            self._set_state("idle")
            self.finished.emit()
        elif kind == "error":
            log.warning("speech engine error: %s", message[2])
            self._fail()

    def _tick(self) -> None:
        """Watch for a worker that stopped answering (hung in native code, or stopped)."""
        limit = self.hang_seconds if self._ready else self.startup_seconds
        now = time.monotonic()
        silent = now - self._heard_from > limit
        # Synthesis stuck while nothing is left to hear (a long sentence may still be
        # sounding while the next is made: that is not a hang).
        stuck = (
            self._expected > 0
            and not self._finished
            and not self._audible
            and now - self._progress_at > limit
        )
        if silent or stuck:
            log.warning("speech worker stopped answering; restarting it on the next press")
            self._fail()
