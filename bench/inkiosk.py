"""Run a benchmark's driver inside a real ``kiosk run --demo`` process.

The process starts exactly like ``python -m kiosk run --demo`` (same entry: the collector off
until the first frame, the same command-line path, config, store, lockdown, staff menu, speech
controller, memory care), full screen; once its first frame is on the glass and it has built
its first-use screens in the quiet moments after it (kiosk/ui/idle_prepare.py: a kiosk sits
a while before its first visitor), the driver (bench/driver.py: QtTest clicks, then paint)
attaches to the window the kiosk built:

- ``memory``: bench/memory.py's navigations; prints ``INKIOSK {json}`` (memory.measure's
  result, plus the RSS just before the driver was loaded) and exits;
- ``soak``: bench/soak.py's random person, heartbeat and RSS samples (its SOAK lines).

What is measured is the kiosk's own memory plus the driver's (QtTest and the driver modules,
loaded after the first frame), not a second window or store the benchmark built itself. The
one change made to the kiosk: its touch guard's 0.4 s tremor debounce is off (the driver taps
faster than a person can). Data and config come from the environment (HIROBA_DATA_DIR,
HIROBA_CONFIG), as for the kiosk. By hand:
HIROBA_DATA_DIR=$(mktemp -d) python -m bench.inkiosk memory --navigations 2000
"""

from __future__ import annotations

import gc

gc.disable()  # as kiosk/__main__.py: the kiosk enables it after its first frame

import json  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
from collections.abc import Callable  # noqa: E402

# A/B experiments, comma-separated: nocare (the kiosk without kiosk/ui/memory_care.py and
# without the allocator tuning), pix=KiB (QPixmapCache limit), e.g. HIROBA_MEMEXP=nocare
EXPERIMENT = dict(
    [*item.split("=", 1), ""][:2] for item in os.environ.get("HIROBA_MEMEXP", "").split(",") if item
)


def run_kiosk_then(job: Callable[[object, object], None]) -> int:
    """``kiosk run --demo``; ``job(app, window)`` half a second after its first frame (after
    the kiosk's own after-first-frame work: gc freeze, phrases, backup, allocator)."""
    if "nocare" in EXPERIMENT:
        os.environ["HIROBA_MALLOC_TUNING"] = "0"
        import kiosk.ui.memory_care as memory_care

        memory_care.care_for = lambda window: None
    import kiosk.ui.app as ui_app

    real_run = ui_app.run

    def run_and_drive(config, store, windowed, exit_after=None, setup=None):  # noqa: ANN001, ANN202
        def setup_and_drive(app, window):  # noqa: ANN001, ANN202
            operations = setup(app, window) if setup is not None else None
            from PySide6.QtCore import QTimer

            from kiosk.ui.first_frame import after_first_frame

            after_first_frame(
                window, lambda: QTimer.singleShot(500, lambda: start(app, window, job))
            )
            return operations

        return real_run(config, store, windowed, exit_after=None, setup=setup_and_drive)

    ui_app.run = run_and_drive
    from kiosk.cli.main import main as kiosk_main

    return kiosk_main(["run", "--demo"])


READY_POLL_MS = 100
READY_MAX_S = 15.0  # the first-use screens are built one per 1.5 s of quiet: ~5 s
NO_PREPARER_S = 3.0


def start(app, window, job) -> None:  # noqa: ANN001
    """``job`` once the kiosk sits ready for its first visitor: its first-use screens built
    ahead in quiet moments (kiosk/ui/idle_prepare.py), as on a kiosk before anyone comes."""
    import time

    from PySide6.QtCore import QTimer

    began = time.monotonic()
    parent = os.getppid()
    orphan_check = QTimer(window)  # the bench that started us was killed (a timeout): stop too
    # os._exit: the memory job's loop runs inside its own processEvents, past any app.exit
    orphan_check.timeout.connect(lambda: os.getppid() != parent and os._exit(4))
    orphan_check.start(1000)

    def check() -> None:
        preparer = getattr(window, "idle_preparer", None)
        waited = time.monotonic() - began
        ready = preparer.finished if preparer is not None else waited >= NO_PREPARER_S
        if ready or waited >= READY_MAX_S:
            run_job(app, window, job)
        else:
            QTimer.singleShot(READY_POLL_MS, check)

    check()


def run_job(app, window, job) -> None:  # noqa: ANN001
    guard = getattr(window.visitor, "touch_guard", None)
    if guard is not None:  # a person taps at most every 0.4 s; the driver taps at once
        guard.debounce_s = 0.0
    if "pix" in EXPERIMENT:
        from PySide6.QtGui import QPixmapCache

        QPixmapCache.setCacheLimit(int(EXPERIMENT["pix"]))
    try:
        job(app, window)
    except BaseException:
        import traceback

        traceback.print_exc()
        app.exit(3)


def memory_job(args) -> Callable[[object, object], None]:  # noqa: ANN001
    def job(app, window) -> None:  # noqa: ANN001
        from bench.common import INKIOSK_MARKER, MIB, rss_bytes

        gc.collect()
        before_driver = (rss_bytes() or 0) / MIB  # the kiosk alone, its first frame settled
        from bench.driver import Kiosk
        from bench.memory import measure

        result = measure(Kiosk.attach(window), args.navigations, args.seed, args.trace)
        result["before_driver"] = before_driver
        sys.stdout.write(INKIOSK_MARKER + json.dumps(result) + "\n")
        sys.stdout.flush()
        app.exit(0)

    return job


def soak_job(args) -> Callable[[object, object], None]:  # noqa: ANN001
    def job(app, window) -> None:  # noqa: ANN001
        from bench.driver import Kiosk
        from bench.soak import start_soak

        start_soak(Kiosk.attach(window), args.seconds, args.seed, args.rate, args.sample)

    return job


def main(argv: list[str]) -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__)
    jobs = parser.add_subparsers(dest="job", required=True)
    memory = jobs.add_parser("memory")
    memory.add_argument("--navigations", type=int, default=10_000)
    memory.add_argument("--seed", type=int, default=10)
    memory.add_argument("--trace", action="store_true")
    soak = jobs.add_parser("soak")
    soak.add_argument("--seconds", type=float, required=True)
    soak.add_argument("--seed", type=int, default=1)
    soak.add_argument("--rate", type=float, default=5.0)
    soak.add_argument("--sample", type=float, default=1.0)
    args = parser.parse_args(argv)
    return run_kiosk_then(memory_job(args) if args.job == "memory" else soak_job(args))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
