"""Keep PySide6's lost references to ``None`` from crashing the kiosk on Python < 3.12.

PySide6 6.12.0 drops one reference to ``None`` on every call that returns ``None`` (every
setter, ``parent()`` of a top-level widget, every emitted signal...). On Python ≥ 3.12
``None`` is immortal and nothing happens; on 3.11 its count reaches zero after some thousands
of taps and the interpreter aborts with "none_dealloc: deallocating None". The benchmarks
found it (bench/latency.py died within 60 navigations; bench/soak.py is the long check).

The fix is what Python 3.12 itself does: give ``None`` a reference count so large that no
amount of leaking can exhaust it (2**60: a million leaks a second for 36,000 years). No Qt
import here, so tests and tools can call it before anything else.
"""

from __future__ import annotations

import ctypes
import sys

HEADROOM = 1 << 60


def make_none_immortal() -> bool:
    """Raise None's reference count out of reach; True when it was needed and done."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False  # None is immortal there already
    if hasattr(sys, "gettotalrefcount"):
        return False  # debug build: object layout differs; developers see the abort instead
    if sys.getrefcount(None) >= HEADROOM // 2:
        return False  # done before
    refcount = ctypes.c_ssize_t.from_address(id(None))  # ob_refcnt is the first field
    before = sys.getrefcount(None)
    refcount.value += HEADROOM
    # Other references come and go meanwhile; a wrong field would be off by far more.
    if abs(sys.getrefcount(None) - before - HEADROOM) > 1000:  # not the expected layout: undo
        refcount.value -= HEADROOM
        return False
    return True
