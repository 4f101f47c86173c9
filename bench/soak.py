"""Soak: drive the kiosk at random (seeded) for hours; report crashes, memory, UI stalls.

    python -m bench.soak --hours 8          # a working day
    python -m bench.soak --minutes 5        # a quick check

The UI is a real ``kiosk run --demo`` child process (bench/inkiosk.py: the driver attaches
after its first frame; ``--in-process``: a window the child builds itself), so a crash (an
abort in Qt or PySide, an uncaught exception) is seen, counted and followed by a restart, as
the kiosk's watchdog would do, until the time is up. Inside the child, a random "person"
presses a visible button every 1/rate seconds (tiles, rows, Back, Home, scroll, anything
later issues add), sometimes changes theme, text size or language, and starts/stops speech.
All actions run inside the Qt event loop; a heartbeat timer every 20 ms measures how late it
fires, so any moment the UI could not respond for more than 100 ms is reported as a stall,
with the action that preceded it. Memory (RSS) is sampled every --sample seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

from bench.common import MIB, Report, python_env, rss_bytes

LINE = "SOAK "
END = "SOAK_END "
HEARTBEAT_MS = 20
STALL_MS = 100.0
WARMUP_S = 120.0


# --- child: the kiosk under test ---------------------------------------------------------


def child(seconds: float, seed: int, rate: float, sample_s: float) -> int:
    """The soak in a window built in this process (``--in-process``)."""
    from bench.driver import Kiosk

    with tempfile.TemporaryDirectory(prefix="hiroba-soak-") as tmp:
        kiosk = Kiosk(Path(tmp))
        start_soak(kiosk, seconds, seed, rate, sample_s)
        kiosk.app.exec()
        kiosk.close()
    return 0


def start_soak(kiosk, seconds: float, seed: int, rate: float, sample_s: float) -> None:  # noqa: ANN001
    """Start the random person, the heartbeat and the RSS samples on ``kiosk``'s event loop;
    the loop is left (``app.exit(0)``) after ``seconds``, with the SOAK_END line."""
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtTest import QTest

    from bench.driver import modal_guard

    rng = random.Random(seed)
    state: dict = {"actions": 0, "last": "start", "stalls": [], "errors": 0, "max_late": 0.0}

    def emit(prefix: str, **data: object) -> None:
        sys.stdout.write(prefix + json.dumps(data, ensure_ascii=False) + "\n")
        sys.stdout.flush()

    def excepthook(kind, value, tb) -> None:  # exceptions raised inside Qt slots
        state["errors"] += 1
        text = "".join(traceback.format_exception(kind, value, tb))
        sys.stderr.write(text)
        emit(LINE, error=text.strip().splitlines()[-1], after=state["last"])

    sys.excepthook = excepthook
    app = kiosk.app
    modal_guard(kiosk.window)
    started = time.monotonic()

    def act() -> None:
        roll = rng.random()
        if roll < 0.08:
            state["last"] = kiosk.change_settings(rng, process=False)
        elif roll < 0.12 and kiosk.speech(process=False):
            state["last"] = "speech start/stop"
        else:
            buttons = kiosk.visible_buttons()
            if not buttons:
                state["last"] = "no button"
                return
            button = rng.choice(buttons)
            for area in (kiosk.window.home.area, kiosk.window.category.area):
                if area.isAncestorOf(button):
                    area.ensureWidgetVisible(button)
            QTest.mouseClick(button, Qt.MouseButton.LeftButton)
            state["last"] = button.objectName() or button.accessibleName()[:20] or "button"
        state["actions"] += 1

    last_beat = [time.perf_counter(), time.thread_time()]

    def beat() -> None:
        now, cpu = time.perf_counter(), time.thread_time()
        late_ms = (now - last_beat[0]) * 1000 - HEARTBEAT_MS
        cpu_ms = (cpu - last_beat[1]) * 1000  # what the UI thread itself spent meanwhile
        last_beat[0], last_beat[1] = now, cpu
        state["max_late"] = max(state["max_late"], late_ms)
        if late_ms > STALL_MS:
            state["stalls"].append(
                {
                    "t": round(time.monotonic() - started, 1),
                    "ms": round(late_ms, 1),
                    "cpu_ms": round(cpu_ms, 1),
                    "after": state["last"],
                }
            )

    def sample() -> None:
        emit(
            LINE,
            t=round(time.monotonic() - started, 1),
            actions=state["actions"],
            rss_mib=round((rss_bytes() or 0) / MIB, 2),
            stalls=len(state["stalls"]),
            max_late_ms=round(state["max_late"], 1),
        )

    def finish() -> None:
        sample()
        emit(END, actions=state["actions"], stalls=state["stalls"], errors=state["errors"])
        app.exit(0)  # not quit(): in Qt 6 quit() asks windows to close, a locked kiosk says no

    for interval, slot in (
        (HEARTBEAT_MS, beat),
        (max(1, int(1000 / rate)), act),
        (int(sample_s * 1000), sample),
    ):
        timer = QTimer(kiosk.window)  # kept alive with the window
        timer.setTimerType(Qt.TimerType.PreciseTimer)
        timer.timeout.connect(slot)
        timer.start(interval)
    QTimer.singleShot(int(seconds * 1000), finish)
    sample()


# --- parent: runs, restarts and reports ----------------------------------------------------


def run(
    seconds: float, seed: int, rate: float, sample_s: float, in_process: bool = False
) -> Report:
    env = python_env()
    deadline = time.monotonic() + seconds
    started = time.monotonic()
    curve: list[tuple[float, float]] = []
    stalls: list[dict] = []
    crashes: list[dict] = []
    errors: list[str] = []
    actions = 0
    attempt = 0
    while (left := deadline - time.monotonic()) > 1:
        offset = time.monotonic() - started
        job = ["bench.soak", "--child"] if in_process else ["bench.inkiosk", "soak"]
        argv = [
            sys.executable, "-m", *job, "--seconds", f"{left:.1f}",
            "--seed", str(seed + attempt), "--rate", str(rate), "--sample", str(sample_s),
        ]  # fmt: skip
        data_dir = tempfile.TemporaryDirectory(prefix="hiroba-soak-")
        env.update(HIROBA_DATA_DIR=data_dir.name, HIROBA_CONFIG=f"{data_dir.name}/none.toml")
        with data_dir, tempfile.TemporaryFile() as err:
            proc = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=err, text=True)
            assert proc.stdout is not None
            ended = False
            child_actions = 0
            for line in proc.stdout:
                if line.startswith(END):
                    data = json.loads(line[len(END) :])
                    ended = True
                    child_actions = data["actions"]
                    stalls.extend({**s, "t": round(s["t"] + offset, 1)} for s in data["stalls"])
                elif line.startswith(LINE):
                    data = json.loads(line[len(LINE) :])
                    if "error" in data:
                        errors.append(f"{data['error']} (after {data['after']})")
                    else:
                        child_actions = data["actions"]
                        curve.append((round(data["t"] + offset, 1), data["rss_mib"]))
                        print(
                            f"  t={data['t'] + offset:8.0f} s  actions={data['actions']:7d}  "
                            f"RSS={data['rss_mib']:6.1f} MiB  stalls={data['stalls']}  "
                            f"worst lateness={data['max_late_ms']:.0f} ms",
                            flush=True,
                        )
            code = proc.wait()
            actions += child_actions
            if code != 0 or not ended:
                err.seek(0)
                tail = err.read().decode(errors="replace").strip().splitlines()[-8:]
                crashes.append({"t": round(time.monotonic() - started, 1), "exit": code,
                                "stderr": tail})  # fmt: skip
                print(f"CRASH (exit code {code}); restarting\n  " + "\n  ".join(tail), flush=True)
        attempt += 1
    report = summarise(seconds, seed, rate, actions, curve, stalls, crashes, errors)
    report.extra["kiosk"] = "in-process window" if in_process else "kiosk run --demo"
    return report


def summarise(seconds, seed, rate, actions, curve, stalls, crashes, errors) -> Report:  # noqa: ANN001
    report = Report("soak")
    report.add(
        "soak: duration", round(seconds / 60, 1), "min", note=f"seed {seed}, {rate:g} taps/s"
    )
    report.add("soak: actions", actions, "")
    report.add("soak: crashes", len(crashes), "", target="0", ok=not crashes)
    report.add("soak: exceptions in the UI", len(errors), "", target="0", ok=not errors)
    # A late heartbeat is the kiosk's fault only when its UI thread was busy meanwhile; on a
    # shared machine the thread may simply not have been scheduled (reported apart).
    busy = [s for s in stalls if s.get("cpu_ms", s["ms"]) >= STALL_MS]
    starved = [s for s in stalls if s not in busy]
    worst = max((s["ms"] for s in busy), default=0.0)
    report.add(
        f"soak: UI stalls > {STALL_MS:g} ms (UI thread busy)",
        len(busy),
        "",
        target="0",
        ok=not busy,
        note=f"worst {worst:.0f} ms" if busy else "",
    )
    report.add(
        f"soak: late heartbeats > {STALL_MS:g} ms, UI thread idle",
        len(starved),
        "",
        note="CPU taken by other processes" if starved else "",
    )
    if curve:
        values = [v for _, v in curve]
        report.add(
            "soak: RSS start / max / end",
            f"{values[0]:.1f} / {max(values):.1f} / {values[-1]:.1f}",
            "MiB",
            target="max ≤ 110 MiB",
            ok=max(values) <= 110,
            note="with the test driver loaded",
        )
        # Caches fill during the first part of a run (fonts, pages, themes) and the heap then
        # breathes by several MiB; compare medians of the second and the last quarter, after
        # at least WARMUP_S, so only a trend (a leak) shows, not the breathing.
        warm_until = max(WARMUP_S, seconds / 4)
        middle = [v for t, v in curve if warm_until < t <= max(warm_until, seconds / 2)]
        last = [v for t, v in curve if t > seconds * 3 / 4]
        if len(middle) >= 3 and len(last) >= 3 and warm_until < seconds * 3 / 4:
            before, after = statistics.median(middle), statistics.median(last)
            growth = (after - before) / before
            report.add(
                "soak: RSS growth, last quarter vs second quarter",
                round(growth * 100, 2),
                "%",
                target="< 5 %",
                ok=growth < 0.05,
                note=("LEAK! " if growth >= 0.05 else "")
                + f"medians {before:.1f} → {after:.1f} MiB",
            )
        else:
            report.add("soak: RSS growth", None, note=f"run ≥ {4 * WARMUP_S / 60:.0f} min to judge")
    report.extra.update(curve_mib=curve, stalls=stalls[:200], crashes=crashes, errors=errors[:50])
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--hours", type=float, default=0.0)
    parser.add_argument("--minutes", type=float, default=0.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rate", type=float, default=5.0, help="actions per second")
    parser.add_argument("--sample", type=float, default=0.0, help="seconds between RSS samples")
    parser.add_argument("--out", type=Path, help="write the report as JSON here")
    parser.add_argument(
        "--in-process",
        action="store_true",
        help="a window built by the soak's child (before 2026-12-02's 4th session) instead of "
        "a real `kiosk run --demo` (bench/inkiosk.py)",
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--seconds", type=float, default=0.0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    seconds = args.seconds or args.hours * 3600 + args.minutes * 60
    if seconds <= 0:
        parser.error("give --hours or --minutes")
    sample_s = args.sample or min(60.0, max(1.0, seconds / 100))
    if args.child:
        return child(seconds, args.seed, args.rate, sample_s)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    report = run(seconds, args.seed, args.rate, sample_s, args.in_process)
    from bench.table import format_table

    print(format_table(report.to_json()["rows"]))
    for stall in report.extra["stalls"][:10]:
        print(
            f"  late heartbeat at {stall['t']} s: {stall['ms']} ms "
            f"(UI thread CPU {stall.get('cpu_ms', '?')} ms) after {stall['after']}"
        )
    if args.out:
        args.out.write_text(json.dumps(report.to_json(), ensure_ascii=False, indent=1))
    report.emit()
    return 1 if any(r.ok is False for r in report.rows) else 0


if __name__ == "__main__":
    sys.exit(main())
