"""Keep PySide6's lost references to ``None``/``True``/``False`` from crashing the kiosk.

PySide6 6.12.0 on Python 3.11 drops references it does not own: one to ``None`` on every
call that returns ``None`` (every setter, every emitted signal, every Python override such as
``showEvent``), and one to ``True`` whenever Qt calls a Python override that returns it (e.g.
``hasHeightForWidth``). On Python ≥ 3.12 these objects are immortal and nothing happens; on
3.11 the count reaches zero after some thousands of taps and the interpreter aborts with
"none_dealloc: deallocating None" or "bool_dealloc". The benchmarks found it (bench/latency.py
aborted within 60 navigations; bench/soak.py is the long check).

The fix is what Python 3.12 itself does: give these objects a reference count so large that
no amount of leaking can exhaust it (2**60: a million leaks a second for 36,000 years).
No Qt import here, so tests and tools can call it before anything else.
"""

from __future__ import annotations

import ctypes
import sys

HEADROOM = 1 << 60
SINGLETONS = (None, True, False)


def immortalize_singletons() -> bool:
    """Raise the reference counts of None, True and False out of reach; True when done now."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False  # immortal there already
    if hasattr(sys, "gettotalrefcount"):
        return False  # debug build: object layout differs; developers see the abort instead
    done = False
    for obj in SINGLETONS:
        if sys.getrefcount(obj) >= HEADROOM // 2:
            continue  # done before
        refcount = ctypes.c_ssize_t.from_address(id(obj))  # ob_refcnt is the first field
        before = sys.getrefcount(obj)
        refcount.value += HEADROOM
        # Other references come and go meanwhile; a wrong field would be off by far more.
        if abs(sys.getrefcount(obj) - before - HEADROOM) > 1000:  # unexpected layout: undo
            refcount.value -= HEADROOM
            return False
        done = True
    return done
