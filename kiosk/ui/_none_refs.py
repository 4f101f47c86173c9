"""Work around PySide6 6.12 on Python 3.11: every call of a method returning void (setText,
setFont, beginLayout, …) drops one reference to None. Python 3.12+ has an immortal None so
the binding never notices; on 3.11 the kiosk would abort ("Fatal Python error: none_dealloc:
deallocating None") after some thousands of calls — minutes of use.

We give None a reference count so large that it can never reach zero — what Python 3.12
does itself (PEP 683). Applied once, when kiosk.ui is first imported.
"""

from __future__ import annotations

import ctypes
import sys

_HEADROOM = 1 << 40  # ~10^12 calls: decades of kiosk use


def make_none_immortal() -> bool:
    """True if applied (only needed, and only done, before Python 3.12)."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    refcount = ctypes.c_ssize_t.from_address(id(None))
    if refcount.value < _HEADROOM // 2:
        refcount.value += _HEADROOM
    return True
