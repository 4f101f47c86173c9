"""やさしい日本語 advice for volunteer pages: plain rules a volunteer can act on.

Each rule looks at one run of text (a paragraph, list entry, table cell or heading) whose
characters are mapped to source lines, and yields ``Advice`` naming the line. Rules follow
common municipal guidelines for easy Japanese: short sentences, few kanji, readings for rare
kanji, plain words instead of administrative ones, です/ます, 午前/午後 times, and dates with
their weekday (a wrong weekday is an error: people would come on the wrong day).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import islice

from kanji_lists import JOYO

from kiosk.i18n import gettext as _
from kiosk.i18n.scripts import KANJI

MAX_SENTENCE_CHARS = 50
MAX_WORD_SHOWN = 12  # characters of a word quoted in advice
MAX_ADVICE_PER_RULE = 20  # per block: the first twenty say enough, thousands say nothing
KANJI_RATIO_LIMIT = 0.45  # per paragraph of at least KANJI_MIN_CHARS letters
KANJI_MIN_CHARS = 20
WEEKDAYS_JA = "月火水木金土日"
POLITE_ENDINGS = ("です", "ます", "ください", "ません", "でした", "ました", "ましょう", "でしょう")

# Hard administrative words → plain ones (advice only; the volunteer decides).
HARD_WORDS: dict[str, str] = {
    "申請": "もうしこみ",
    "交付": "わたす",
    "提出": "出す",
    "所定の": "決められた",
    "速やかに": "すぐに",
    "直ちに": "すぐに",
    "該当する": "あてはまる",
    "記入": "書く",
    "添付": "つける",
    "納付": "はらう",
    "徴収": "集める",
    "還付": "お金がもどる",
    "控除": "へらす",
    "居住": "住む",
    "留意": "気をつける",
    "遵守": "守る",
    "把握": "知る",
    "周知": "知らせる",
    "当該": "この",
    "及び": "と",
    "並びに": "と",
    "又は": "か",
    "若干": "少し",
    "要する": "いる",
    "困難": "むずかしい",
    "不可": "できません",
    "配布": "くばる",
    "実施": "する",
    "開催": "ある／ひらく",
    "罹災": "災害にあう",
    "有する": "持つ",
}

_DIGITS = str.maketrans("０１２３４５６７８９：", "0123456789:")
_KANJI = re.compile(f"[{KANJI}]")
_KANJI_RUN = re.compile(f"[{KANJI}]+(?:（[ぁ-んァ-ンー・]+）)?")
PUNCTUATION = "、。，．・：；！？「」『』（）()［］【】〜～ー-—,.:;!?\"'％%/／"
_NOT_LETTER = re.compile(r"[\s\d" + re.escape(PUNCTUATION) + "]")
_SENTENCE = re.compile(r"[^。！？!?]+[。！？!?]?")
_CLOCK = re.compile(r"(?<![0-9])([0-9]{1,2}):([0-9]{2})(?![0-9])")
_HOUR = re.compile(r"(?<![0-9])([0-9]{1,2})時(?!間)")
_DATE = re.compile(
    r"(?:(?P<year>[0-9]{4})年|令和(?P<reiwa>[0-9]{1,2}|元)年)?"
    r"(?<![0-9])(?P<month>[0-9]{1,2})月(?P<day>[0-9]{1,2})日"
    r"(?P<weekday>\s{0,3}[（(](?P<wd>[月火水木金土日])(?:曜日?)?(?:・[^）)]{0,12})?[）)])?"
)


@dataclass(frozen=True, slots=True)
class Advice:
    line: int
    message: str
    error: bool = False  # True for a factual mistake (wrong weekday, impossible date)


@dataclass(frozen=True, slots=True)
class TextRun:
    """Plain text of one block with the source line of every character."""

    kind: str  # heading | paragraph | list | table
    text: str
    lines: tuple[int, ...]

    def line_at(self, index: int) -> int:
        if not self.lines:
            return 0
        return self.lines[min(max(index, 0), len(self.lines) - 1)]


def advise(runs: list[TextRun], reference: date) -> Iterator[Advice]:
    """All advice for one Japanese page; ``reference`` is the day a year-less date is near."""
    for run in runs:
        text = run.text.translate(_DIGITS)
        for rule in (_sentences, _kanji_ratio, _hard_words, _times, _rare_kanji):
            yield from islice(rule(run, text), MAX_ADVICE_PER_RULE)
        yield from islice(_dates(run, text, reference), MAX_ADVICE_PER_RULE)


def _kanji_ratio(run: TextRun, text: str) -> Iterator[Advice]:
    """Kanji share of a whole paragraph (lists and tables are often names and numbers)."""
    if run.kind != "paragraph":
        return
    visible = _without_readings(text)
    # Counted by regex, not per character in Python: a 200,000-character paragraph is fine.
    letters = len(visible) - len(_NOT_LETTER.findall(visible))
    if letters < KANJI_MIN_CHARS:
        return
    ratio = len(_KANJI.findall(visible)) / letters
    if ratio > KANJI_RATIO_LIMIT:
        yield Advice(
            run.line_at(0),
            _(
                "kanji in this paragraph: {percent} percent; use more hiragana "
                "(aim for {limit} percent or less)"
            ).format(percent=round(ratio * 100), limit=round(KANJI_RATIO_LIMIT * 100)),
        )


def _sentences(run: TextRun, text: str) -> Iterator[Advice]:
    for match in _SENTENCE.finditer(text):
        sentence = match.group().strip()
        if not sentence:
            continue
        line = run.line_at(match.start() + len(match.group()) - len(match.group().lstrip()))
        length = len(_without_readings(sentence).replace(" ", "").replace("　", ""))
        if run.kind in ("paragraph", "list") and length > MAX_SENTENCE_CHARS:
            yield Advice(
                line,
                _("sentence of {n} characters: keep sentences to {limit} or fewer").format(
                    n=length, limit=MAX_SENTENCE_CHARS
                ),
            )
        if (
            run.kind == "paragraph"
            and sentence.endswith(("。", "！"))
            and not sentence.rstrip("。！」』）)").endswith(POLITE_ENDINGS)
        ):
            yield Advice(line, _("end the sentence politely with です or ます"))


def _hard_words(run: TextRun, text: str) -> Iterator[Advice]:
    for word, plain in HARD_WORDS.items():
        start = text.find(word)
        if start >= 0:
            yield Advice(
                run.line_at(start),
                _("「{word}」 is a hard word: try 「{plain}」").format(word=word, plain=plain),
            )


def _times(run: TextRun, text: str) -> Iterator[Advice]:
    for match in _CLOCK.finditer(text):
        yield Advice(
            run.line_at(match.start()),
            _("write the time {time} as 午前/午後, e.g. 午後2時30分").format(time=match.group()),
        )
    for match in _HOUR.finditer(text):
        before = text[max(0, match.start() - 3) : match.start()].replace(" ", "").replace("　", "")
        if not before.endswith(("午前", "午後", "～", "〜", "から")):
            yield Advice(
                run.line_at(match.start()),
                _("write {time} with 午前 or 午後, e.g. 午前{hour}時").format(
                    time=match.group(), hour=match.group(1)
                ),
            )


def _dates(run: TextRun, text: str, reference: date) -> Iterator[Advice]:
    for match in _DATE.finditer(text):
        line = run.line_at(match.start())
        month, day = int(match["month"]), int(match["day"])
        year = _year_of(match, month, day, reference)
        try:
            when = date(year, month, day)
        except ValueError:
            yield Advice(
                line,
                _("{month}月{day}日 does not exist in {year}").format(
                    month=month, day=day, year=year
                ),
                error=True,
            )
            continue
        right = WEEKDAYS_JA[when.weekday()]
        if match["wd"] is None:
            yield Advice(
                line,
                _("add the weekday to the date: {month}月{day}日（{weekday}）").format(
                    month=month, day=day, weekday=right
                ),
            )
        elif match["wd"] != right:
            yield Advice(
                line,
                _("wrong weekday: {year}年{month}月{day}日 is a {weekday}曜日, not {wrong}").format(
                    year=year, month=month, day=day, weekday=right, wrong=match["wd"]
                ),
                error=True,
            )


def _year_of(match: re.Match[str], month: int, day: int, reference: date) -> int:
    if match["year"]:
        return int(match["year"])
    if match["reiwa"]:
        return 2018 + (1 if match["reiwa"] == "元" else int(match["reiwa"]))
    # A date without a year is the next such day from a little before the page's date.
    year = reference.year
    try:
        if date(year, month, min(day, 28)) < reference - timedelta(days=60):
            year += 1
    except ValueError:
        pass
    return year


def _rare_kanji(run: TextRun, text: str) -> Iterator[Advice]:
    for match in _KANJI_RUN.finditer(text):
        word = match.group()
        if word.endswith("）") or text[match.end() : match.end() + 1] == "《":
            continue  # already followed by its reading
        rare = [c for c in dict.fromkeys(word) if c not in JOYO and c not in "々〆"]
        if rare:
            word = word[:MAX_WORD_SHOWN]  # a run of thousands of kanji is shown (and read) cut
            yield Advice(
                run.line_at(match.start()),
                _("「{word}」 has a rare kanji ({kanji}): add a reading, e.g. {example}").format(
                    word=word,
                    kanji="".join(rare[:MAX_WORD_SHOWN]),
                    example=f"{{{word}|{reading_of(word)}}}",
                ),
            )


def reading_of(word: str) -> str:
    """Hiragana reading suggestion for a word, for the volunteer to confirm: from the same
    analysis that makes the furigana and the voice (kiosk.content.analysis)."""
    from kiosk.content.analysis import analyse

    return "".join(reading or base for base, reading in analyse(word).ruby())


def _without_readings(text: str) -> str:
    return re.sub(r"（[ぁ-んァ-ンー・]+）|《[ぁ-んァ-ンー・]+》|｜", "", text)


def _is_punct(char: str) -> bool:
    return char in "、。，．・：；！？「」『』（）()［］【】〜～ー-—,.:;!?\"'％%/／"
