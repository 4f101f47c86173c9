#!/usr/bin/env python3
"""Rewrite the reviewed reference screenshots in tests/ui/references/ (issue 20).

    .venv/bin/python scripts/update_references.py            # all cases
    .venv/bin/python scripts/update_references.py --check    # compare only, write diffs
    .venv/bin/python scripts/update_references.py --only home-light-size3-1280x800

Renders each case of kiosk.ui.references.CASES exactly as tests/ui/test_references.py does
(the demo content, the kiosk's own fonts, offscreen), then writes the half-size greyscale PNGs
and references.json. LOOK at every PNG before committing them: they are what the test holds
the screens to. See docs/reference-screenshots.md.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def demo_window(directory: Path):  # noqa: ANN201 - KioskWindow
    """The window tests/ui/conftest.py's ``window`` fixture builds, on a fresh demo store."""
    store = demo_store(directory)
    return new_window(store), store


def new_window(store):  # noqa: ANN001, ANN201 - Store → KioskWindow
    """A fresh window, as the ``window`` fixture makes one for every test."""
    from kiosk.ui.app import application
    from kiosk.ui.window import KioskWindow
    from kiosk.viewmodels.screens import ViewModels

    app = application()
    window = KioskWindow(ViewModels(store))
    window.resize(1920, 1080)
    window.show()
    for _ in range(3):  # as qtbot.waitExposed: shown and laid out once before the case
        app.processEvents()
    return window


def demo_store(directory: Path):  # noqa: ANN201 - Store
    from kiosk.ui.references import synced_demo_store

    return synced_demo_store(directory / "demo.sqlite3")


def main(argv: list[str] | None = None) -> int:
    from kiosk.ui import references as refs

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    parser.add_argument("--only", action="append", default=[], help="case name (repeatable)")
    parser.add_argument("--dir", type=Path, default=refs.REFERENCE_DIR)
    parser.add_argument("--diffs", type=Path, default=Path("build/reference-diffs"))
    args = parser.parse_args(argv)
    cases = [c for c in refs.CASES if not args.only or c.name in args.only]
    unknown = set(args.only) - {c.name for c in refs.CASES}
    if unknown:
        parser.error(f"unknown case(s): {sorted(unknown)}")
    with tempfile.TemporaryDirectory() as scratch:
        store = demo_store(Path(scratch))
        shots = {}
        try:
            for case in cases:  # a fresh window each, as the test renders it: no history
                window = new_window(store)
                try:
                    shots[case] = refs.render(window, case)
                finally:
                    window.close()
                    window.deleteLater()
        finally:
            store.close()
    if args.check:
        manifest = refs.load_manifest(args.dir)
        failed = 0
        for case, shot in shots.items():
            result = refs.compare(
                case, shot, refs.load_reference(case, args.dir), manifest.get(case.name, {})
            )
            if not result.ok:
                refs.write_diff(result, args.diffs)
                failed += 1
            print(("ok   " if result.ok else "FAIL ") + result.summary())
        return 1 if failed else 0
    if args.only:  # keep the other cases' entries
        kept = refs.load_manifest(args.dir)
        written = refs.save_references(shots, args.dir, keep=kept)
    else:
        written = refs.save_references(shots, args.dir)
    total = sum(p.stat().st_size for p in args.dir.iterdir() if p.is_file())
    for path in written:
        print(f"wrote {path} ({path.stat().st_size // 1024} KB)")
    print(f"{len(written)} files, {total // 1024} KB in {args.dir}: look at every PNG, then commit")
    return 0


if __name__ == "__main__":
    sys.exit(main())
