"""One translation helper for every string a person reads: ``_("English source text")``.

Catalogs are gettext .po files under kiosk/locale/<lang>/LC_MESSAGES/kiosk.po, read with babel
(no compile step needed on a kiosk). English is the source language; a missing translation
falls back to the English text, never to an empty string.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "kiosk"
SOURCE_LANGUAGE = "en"

_current = {"lang": "ja"}
_listeners: list[Callable[[str], None]] = []
# One thread's own language (``messages_in``): the sync threads word what they record in
# English while a visitor reads Korean on the screen.
_thread = threading.local()


def available_languages() -> list[str]:
    found = {p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po")}
    return sorted(found | {SOURCE_LANGUAGE}, key=lambda code: (code != "ja", code))


@cache
def catalog(lang: str) -> dict[str, str]:
    path = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not path.is_file():
        return {}
    from kiosk.i18n import catalog_cache  # parsed catalogs are cached: babel is slow to start

    return catalog_cache.load(path, lambda p: _parse_po(p, lang))


def _parse_po(path: Path, lang: str) -> dict[str, str]:
    from babel.messages.pofile import read_po

    with path.open("rb") as handle:
        po = read_po(handle, locale=lang.replace("-", "_"))
    return {str(m.id): str(m.string) for m in po if m.id and m.string and not m.fuzzy}


def set_language(lang: str) -> None:
    if lang not in available_languages():
        raise ValueError(f"unknown language {lang!r} (have: {', '.join(available_languages())})")
    _current["lang"] = lang
    for listener in list(_listeners):
        listener(lang)


def current_language() -> str:
    return getattr(_thread, "lang", None) or _current["lang"]


@contextmanager
def messages_in(lang: str) -> Iterator[None]:
    """Messages made in this thread, and only here, are in ``lang`` for the block.

    What a sync records (a source's last error, the log) is read by staff summaries, the
    fleet's status codes (kiosk/ops/health.py) and whoever supports the kiosk, so it is worded
    in the source language, English, whatever language the last visitor chose."""
    previous = getattr(_thread, "lang", None)
    _thread.lang = lang
    try:
        yield
    finally:
        _thread.lang = previous


def on_language_changed(listener: Callable[[str], None]) -> None:
    _listeners.append(listener)


def gettext(message: str, lang: str | None = None) -> str:
    return catalog(lang or getattr(_thread, "lang", None) or _current["lang"]).get(message, message)


_ = gettext


def N_(message: str) -> str:  # gettext convention: marks a string for extraction only
    return message
