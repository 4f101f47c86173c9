"""Catalogs compile; ja and en are complete; the chrome languages cover the chrome."""

from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from kiosk.i18n import LOCALE_DIR, available_languages, catalog, gettext

KIOSK = LOCALE_DIR.parent
KEYWORDS = {"_": None, "gettext": None, "N_": None}
CHROME_LANGUAGES = ("zh-Hans", "ko", "vi", "pt-BR")
# Menus, buttons and settings: what a visitor touches, whatever language they read.
CHROME_FILES = (
    "ui/window.py",
    "ui/theme.py",
    "ui/screens/home.py",
    "ui/screens/settings.py",
    "ui/screens/howto.py",
    "ui/screens/practice.py",
    "ui/screens/attract.py",
    "ui/widgets/scroll.py",
    "ui/visitor.py",
    "viewmodels/screens.py",
)


def _messages(files: list[Path]) -> set[str]:
    found = set()
    for path in files:
        for _line, message, _comments, _context in extract_from_file(
            "python", str(path), keywords=KEYWORDS
        ):
            if isinstance(message, str):
                found.add(message)
    return found


def _placeholders(text: str) -> set[str]:
    return set(re.findall(r"\{[a-z_]+\}", text))


@pytest.mark.parametrize("lang", [code for code in available_languages() if code != "en"])
def test_catalog_compiles_and_keeps_placeholders(lang: str) -> None:
    path = LOCALE_DIR / lang / "LC_MESSAGES" / "kiosk.po"
    with path.open("rb") as handle:
        po = read_po(handle, locale=lang.replace("-", "_"))
    problems = [(m.id, errors) for m, errors in po.check() if errors]
    assert not problems, problems
    buffer = BytesIO()
    write_mo(buffer, po)
    assert len(buffer.getvalue()) > 100
    for message in po:
        if message.id and message.string:
            assert _placeholders(message.string) == _placeholders(str(message.id)), message.id


def test_chrome_languages_translate_every_chrome_string() -> None:
    chrome = _messages([KIOSK / name for name in CHROME_FILES])
    assert len(chrome) > 40
    for lang in CHROME_LANGUAGES:
        missing = sorted(chrome - set(catalog(lang)))
        assert not missing, (lang, missing)


def test_english_is_the_source_and_complete() -> None:
    everything = _messages(sorted(KIOSK.rglob("*.py")))
    assert all(gettext(m, "en") == m for m in everything)
    assert "en" in available_languages()


def test_available_languages_are_the_six() -> None:
    assert set(available_languages()) >= {"ja", "en", *CHROME_LANGUAGES}
    assert available_languages()[0] == "ja"
