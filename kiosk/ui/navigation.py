"""Where the visitor is: a place on the kiosk (screen + what it shows) and the way back."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Place:
    screen: str  # home | category | page | alert | settings | howto | practice
    argument: object = None
