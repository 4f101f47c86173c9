"""`kiosk content new|check|preview|import|rollback` and `kiosk bundle keygen|publish|verify`.

Registered into kiosk/cli/main.py by ``add_parsers`` and ``COMMANDS``. Every message goes through
``_()`` and names the file (and line) at fault. Exit codes: 0 ok, 1 problems, 2 usage.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

from kiosk.cli.common import with_look
from kiosk.config import CONTENT_LANGUAGES
from kiosk.content.problems import ContentError
from kiosk.exit_codes import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE
from kiosk.i18n import gettext as _
from kiosk.i18n import set_language


def add_parsers(
    sub: argparse._SubParsersAction,
    with_config: Callable[[argparse.ArgumentParser], argparse.ArgumentParser],
) -> None:
    content = sub.add_parser("content", help="volunteer content packages")
    actions = content.add_subparsers(dest="content_command", required=True)

    new = actions.add_parser("new", help="create an example package to edit")
    new.add_argument("path", type=Path)
    new.add_argument("--lang", choices=CONTENT_LANGUAGES)

    check = actions.add_parser("check", help="report every problem in a package (folder or .zip)")
    check.add_argument("path", type=Path)
    check.add_argument("--lang", choices=CONTENT_LANGUAGES)
    check.add_argument("--today", type=date.fromisoformat, help=argparse.SUPPRESS)
    check.add_argument(
        "--readings",
        action="store_true",
        help="also show each page's furigana and the spoken text (kana), and suggest "
        "user-dictionary entries for names",
    )

    preview = with_config(actions.add_parser("preview", help="show the pages on the page screen"))
    preview.add_argument("path", type=Path)
    preview.add_argument("--out", type=Path, help="write one PNG per page into this folder")
    preview.add_argument("--size", default="1920x1080", help="WIDTHxHEIGHT")
    with_look(preview)

    imp = with_config(actions.add_parser("import", help="check, then put a package live"))
    imp.add_argument("path", type=Path)
    imp.add_argument("--today", type=date.fromisoformat, help=argparse.SUPPRESS)

    rollback = with_config(actions.add_parser("rollback", help="undo the last import"))
    rollback.add_argument("name", help="the package id")

    bundle = sub.add_parser("bundle", help="signed region bundles")
    verbs = bundle.add_subparsers(dest="bundle_command", required=True)
    keygen = verbs.add_parser("keygen", help="make a signing key (KEY and KEY.pub)")
    keygen.add_argument("--out", type=Path, required=True)
    keygen.add_argument("--lang", choices=CONTENT_LANGUAGES)
    publish = verbs.add_parser("publish", help="check, sign and write a bundle folder")
    publish.add_argument("dir", type=Path, help="a package folder, or a folder of packages")
    publish.add_argument("--key", type=Path, required=True)
    publish.add_argument("--out", type=Path, required=True)
    publish.add_argument("--region", default="")
    publish.add_argument("--lang", choices=CONTENT_LANGUAGES)
    verify = verbs.add_parser("verify", help="check a bundle folder: signature and every file")
    verify.add_argument("dir", type=Path)
    verify.add_argument("--key", help="the trusted public key (base64 or a .pub file)")
    verify.add_argument("--lang", choices=CONTENT_LANGUAGES)


def _language(args: argparse.Namespace) -> None:
    """--lang, else the configured language; messages follow it."""
    lang = getattr(args, "lang", None)
    if lang is None:
        from kiosk.config import ConfigError, load_config

        try:
            lang = load_config(getattr(args, "config", None)).lang
        except ConfigError:
            lang = "ja"
    set_language(lang)


def _print_problems(exc: ContentError) -> None:
    for problem in exc.problems:
        print(problem, file=sys.stderr)


# --- content --------------------------------------------------------------------------------


def cmd_content(args: argparse.Namespace) -> int:
    return {
        "new": _content_new,
        "check": _content_check,
        "preview": _content_preview,
        "import": _content_import,
        "rollback": _content_rollback,
    }[args.content_command](args)


def _content_new(args: argparse.Namespace) -> int:
    from kiosk.content.scaffold import create_package

    _language(args)
    try:
        files = create_package(args.path)
    except ContentError as exc:
        _print_problems(exc)
        return EXIT_USAGE
    for file in files:
        print(file)
    print(_("Edit these files, then run: kiosk content check {path}").format(path=args.path))
    return EXIT_OK


def _content_check(args: argparse.Namespace) -> int:
    from kiosk.content.check import check_package

    _language(args)
    report = check_package(args.path, args.today)
    for finding in report.findings:
        print(finding.labelled())
    if getattr(args, "readings", False):
        _print_readings(args.path)
    print(report.summary())
    return EXIT_OK if report.ok else EXIT_PROBLEMS


def _print_readings(path: Path) -> None:
    """Furigana and spoken kana of every Japanese page, then user-dictionary suggestions."""
    import tempfile

    from kiosk.cli.readings_report import readings_lines, suggestions
    from kiosk.content.archive import is_zip, safe_extract
    from kiosk.content.packages import read_package
    from kiosk.content.problems import ContentError

    with tempfile.TemporaryDirectory() as tmp:
        try:
            root = safe_extract(path, Path(tmp) / "package") if is_zip(path) else path
            content = read_package(root)
        except ContentError:
            return  # the findings above already say why
        for line in readings_lines(content):
            print(line)
        found = suggestions(content)
    if found:
        print(_("Names the dictionary may not know: check the reading, then add it to"))
        print("  readings.toml  [readings]")
        for word, reading in found:
            print(f'  "{word}" = "{reading}"')


def _content_preview(args: argparse.Namespace) -> int:
    from kiosk.cli.common import open_from_args, parse_size
    from kiosk.ops.display import has_display, use_offscreen_if_headless
    from kiosk.ui.preview import render_pages, show_interactive

    size = parse_size(args.size)
    session = open_from_args(args, read_packages=False)
    config, store = session.config, session.store
    store.close()  # the preview uses its own in-memory store
    theme, text_size = str(config.get("theme")), int(config.get("text_size"))
    if args.out is None and has_display():
        return show_interactive(args.path, theme, text_size)
    use_offscreen_if_headless()
    out = args.out or Path(f"{args.path.stem}-preview")
    for path in render_pages(args.path, out, size, theme, text_size):
        print(path)
    return EXIT_OK


def _content_import(args: argparse.Namespace) -> int:
    from kiosk.cli.common import open_from_args
    from kiosk.content.importer import ImportRefused, import_package

    session = open_from_args(args, read_packages=False)  # the import reads the package itself
    config, store = session.config, session.store
    try:
        result = import_package(args.path, config.data_dir, store, args.today)
    except ImportRefused as exc:
        for finding in exc.report.findings:
            print(finding.labelled(), file=sys.stderr)
        print(
            _("Not imported: fix the errors above; nothing on the kiosk was changed."),
            file=sys.stderr,
        )
        return EXIT_PROBLEMS
    for finding in result.report.advice:
        print(finding.labelled())
    print(
        _("Imported {id} ({n} pages). To undo: kiosk content rollback {id}").format(
            id=result.package_id, n=result.items
        )
    )
    return EXIT_OK


def _content_rollback(args: argparse.Namespace) -> int:
    from kiosk.cli.common import open_from_args
    from kiosk.content.importer import rollback

    session = open_from_args(args, read_packages=False)
    config, store = session.config, session.store
    live = rollback(args.name, config.data_dir, store)
    if live is None:
        print(_("{id} was removed from the kiosk.").format(id=args.name))
    else:
        print(_("{id} is back to the previous version.").format(id=args.name))
    return EXIT_OK


# --- bundle ---------------------------------------------------------------------------------


def cmd_bundle(args: argparse.Namespace) -> int:
    from kiosk.content import bundle

    _language(args)
    if args.bundle_command == "keygen":
        public = bundle.generate_key(args.out)
        print(_("Private key: {path} (keep it secret, never publish it)").format(path=args.out))
        print(_('Public key for kiosk configs: public_key = "{key}"').format(key=public))
        return EXIT_OK
    if args.bundle_command == "publish":
        left_out: list[Path] = []
        from kiosk.content.bundle_publish import publish

        manifest = publish(args.dir, args.key, args.out, region=args.region, left_out=left_out)
        for path in left_out:
            print(_("left out (no page uses it): {path}").format(path=path))
        print(
            _("Published bundle number {n}: {packages} packages, {files} files in {out}").format(
                n=manifest.sequence,
                packages=len(manifest.packages),
                files=len(manifest.files),
                out=args.out,
            )
        )
        return EXIT_OK
    trusted = (bundle.read_public_key(args.key),) if args.key else ()
    manifest = bundle.verify_dir(args.dir, trusted)
    if not trusted:
        # Self-consistent proves nothing: anyone can sign a bundle with a key of their own.
        print(
            _(
                "NOT VERIFIED: bundle number {n}, {files} files, is intact and signed by key "
                "{key}, but it was not checked against a trusted key; give --key"
            ).format(
                n=manifest.sequence,
                files=len(manifest.files),
                key=bundle.fingerprint(manifest.public_key),
            ),
            file=sys.stderr,
        )
        return EXIT_PROBLEMS
    print(
        _("OK: bundle number {n}, {files} files, signed by key {key}").format(
            n=manifest.sequence,
            files=len(manifest.files),
            key=bundle.fingerprint(manifest.public_key),
        )
    )
    return EXIT_OK


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "content": cmd_content,
    "bundle": cmd_bundle,
}
