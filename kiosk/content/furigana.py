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
from collections.abc import Callable, Iterable
from dataclasses import replace

from kiosk.content.model import Block, Page, SourceContent

log = logging.getLogger("kiosk.content")

HELPER_TIMEOUT_S = 300
# Pages per pickle in the helper's answer (see _annotate_in_helper).
ANSWER_CHUNK = 25


def annotate_content(
    content: SourceContent,
    *,
    isolate: bool = False,
    previous: Callable[[str], Page | None] | None = None,
) -> SourceContent:
    """The same content with furigana on every Japanese page (others unchanged).

    ``isolate``: analyse in the helper process even before a Qt application exists (`kiosk
    run` reads local packages before its window: the dictionary must not stay in it).
    ``previous``: the stored page for an item key (``Store.page``): a page whose text and title
    did not change keeps its stored readings, so an unchanged sync analyses nothing."""
    if readings_off():
        return content
    done, todo = _carry(content, previous)
    if not todo and not done:
        return content
    done.update({page.item_key: page for page in annotate_pages(todo, isolate=isolate)})
    return _with_pages(content, done)


def carry_readings(content: SourceContent, previous: Callable[[str], Page | None]) -> SourceContent:
    """The content with the stored readings of every page whose text did not change; new and
    changed pages go through without computed readings (analysis 0), for ``refresh_readings``
    to fill in afterwards. This is what sync stores: a feed's new pages go live at once and
    their furigana follow a few seconds later, instead of the analysis holding up the sync."""
    if readings_off():
        return content
    done, _todo = _carry(content, previous)
    return _with_pages(content, done) if done else content


def stored_readings(
    store,  # noqa: ANN001 - Store (this module stays importable without the store)
    content: SourceContent,
) -> Callable[[str], Page | None]:
    """``previous`` for carry_readings and annotate_content: the stored pages of ``content``
    that may keep their readings, read in one query per source instead of one per page."""
    if readings_off():
        return lambda _key: None
    from kiosk.content.analysis import ANALYSIS_VERSION

    return store.analysed_pages((p.item_key for p in content.pages), ANALYSIS_VERSION).get


def _carry(
    content: SourceContent, previous: Callable[[str], Page | None] | None
) -> tuple[dict[str, Page], list[tuple[str, Page]]]:
    """Japanese pages split into those keeping their stored readings and those to analyse."""
    from kiosk.content.analysis import ANALYSIS_VERSION

    items = {item.key: item for item in content.items}
    todo = []
    done: dict[str, Page] = {}
    for page in content.pages:
        item = items.get(page.item_key)
        if item is None or item.lang != "ja":
            continue
        old = previous(page.item_key) if previous else None
        if old is not None and _same_text(old, page, item.title, ANALYSIS_VERSION):
            done[page.item_key] = replace(
                page,
                blocks=tuple(
                    replace(new, ruby=stored.ruby)
                    for new, stored in zip(page.blocks, old.blocks, strict=True)
                ),
                title_ruby=old.title_ruby,
                analysis=old.analysis,
            )
        else:
            todo.append((item.title, page))
    return done, todo


def _with_pages(content: SourceContent, pages: dict[str, Page]) -> SourceContent:
    return replace(content, pages=tuple(pages.get(p.item_key, p) for p in content.pages))


def annotate_pages(pages: list[tuple[str, Page]], *, isolate: bool = False) -> list[Page]:
    """(title, page) → page with readings. Never raises: without the analysis, pages go
    through unchanged (no furigana beyond the author's own), with one log line."""
    if not pages:
        return []
    try:
        if _in_process_forced():
            return [_annotate(title, page) for title, page in pages]
        if isolate or _keep_analysis_out():
            return _annotate_in_helper(pages)
        return [_annotate(title, page) for title, page in pages]
    except Exception as exc:  # the analysis is an extra: content must still go live
        log.warning("furigana not computed (%s): pages keep only their own readings", exc)
        return [page for _title, page in pages]


def _same_text(old: Page, new: Page, title: str, version: int) -> bool:
    if old.analysis != version or len(old.blocks) != len(new.blocks):
        return False
    if "".join(base for base, _ in old.title_ruby) != title:
        return False
    return all(
        replace(a, ruby=()) == replace(b, ruby=())
        for a, b in zip(old.blocks, new.blocks, strict=True)
    )


