"""The `kiosk` command (see DESIGN.md, "CLI contract"). Exit codes: 0 ok, 1 problems, 2 usage."""

from __future__ import annotations

import argparse
import gc
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from kiosk import __version__
from kiosk.config import Config, ConfigError, load_config
from kiosk.content.model import Category
from kiosk.content.problems import ContentError
from kiosk.content.store import Store, StoreError
from kiosk.i18n import gettext as _
from kiosk.i18n import set_language

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
SCREENS = ("home", "category", "page")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kiosk", description="Hiroba information kiosk")
    parser.add_argument("--version", action="version", version=f"hiroba {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log more detail")
    sub = parser.add_subparsers(dest="command", required=True)

    def with_config(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
        p.add_argument("--config", type=Path, help="config file (default: user config dir)")
        p.add_argument("--demo", action="store_true", help="use the embedded demo content")
        p.add_argument("--lang", choices=("ja", "en"), help="language of screen and content")
        return p

    run = with_config(sub.add_parser("run", help="start the kiosk"))
    run.add_argument("--windowed", action="store_true", help="a normal window (development)")
    run.add_argument("--exit-after", type=float, help=argparse.SUPPRESS)

    sync = with_config(sub.add_parser("sync", help="fetch all sources now"))
    sync.add_argument("--once", action="store_true", help="one pass, then exit")

    pages = with_config(sub.add_parser("pages", help="what the kiosk would show"))
    pages.add_argument("--json", action="store_true", required=True)

    shot = with_config(sub.add_parser("screenshot", help="render a screen to PNG offscreen"))
    shot.add_argument("--screen", choices=SCREENS, required=True)
    shot.add_argument("--theme", choices=("light", "dark", "blue"))
    shot.add_argument("--text-size", type=int, choices=(1, 2, 3))
    shot.add_argument("--size", default="1920x1080", help="WIDTHxHEIGHT")
    shot.add_argument("--out", type=Path, required=True)
    return parser


def _setup_logging(verbose: bool) -> None:
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )


def _open(args: argparse.Namespace) -> tuple[Config, Store]:
    config = load_config(args.config, demo=args.demo)
    overrides = {"lang": args.lang}
    for name in ("theme", "text_size"):
        if hasattr(args, name):
            overrides[name] = getattr(args, name)
    config = config.with_overrides(**overrides)
    set_language(config.lang)
    store = Store(config.store_path)
    return config, store


def _sync_local(config: Config, store: Store) -> None:
    """Local content (packages) is read at start so the kiosk never opens empty."""
    # Unchanged packages are skipped (stat-only fingerprint): half the cold start otherwise.
    from kiosk.content.local import sync_local_packages

    sync_local_packages(store, config.sources)


def cmd_run(args: argparse.Namespace) -> int:
    from kiosk.ui.app import run, use_offscreen_if_headless

    if use_offscreen_if_headless():
        print(
            _(
                "No display found: the kiosk runs offscreen (nothing is visible). "
                "To see a screen: kiosk screenshot --screen home --out home.png"
            ),
            flush=True,
        )
    config, store = _open(args)
    _sync_local(config, store)
    return run(config, store, windowed=args.windowed, exit_after=args.exit_after)


def cmd_sync(args: argparse.Namespace) -> int:
    from kiosk.content.sync import sync_all

    config, store = _open(args)
    results = sync_all(store, config.sources)
    for result in results:
        print(result.line())
    return EXIT_PROBLEMS if any(r.status == "failed" for r in results) else EXIT_OK


def cmd_pages(args: argparse.Namespace) -> int:
    from kiosk.viewmodels import ViewModels, category_label

    config, store = _open(args)
    _sync_local(config, store)
    vms = ViewModels(store)
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
            "drill": a.drill,
            "headline": a.text("headline", lang),
            "area": a.text("area", lang),
            "instruction": a.text("instruction", lang),
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


def _parse_size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise ConfigError(f"--size {text!r}: use WIDTHxHEIGHT, e.g. 1920x1080") from None
    if not (320 <= width <= 7680 and 240 <= height <= 4320):
        raise ConfigError(f"--size {text!r}: out of range")
    return width, height


def cmd_screenshot(args: argparse.Namespace) -> int:
    from kiosk.ui.app import screenshot, use_offscreen_if_headless

    size = _parse_size(args.size)
    use_offscreen_if_headless()
    config, store = _open(args)
    _sync_local(config, store)
    out = screenshot(config, store, args.screen, size, args.out)
    print(out)
    return EXIT_OK


COMMANDS = {
    "run": cmd_run,
    "sync": cmd_sync,
    "pages": cmd_pages,
    "screenshot": cmd_screenshot,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command != "run":
        gc.enable()  # see kiosk/__main__.py; `run` re-enables it after its first frame
    _setup_logging(args.verbose)
    try:
        return COMMANDS[args.command](args)
    except (ConfigError, StoreError) as exc:
        print(f"kiosk: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except ContentError as exc:
        print(f"kiosk: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
