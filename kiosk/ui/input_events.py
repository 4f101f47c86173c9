"""The cheap first question of an application-wide event filter: is this input at all?

A filter installed on the application sees every event of every widget, not only the touches
and keys it is for: a text-size change alone sends ~2,500 (polish, style, font, layout, paint)
through each such filter. ``event.type()`` makes a Python enum member every time it is called
(~1.3 µs, PySide6 6.11 on the kiosk PC); with the kiosk's three to five application filters
that was a fifth of the time a text-size change kept the screen busy (issue 17's soak
stalls). ``isinstance`` against QInputEvent (mouse, touch, key, wheel, hover, context menu)
costs a tenth of that, so every application filter asks it first and looks at the type only
for input. No filter of the kiosk acts on anything else, except the lockdown's own window
closing, which it checks by class too.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtGui import QInputEvent


def is_input(event: QEvent) -> bool:
    """True for mouse, touch, key, wheel, hover and context-menu events."""
    return isinstance(event, QInputEvent)
