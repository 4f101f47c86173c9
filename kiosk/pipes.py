"""Messages between the kiosk and its worker processes (speech, feed parsing, sync) over their
stdin/stdout: a 4-byte length, then a pickle. No Qt, no kiosk imports: each worker starts lean."""

from __future__ import annotations

import os
import pickle
import struct
import sys
from typing import IO, Any

Message = tuple[Any, ...]
_HEADER = struct.Struct("!I")


def write_frame(stream: IO[bytes], data: bytes) -> None:
    """One pickled message (``data``), length first."""
    stream.write(_HEADER.pack(len(data)) + data)
    stream.flush()


def write_message(stream: IO[bytes], message: Message) -> None:
    write_frame(stream, pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL))


def read_message(stream: IO[bytes]) -> Message:
    """The next message; EOFError when the other side has gone."""
    header = stream.read(_HEADER.size)
    if len(header) < _HEADER.size:
        raise EOFError
    (size,) = _HEADER.unpack(header)
    data = stream.read(size)
    if len(data) < size:
        raise EOFError
    return pickle.loads(data)


def worker_command(module: str) -> tuple[list[str], dict[str, str]]:
    """argv and environment to start ``python -m module`` as a worker of this kiosk: the same
    interpreter, and this same kiosk package first on the path wherever it was imported from."""
    env = dict(os.environ)
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
    return [sys.executable, "-m", module], env