def refresh_readings(
    store,  # noqa: ANN001 - Store (this module stays importable without the store)
    version: int | None = None,
    *,
    batch: int = 0,
    stop: Callable[[], bool] | None = None,
) -> int:
    """Compute the readings of stored Japanese pages that have none or ones made by another
    analysis version; returns how many pages got readings.

    ``batch``: analyse and save that many pages at a time (0: all at once), newest first, so
    the pages people are most likely to open get their furigana first and ``stop()`` (asked
    between batches) can end the work when the kiosk shuts down."""
    if readings_off():
        return 0
    from kiosk.content.analysis import ANALYSIS_VERSION

    version = version or ANALYSIS_VERSION
    # Keys first, pages a batch at a time: 5,000 pages held for the whole analysis made every
    # full collection in the kiosk's process walk them (the longest UI gaps after a big sync).
    stale = store.keys_to_analyse(version)
    size = batch if batch > 0 else max(1, len(stale))
    saved = 0
    for start in range(0, len(stale), size):
        if stop is not None and stop():
            break
        chunk = store.pages_to_analyse(version, stale[start : start + size])
        if not chunk:  # replaced or removed meanwhile
            continue
        pages = [p for p in annotate_pages([(i.title, p) for i, p in chunk]) if p.analysis]
        if not pages:
            break  # the analysis is unavailable: the next sync tries again, not every batch
        saved += store.save_readings(pages)
    return saved


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


def readings_off() -> bool:
    """HIROBA_READINGS=off: store content without computed furigana (the author's own readings
    still apply). For the test suite, whose command-line tests would otherwise load the
    dictionary in every kiosk process they start; the reading tests switch it back on."""
    return os.environ.get("HIROBA_READINGS", "").lower() == "off"


def _in_process_forced() -> bool:
    """HIROBA_READINGS_IN_PROCESS=1: the helper itself, and the test suite (which does not
    measure the UI process's memory and would otherwise spawn the helper hundreds of times)."""
    return os.environ.get("HIROBA_READINGS_IN_PROCESS") == "1"


_LONG_LIVED = {"on": False}


def analyse_in_helper_from_now() -> None:
    """This process runs for as long as the kiosk (its sync process): the analysis and its
    dictionaries (~200 MiB) are loaded in a helper that exits after each batch, not here."""
    _LONG_LIVED["on"] = True


def _keep_analysis_out() -> bool:
    """A process that must not hold the analysis: the UI's, or the long-lived sync process."""
    if _LONG_LIVED["on"]:
        return True
    widgets = sys.modules.get("PySide6.QtWidgets")
    return widgets is not None and widgets.QApplication.instance() is not None


def _annotate_in_helper(pages: list[tuple[str, Page]]) -> list[Page]:
    from kiosk.pipes import worker_command

    argv, env = worker_command("kiosk.content.furigana")
    env["HIROBA_READINGS_IN_PROCESS"] = "1"
    done = subprocess.run(
        argv,
        input=pickle.dumps(pages, protocol=pickle.HIGHEST_PROTOCOL),
        capture_output=True,
        env=env,
        timeout=HELPER_TIMEOUT_S,
        check=True,
    )
    chunks = pickle.loads(done.stdout)
    if not isinstance(chunks, list) or not all(isinstance(c, bytes) for c in chunks):
        raise ValueError("furigana helper answered nonsense")
    # One small pickle.loads at a time: a whole batch in one call (~10 ms for 500 pages, more
    # on a busy machine) holds the GIL, and the UI thread, for all of it.
    result = [page for chunk in chunks for page in pickle.loads(chunk)]
    if not all(isinstance(p, Page) for p in result):
        raise ValueError("furigana helper answered nonsense")
    return result


def _helper_main() -> None:
    # Native libraries may print; our answer owns the real stdout.
    out = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    pages = pickle.loads(sys.stdin.buffer.read())
    done = [_annotate(title, page) for title, page in pages]
    chunks = [
        pickle.dumps(done[start : start + ANSWER_CHUNK], protocol=pickle.HIGHEST_PROTOCOL)
        for start in range(0, len(done), ANSWER_CHUNK)
    ]
    out.write(pickle.dumps(chunks, protocol=pickle.HIGHEST_PROTOCOL))
    out.flush()


if __name__ == "__main__":
    _helper_main()
