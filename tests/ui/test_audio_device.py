"""The miniaudio player through a real audio thread, on miniaudio's null device."""

from __future__ import annotations

import miniaudio
import numpy as np

from kiosk.speech.player import MiniaudioPlayer


def test_null_device_plays_pieces_in_order_then_goes_idle(qtbot) -> None:
    player = MiniaudioPlayer(volume=50, backends=[miniaudio.Backend.NULL])
    try:
        seen: list[int] = []

        def note() -> bool:
            tag = player.current()
            if tag is not None and (not seen or seen[-1] != tag):
                seen.append(tag)
            return player.idle()

        tone = (np.sin(np.arange(4800) / 5) * 8000).astype(np.int16)  # 0.2 s at 24 kHz
        player.enqueue(0, tone, 24000)
        player.enqueue(1, tone, 24000)
        qtbot.waitUntil(note, timeout=10_000)
        assert seen[0] == 0 and seen[-1] == 1
        assert player.current() is None
    finally:
        player.close()
