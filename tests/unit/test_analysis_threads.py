"""Loading the analysis from several threads at once leaves the process's stdout alone.

pyopenjtalk's import prints an advisory, which the analysis swallows by swapping sys.stdout;
unserialised, two threads loading at once left it swapped for good (the fleet benchmark lost
its output that way, and so could a kiosk whose screen and sync both needed readings).
"""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import REPO

PROBE = """
import sys, threading
from kiosk.content import analysis
real = sys.stdout
gate = threading.Barrier(6)
def load():
    gate.wait()
    analysis._pyopenjtalk()
threads = [threading.Thread(target=load) for _ in range(6)]
for t in threads: t.start()
for t in threads: t.join()
print("still printing", sys.stdout is real)
"""


def test_concurrent_first_loads_keep_stdout() -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert done.stdout.strip() == "still printing True"
