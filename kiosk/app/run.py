"""`kiosk run` for real: logs to file, self-repairing store, fallback screen, restart.

A kiosk that cannot start must still show something sensible: a plain "temporarily
unavailable" screen with the reason for staff, and it keeps checking whether the problem has
gone (then it restarts itself).
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import time

from kiosk.app.session import open_kiosk
from kiosk.config import Config, ConfigError, load_config
from kiosk.content.problems import ContentError
from kiosk.content.store import Store, StoreError
from kiosk.exit_codes import EXIT_RESTART, EXIT_USAGE
from kiosk.i18n import gettext as _
from kiosk.ops import recovery
from kiosk.ops.logs import setup_logging
from kiosk.ops.pin import PinGuard
from kiosk.ops.schedule import Maintenance, OpeningHours, ScheduleError
from kiosk.ops.usage import UsageLog, usage_path
from kiosk.ops.watchdog import Notifier
from kiosk.start_phases import mark

log = logging.getLogger("kiosk")
RETRY_MS = 60_000
START_ERRORS = (ConfigError, StoreError, ScheduleError, ContentError, OSError)
# Test-only: SIGUSR1 freezes the event loop so a test can watch the watchdog notice.
FREEZE_ENV = "HIROBA_TEST_FREEZE_ON_SIGUSR1"


def load_for_run(args: argparse.Namespace) -> tuple[Config, Store, str | None]:
    config = load_config(args.config, demo=args.demo)
    OpeningHours.parse(str(config.get("opening_hours")))
    Maintenance.parse(str(config.get("maintenance_time")))
    session = open_kiosk(config, {"lang": args.lang}, repair_store=True, ui_process=True)
    return session.config, session.store, session.store_note


def run_command(args: argparse.Namespace) -> int:
    from kiosk.ops.display import use_offscreen_if_headless

    setup_logging(args.verbose)
    if use_offscreen_if_headless():
        print(
            _(
                "No display found: the kiosk runs offscreen (nothing is visible). "
                "To see a screen: kiosk screenshot --screen home --out home.png"
            ),
            flush=True,
        )
    notifier = Notifier()
    if os.environ.get(FREEZE_ENV):
        signal.signal(signal.SIGUSR1, lambda *_: time.sleep(600))
    try:
        config, store, _note = load_for_run(args)
        mark("config and store")
    except START_ERRORS as exc:
        log.error("start failed: %s", " ".join(str(exc).split()))
        print(f"kiosk: {exc}", file=sys.stderr, flush=True)
        code = run_unavailable(str(exc), args, notifier)
        return _maybe_restart(code)
    except Exception as exc:  # noqa: BLE001 - never a crash loop: say it on the screen instead
        reason = f"{type(exc).__name__}: {' '.join(str(exc).split())}"[:300]
        log.error("start failed (unexpected): %s", reason)
        code = run_unavailable(reason, args, notifier)
        return _maybe_restart(code)
    code = _run_kiosk(config, store, args, notifier)
    return _maybe_restart(code)


def _run_kiosk(config: Config, store: Store, args: argparse.Namespace, notifier: Notifier) -> int:
    from kiosk.ui.pyside_scan import spare_source_scan

    spare_source_scan()  # before PySide meets any more of the kiosk's modules (pyside_scan.py)
    from PySide6.QtCore import QTimer

    from kiosk.ui.app import run
    from kiosk.ui.staff import Operations

    mark("window modules imported")

    usage = UsageLog(usage_path(config.data_dir), enabled=bool(config.get("usage_counts")))
    attached: list = []
    from kiosk.ops.starts import record_start

    record_start()  # issue 18: hiroba_restarts_total
    exporter = None
    if config.metrics.enabled:  # [metrics]: /metrics and/or Pushgateway, on their own threads
        from kiosk.ops.metrics import start_exporter  # prometheus_client only when asked for

        exporter = start_exporter(config)

    def setup(app, window):  # noqa: ANN001, ANN202
        ops = Operations(
            window,
            config,
            store,
            windowed=args.windowed,
            notifier=notifier,
            usage=usage,
            guard=PinGuard.from_files(),
        )
        QTimer.singleShot(0, lambda: notifier.ready(_status_line(store)))
        QTimer.singleShot(0, lambda: log.info("kiosk ready"))
        # The last good copy right after the first frame, so it never delays the start (a
        # fixed 100 ms from here came before the frame on a busy machine: tens of ms of copying).
        if not getattr(store, "read_only", False):
            from kiosk.ui.first_frame import after_first_frame

            after_first_frame(  # a pass later: after what else waited for that frame
                window,
                lambda: QTimer.singleShot(0, lambda: recovery.backup_store(config.store_path)),
            )
        attached.append(ops)
        return ops

    try:
        return run(config, store, windowed=args.windowed, exit_after=args.exit_after, setup=setup)
    finally:
        for ops in attached:
            ops.report_navigation()  # counts since the last maintenance, one line
        if exporter is not None:
            exporter.stop()
        usage.close()


def _status_line(store: Store) -> str:
    statuses = store.source_statuses()
    failing = sum(1 for s in statuses if s.last_error)
    return f"{len(statuses)} sources, {failing} failing"


def run_unavailable(reason: str, args: argparse.Namespace, notifier: Notifier) -> int:
    """The fallback screen; returns EXIT_USAGE, or EXIT_RESTART once the problem is gone."""
    from kiosk.ui.pyside_scan import spare_source_scan

    spare_source_scan()  # as _run_kiosk
    from PySide6.QtCore import QTimer

    from kiosk.ui.app import application
    from kiosk.ui.lockdown import KeepInFront, LockdownFilter
    from kiosk.ui.screens.unavailable import UnavailableScreen

    app = application()
    screen = UnavailableScreen(reason)
    lockdown = LockdownFilter(screen, locked=not args.windowed, on_gesture=lambda: None)
    app.installEventFilter(lockdown)

    def retry() -> None:
        try:  # a broken store is not checked here: a fresh start repairs it
            config = load_config(args.config, demo=args.demo)
            OpeningHours.parse(str(config.get("opening_hours")))
            Maintenance.parse(str(config.get("maintenance_time")))
        except START_ERRORS:
            return
        log.info("start problem gone: restarting")
        app.exit(EXIT_RESTART)

    retry_timer = QTimer(screen)
    retry_timer.timeout.connect(retry)
    retry_timer.start(RETRY_MS)
    keepalive = QTimer(screen)
    if notifier.keepalive_ms:
        keepalive.timeout.connect(notifier.keepalive)
        keepalive.start(notifier.keepalive_ms)
    QTimer.singleShot(0, lambda: notifier.ready("temporarily unavailable"))
    QTimer.singleShot(0, lambda: log.info("screen shown: unavailable"))
    if args.windowed:
        screen.resize(1280, 800)
        screen.show()
    else:
        screen.setWindowFlag(_frameless(), True)
        screen.keep_in_front = KeepInFront(screen)
        screen.keep_in_front.show()
    if args.exit_after is not None:
        QTimer.singleShot(int(args.exit_after * 1000), lambda: app.exit(EXIT_USAGE))
    code = int(app.exec())
    return EXIT_USAGE if code == 0 else code


def _frameless():  # noqa: ANN202
    from PySide6.QtCore import Qt

    return Qt.WindowType.FramelessWindowHint


def _maybe_restart(code: int) -> int:
    """EXIT_RESTART under systemd: let it restart us. Without a supervisor: start again."""

    if code != EXIT_RESTART or os.environ.get("NOTIFY_SOCKET") or os.environ.get("INVOCATION_ID"):
        return code
    log.info("restarting")
    logging.shutdown()
    os.execv(sys.executable, [sys.executable, "-m", "kiosk", *sys.argv[1:]])
    return code  # not reached
