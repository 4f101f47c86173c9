"""`kiosk speak`: read text into a WAV file (no UI, no worker: the engine runs in-process)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kiosk.exit_codes import EXIT_USAGE
from kiosk.speech import (
    PREFERENCES,
    RATES,
    EngineUnavailable,
    choose_engine,
    create_engine,
)


def add_parser(sub: argparse._SubParsersAction) -> None:
    speak = sub.add_parser("speak", help="read text aloud into a WAV file")
    speak.add_argument("--text", required=True, help="the text, as written on a page")
    speak.add_argument("--lang", choices=("ja", "en"), default="ja")
    speak.add_argument("--rate", choices=RATES, default="normal")
    speak.add_argument("--engine", choices=PREFERENCES, default="auto")
    speak.add_argument("--out", type=Path, help="WAV file to write (not with --reading)")
    speak.add_argument(
        "--reading",
        action="store_true",
        help="print, without audio, the text as the voice will say it (kana, one line per "
        "sentence)",
    )


def run(args: argparse.Namespace) -> int:
    """Writes the WAV and prints one line per sentence: times, written text → spoken text,
    and (with Open JTalk) the kana the voice actually pronounced."""
    from kiosk.speech.base import speak_sentences
    from kiosk.speech.normalize import split_sentences, spoken

    if args.reading and args.out is not None:
        print(
            "kiosk speak: --reading prints the spoken kana; it writes no --out file",
            file=sys.stderr,
        )
        return EXIT_USAGE
    if args.reading:
        return print_reading(args.text, args.lang)
    if args.out is None:
        print("kiosk speak: --out FILE.wav is needed (or --reading for text only)", file=sys.stderr)
        return EXIT_USAGE
    name = choose_engine(args.lang, args.engine)
    if name is None:
        raise EngineUnavailable("no speech engine can run here; see `kiosk doctor`")
    engine = create_engine(name)
    spans = split_sentences(args.text, args.lang)
    sentences = [spoken(span.text, args.lang) for span in spans]
    utterance = speak_sentences(engine, sentences, args.lang, args.rate)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(utterance.audio.to_wav())
    pronounce = getattr(engine, "pronunciation", None)
    for span, timing in zip(spans, utterance.sentences, strict=True):
        line = f"{timing.start:6.2f}-{timing.end:6.2f}s  {span.text}  →  {timing.text}"
        if pronounce:
            line += f"  [{pronounce(timing.text)}]"
        print(line)
    print(f"{args.out}  {utterance.audio.duration:.2f}s  {name}  {args.rate}")
    return 0


def print_reading(text: str, lang: str) -> int:
    """One line per sentence: in Japanese the kana the voice says (the same analysis as the
    furigana and the synthesis), otherwise the spoken words."""
    from kiosk.speech.normalize import split_sentences
    from kiosk.speech.prepare import prepare

    for span in split_sentences(text, lang):
        prepared = prepare(span.text, lang)
        print(prepared.kana or prepared.spoken)
    return 0
