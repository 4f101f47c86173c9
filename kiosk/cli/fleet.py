"""`kiosk status`: the kiosk's health as JSON or in the Prometheus text format (issue 18).

The same values `kiosk run` serves on /metrics and the staff screen shows (kiosk/ops/health.py),
read from the store and state files without starting the kiosk. ``--prometheus`` suits the
node_exporter textfile collector on sites that open no port.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable

from kiosk.config import load_config

EXIT_OK = 0


def add_parsers(
    sub: argparse._SubParsersAction,
    with_config: Callable[[argparse.ArgumentParser], argparse.ArgumentParser],
) -> None:
    status = with_config(sub.add_parser("status", help="the kiosk's health (staff status)"))
    form = status.add_mutually_exclusive_group(required=True)
    form.add_argument("--json", action="store_true", help="JSON (what the staff screen shows)")
    form.add_argument("--prometheus", action="store_true", help="Prometheus text format")


def cmd_status(args: argparse.Namespace) -> int:
    from kiosk.app.session import session_config
    from kiosk.ops.metrics import registry_for, snapshot_reader

    # The config as `kiosk run` sees it (staff defaults such as opening hours applied), but
    # without reading packages: status only looks.
    config = session_config(load_config(args.config, demo=args.demo), {"lang": args.lang})
    read = snapshot_reader(config)
    if args.prometheus:
        from prometheus_client import generate_latest

        sys.stdout.write(generate_latest(registry_for(read)).decode("utf-8"))
        return EXIT_OK
    json.dump(read().to_json(), sys.stdout, ensure_ascii=False, indent=2)
    print()
    return EXIT_OK


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {"status": cmd_status}
