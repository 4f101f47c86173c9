"""`kiosk run` fixes glibc's mmap threshold once its first frame is up (issue 17: memory);
ctypes, which the tuning needs, is not loaded before that frame (cold start).

glibc raises its mmap threshold every time a mapped block is freed; after that, blocks of a
few hundred KiB (Qt's images, text layouts, glyph caches) come from the heap and fragment it
as visitors switch languages and sizes. The check is behavioural, in a real kiosk process:
after a 16 MiB block is freed (which would raise a moving threshold to 16 MiB), is an 8 MiB
block still mapped apart, outside the heap? With the tuning turned off, it is in the heap:
the probe can tell the two apart.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.skipif(
    platform.system() != "Linux" or platform.libc_ver()[0] != "glibc", reason="glibc only"
)

WRAPPER = """
import json, sys
from PySide6.QtCore import QTimer
import kiosk.ui.first_frame as first_frame

def probe(app):
    import ctypes
    from kiosk.ops import memory
    libc = ctypes.CDLL(None)
    libc.malloc.restype = ctypes.c_void_p
    libc.malloc.argtypes = [ctypes.c_size_t]
    libc.free.argtypes = [ctypes.c_void_p]
    libc.free(libc.malloc(16 << 20))  # a moving threshold would now be 16 MiB
    # Bigger than any free hole or top of the heap could plausibly be (malloc serves a block
    # from free heap space before it looks at the threshold at all), smaller than 16 MiB.
    block = libc.malloc(8 << 20)
    heap = []
    with open("/proc/self/maps") as maps:
        for line in maps:
            if line.rstrip().endswith("[heap]"):
                low, high = (int(x, 16) for x in line.split()[0].split("-"))
                heap.append((low, high))
    in_heap = any(low <= block < high for low, high in heap)
    libc.free(block)
    report = {"applied": memory.applied(), "in_heap": in_heap, "ctypes_at_first_frame": early}
    print("ALLOC " + json.dumps(report), flush=True)
    app.exit(0)

def at_first_frame(app):
    global early
    early = "ctypes" in sys.modules  # the tuning must not cost the cold start
    QTimer.singleShot(300, lambda: probe(app))  # after the kiosk's own after-first-frame work

first_frame.report_and_quit = at_first_frame
from kiosk.cli.main import main
sys.exit(main(["run", "--demo"]))
"""


def kiosk_allocation(data_dir: Path, **extra_env: str) -> dict:
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        HIROBA_DATA_DIR=str(data_dir),
        HIROBA_CONFIG=str(data_dir / "none.toml"),
        HIROBA_BENCH_FIRST_FRAME="1",
        PYTHONPATH=str(REPO),
        **extra_env,
    )
    for name in ("MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_", "GLIBC_TUNABLES"):
        env.pop(name, None)
    done = subprocess.run(
        [sys.executable, "-c", WRAPPER],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    for line in done.stdout.splitlines():
        if line.startswith("ALLOC "):
            return json.loads(line[len("ALLOC ") :])
    raise AssertionError(f"no probe (exit {done.returncode}): {done.stderr[-2000:]}")


@pytest.mark.slow
def test_kiosk_run_maps_big_blocks_apart_after_its_first_frame(tmp_path: Path) -> None:
    tuned = kiosk_allocation(tmp_path / "tuned")
    assert tuned["applied"] == {"mmap_threshold": 128 * 1024, "trim_threshold": 512 * 1024}
    assert tuned["in_heap"] is False, "an 8 MiB block came from the heap: threshold moved"
    assert tuned["ctypes_at_first_frame"] is False, "ctypes loaded before the first frame"
    untuned = kiosk_allocation(tmp_path / "untuned", HIROBA_MALLOC_TUNING="0")
    assert untuned["applied"] == {}
    assert untuned["in_heap"] is True, "the probe cannot see glibc's moving threshold"
