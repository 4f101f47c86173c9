"""Generate assets/sounds/alert-chime.wav: a two-tone falling chime (own work, CC0).

Pure Python (wave + math), so the sound can be rebuilt and its origin is plain:
    python scripts/make_chime.py
"""

from __future__ import annotations

import math
import struct
import wave
from pathlib import Path

RATE = 22050
OUT = Path(__file__).resolve().parent.parent / "assets" / "sounds" / "alert-chime.wav"
# (frequency Hz, start s, length s): ding-dong, repeated once — like a Japanese PA chime.
NOTES = ((880.0, 0.0, 0.9), (698.5, 0.45, 1.0), (880.0, 1.2, 0.9), (698.5, 1.65, 1.2))
LENGTH = 2.9
VOLUME = 0.45


def sample(t: float) -> float:
    value = 0.0
    for freq, start, length in NOTES:
        if start <= t < start + length:
            age = t - start
            envelope = min(1.0, age / 0.01) * math.exp(-3.2 * age)  # soft attack, bell decay
            value += envelope * (
                math.sin(2 * math.pi * freq * age) + 0.3 * math.sin(4 * math.pi * freq * age)
            )
    return value


def main() -> None:
    frames = bytearray()
    for n in range(int(RATE * LENGTH)):
        value = max(-1.0, min(1.0, VOLUME * sample(n / RATE)))
        frames += struct.pack("<h", int(value * 32767))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(OUT), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(bytes(frames))
    print(OUT)


if __name__ == "__main__":
    main()
