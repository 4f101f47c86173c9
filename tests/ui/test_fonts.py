"""The kiosk renders only with the fonts it names (kiosk/fonts.py), on every screen in every
language, so a fresh machine shows what this one shows. Qt's glyph runs tell which font
really drew each piece of text; a run from any other font, or a missing glyph, fails."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase, QTextDocument
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QTextEdit, QWidget

from kiosk.content.model import Block, BlockKind
from kiosk.fonts import FAMILIES, FONT_FILES, JAPANESE, LATIN
from kiosk.i18n import available_languages, set_language
from kiosk.ui.a11y.prefs import Preferences
from kiosk.ui.app import navigate_to
from kiosk.ui.fonts import missing_families, register_fonts
from kiosk.ui.takehome import print_document

SCREENS = ("home", "category", "page", "alert", "settings", "howto", "practice", "admin", "pinpad")


def _document_runs(doc: QTextDocument) -> list[tuple[str, str, bool]]:
    """(family, text, has a missing glyph) for every glyph run of a laid-out document."""
    if doc.textWidth() <= 0:
        doc.setTextWidth(1600)
    runs = []
    block = doc.begin()
    while block.isValid():
        doc.documentLayout().blockBoundingRect(block)  # lays this block out
        layout = block.layout()
        for run in layout.glyphRuns(0, block.length()) if layout is not None else ():
            family = run.rawFont().familyName()
            tofu = 0 in list(run.glyphIndexes())
            runs.append((family, block.text(), tofu))
        block = block.next()
    return runs


def _text_runs(text: str, font: QFont, rich: bool = False) -> list[tuple[str, str, bool]]:
    doc = QTextDocument()
    doc.setDefaultFont(font)
    if rich:
        doc.setHtml(text)
    else:
        doc.setPlainText(text)
    return _document_runs(doc)


def _visible_runs(root: QWidget) -> list[tuple[str, str, bool]]:
    runs = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisibleTo(root):
            continue
        if isinstance(widget, QLabel) and widget.text():
            rich = widget.textFormat() == Qt.TextFormat.RichText or (
                widget.textFormat() == Qt.TextFormat.AutoText and widget.text().startswith("<")
            )
            runs += _text_runs(widget.text(), widget.font(), rich)
        elif isinstance(widget, QAbstractButton) and widget.text():
            runs += _text_runs(widget.text(), widget.font())
        elif isinstance(widget, QTextEdit):
            runs += _document_runs(widget.document())
    return runs


def _outsiders(runs: list[tuple[str, str, bool]]) -> list[tuple[str, str]]:
    return sorted(
        {(family, text[:30]) for family, text, tofu in runs if family not in FAMILIES or tofu}
    )


def test_the_bundled_fonts_are_active(qapp) -> None:
    registered = register_fonts()
    assert set(registered) == set(FONT_FILES), registered
    assert missing_families() == []
    assert qapp.font().families() == list(FAMILIES)
    label = QLabel("Hiroba ひろば")
    label.show()
    runs = _text_runs(label.text(), label.font())
    assert {family for family, _text, _tofu in runs} == {LATIN, JAPANESE}
    label.close()
    assert LATIN in QFontDatabase.families() and JAPANESE in QFontDatabase.families()


@pytest.mark.slow
def test_every_screen_in_every_language_uses_only_the_named_fonts(qtbot, window) -> None:
    window.setFixedSize(1280, 800)
    problems: dict[tuple[str, str], list[tuple[str, str]]] = {}
    seen: set[str] = set()
    for lang in available_languages():
        set_language(lang)
        window.apply_preferences(Preferences(lang=lang, furigana=lang == "ja"))
        for screen in SCREENS:
            try:
                navigate_to(window, screen)
            except ValueError:  # e.g. no alert in force today in the demo content
                continue
            QApplication.processEvents()
            runs = []
            for top in QApplication.topLevelWidgets():
                if top.isVisible():
                    runs += _visible_runs(top)
            seen.update(family for family, _text, _tofu in runs)
            if outsiders := _outsiders(runs):
                problems[(lang, screen)] = outsiders
            window.go_home()
    assert problems == {}
    # Not vacuous: the screens really used the Latin, Japanese and CJK faces and a symbol face.
    assert {LATIN, JAPANESE, "Noto Sans CJK SC"} <= seen, seen
    assert seen & {"Noto Sans Symbols", "Noto Sans Symbols2", "Noto Sans Math"}, seen


def test_print_uses_only_the_named_fonts(qapp) -> None:
    doc = print_document(
        "インフルエンザ予防接種 — Tiếng Việt 한국어 简体",
        "令和8年11月25日",
        (
            Block(BlockKind.PARAGRAPH, text="自己負担1,500円。Please bring ⚠ ✔"),
            Block(BlockKind.LIST, items=("▲ 上", "▼ 下")),
        ),
        "https://example.org/page",
    )
    runs = _document_runs(doc)
    assert _outsiders(runs) == []
    assert {LATIN, JAPANESE, "Noto Sans CJK SC"} <= {family for family, _t, _tofu in runs}
