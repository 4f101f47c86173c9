"""The speech worker: a separate process that owns the engines and the loudspeaker.

Why a process and not a thread: Open JTalk and eSpeak are native code; a crash or a hang in
them must not take the kiosk with it. The audio device and every buffer of speech live here
too (issue 17): the UI process only says play / pause / stop and hears "now reading sentence
N", so read-aloud presses no longer grow its memory and it never imports numpy or the audio
library. The worker is ``python -m kiosk.speech.worker`` started with subprocess (not
multiprocessing's spawn, which re-imports the parent's main script and breaks any entry point
without a ``__main__`` guard). Messages are pickled tuples with a 4-byte length prefix on the
worker's stdin/stdout. If the worker dies or stops answering, the UI kills it and starts a
fresh one on the next press.

Messages, UI → worker:
    ("job", job_id, lang, rate, preference, [(sentence, written_text), ...])
        read these (replacing whatever is sounding); the UI sends the text as written: text
        preparation (normalising, the reading analysis, chunking) happens here, never on the
        UI thread. Already prepared chunks ``(chunk, sentence, spoken_text)`` are accepted too
        (benchmarks, tests).
    ("cancel", job_id)         stop that job: its audio stops at once
    ("pause",) ("resume",)     hold / go on with what is sounding
    ("volume", 0‥100)
    ("player", spec, volume)   which loudspeaker (kiosk.speech.playback: "device", "clock:…")
    ("effect", wav_path, volume)   a short sound (alert chime, click), at once
    ("status",)                answered with ("status", {...}) (tests, doctor)
    ("quit",)
worker → UI:
    ("ready", {engine: problem|None})
    ("plan", job_id, {chunk: sentence})   (before the audio of a job the worker prepared)
    ("audio", job_id, chunk, sentence, seconds, engine_name)   a chunk was synthesised and queued
    ("done", job_id)                      every chunk of the job is synthesised
    ("now", job_id, sentence | None)      what is being heard (see kiosk.speech.playback)
    ("heard", job_id)                     the job's last sample has been played
    ("effect", file_name, played)
    ("error", job_id, message)
    ("log", level, line)                  a warning of the worker's, for the kiosk's own log
                                          (the librarian's view), e.g. "no audio output"
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
import queue
import subprocess
import sys
import threading
from collections.abc import Callable
from typing import Any

from kiosk.pipes import Message, read_message, worker_command, write_message

log = logging.getLogger("kiosk.speech")

# Handled by the stdin reader the moment they arrive, even while a sentence is synthesised.
_CONTROL = ("pause", "resume", "volume", "player", "effect", "status")


def worker_main() -> None:
    """Entry point of the worker process."""
    # Our protocol owns the real stdout; engines and native libraries that print (pyttsx3,
    # the Open JTalk package) write to stderr instead.
    out = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    source = sys.stdin.buffer
    inbox: queue.Queue[Message] = queue.Queue()
    sending = threading.Lock()

    def send(message: Message) -> None:
        # Three threads answer (synthesis, reader, reporter): one message at a time.
        with sending:
            write_message(out, message)

    _forward_warnings(send)
    from kiosk.speech.playback import Playback

    playback = Playback(send)

    def control(message: Message) -> None:
        kind = message[0]
        if kind == "pause":
            playback.pause()
        elif kind == "resume":
            playback.resume()
        elif kind == "volume":
            playback.set_volume(int(message[1]))
        elif kind == "player":
            playback.configure(str(message[1]), int(message[2]))
        elif kind == "effect":
            playback.effect(str(message[1]), int(message[2]))
        elif kind == "status":
            send(("status", playback.status()))

    def read_stdin() -> None:
        while True:
            try:
                message = read_message(source)
            except (EOFError, OSError, pickle.UnpicklingError):
                inbox.put(("quit",))
                return
            try:
                if message[0] in _CONTROL:
                    control(message)
                    continue
                if message[0] == "job":
                    playback.begin(message[1])  # the old job's audio stops now
                elif message[0] == "cancel":
                    playback.cancel(message[1])
            except Exception:  # a bad message must not end the reader (and the voice)
                log.exception("speech worker: message %r failed", message[0])
                continue
            inbox.put(message)

    threading.Thread(target=read_stdin, daemon=True).start()
    from kiosk.speech import available_engines, choose_engine, create_engine

    engines: dict[str, Any] = {}

    def engine_for(name: str) -> Any:
        if name not in engines:
            engines[name] = create_engine(name)
        return engines[name]

    # Warm the Japanese voice before saying we are ready: the first press should not pay for
    # loading the dictionary.
    problems = available_engines()
    if problems["openjtalk"] is None:
        try:
            engine_for("openjtalk")
            # …and the text preparation (normaliser patterns, analysis, user dictionary), so
            # the first press pays for nothing but its own sentence.
            prepare_chunks([(0, "12月1日（火）午前9:00から、−3℃。")], "ja")
        except Exception as exc:  # reported per job below
            problems["openjtalk"] = str(exc)
    send(("ready", problems))

    pending: Message | None = None
    while True:
        message = pending or inbox.get()
        pending = None
        if message[0] == "quit":
            playback.close()
            return
        if message[0] != "job":
            continue
        _, job_id, lang, rate, preference, chunks = message
        if chunks and len(chunks[0]) == 2:
            try:
                chunks = prepare_chunks(chunks, lang)
            except Exception as exc:  # a bug in preparation must not kill the voice
                send(("error", job_id, f"text preparation: {exc}"))
                continue
            send(("plan", job_id, {chunk: sentence for chunk, sentence, _ in chunks}))
        playback.plan(job_id, {chunk: sentence for chunk, sentence, _ in chunks})
        if not chunks:
            playback.synthesised(job_id)
            send(("done", job_id))
            continue
        name = choose_engine(lang, preference)
        if name is None:
            send(("error", job_id, "no speech engine can run here"))
            continue
        try:
            engine = engine_for(name)
        except Exception as exc:
            send(("error", job_id, str(exc)))
            continue
        pending = _synthesise(job_id, chunks, engine, name, lang, rate, inbox, playback, send)
        if pending is None:
            playback.synthesised(job_id)
            send(("done", job_id))
        elif pending[0] != "job" and pending[0] != "quit":
            pending = None  # the job was cancelled: nothing to carry over


class _Forward(logging.Handler):
    """The worker's warnings go to the kiosk's log (where the librarian looks), one line each."""

    def __init__(self, send: Callable[[Message], None]) -> None:
        super().__init__(logging.WARNING)
        self._send = send

    def emit(self, record: logging.LogRecord) -> None:
        with contextlib.suppress(Exception):  # the pipe is gone: nobody to tell
            self._send(("log", record.levelno, record.getMessage().splitlines()[0][:300]))


def _forward_warnings(send: Callable[[Message], None]) -> None:
    kiosk_log = logging.getLogger("kiosk")
    kiosk_log.addHandler(_Forward(send))
    kiosk_log.propagate = False  # not twice (stderr's last-resort handler)


def _synthesise(
    job_id: int,
    chunks: list[tuple[int, int, str]],
    engine: Any,
    name: str,
    lang: str,
    rate: str,
    inbox: queue.Queue[Message],
    playback: Any,
    send: Callable[[Message], None],
) -> Message | None:
    """Synthesise and queue ``chunks`` in order; None when all were, else the message that
    stopped them (a cancel, a newer job, quit)."""
    for chunk, sentence, text in chunks:
        # Between chunks, look for a cancel or a newer job: stop this one at once.
        try:
            incoming = inbox.get_nowait()
        except queue.Empty:
            incoming = None
        if incoming is not None and (
            incoming[0] in ("job", "quit") or incoming[:2] == ("cancel", job_id)
        ):
            return incoming
        try:
            audio = engine.synthesize(text, lang, rate)
        except Exception as exc:
            send(("error", job_id, f"{name}: {exc}"))
            return ("error",)
        if not playback.enqueue(job_id, chunk, audio.samples, audio.sample_rate):
            return ("cancel", job_id)  # stopped or replaced meanwhile
        send(("audio", job_id, chunk, sentence, audio.duration, name))
    return None


def prepare_chunks(sentences: list[tuple[int, str]], lang: str) -> list[tuple[int, int, str]]:
    """Written sentences → (chunk, sentence, spoken text) to synthesise, in order."""
    from kiosk.speech.normalize import plan_chunks, spoken

    said = [(index, spoken(text, lang)) for index, text in sentences]
    said = [(index, text) for index, text in said if text.strip()]
    plan = plan_chunks([text for _, text in said], lang)
    return [(chunk, said[position][0], text) for chunk, position, text in plan]


class SpeechWorker:
    """The UI side of one worker process. Qt-free: messages arrive on a reader thread and are
    handed to ``on_message`` (the Qt controller turns that into a queued signal)."""

    def __init__(self, on_message: Callable[[Message], None]) -> None:
        self._on_message = on_message
        self.process: subprocess.Popen[bytes] | None = None
        # Writes go through a thread: a hung worker stops reading its stdin, and once the
        # pipe is full a direct write would block the UI thread.
        self._outbox: queue.Queue[Message | None] = queue.Queue()

    def start(self) -> None:
        argv, env = worker_command("kiosk.speech.worker")
        self.process = subprocess.Popen(
            argv,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
        )
        threading.Thread(target=self._read, name="speech-reader", daemon=True).start()
        threading.Thread(target=self._write, name="speech-writer", daemon=True).start()

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process else None

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def send(self, message: Message) -> bool:
        """Queue ``message`` for the worker; never blocks. False if the worker is gone."""
        if not self.alive():
            return False
        self._outbox.put(message)
        return True

    def _write(self) -> None:
        process = self.process
        assert process is not None and process.stdin is not None
        while (message := self._outbox.get()) is not None:
            try:
                write_message(process.stdin, message)
            except (OSError, ValueError):
                return

    def _read(self) -> None:
        process = self.process
        assert process is not None and process.stdout is not None
        while True:
            try:
                message = read_message(process.stdout)
            except (EOFError, OSError, ValueError, pickle.UnpicklingError):
                self._on_message(("dead",))
                return
            self._on_message(message)

    def kill(self) -> None:
        """Stop the process now, whatever it is doing (also when it is hung)."""
        if self.process is None:
            return
        self._outbox.put(None)  # ends the writer thread
        if self.process.poll() is None:
            self.process.kill()
        try:
            self.process.wait(2)
        except subprocess.TimeoutExpired:
            log.warning("speech worker %s did not exit", self.process.pid)
        # Only stdin: stdout belongs to the reader thread, which sees EOF and ends by itself.
        try:
            if self.process.stdin:
                self.process.stdin.close()
        except OSError:
            pass

    def quit(self) -> None:
        if self.alive():
            self.send(("quit",))
            try:
                assert self.process is not None
                self.process.wait(1)
            except subprocess.TimeoutExpired:
                pass
        self.kill()


if __name__ == "__main__":
    worker_main()
    # No clean-up worth waiting for (engines hold only memory): leave at once.
    os._exit(0)
