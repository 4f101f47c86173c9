"""Furigana for the kiosk's own Japanese strings, made once from the same analysis as content.

    python scripts/make_ui_ruby.py     # writes kiosk/locale/ja/ruby.json

The UI process never analyses text (issue 17): labels such as category names and the settings
sample look their readings up in this table. Re-run after changing Japanese msgstrs.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> int:
    from babel.messages.pofile import read_po

    from kiosk.content.analysis import analyse, has_kanji

    texts: set[str] = set()
    with (ROOT / "kiosk/locale/ja/LC_MESSAGES/kiosk.po").open("rb") as handle:
        for message in read_po(handle):
            string = message.string
            if message.id and isinstance(string, str) and has_kanji(string) and "{" not in string:
                texts.add(string)
    from kiosk.ui.screens import settings

    texts.add(settings.SAMPLE_JA)
    table = {text: [list(p) for p in analyse(text).ruby()] for text in sorted(texts)}
    out = ROOT / "kiosk/locale/ja/ruby.json"
    out.write_text(json.dumps(table, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"{out}: {len(table)} strings")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
