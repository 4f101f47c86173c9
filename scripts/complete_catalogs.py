"""Make every catalog complete: regenerate kiosk.pot from the code, then append each missing
message to each catalog from the translation tables.

    python scripts/complete_catalogs.py          # extract, append, write the review list
    python scripts/complete_catalogs.py --check  # only report what is missing (exit 1 if any)

Tables: scripts/chrome_translations.py (T) and scripts/translations/*.txt, blocks of::

    @ English msgid
    ja: …          (optional: only for messages the Japanese catalog lacks)
    zh: …
    ko: …
    vi: …
    pt: …

Entries are APPENDED at the end of each .po (the catalogs are union-merged across branches, so
nothing existing is rewritten). Translations drafted without a native speaker carry the
translator comment ``#. review`` and are listed in docs/translations-review.md. They are not
marked fuzzy: the kiosk's loader skips fuzzy entries, and a visitor is better served by a
reviewed-later translation than by English.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "kiosk" / "locale"
LANGS = {"ja": "ja", "zh-Hans": "zh", "ko": "ko", "vi": "vi", "pt-BR": "pt"}
REVIEW_DOC = ROOT / "docs" / "translations-review.md"
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def tables() -> dict[str, dict[str, str]]:
    """msgid → {lang key: translation}."""
    out: dict[str, dict[str, str]] = {}
    sys.path.insert(0, str(ROOT / "scripts"))
    from chrome_translations import T

    for msgid, (zh, ko, vi, pt) in T.items():
        out[msgid] = {"zh": zh, "ko": ko, "vi": vi, "pt": pt}
    for path in sorted((ROOT / "scripts" / "translations").glob("*.txt")):
        current: dict[str, str] | None = None
        for line in path.read_text(encoding="utf-8").split("\n"):
            if line.startswith("@ "):
                current = out.setdefault(line[2:], {})
            elif current is not None and line[:3] in ("ja:", "zh:", "ko:", "vi:", "pt:"):
                current[line[:2]] = line[4:] if line[3:4] == " " else line[3:]
    return out


def extract_pot(out: Path = LOCALE / "kiosk.pot") -> None:
    """The template from the code (also used by tests/unit/test_catalogs_complete.py)."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "--no-location",
            "-k",
            "_",
            "-k",
            "N_",
            "-k",
            "gettext",
            "-o",
            str(out),
            "kiosk",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )


def template_ids() -> list[str]:
    with (LOCALE / "kiosk.pot").open("rb") as handle:
        return [str(m.id) for m in read_po(handle) if m.id and isinstance(m.id, str)]


def catalog(lang: str) -> dict[str, str]:
    with (LOCALE / lang / "LC_MESSAGES" / "kiosk.po").open("rb") as handle:
        return {
            str(m.id): str(m.string)
            for m in read_po(handle)
            if m.id and isinstance(m.id, str) and m.string and not m.fuzzy
        }


def _po_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def placeholders(text: str) -> set[str]:
    return set(_PLACEHOLDER.findall(text))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    if not args.check:
        extract_pot()
    wanted = template_ids()
    table = tables()
    missing_anywhere: dict[str, list[str]] = {}
    review: dict[str, list[tuple[str, str]]] = {lang: [] for lang in LANGS}
    for lang, key in LANGS.items():
        have = catalog(lang)
        entries = []
        for msgid in wanted:
            if msgid in have:
                continue
            text = table.get(msgid, {}).get(key)
            if not text or placeholders(text) != placeholders(msgid):
                missing_anywhere.setdefault(lang, []).append(msgid)
                continue
            entries.append(
                "\n#. review: drafted without a native speaker (docs/translations-review.md)\n"
                f"msgid {_po_string(msgid)}\nmsgstr {_po_string(text)}\n"
            )
            review[lang].append((msgid, text))
        if entries and not args.check:
            path = LOCALE / lang / "LC_MESSAGES" / "kiosk.po"
            with path.open("a", encoding="utf-8") as out:
                out.write("".join(entries))
        print(f"{lang}: {len(entries)} appended, {len(missing_anywhere.get(lang, []))} missing")
    if not args.check:
        write_review(review)
    for lang, ids in missing_anywhere.items():
        for msgid in ids:
            print(f"  MISSING {lang}: {msgid}")
    return 1 if missing_anywhere else 0


def write_review(new: dict[str, list[tuple[str, str]]]) -> None:
    """docs/translations-review.md: every entry marked ``#. review`` in any catalog."""
    lines = [
        "# Translations waiting for a native speaker's review",
        "",
        "Drafted by the developers so that no visitor meets English inside their language",
        "(issue 19). Each entry carries the translator comment `#. review` in its catalog; they",
        "are not marked fuzzy because the kiosk's loader skips fuzzy entries. A reviewer fixes",
        "the msgstr in `kiosk/locale/<lang>/LC_MESSAGES/kiosk.po`, deletes the `#. review` line,",
        "and re-runs `python scripts/complete_catalogs.py` to refresh this list.",
        "",
    ]
    for lang in LANGS:
        path = LOCALE / lang / "LC_MESSAGES" / "kiosk.po"
        with path.open("rb") as handle:
            flagged = [
                (str(m.id), str(m.string))
                for m in read_po(handle)
                if m.id and any(c.startswith("review") for c in m.auto_comments)
            ]
        if not flagged:
            continue
        lines += [f"## {lang} ({len(flagged)})", "", "| English | draft |", "|---|---|"]
        for msgid, text in flagged:
            cell = msgid.replace("|", "\\|")
            lines.append(f"| {cell} | {text.replace('|', chr(92) + '|')} |")
        lines.append("")
    REVIEW_DOC.write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main())
