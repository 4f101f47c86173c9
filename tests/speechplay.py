"""Test helpers for read-aloud: the loudspeaker lives in the speech worker process (issue 17),
so tests choose a player by spec and ask the worker what it is playing."""

from __future__ import annotations

from pathlib import Path

from kiosk.speech.base import Audio

WAIT_MS = 60_000


def worker_silent(qtbot, controller) -> bool:
    """True once the worker says nothing is queued or sounding (asks and waits for the answer)."""
    controller.ask_status()
    qtbot.waitUntil(lambda: bool(controller.status), timeout=WAIT_MS)
    return controller.status["idle"] is True and controller.status["job"] is None


def recorded(folder: Path) -> Audio:
    """Every piece a ``record:`` player was given, in order, as one utterance."""
    import numpy as np

    pieces = [Audio.from_wav(path.read_bytes()) for path in sorted(folder.glob("*.wav"))]
    assert pieces, f"nothing was played into {folder}"
    rates = {piece.sample_rate for piece in pieces}
    assert len(rates) == 1, rates
    return Audio(np.concatenate([piece.samples for piece in pieces]), rates.pop())
