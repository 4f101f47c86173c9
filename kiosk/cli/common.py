"""What every `kiosk` sub-command shares: the config options, --size, and opening the kiosk."""

from __future__ import annotations

import argparse
from pathlib import Path

from kiosk.app.session import Session, open_kiosk
from kiosk.config import LANGUAGES, TEXT_SIZES, THEMES, ConfigError, load_config


def with_config(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
    p.add_argument("--config", type=Path, help="config file (default: user config dir)")
    p.add_argument("--demo", action="store_true", help="use the embedded demo content")
    p.add_argument(
        "--lang",
        choices=tuple(LANGUAGES),
        help="language of the screen (content: ja or en, else Japanese)",
    )
    return p


def with_look(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """--theme and --text-size for the commands that render screens."""
    p.add_argument("--theme", choices=THEMES)
    p.add_argument("--text-size", type=int, choices=TEXT_SIZES)
    return p


def open_from_args(args: argparse.Namespace, *, read_packages: bool = True) -> Session:
    """open_kiosk with the --config/--demo file and the --lang/--theme/--text-size given."""
    config = load_config(args.config, demo=args.demo)
    overrides = {
        name: getattr(args, name) for name in ("lang", "theme", "text_size") if hasattr(args, name)
    }
    return open_kiosk(config, overrides, read_packages=read_packages)


def parse_size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise ConfigError(f"--size {text!r}: use WIDTHxHEIGHT, e.g. 1920x1080") from None
    if not (320 <= width <= 7680 and 240 <= height <= 4320):
        raise ConfigError(f"--size {text!r}: out of range")
    return width, height
