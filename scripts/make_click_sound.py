"""Generate assets/sounds/click.wav: a soft 40 ms click (own work, public domain).

A short 1.2 kHz tone with a fast attack and an exponential decay: audible to people with
age-related high-frequency hearing loss, never sharp. Usage: python scripts/make_click_sound.py
"""

from __future__ import annotations

import math
import struct
import wave
from pathlib import Path

RATE = 44_100
SECONDS = 0.04
FREQUENCY = 1200.0
OUT = Path(__file__).resolve().parent.parent / "assets" / "sounds" / "click.wav"


def samples() -> list[int]:
    count = int(RATE * SECONDS)
    out = []
    for n in range(count):
        t = n / RATE
        attack = min(1.0, n / (RATE * 0.002))
        envelope = attack * math.exp(-t * 90)
        out.append(int(0.5 * 32767 * envelope * math.sin(2 * math.pi * FREQUENCY * t)))
    return out


def main() -> None:
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(OUT), "wb") as handle:
        handle.setnchannels(1)
        handle.setsampwidth(2)
        handle.setframerate(RATE)
        handle.writeframes(b"".join(struct.pack("<h", s) for s in samples()))


if __name__ == "__main__":
    main()
