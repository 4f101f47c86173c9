"""A parse worker: ``python -m kiosk.content.parse_worker``, one of the processes a sync pass
reads feeds, pages and CSV in (kiosk.content.parse_pool runs them).

Its own small entry point, not multiprocessing's spawn: a spawned worker runs the parent's main
script before its first document (for the kiosk, the `kiosk` console script, i.e.
kiosk.cli.main and all it imports: ~0.1 s of CPU per worker, twice per pass, while the pass is
CPU-bound). This process imports the readers' registry only, and a reader on its first document
of that kind (kiosk.content.readers._lazy): a worker reading RSS never loads the alert or
open-data readers.

Messages are pickled tuples with a 4-byte length prefix on stdin/stdout:
    parent → worker: ("read", kind, data, source)   (source: a kiosk.content.model.Source)
                     ("modules",)                    which modules it has imported (tests)
    worker → parent: ("ok", SourceContent) | ("modules", [name, …])
                     ("error", exception, traceback text)   the reader raised
The worker ends when its stdin closes.
"""

from __future__ import annotations

import copyreg
import dataclasses
import functools
import io
import operator
import pickle
import signal
import sys
import traceback
from collections.abc import Callable
from typing import IO, Any

from kiosk.pipes import Message, read_message, write_frame


def write_message(stream: IO[bytes], message: Message, by_fields: bool = False) -> None:
    """``by_fields``: the content model's objects travel as their constructor and field values
    (see _by_fields)."""
    if by_fields:
        buffer = io.BytesIO()
        pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
        pickler.dispatch_table = _by_fields()
        pickler.dump(message)
        data = buffer.getvalue()
    else:
        data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    write_frame(stream, data)


@functools.cache
def _by_fields() -> dict[type, Callable[[Any], tuple[Any, ...]]]:
    """A frozen slotted dataclass pickles by default as a state its ``__setstate__`` sets field
    by field through ``dataclasses.fields`` (~5 µs an object); rebuilt through its own
    ``__init__`` instead, a 100-item feed's answer unpickles in the kiosk's sync thread in about
    half the time, and pickles here in half the time too. Only for the content model's classes,
    whose fields are all ``__init__`` parameters in order; the kiosk needs nothing to read
    these (the constructor is named in the pickle)."""
    from kiosk.content.model import Alert, Block, Item, Page, SourceContent
    from kiosk.sources import Source

    table: dict[type, Callable[[Any], tuple[Any, ...]]] = dict(copyreg.dispatch_table)
    for cls in (Block, Item, Page, Alert, SourceContent, Source):
        fields = dataclasses.fields(cls)
        assert all(f.init and not f.kw_only for f in fields), cls  # positional, in order
        names = tuple(f.name for f in fields)
        table[cls] = functools.partial(_reduce, cls, operator.attrgetter(*names))
    return table


def _reduce(cls: type, values: Callable[[Any], tuple[Any, ...]], obj: Any) -> tuple[Any, ...]:
    return cls, values(obj)


def _error_reply(exc: Exception) -> Message:
    """The reader's exception as it was raised (its ContentError's one-line reason is the
    source's status), or its text when the exception itself cannot travel."""
    trace = traceback.format_exc()
    try:
        pickle.loads(pickle.dumps(exc, protocol=pickle.HIGHEST_PROTOCOL))
    except Exception:
        from kiosk.content.readers.errors import ReaderError

        return ("error", ReaderError(f"{type(exc).__name__}: {exc}"), trace)
    return ("error", exc, trace)


def serve(requests: IO[bytes], replies: IO[bytes]) -> None:
    """Answer messages until ``requests`` ends."""
    from kiosk.content.readers import BYTE_READERS
    from kiosk.i18n import SOURCE_LANGUAGE, messages_in

    while True:
        try:
            message = read_message(requests)
        except (EOFError, OSError):
            return
        if message[0] == "modules":
            reply: Message = ("modules", sorted(sys.modules))
        else:
            _, kind, data, source = message
            try:
                with messages_in(SOURCE_LANGUAGE):  # recorded as a sync's reason: see sync._work
                    reply = ("ok", BYTE_READERS[kind](data, source, None))
            except Exception as exc:  # the parent decides what a reader's failure means
                reply = _error_reply(exc)
        try:
            try:
                # Pickled whole before a byte is written: a failure here still gets an answer.
                write_message(replies, reply, by_fields=True)
            except (pickle.PicklingError, TypeError, AttributeError) as exc:
                write_message(replies, _error_reply(exc))
        except OSError:  # the kiosk has gone (its end of the pipe closed): so does this
            return


def main() -> None:
    # Ctrl+C in a terminal running `kiosk sync` reaches the whole process group: the kiosk
    # handles it and closes the pipes, which ends this process without a traceback of its own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    requests, replies = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # a stray print() must not break the message stream
    serve(requests, replies)


if __name__ == "__main__":
    main()
