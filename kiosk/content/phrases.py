"""Line breaks by phrase for Japanese (and Chinese, Korean): the one place that decides where
a line of CJK text may break.

Qt breaks Japanese between any two characters (UAX #14 gives every ideograph a break
opportunity), so at large sizes words split: 警戒情｜報, くださ｜い. ``phrase_wrap`` finds the
phrases with BudouX (the model browsers use for ``word-break: auto-phrase``) and marks them
with invisible characters Qt's line breaker honours:

- U+2060 WORD JOINER between the characters *inside* a phrase: no break there;
- U+200B ZERO WIDTH SPACE *between* phrases: a break opportunity.

Phrases of one character and phrases that start with a closing bracket or small kana are
joined to the phrase before them (never a lone character or a closing bracket on a line);
an opening bracket at the end of a phrase goes with the phrase after it. A phrase longer than
the line (``fit`` characters, which the widget knows) may also break between its words
(注意｜してください), so a narrow line does not have to cut it arbitrarily; a word wider
than a whole line is still cut by the widget (Qt's WrapAtWordBoundaryOrAnywhere) rather than
overflow.

The marks are for layout only: ``strip_breaks`` removes them, and widgets strip them before
text goes to speech, the clipboard, accessible names or search.
"""

from __future__ import annotations

import re
from functools import lru_cache

WORD_JOINER = "\u2060"
ZERO_WIDTH_SPACE = "\u200b"
BREAK_MARKS = WORD_JOINER + ZERO_WIDTH_SPACE
LONG_PHRASE = 7  # a line of this many characters is assumed when the width is unknown

CLOSING = set("、。，．,.・：；:;？！?!ー～」』）］｝〕〉》】〙〗〟”’ゝゞヽヾ々")
SMALL_KANA = set("ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ")
OPENING = set("「『（［｛〔〈《【〘〖〝“‘(")
NO_START = CLOSING | SMALL_KANA
AFTER_CUT = set("・／/：:")  # a list dot or a label's colon: a line may break after it


class _LazyPattern:
    """A regular expression compiled on first use. Python compiles a class over the CJK blocks
    character by character (~30,000 of them: several ms each), which every start paid for
    patterns only long phrases and BudouX need (issue 17)."""

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self._compiled: re.Pattern[str] | None = None

    def __getattr__(self, name: str):  # noqa: ANN204 - match, search, finditer…
        if self._compiled is None:
            self._compiled = re.compile(self.pattern)
        return getattr(self._compiled, name)


_KANA = re.compile(r"[\u3041-\u309f\u30a0-\u30ff]")
_HAN_RUN = _LazyPattern(r"[\u3400-\u9fff\uf900-\ufaff々]+")
_HANGUL = _LazyPattern(r"[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]")
# The same blocks as code point ranges, for the checks every shown text goes through.
_HAN_RANGES = ((0x3400, 0x9FFF), (0xF900, 0xFAFF), (0x3005, 0x3005))
_HANGUL_RANGES = ((0xAC00, 0xD7AF), (0x1100, 0x11FF), (0x3130, 0x318F))


def _has(text: str, ranges: tuple[tuple[int, int], ...]) -> bool:
    return any(
        low <= ord(char) <= high for char in text if char >= "\u1100" for low, high in ranges
    )


_STRIP = str.maketrans("", "", BREAK_MARKS)


def strip_breaks(text: str) -> str:
    """The text without the invisible break marks (for speech, copy, search, a11y names)."""
    return text.translate(_STRIP)


def needs_phrasing(text: str) -> bool:
    return bool(_KANA.search(text)) or _has(text, _HAN_RANGES) or _has(text, _HANGUL_RANGES)


@lru_cache(maxsize=4)
def _parser(name: str):  # noqa: ANN202 - budoux.Parser
    import budoux  # only when CJK text is shown: keeps it off the cold start otherwise

    if name == "zh-hans":
        return budoux.load_default_simplified_chinese_parser()
    if name == "zh-hant":
        return budoux.load_default_traditional_chinese_parser()
    return budoux.load_default_japanese_parser()


def phrases(text: str, lang: str = "ja") -> list[str]:
    """``text`` cut into phrases (joined they give ``text`` back exactly)."""
    if not text:
        return []
    if not _KANA.search(text) and _has(text, _HANGUL_RANGES):
        # Korean is written with spaces between words: break only there ("keep-all").
        raw = re.findall(r"\S+\s*|\s+", text)
    else:
        model = "zh-hant" if lang == "zh-Hant" else "zh-hans" if lang.startswith("zh") else "ja"
        if _KANA.search(text):
            model = "ja"
        raw = []
        for part in re.split(r"(\n)", text):  # BudouX drops nothing, but keep newlines whole
            if part:
                raw.extend(_budoux_phrases(model, part) if part != "\n" else [part])
    return _tidy(raw)


