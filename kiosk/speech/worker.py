"""The speech worker: a separate process that owns the engines.

Why a process and not a thread: Open JTalk and eSpeak are native code; a crash or a hang in
them must not take the kiosk with it. The worker is ``python -m kiosk.speech.worker`` started
with subprocess (not multiprocessing's spawn, which re-imports the parent's main script and
breaks any entry point without a ``__main__`` guard). Messages are pickled tuples with a
4-byte length prefix on the worker's stdin/stdout. If the worker dies or stops answering, the
UI kills it and starts a fresh one on the next press.

Messages, UI → worker:
    ("job", job_id, lang, rate, preference, [(sentence, written_text), ...])
        the UI sends the text as written; text preparation (normalising, the reading
        analysis, chunking) happens here, never on the UI thread. Already prepared chunks
        ``(chunk, sentence, spoken_text)`` are accepted too (benchmarks, tests).
    ("cancel", job_id)
    ("quit",)
worker → UI:
    ("ready", {engine: problem|None})
    ("plan", job_id, {chunk: sentence})   (before the audio of a job the worker prepared)
    ("audio", job_id, chunk, sentence, pcm_int16_bytes, sample_rate, engine_name)
    ("done", job_id)
    ("error", job_id, message)
"""

from __future__ import annotations

import logging
import os
import pickle
import queue
import struct
import subprocess
import sys
import threading
from collections.abc import Callable
from typing import IO, Any

log = logging.getLogger("kiosk.speech")

Message = tuple[Any, ...]
_HEADER = struct.Struct("!I")


def write_message(stream: IO[bytes], message: Message) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(data)) + data)
    stream.flush()


def read_message(stream: IO[bytes]) -> Message:
    """Next message; EOFError when the other side has gone."""
    header = stream.read(_HEADER.size)
    if len(header) < _HEADER.size:
        raise EOFError
    (size,) = _HEADER.unpack(header)
    data = stream.read(size)
    if len(data) < size:
        raise EOFError
    return pickle.loads(data)


def worker_main() -> None:
    """Entry point of the worker process."""
    # Our protocol owns the real stdout; engines and native libraries that print (pyttsx3,
    # the Open JTalk package) write to stderr instead.
    out = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    source = sys.stdin.buffer
    inbox: queue.Queue[Message] = queue.Queue()

    def read_stdin() -> None:
        while True:
            try:
                inbox.put(read_message(source))
            except (EOFError, OSError, pickle.UnpicklingError):
                inbox.put(("quit",))
                return

    threading.Thread(target=read_stdin, daemon=True).start()
    from kiosk.speech import available_engines, choose_engine, create_engine

    engines: dict[str, Any] = {}

    def engine_for(name: str) -> Any:
        if name not in engines:
            engines[name] = create_engine(name)
        return engines[name]

    def send(message: Message) -> None:
        write_message(out, message)

    # Warm the Japanese voice before saying we are ready: the first press should not pay for
    # loading the dictionary.
    problems = available_engines()
    if problems["openjtalk"] is None:
        try:
            engine_for("openjtalk")
        except Exception as exc:  # reported per job below
            problems["openjtalk"] = str(exc)
    send(("ready", problems))

    pending: Message | None = None
    while True:
        message = pending or inbox.get()
        pending = None
        if message[0] == "quit":
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
            if not chunks:
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
        for chunk, sentence, text in chunks:
            # Between chunks, look for a cancel or a newer job: stop this one at once.
            try:
                incoming = inbox.get_nowait()
            except queue.Empty:
                incoming = None
            if incoming is not None:
                if incoming[0] == "cancel" and incoming[1] == job_id:
                    break
                if incoming[0] in ("job", "quit"):
                    pending = incoming
                    break
            try:
                audio = engine.synthesize(text, lang, rate)
            except Exception as exc:
                send(("error", job_id, f"{name}: {exc}"))
                break
            send(
                (
                    "audio",
                    job_id,
                    chunk,
                    sentence,
                    audio.samples.tobytes(),
                    audio.sample_rate,
                    name,
                )
            )
        else:
            send(("done", job_id))


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
        env = dict(os.environ)
        # The worker must import this same kiosk package, wherever it was imported from.
        root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "kiosk.speech.worker"],
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
