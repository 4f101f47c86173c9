"""The furigana table of the kiosk's own Japanese strings (kiosk/locale/ja/ruby.json, made by
scripts/make_ui_ruby.py) covers every such string: the UI process never analyses text, so a
string missing from the table is shown without readings when a visitor turns furigana on."""

from __future__ import annotations

import json

from babel.messages.pofile import read_po

from kiosk.content.reading import has_kanji
from kiosk.ui.screens.settings import SAMPLE_JA
from kiosk.ui.widgets.ruby_sources import UI_RUBY

PO = UI_RUBY.parent / "LC_MESSAGES" / "kiosk.po"


def _japanese_strings() -> set[str]:
    with PO.open("rb") as handle:
        catalog = read_po(handle)
    return {
        m.string
        for m in catalog
        if m.id and isinstance(m.string, str) and has_kanji(m.string) and "{" not in m.string
    }


def test_every_japanese_string_with_kanji_has_its_readings() -> None:
    table = json.loads(UI_RUBY.read_text(encoding="utf-8"))
    missing = sorted((_japanese_strings() | {SAMPLE_JA}) - set(table))
    assert not missing, (
        f"run: python scripts/make_ui_ruby.py ({len(missing)} missing: {missing[:5]})"
    )


def test_each_entry_spells_its_string_and_reads_its_kanji() -> None:
    table = json.loads(UI_RUBY.read_text(encoding="utf-8"))
    for text, pairs in table.items():
        assert "".join(base for base, _reading in pairs) == text, text
        for base, reading in pairs:
            if has_kanji(base):
                assert reading, (text, base)