# --- the start's phrases, remembered for the next start ---------------------------------------
# BudouX (import, model, parsing) cost ~15 ms of every cold start for the same few dozen texts
# of the home screen (issue 17). The phrases a process needed until its first frame are kept in
# the cache dir, stamped with the BudouX models they came from; the next start takes them from
# there and loads BudouX only for a text it has not seen.
REMEMBERED_FORMAT = 1
RECORD_LIMIT = 500  # a process that never reaches a first frame stops recording here
_remembered: dict[str, list[str]] | None = None
_recording: dict[str, list[str]] | None = {}


def _budoux_phrases(model: str, part: str) -> list[str]:
    key = f"{model}\x1f{part}"
    found = _load_remembered().get(key)
    if found is None:
        found = _parser(model).parse(part)
    if _recording is not None and len(_recording) < RECORD_LIMIT:
        _recording[key] = found
    return found


def _remembered_path():  # noqa: ANN202 - Path
    from kiosk.i18n.catalog_cache import cache_dir

    return cache_dir() / "phrases.json"


def _models_stamp() -> list[object] | None:
    """The BudouX model files (path, size, time): phrases are valid for these only."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.find_spec("budoux")  # finds it without importing it
    if spec is None or spec.origin is None:
        return None
    stamp: list[object] = [REMEMBERED_FORMAT]
    for name in ("ja.json", "zh-hans.json", "zh-hant.json"):
        model = Path(spec.origin).parent / "models" / name
        try:
            info = model.stat()
        except OSError:
            return None
        stamp += [str(model), info.st_size, info.st_mtime_ns]
    return stamp


def _load_remembered() -> dict[str, list[str]]:
    global _remembered
    if _remembered is None:
        _remembered = {}
        try:
            import json

            data = json.loads(_remembered_path().read_text(encoding="utf-8"))
            if data["stamp"] == _models_stamp():
                _remembered = {
                    key: pieces
                    for key, pieces in data["phrases"].items()
                    if isinstance(pieces, list)
                    and all(isinstance(piece, str) for piece in pieces)
                    and "".join(pieces) == key.partition("\x1f")[2]  # never alter a text
                }
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            pass  # none yet, another BudouX, or unreadable: BudouX decides
    return _remembered


def remember_start_phrases() -> None:
    """Keep the phrases needed so far (the first frame's) for the next start; stop recording.
    Nothing is written when they are all known already. Never raises."""
    global _recording
    recorded, _recording = _recording or {}, None
    if not recorded or all(_load_remembered().get(k) == v for k, v in recorded.items()):
        return
    try:
        import json
        import os
        import tempfile

        stamp = _models_stamp()
        if stamp is None:
            return
        path = _remembered_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump({"stamp": stamp, "phrases": recorded}, handle, ensure_ascii=False)
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only cache dir only costs speed


def _tidy(raw: list[str]) -> list[str]:
    """Join lone characters and misplaced brackets to their neighbours."""
    out: list[str] = []
    for piece in raw:
        if not piece:
            continue
        if out and out[-1] != "\n" and piece != "\n":
            lone = len(piece.strip()) == 1 and not piece.isspace()
            if piece[0] in NO_START or lone or out[-1][-1] in OPENING or out[-1].isspace():
                out[-1] += piece
                continue
        out.append(piece)
    # a lone character at the very start goes with what follows
    if len(out) > 1 and len(out[0].strip()) == 1 and out[1] != "\n":
        first = out.pop(0)
        out[0] = first + out[0]
    return _words_kept_whole(out)


# Words in kana that BudouX's model cuts after their first letter when a particle comes before
# them: 画面にも｜どります (it reads the particle も), 前にも｜どって. The kiosk's own screens say
# もどる (the Back button, the idle warning, the how-to), and notices say it too.
KANA_WORDS = tuple(
    "もど" + ending for ending in ("り", "る", "れ", "ら", "ろ", "っ", "し", "す", "せ", "さ")
)


def _words_kept_whole(pieces: list[str]) -> list[str]:
    """Move a cut that falls inside one of ``KANA_WORDS`` to the word's start."""
    for index in range(1, len(pieces)):
        before, after = pieces[index - 1], pieces[index]
        split = next(
            (
                n
                for word in KANA_WORDS
                for n in range(1, len(word))
                if len(before) > n and before.endswith(word[:n]) and after.startswith(word[n:])
            ),
            0,
        )
        if split:
            pieces[index - 1], pieces[index] = before[:-split], before[-split:] + after
    return pieces


def _sub_breaks(phrase: str, fit: int) -> list[str]:
    """Break points inside one phrase.

    Always after the dots of a list (子育て・｜保険・｜年金) and a label's colon. A phrase
    longer than a line (``fit`` characters) also breaks between its words: first before a
    word of kana that follows kanji (注意｜してください。, 行って｜ください。), and if that is
    still too long, inside long kanji compounds, four characters at a time, then two
    (土砂災害｜警戒情報). Each side keeps at least two letters: no lone character on a line.

    Heuristics, not a dictionary: the UI process must not load one before its first frame
    (tests/e2e/test_first_frame_imports.py), and this only matters for over-long phrases.
    """
    cuts = {i + 1 for i, c in enumerate(phrase[:-1]) if c in AFTER_CUT}
    if _longest([phrase]) > fit:
        cuts |= _kana_word_starts(phrase)
        for step in (4, 2):  # 土砂災害｜警戒情報 before 土砂｜災害｜警戒｜情報
            if _longest(_cut(phrase, cuts)) > fit:
                cuts |= _compound_cuts(phrase, step)
    return _cut(phrase, cuts)


def _longest(parts: list[str]) -> int:
    """The longest stretch without a break (spaces break lines anyway)."""
    return max((len(word) for part in parts for word in part.split()), default=0)


AUXILIARIES = ("してください", "ください", "について", "しましょう", "ましょう", "します")


def _kana_word_starts(phrase: str) -> set[int]:
    starts = set()
    for index in range(1, len(phrase)):
        char, before = phrase[index], phrase[index - 1]
        if char in NO_START or not _KANA.match(char):
            continue
        if phrase.startswith(AUXILIARIES, index):
            starts.add(index)
        elif _has(before, _HAN_RANGES) and _KANA.match(phrase[index + 1 : index + 2] or "x"):
            # 注意して: a kana run after kanji; but not okurigana of one verb (行って)
            run = len(re.match(r"[\u3041-\u309f]*", phrase[index:]).group())
            if run >= 3:
                starts.add(index)
    return starts


def _compound_cuts(phrase: str, step: int) -> set[int]:
    cuts = set()
    for run in _HAN_RUN.finditer(phrase):
        length = run.end() - run.start()
        for offset in range(step, length - 1, step):
            cuts.add(run.start() + offset)
    return cuts


def _cut(phrase: str, cuts: set[int]) -> list[str]:
    parts, start = [], 0
    for cut in sorted(cuts):
        left, right = phrase[start:cut], phrase[cut:]
        if _letters(left) >= 2 and _letters(right) >= 2 and left[-1] not in OPENING:
            parts.append(left)
            start = cut
    parts.append(phrase[start:])
    return parts


def _letters(text: str) -> int:
    return sum(1 for c in text if c not in CLOSING and c not in OPENING and not c.isspace())


@lru_cache(maxsize=4096)
def phrase_wrap(text: str, lang: str = "ja", fit: int = LONG_PHRASE) -> str:
    """``text`` with break marks so a line breaks only between phrases (see module doc);
    ``fit`` is how many full-width characters a line holds (longer phrases may break between
    their words). Text without CJK characters comes back unchanged."""
    if not needs_phrasing(text):
        return text
    fit = max(2, fit)
    return (
        ZERO_WIDTH_SPACE.join(
            ZERO_WIDTH_SPACE.join(_join(part) for part in _sub_breaks(phrase, fit))
            for phrase in phrases(strip_breaks(text), lang)
        )
        .replace(ZERO_WIDTH_SPACE + "\n", "\n")
        .replace("\n" + ZERO_WIDTH_SPACE, "\n")
    )


def _join(phrase: str) -> str:
    """Word joiners between the characters of one phrase, except around spaces."""
    out = []
    for index, char in enumerate(phrase):
        if index and not char.isspace() and not phrase[index - 1].isspace():
            out.append(WORD_JOINER)
        out.append(char)
    return "".join(out)


def position_map(text: str, wrapped: str) -> list[int]:
    """For every index of ``text`` (and its end), the matching index in ``wrapped``."""
    positions, j = [], 0
    for char in text:
        while j < len(wrapped) and wrapped[j] != char and wrapped[j] in BREAK_MARKS:
            j += 1
        positions.append(j)
        j += 1
    while j < len(wrapped) and wrapped[j] in BREAK_MARKS:
        j += 1
    positions.append(min(j, len(wrapped)))
    return positions
