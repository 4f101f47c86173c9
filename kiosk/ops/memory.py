"""The C heap of a kiosk that runs for months: big blocks go back to the system.

When the heap has no free room for a block of 128 KiB or more, glibc's malloc maps it apart
(mmap) — and gives it back to the system when freed — but that *threshold moves*: each such
block freed raises it to that block's size (up to 32 MiB). After a few minutes of Qt freeing
text-layout buffers, images and glyph caches of a few hundred KiB, every later block of that
size grows the main heap instead, where a
long-lived small allocation next to it keeps the pages resident after it is freed: the heap
only grows as visitors switch languages and text sizes (bench/memory.py). Fixing the
thresholds stops the moving: big blocks are mapped and unmapped, free memory at the top of the
heap is returned soon. ``give_back`` also hands free pages inside the heap back (the kiosk calls
it when a visitor has left, when nobody is waiting for the screen), and ``release_font_pages``
drops the font-file pages FreeType has read from the kiosk's resident memory.

glibc only (Linux); elsewhere every function here does nothing and returns so ({}, False, 0).
No Qt here.
"""

from __future__ import annotations

import logging
import os
from functools import cache

log = logging.getLogger("kiosk.memory")

# mallopt() parameters (glibc malloc.h)
M_TRIM_THRESHOLD = -1
M_MMAP_THRESHOLD = -3
# Blocks from 128 KiB up are mapped apart (glibc's own starting value, kept from moving up);
# free memory at the top of the heap beyond 512 KiB goes back to the system.
MMAP_THRESHOLD = 128 * 1024
TRIM_THRESHOLD = 512 * 1024
# Set by a launcher (or a test) to keep glibc's own moving thresholds.
OFF_ENV = "HIROBA_MALLOC_TUNING"

_applied: dict[str, int] = {}


@cache
def _glibc():  # noqa: ANN202 - ctypes.CDLL | None
    """The process's C library when it is glibc (it has mallopt and malloc_trim)."""
    import ctypes  # here: the kiosk imports this module before its first frame, ctypes after

    try:
        # The symbols already loaded into the process (no ctypes.util: it runs ldconfig).
        libc = ctypes.CDLL(None)
        libc.gnu_get_libc_version  # noqa: B018 - only glibc has it (musl, macOS, Windows: not)
        libc.mallopt  # noqa: B018
        libc.malloc_trim  # noqa: B018
        libc.madvise  # noqa: B018
    except (OSError, AttributeError, TypeError):
        return None
    libc.mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    libc.mallopt.restype = ctypes.c_int
    libc.malloc_trim.argtypes = [ctypes.c_size_t]
    libc.malloc_trim.restype = ctypes.c_int
    libc.madvise.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
    libc.madvise.restype = ctypes.c_int
    return libc


def tune_allocator() -> dict[str, int]:
    """Fix glibc's mmap and trim thresholds (see the module text), once; the kiosk does it
    right after its first frame (kiosk/ui/app.py), so the cold start never loads ctypes.
    Returns what was set ({} where nothing was: not glibc, or turned off with
    HIROBA_MALLOC_TUNING=0, or the environment already sets glibc's own tunables)."""
    if _applied:
        return dict(_applied)
    libc = _glibc()
    if libc is None or os.environ.get(OFF_ENV, "") == "0":
        return {}
    # A launcher's explicit MALLOC_*_ / GLIBC_TUNABLES choice wins over ours.
    if any(k in os.environ for k in ("MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_")):
        return {}
    if "glibc.malloc.mmap_threshold" in os.environ.get("GLIBC_TUNABLES", ""):
        return {}
    for name, param, value in (
        ("mmap_threshold", M_MMAP_THRESHOLD, MMAP_THRESHOLD),
        ("trim_threshold", M_TRIM_THRESHOLD, TRIM_THRESHOLD),
    ):
        if libc.mallopt(param, value) == 1:  # 1: done, 0: refused
            _applied[name] = value
        else:
            log.warning("mallopt(%s) refused", name)
    return dict(_applied)


def applied() -> dict[str, int]:
    """What tune_allocator() set in this process."""
    return dict(_applied)


def give_back() -> bool:
    """Return the heap's free pages to the system (glibc malloc_trim). True when some were."""
    libc = _glibc()
    if libc is None:
        return False
    return bool(libc.malloc_trim(0))


FONT_SUFFIXES = (".ttf", ".ttc", ".otf", ".otc")
MADV_DONTNEED = 4  # Linux


def release_font_pages(maps: str = "/proc/self/maps") -> int:
    """Drop the font-file pages FreeType has read from this process's page tables; returns
    the size of the font mappings so advised (bytes).

    FreeType maps each font file read-only and reads glyphs from it: every glyph a visitor's
    pages used (a CJK face is 19 MiB) stays counted in the kiosk's resident memory. The pages
    are the file's, clean and shared with the page cache; dropping them from the process
    loses nothing (a glyph needed again is read back from the cache, or the disk) and lets
    the system reclaim what nobody uses. Only read-only mappings of font files are touched.
    """
    libc = _glibc()
    if libc is None:
        return 0
    import ctypes

    released = 0
    try:
        with open(maps, encoding="utf-8", errors="replace") as lines:
            for line in lines:
                fields = line.split(maxsplit=5)
                if len(fields) < 6 or not fields[1].startswith("r-"):
                    continue  # not read-only: never drop what could hold private changes
                if not fields[5].strip().lower().endswith(FONT_SUFFIXES):
                    continue
                low, high = (int(x, 16) for x in fields[0].split("-"))
                size = high - low
                if libc.madvise(ctypes.c_void_p(low), ctypes.c_size_t(size), MADV_DONTNEED) == 0:
                    released += size
    except OSError:
        return 0
    return released
