"""The hidden staff gesture: touch the four screen corners in order within a few seconds.

Residents do not do this by chance (it needs four deliberate touches in a set order), and it
needs no hidden button that a screen reader would announce.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ORDER = ("top-left", "top-right", "bottom-right", "bottom-left")
WINDOW_SECONDS = 5.0


def corner_of(x: float, y: float, width: float, height: float, zone: float) -> str | None:
    """Which corner zone a point is in (None if none)."""
    left, right = x < zone, x >= width - zone
    top, bottom = y < zone, y >= height - zone
    if top and left:
        return "top-left"
    if top and right:
        return "top-right"
    if bottom and right:
        return "bottom-right"
    if bottom and left:
        return "bottom-left"
    return None


@dataclass
class CornerSequence:
    within: float = WINDOW_SECONDS
    taps: list[tuple[str, float]] = field(default_factory=list)

    def feed(self, corner: str | None, at: float) -> bool:
        """One touch; True when it completes the sequence (which then starts over)."""
        if corner is None:
            return False  # touches elsewhere do not break it: the UI responds to them anyway
        expected = ORDER[len(self.taps)]
        if corner != expected:
            self.taps = [(corner, at)] if corner == ORDER[0] else []
            return False
        self.taps.append((corner, at))
        if at - self.taps[0][1] > self.within:
            self.taps = [(corner, at)] if corner == ORDER[0] else []
            return False
        if len(self.taps) == len(ORDER):
            self.taps = []
            return True
        return False
