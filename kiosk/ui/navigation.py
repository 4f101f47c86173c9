"""Where the visitor is: a place on the kiosk (screen + what it shows) and the way back.

The window renders ``Navigation.place``; everyone else reads the public API here (``place``,
``depth``) and never the history list itself.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Place:
    screen: str  # home | category | page | alert | settings | howto | practice
    argument: object = None


class Navigation:
    """A history stack that always has home at the bottom."""

    def __init__(self) -> None:
        self._history: list[Place] = [Place("home")]

    @property
    def place(self) -> Place:
        return self._history[-1]

    @property
    def depth(self) -> int:
        """How many places deep the visitor is (1 on home); grows only on a forward open."""
        return len(self._history)

    @property
    def can_go_back(self) -> bool:
        return len(self._history) > 1

    def places(self) -> tuple[Place, ...]:
        return tuple(self._history)

    def home(self) -> None:
        self._history = [Place("home")]

    def open(self, screen: str, argument: object = None) -> None:
        self._history.append(Place(screen, argument))

    def back(self) -> None:
        """One step back; on home, stay."""
        if self.can_go_back:
            self._history.pop()
