"""Players without a sound card: the PCM queue a real device pulls from, and the clock."""

from __future__ import annotations

import numpy as np

from kiosk.speech.player import ClockPlayer, PcmQueue


def test_queue_plays_pieces_in_order_across_block_boundaries() -> None:
    q = PcmQueue(sample_rate=1000, volume=100)
    q.enqueue(0, np.full(150, 1000, dtype=np.int16), 1000)
    q.enqueue(1, np.full(100, 2000, dtype=np.int16), 1000)
    assert q.current() == 0 and not q.idle()
    block = q.pull(100)
    assert (block == 1000).all() and q.current() == 0
    block = q.pull(100)  # 50 of piece 0, then 50 of piece 1
    assert (block[:50] == 1000).all() and (block[50:] == 2000).all()
    assert q.current() == 1
    block = q.pull(100)  # the rest of piece 1, then silence
    assert (block[:50] == 2000).all() and (block[50:] == 0).all()
    assert q.current() is None and q.idle()


def test_queue_pause_gives_silence_and_keeps_the_place() -> None:
    q = PcmQueue(sample_rate=1000, volume=100)
    q.enqueue(7, np.full(100, 500, dtype=np.int16), 1000)
    q.pull(30)
    q.pause()
    assert (q.pull(50) == 0).all() and q.current() == 7
    q.resume()
    rest = q.pull(100)
    assert (rest[:70] == 500).all() and (rest[70:] == 0).all()


def test_queue_volume_and_resampling() -> None:
    q = PcmQueue(sample_rate=2000, volume=50)
    q.enqueue(0, np.full(100, 1000, dtype=np.int16), 1000)
    block = q.pull(400)
    assert abs(int(block[10]) - 500) <= 1  # half volume
    assert np.count_nonzero(block) == 200  # 100 samples at 1 kHz → 200 at 2 kHz


def test_stop_drops_everything() -> None:
    q = PcmQueue(sample_rate=1000)
    q.enqueue(0, np.ones(100, dtype=np.int16), 1000)
    q.stop()
    assert q.idle() and q.current() is None


def test_clock_player_plays_in_order_and_pauses() -> None:
    player = ClockPlayer(speedup=1e9)  # any time that passes finishes everything queued
    player.pause()
    player.enqueue(0, np.zeros(48000, dtype=np.int16), 48000)
    player.enqueue(1, np.zeros(48000, dtype=np.int16), 48000)
    assert player.current() == 0  # paused: the clock does not run
    assert player.played == []
    player.resume()
    assert player.current() == 1  # one piece ends per poll: none goes unseen
    assert player.idle()
    assert player.played == [0, 1]
