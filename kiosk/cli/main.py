"""The `kiosk` command (see DESIGN.md, "CLI contract"). Exit codes: 0 ok, 1 problems, 2 usage."""

from __future__ import annotations

import argparse
import gc
import json
import logging
import sqlite3
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from kiosk import __version__
from kiosk.cli.common import open_from_args, parse_size, with_config, with_look
from kiosk.config import ConfigError, load_config
from kiosk.content.model import Category
from kiosk.content.problems import ContentError
from kiosk.content.store import StoreError
from kiosk.exit_codes import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE
from kiosk.i18n import gettext as _
from kiosk.i18n import set_language
from kiosk.speech import EngineUnavailable

SCREENS = (
    "home",
    "category",
    "page",
    "alert",
    "settings",
    "howto",
    "practice",
    "admin",
    "pinpad",
)


def _parser(only_run: bool = False) -> argparse.ArgumentParser:
    """The whole command line; ``only_run``: `kiosk run` alone. The kiosk's start is timed
    (issue 17), and the other commands' parsers and modules are ~10 ms it does not need."""
    parser = argparse.ArgumentParser(prog="kiosk", description="Hiroba information kiosk")
    parser.add_argument("--version", action="version", version=f"hiroba {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log more detail")
    sub = parser.add_subparsers(dest="command", required=True)

    run = with_config(sub.add_parser("run", help="start the kiosk"))
    run.add_argument("--windowed", action="store_true", help="a normal window (development)")
    run.add_argument("--exit-after", type=float, help=argparse.SUPPRESS)
    if only_run:
        return parser
    from kiosk.cli import mirror as mirror_cli
    from kiosk.cli.content import add_parsers as add_content_parsers
    from kiosk.cli.fleet import add_parsers as add_fleet_parsers
    from kiosk.speech import cli as speech_cli

    sync = with_config(sub.add_parser("sync", help="fetch all sources now"))
    sync.add_argument("--once", action="store_true", help="one pass, then exit")

    pages = with_config(sub.add_parser("pages", help="what the kiosk would show"))
    pages.add_argument("--json", action="store_true", required=True)

    _ops_parsers(sub, with_config)  # issue 8: doctor, set-pin, usage
    read = sub.add_parser("read", help="what one input (file or URL) becomes")
    read.add_argument("input", metavar="FILE|URL")
    read.add_argument("--json", action="store_true", help="print JSON")

    shot = with_config(sub.add_parser("screenshot", help="render a screen to PNG offscreen"))
    shot.add_argument("--screen", choices=SCREENS, required=True)
    with_look(shot)
    shot.add_argument("--size", default="1920x1080", help="WIDTHxHEIGHT")
    shot.add_argument("--out", type=Path, required=True)
    shot.add_argument(
        "--alert",
        metavar="FILE|URL",
        help="show this CAP/JMA document's alerts as they looked when issued: --screen alert "
        "the most urgent, --screen home its banner (a scratch store; the kiosk's own store "
        "is not touched)",
    )
    add_content_parsers(sub, with_config)
    shot.add_argument("--furigana", action="store_true", help="readings over kanji (ruby)")
    speech_cli.add_parser(sub)
    add_fleet_parsers(sub, with_config)  # issue 18: kiosk status
    mirror_cli.add_parser(sub)  # issue 18: the region's alert mirror
    return parser


def _setup_logging(verbose: bool) -> None:
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )


def cmd_run(args: argparse.Namespace) -> int:
    # issue 8 (ops): file logs, store repair, lockdown, staff menu, watchdog, fallback screen.
    from kiosk.app.run import run_command
    from kiosk.start_phases import mark

    mark("command line read")  # the CLI, PySide's package and the start's own modules
    return run_command(args)


def cmd_sync(args: argparse.Namespace) -> int:
    from kiosk.content.fetch import MB, FetchLimits
    from kiosk.content.sync import sync_all

    session = open_from_args(args, read_packages=False)  # sync_all reads every source
    config, store = session.config, session.store
    cap = int(config.get("fetch_max_mb")) * MB
    results = sync_all(store, config.sources, FetchLimits(max_bytes=cap, max_decompressed=cap))
    for result in results:
        print(result.line())
    from kiosk.ops.recovery import backup_store  # issue 8: keep the last good copy

    backup_store(config.store_path)
    return EXIT_PROBLEMS if any(r.status == "failed" for r in results) else EXIT_OK


def cmd_pages(args: argparse.Namespace) -> int:
    from kiosk.content.alerts import policy_from
    from kiosk.viewmodels.screens import ViewModels, category_label

    session = open_from_args(args)
    config, store = session.config, session.store
    policy = policy_from(config)
    vms = ViewModels(store, policy=policy)
    lang = config.lang
    categories = []
    for category in Category:
        items = []
        for item in store.items(category, lang):
            page = store.page(item.key)
            items.append(
                {
                    "key": item.key,
                    "title": item.title,
                    "lang": item.lang,
                    "published": item.published.isoformat() if item.published else None,
                    "blocks": [b.to_json() for b in page.blocks] if page else [],
                }
            )
        categories.append(
            {"id": category.value, "label": category_label(category, lang), "items": items}
        )
    alerts = [
        {
            "id": a.id,
            "severity": a.severity.name.lower(),
            "level": a.level,  # 警戒レベル (相当), issue 14
            "drill": a.drill,
            "headline": a.text("headline", lang),
            "area": a.text("area", lang),
            "instruction": a.text("instruction", lang),
            "event": a.text("event", lang),
            "issued": a.issued.isoformat() if a.issued else None,
            "expires": a.expires.isoformat() if a.expires else None,
            "area_codes": [code for code, _name in a.areas if code],
            "takeover": policy.takes_over(a),
        }
        for a in vms.alerts()
    ]
    json.dump(
        {"lang": lang, "categories": categories, "alerts": alerts},
        sys.stdout,
        ensure_ascii=False,
        indent=2,
    )
    print()
    return EXIT_OK


