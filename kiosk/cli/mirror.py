"""`kiosk mirror --config region.toml --out DIR [--once]`: the region's alert mirror.

Prints one line per source; exit 0 when every source is current, 1 when one failed (its last
good copy is still served), 2 for a config or usage error.
"""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from kiosk.exit_codes import EXIT_OK, EXIT_PROBLEMS

log = logging.getLogger("kiosk.mirror")


def add_parser(sub: argparse._SubParsersAction) -> None:
    mirror = sub.add_parser("mirror", help="keep a static copy of JMA/CAP alert feeds for kiosks")
    mirror.add_argument("--config", type=Path, required=True, help="the region's region.toml")
    mirror.add_argument("--out", type=Path, required=True, help="the folder a web server serves")
    mirror.add_argument("--once", action="store_true", help="one run, then exit (systemd timer)")


def run(args: argparse.Namespace) -> int:
    from kiosk.content.mirror import Mirror, run_forever
    from kiosk.content.mirror_config import load_mirror_config

    config = load_mirror_config(args.config)
    mirror = Mirror(config, args.out)
    if not args.once:
        log.info("mirror: every %d s into %s", config.interval_seconds, args.out)
        run_forever(mirror, config.interval_seconds)
        return EXIT_OK
    report = mirror.run_once()
    for result in report.sources:
        print(result.line())
    print(
        f"{report.requests} requests, {report.not_modified} not modified, "
        f"{report.bytes_downloaded} bytes; "
        + (f"published {report.generation}" if report.generation else "nothing changed")
        + (f", {report.pruned} old documents removed" if report.pruned else "")
    )
    return EXIT_PROBLEMS if report.failed else EXIT_OK
