"""Listen-check by measurement: what the kiosk says for dates, times and phone numbers.

    PYTHONPATH=. python bench/speech_readings.py [page-guid-part ...]

For each Japanese demo page (default: three with many numbers), every sentence that holds a
digit is printed three times: as written, as prepared for the voice, and [as Open JTalk
actually pronounces it, in katakana].
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kiosk.config import demo_sources
from kiosk.content.store import Store
from kiosk.content.sync import sync_all
from kiosk.speech import create_engine
from kiosk.speech.normalize import split_sentences, spoken

DEFAULT_PAGES = ("year-end-hours", "flu-shot", "community-centre")


def main(wanted: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "readings.sqlite3")
        sync_all(store, list(demo_sources()))
        engine = create_engine("openjtalk")
        for source in demo_sources():
            for item in store.items(source.category, "ja"):
                page = store.page(item.key)
                if item.lang != "ja" or page is None or not any(w in item.guid for w in wanted):
                    continue
                print(f"## {item.title} ({item.guid})")
                for span in split_sentences(page.plain_text(), "ja"):
                    if re.search(r"\d", span.text):
                        said = spoken(span.text, "ja")
                        print(f"- {span.text}\n  → {said}\n  [{engine.pronunciation(said)}]")
                print()


if __name__ == "__main__":
    main(sys.argv[1:] or list(DEFAULT_PAGES))
