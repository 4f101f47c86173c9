"""Readings are content: furigana computed when content is synced or imported, stored with the
blocks (``Block.ruby``, ``Page.title_ruby``), and only painted by the page screen.

The analysis (kiosk.content.analysis) needs Open JTalk's dictionary (~100 MB, ~1 s to load),
which must never load in the kiosk's UI process. So when this runs inside a Qt application
(the running kiosk's background sync, the demo store, a preview), the pages go to a short-lived
helper process (``python -m kiosk.content.furigana``) and come back annotated; the CLI
(`kiosk sync`, `kiosk content import`) annotates in-process.
"""

from __future__ import annotations

import logging
import os
import pickle
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import replace

from kiosk.content.model import Block, Page, SourceContent

log = logging.getLogger("kiosk.content")

HELPER_TIMEOUT_S = 300


def annotate_content(content: SourceContent, *, isolate: bool = False) -> SourceContent:
    """The same content with furigana on every Japanese page (others unchanged).

    ``isolate``: analyse in the helper process even before a Qt application exists (`kiosk
    run` reads local packages before its window: the dictionary must not stay in it)."""
    items = {item.key: item for item in content.items}
    todo = [
        (items[page.item_key].title, page)
        for page in content.pages
        if page.item_key in items and items[page.item_key].lang == "ja"
    ]
    if not todo:
        return content
    done = {page.item_key: page for page in annotate_pages(todo, isolate=isolate)}
    pages = tuple(done.get(page.item_key, page) for page in content.pages)
    return replace(content, pages=pages)


def annotate_pages(pages: list[tuple[str, Page]], *, isolate: bool = False) -> list[Page]:
    """(title, page) → page with readings. Never raises: without the analysis, pages go
    through unchanged (no furigana beyond the author's own), with one log line."""
    if not pages:
        return []
    try:
        if isolate or _in_ui_process():
            return _annotate_in_helper(pages)
        return [_annotate(title, page) for title, page in pages]
    except Exception as exc:  # the analysis is an extra: content must still go live
        log.warning("furigana not computed (%s): pages keep only their own readings", exc)
        return [page for _title, page in pages]


def refresh_readings(store, version: int | None = None) -> int:  # noqa: ANN001 - Store
    """Redo readings of stored Japanese pages made by another analysis version (or none)."""
    from kiosk.content.analysis import ANALYSIS_VERSION

    stale = store.pages_to_analyse(version or ANALYSIS_VERSION)
    if not stale:
        return 0
    pages = annotate_pages([(item.title, page) for item, page in stale])
    pages = [p for p in pages if p.analysis]
    if pages:
        store.save_readings(pages)
    return len(pages)


def page_glossary(blocks: Iterable[Block]) -> tuple[tuple[str, str], ...]:
    """The author's readings of a page apply to the whole page (title included)."""
    found: dict[str, str] = {}
    for block in blocks:
        for base, reading in block.readings:
            found.setdefault(base, reading)
    return tuple(found.items())


def _annotate(title: str, page: Page) -> Page:
    from kiosk.content.analysis import ANALYSIS_VERSION, analyse
    from kiosk.content.userdict import load_user_dictionary

    overrides = (*page_glossary(page.blocks), *load_user_dictionary())

    def ruby(text: str) -> tuple[tuple[str, str], ...]:
        return tuple(analyse(text, overrides).ruby()) if text.strip() else ((text, ""),)

    blocks = tuple(
        replace(block, ruby=tuple(ruby(unit) for unit in block.units())) for block in page.blocks
    )
    return replace(page, blocks=blocks, title_ruby=ruby(title), analysis=ANALYSIS_VERSION)


def _in_ui_process() -> bool:
    if os.environ.get("HIROBA_READINGS_IN_PROCESS") == "1":
        return False
    widgets = sys.modules.get("PySide6.QtWidgets")
    return widgets is not None and widgets.QApplication.instance() is not None


def _annotate_in_helper(pages: list[tuple[str, Page]]) -> list[Page]:
    env = dict(os.environ, HIROBA_READINGS_IN_PROCESS="1")
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
    done = subprocess.run(
        [sys.executable, "-m", "kiosk.content.furigana"],
        input=pickle.dumps(pages, protocol=pickle.HIGHEST_PROTOCOL),
        capture_output=True,
        env=env,
        timeout=HELPER_TIMEOUT_S,
        check=True,
    )
    result = pickle.loads(done.stdout)
    if not isinstance(result, list) or not all(isinstance(p, Page) for p in result):
        raise ValueError("furigana helper answered nonsense")
    return result


def _helper_main() -> None:
    # Native libraries may print; our answer owns the real stdout.
    out = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    pages = pickle.loads(sys.stdin.buffer.read())
    done = [_annotate(title, page) for title, page in pages]
    out.write(pickle.dumps(done, protocol=pickle.HIGHEST_PROTOCOL))
    out.flush()


if __name__ == "__main__":
    _helper_main()