def cmd_screenshot(args: argparse.Namespace) -> int:
    from kiosk.ops.display import use_offscreen_if_headless
    from kiosk.ui.app import NothingToShow, screenshot

    size = parse_size(args.size)
    use_offscreen_if_headless()
    session = open_from_args(args)
    config, store = session.config, session.store
    if args.furigana:
        config = config.with_overrides(furigana=True)
    if getattr(args, "alert", None):  # issue 14: a past alert, rendered as of its issue time
        from kiosk.cli.alert_preview import preview_store

        with preview_store(args.alert) as (scratch, clock):
            out = screenshot(config, scratch, args.screen, size, args.out, clock)
        print(out)
        return EXIT_OK
    try:
        out = screenshot(config, store, args.screen, size, args.out)
    except NothingToShow as exc:
        print(f"kiosk: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    print(out)
    return EXIT_OK


def _ops_parsers(sub, with_config) -> None:  # noqa: ANN001 - argparse internals
    doctor = sub.add_parser("doctor", help="check fonts, voices, config, store, network")
    doctor.add_argument("--config", type=Path, help="config file (default: user config dir)")
    doctor.add_argument("--json", action="store_true", help="machine-readable output")
    pin = sub.add_parser("set-pin", help="set the staff menu PIN")
    pin.add_argument("--pin-stdin", action="store_true", help="read the PIN from stdin (scripts)")
    usage = with_config(sub.add_parser("usage", help="anonymous per-day usage counts"))
    usage.add_argument("--csv", action="store_true", required=True)


def cmd_doctor(args: argparse.Namespace) -> int:
    from contextlib import suppress

    from kiosk.ops.doctor import run_checks

    with suppress(ConfigError):  # answer in the kiosk's language; the checks report errors
        set_language(load_config(args.config).lang)
    checks = run_checks(args.config)
    if args.json:
        json.dump([c.to_json() for c in checks], sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        for check in checks:
            print(check.line())
    return EXIT_PROBLEMS if any(not c.ok for c in checks) else EXIT_OK


def cmd_set_pin(args: argparse.Namespace) -> int:
    import getpass

    from kiosk.ops.pin import PinError, check_new_pin, save_pin

    try:
        if args.pin_stdin:
            lines = sys.stdin.read().split()
            first = lines[0] if lines else ""
            second = lines[1] if len(lines) > 1 else first
        else:
            first = getpass.getpass(_("New staff PIN (4-12 digits): "))
            second = getpass.getpass(_("The same PIN again: "))
        if check_new_pin(first) != second.strip():
            raise PinError(_("the two PINs differ"))
    except PinError as exc:
        print(f"kiosk: {exc}", file=sys.stderr)
        return EXIT_USAGE
    path = save_pin(first)
    logging.getLogger("kiosk.admin").info("admin: PIN set")
    print(_("PIN saved: {path}").format(path=path))
    return EXIT_OK


def cmd_usage(args: argparse.Namespace) -> int:
    from kiosk.ops.usage import UsageLog, to_csv, usage_path

    config = load_config(args.config, demo=args.demo)
    path = usage_path(config.data_dir)
    usage = UsageLog(path if path.exists() else None)
    sys.stdout.write(to_csv(usage.rows()))
    usage.close()
    return EXIT_OK


def cmd_read(args: argparse.Namespace) -> int:
    from kiosk.cli.read import read_input

    return read_input(args.input, as_json=args.json)


def _commands() -> dict[str, Callable[[argparse.Namespace], int]]:
    """Every command by name (their modules imported here: `kiosk run` needs none of them)."""
    from kiosk.cli import mirror as mirror_cli
    from kiosk.cli.content import COMMANDS as CONTENT_COMMANDS
    from kiosk.cli.fleet import COMMANDS as FLEET_COMMANDS
    from kiosk.speech import cli as speech_cli

    return {
        "run": cmd_run,
        "sync": cmd_sync,
        "pages": cmd_pages,
        "screenshot": cmd_screenshot,
        "doctor": cmd_doctor,
        "set-pin": cmd_set_pin,
        "usage": cmd_usage,
        "read": cmd_read,
        "speak": speech_cli.run,
        "mirror": mirror_cli.run,
        **CONTENT_COMMANDS,
        **FLEET_COMMANDS,
    }


def _runs_the_kiosk(argv: Sequence[str]) -> bool:
    """`kiosk [-v] run …`: the first word other than -v/--verbose is `run` (``--help`` or
    ``--version`` first: the whole command line)."""
    for word in argv:
        if word not in ("-v", "--verbose"):
            return word == "run"
    return False


def main(argv: Sequence[str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    only_run = _runs_the_kiosk(words)
    args = _parser(only_run).parse_args(words)
    if args.command != "run":
        gc.enable()  # see kiosk/__main__.py; `run` re-enables it after its first frame
    _setup_logging(args.verbose)
    try:
        if only_run:
            return cmd_run(args)
        return _commands()[args.command](args)
    except (ConfigError, StoreError) as exc:
        print(f"kiosk: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except sqlite3.DatabaseError as exc:  # a store damaged past what opening it noticed
        print(
            "kiosk: "
            + _("the content store is damaged ({error}); `kiosk run` repairs it").format(error=exc),
            file=sys.stderr,
        )
        return EXIT_USAGE
    except EngineUnavailable as exc:
        print(f"kiosk: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    except ContentError as exc:
        print(f"kiosk: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
