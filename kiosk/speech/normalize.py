"""Text preparation for speech: sentence spans and the words a person would say.

Pure Python (no Qt, no engine): the screen keeps the written text, the voice gets a spoken
form of each sentence. Japanese follows how announcers read notices aloud: phone numbers digit
by digit with a pause at each hyphen (read as 「の」), postal codes after 「郵便番号」, ranges
with 「から」, weekdays in brackets as 「火曜日」, URLs as 「リンク」, and brackets and symbols
are never read out.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

JA_DIGITS = ["ゼロ", "イチ", "ニー", "サン", "ヨン", "ゴー", "ロク", "ナナ", "ハチ", "キュー"]
EN_DIGITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
WEEKDAYS_JA = {
    "月": "月曜日",
    "火": "火曜日",
    "水": "水曜日",
    "木": "木曜日",
    "金": "金曜日",
    "土": "土曜日",
    "日": "日曜日",
    "祝": "祝日",
    "休": "休日",
}
MONTHS_EN = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
UNITS_JA = {
    "km/h": "キロ",
    "mm": "ミリ",
    "cm": "センチ",
    "km": "キロ",
    "kg": "キロ",
    "mg": "ミリグラム",
    "ml": "ミリリットル",
    "mL": "ミリリットル",
    "m2": "平方メートル",
    "m²": "平方メートル",
    "m": "メートル",
    "g": "グラム",
    "L": "リットル",
    "%": "パーセント",
    "°C": "度",
    "℃": "度",
    "°": "度",
}
UNITS_EN = {
    "km/h": "kilometres per hour",
    "mm": "millimetres",
    "cm": "centimetres",
    "km": "kilometres",
    "kg": "kilograms",
    "mg": "milligrams",
    "ml": "millilitres",
    "mL": "millilitres",
    "m2": "square metres",
    "m²": "square metres",
    "m": "metres",
    "g": "grams",
    "L": "litres",
    "%": "percent",
    "°C": "degrees",
    "℃": "degrees",
    "°": "degrees",
}

# Sentence ends: Japanese full stops and ! ?, then any closing brackets that belong to them.
_JA_END = re.compile(r"[。！？!?]+[」』）)\]］】]*|\n+")
_EN_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])|\n+")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_URL = re.compile(r"(?:https?://|www\.)[^\s、。「」()（）]+(?<![.,!?])", re.IGNORECASE)
# Every pattern here must stay linear on any input (issue 16: a quadratic e-mail pattern froze
# the UI for 38 s on one 120k-character word). A run that can start anywhere (\s*, [\w.]+) is
# anchored with a look-behind so it is tried once per run, not once per character.
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_POSTAL = re.compile(r"〒\s*(\d{3})\s*-\s*(\d{4})")
# 0120-123-456, 03-1234-5678, 0000-12-3456, (03)1234-5678, 090-1234-5678
_PHONE = re.compile(
    r"(?<![\d-])(?:(0\d{1,4})-(\d{1,4})-(\d{3,4})|\((0\d{1,4})\)\s*(\d{1,4})-(\d{4}))(?![\d-])"
)
_DATE_YMD = re.compile(r"(?<!\d)(\d{4})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})(?!\d)")
_DATE_MD = re.compile(r"(?<![\d/])(1[0-2]|0?[1-9])/(3[01]|[12]\d|0?[1-9])(?![\d/])")
_WEEKDAY = re.compile(
    r"\(([月火水木金土日祝休])(?:曜日?)?(?:・([月火水木金土日祝休])(?:曜日?)?)?\)"
)
_CLOCK = re.compile(r"(?<![\d:])(?:(午前|午後)\s*)?([01]?\d|2[0-4]):([0-5]\d)(?![\d:])")
_ADDRESS_HYPHEN = re.compile(r"(?<=\d)-(?=\d)")  # 2-3 (番地) → 2の3
_WEEKDAY_EN = re.compile(r"\b(Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)\b\.?")
WEEKDAYS_EN = {
    "Mon": "Monday",
    "Tue": "Tuesday",
    "Tues": "Tuesday",
    "Wed": "Wednesday",
    "Thu": "Thursday",
    "Thur": "Thursday",
    "Thurs": "Thursday",
    "Fri": "Friday",
    "Sat": "Saturday",
    "Sun": "Sunday",
}
_RANGE = re.compile(r"(?<=[\d時分日月年度円人])\s*[~〜]\s*(?=[\d午])")
_HYPHEN_RANGE = re.compile(
    r"(?<=[\d時分])[-–—](?=\d+(?:[.:]\d+)?\s*(?:[時分日月年度円人歳才階回℃%]|°C|[kcm]?m\b|kg|g\b))"
)
_TILDE = re.compile(r"(?<!\s)\s*[~〜]\s*")
_UNIT_JA = re.compile(
    r"(\d)\s*(" + "|".join(re.escape(u) for u in sorted(UNITS_JA, key=len, reverse=True)) + r")"
    r"(?![A-Za-z])"
)
_UNIT_EN = re.compile(
    r"(\d)\s*(" + "|".join(re.escape(u) for u in sorted(UNITS_EN, key=len, reverse=True)) + r")"
    r"(?![A-Za-z])"
)
_OPEN_BRACKETS = "(「『【［[〔《〈<"
_CLOSE_BRACKETS = ")」』】］]〕》〉>"
_PAUSE_CHARS_JA = str.maketrans(
    dict.fromkeys(_OPEN_BRACKETS + _CLOSE_BRACKETS + "・/|:;…‥\n", "、")
)
_PAUSE_CHARS_EN = str.maketrans(dict.fromkeys(_OPEN_BRACKETS + _CLOSE_BRACKETS + "・|;…", ", "))
# What is neither a word character, a space nor punctuation the voice uses: not read.
_SYMBOLS_JA = re.compile(r"[^\w\s。、！？!?,.ー〜々〆ヶ]+|_+")
_SYMBOLS_EN = re.compile(r"[^\w\s.,!?:'/-]+|_+")
_PAUSES_JA = re.compile(r"(?<![、,\s])[、,\s]*[、,][、,\s]*")
# −3℃, －5℃: a sign before a number that follows no digit is said (weather!).
_MINUS = re.compile(r"(?<![0-9A-Za-z.,)])[-−‐‑–—](?=\d)")
_PLUS = re.compile(r"(?<![0-9A-Za-z.,)])[+＋](?=\d)")
_SPEED = re.compile(r"(風速|時速|秒速)?(?<!\d)(\d+(?:\.\d+)?)\s*(m/s|km/h|km/時)(?![A-Za-z])")
_FLOOR = re.compile(r"(?<![A-Za-z\d])(B)?(\d{1,3})\s*[FＦ](?![A-Za-z])")
_TEL = re.compile(
    r"(?<![A-Za-z])(TEL|Tel|tel|FAX|Fax|fax|Mail|MAIL|E-mail|e-mail)(?![A-Za-z])\.?\s*[:：]?\s*"
)
_WEEKDAY_THEN_TIME = re.compile(r"(曜日|曜)(?=\s*(?:午前|午後|\d))")


@dataclass(frozen=True, slots=True)
class Span:
    """One sentence of the written text: ``text == source[start:end]``."""

    start: int
    end: int
    text: str


def split_sentences(text: str, lang: str) -> list[Span]:
    """Sentences in reading order, as spans of ``text`` (for highlighting what is read)."""
    pattern = _JA_END if lang == "ja" else _EN_END
    spans: list[Span] = []
    start = 0
    depth = 0  # brackets open since ``start``, counted once per character (linear)
    counted = 0
    for match in pattern.finditer(text):
        newline = text[match.start()] == "\n"
        depth += _open_brackets(text[counted : match.start()])
        counted = match.start()
        if not newline and depth > 0:
            continue  # 「本当？」と聞いた。 is one sentence: do not end inside a quotation
        depth = 0
        counted = match.end()
        end = match.end() if text[match.start()] not in "\n " else match.start()
        _add_span(spans, text, start, end)
        start = match.end()
    _add_span(spans, text, start, len(text))
    return spans


def _open_brackets(text: str) -> int:
    return sum(text.count(c) for c in "「『（(") - sum(text.count(c) for c in "」』）)")


def _add_span(spans: list[Span], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    piece = text[start:end]
    if any(ch.isalnum() for ch in piece):  # nothing to say in a line of symbols
        spans.append(Span(start, end, piece))


def spoken(text: str, lang: str) -> str:
    """The words to say for one sentence in ``lang`` (``ja``; anything else as English)."""
    return spoken_ja(text) if lang == "ja" else spoken_en(text)


def clause_chunks(sentence: str, max_chars: int) -> list[str]:
    """Split a long spoken sentence at clause pauses (、 or ,) into pieces of ≤ max_chars where
    possible, so the first audio is ready sooner; a short sentence stays whole."""
    if len(sentence) <= max_chars:
        return [sentence]
    parts = re.split(r"(?<=[、,])", sentence)
    chunks: list[str] = []
    for part in parts:
        if chunks and len(chunks[-1]) + len(part) <= max_chars:
            chunks[-1] += part
        elif part:
            chunks.append(part)
    # A dangling tiny tail (e.g. 「です。」) sounds odd alone: join it to the previous piece.
    if len(chunks) > 1 and len(chunks[-1]) < 6:
        tail = chunks.pop()  # popped first: ``chunks[-2] += chunks.pop()`` fails at 2 chunks
        chunks[-1] += tail
    return chunks


# Synthesis chunk sizes (characters of spoken text). Open JTalk needs ≈0.05 s per second of
# speech plus a fixed cost, so a ≈30-character chunk (≈5 s) is ready in ≈0.2 s; the very first
# chunk is cut at the first clause so the first sound comes sooner still. eSpeak is ~100×
# faster, so other languages keep whole sentences.
CHUNK_CHARS = {"ja": 30}
FIRST_CHUNK_CHARS = {"ja": 12}
CHUNK_CHARS_OTHER = 200


def plan_chunks(spoken_sentences: list[str], lang: str) -> list[tuple[int, int, str]]:
    """(chunk number, sentence number, text) for every piece to synthesise, in order."""
    limit = CHUNK_CHARS.get(lang, CHUNK_CHARS_OTHER)
    chunks: list[tuple[int, int, str]] = []
    for index, sentence in enumerate(spoken_sentences):
        if not chunks:
            first_limit = FIRST_CHUNK_CHARS.get(lang, CHUNK_CHARS_OTHER)
            head, *rest = clause_chunks(sentence, first_limit)
            pieces = [head, *clause_chunks("".join(rest), limit)] if rest else [head]
        else:
            pieces = clause_chunks(sentence, limit)
        for piece in pieces:
            if piece:
                chunks.append((len(chunks), index, piece))
    return chunks


# --- Japanese -----------------------------------------------------------------------------


def _digits_ja(number: str) -> str:
    return "".join(JA_DIGITS[int(d)] for d in number if d.isdigit())


def _phone_ja(match: re.Match[str]) -> str:
    groups = [g for g in match.groups() if g]
    return "、" + "の、".join(_digits_ja(g) for g in groups) + "、"


def _clock_ja(match: re.Match[str]) -> str:
    half, hour, minute = match.group(1) or "", int(match.group(2)), int(match.group(3))
    return f"{half}{hour}時" + (f"{minute}分" if minute else "")


def _weekday_ja(match: re.Match[str]) -> str:
    days = [WEEKDAYS_JA[d] for d in match.groups() if d]
    return "、" + "、".join(days)


def _speed_ja(match: re.Match[str]) -> str:
    """25m/s → 秒速25メートル, 5km/h → 時速5キロ; 「風速25m/s」 keeps its own word."""
    word, number, unit = match.groups()
    word = word or ("秒速" if unit == "m/s" else "時速")
    return word + number + ("メートル" if unit == "m/s" else "キロ")


_TEL_JA = {"tel": "電話", "fax": "ファックス", "mail": "メール", "e-mail": "メール"}


def spoken_ja(text: str) -> str:
    # NFKC: full-width digits and letters become ASCII, ㎜ → mm, ～ → ~, （） → ().
    s = unicodedata.normalize("NFKC", text)
    s = _THOUSANDS.sub("", s)  # 1,500円: one number, not a pause after 「いち」
    s = _URL.sub("、リンク、", s)
    s = _EMAIL.sub("、メールアドレス、", s)
    s = _POSTAL.sub(
        lambda m: f"、郵便番号、{_digits_ja(m.group(1))}の、{_digits_ja(m.group(2))}、", s
    )
    s = _TEL.sub(lambda m: "、" + _TEL_JA[m.group(1).lower()] + "、", s)
    s = _PHONE.sub(_phone_ja, s)
    s = _DATE_YMD.sub(lambda m: f"{int(m[1])}年{int(m[2])}月{int(m[3])}日", s)
    s = _DATE_MD.sub(lambda m: f"{int(m[1])}月{int(m[2])}日", s)
    s = _WEEKDAY.sub(_weekday_ja, s)
    s = _WEEKDAY_THEN_TIME.sub(r"\1、", s)  # 「火曜日、午前10時」: a pause, as people say it
    s = _CLOCK.sub(_clock_ja, s)
    s = _RANGE.sub("から", s)
    s = _HYPHEN_RANGE.sub("から", s)
    s = _MINUS.sub("マイナス", s)
    s = _PLUS.sub("プラス", s)
    s = _ADDRESS_HYPHEN.sub("の", s)
    s = _TILDE.sub("から", s)
    s = _SPEED.sub(_speed_ja, s)
    s = _FLOOR.sub(lambda m: ("地下" if m.group(1) else "") + m.group(2) + "階", s)
    s = _UNIT_JA.sub(lambda m: m.group(1) + UNITS_JA[m.group(2)], s)
    return _tidy_ja(s)


def _tidy_ja(s: str) -> str:
    # Whole-string passes (translate, one regex), not a Python loop per character: 200k
    # characters of anything must stay well under half a second.
    s = s.translate(_PAUSE_CHARS_JA)
    s = _SYMBOLS_JA.sub(" ", s)  # symbols, other punctuation, controls are not read
    s = re.sub(r"\s+", " ", s)
    s = _PAUSES_JA.sub("、", s)
    s = re.sub(r"(?<!、)、+([。！？!?])", r"\1", s)
    # A space next to Japanese separates items (table cells, 「役場　12月29日」): a pause.
    s = re.sub(r"(?<=[^\x00-\x7f]) | (?=[^\x00-\x7f])", "、", s)
    s = _PAUSES_JA.sub("、", s)
    return s.strip(" 、")


# --- English ------------------------------------------------------------------------------


_AM_PM_AFTER = re.compile(r"\s?[aApP]\.?[mM]\b")
_TEL_EN = {"tel": "phone", "fax": "fax", "mail": "email", "e-mail": "email"}


def _digits_en(number: str) -> str:
    return " ".join(EN_DIGITS[int(d)] for d in number if d.isdigit())


def _phone_en(match: re.Match[str]) -> str:
    groups = [g for g in match.groups() if g]
    return ", ".join(_digits_en(g) for g in groups) + ","


def _date_en(year: int | None, month: int, day: int) -> str:
    if not 1 <= month <= 12:
        return f"{month}/{day}"
    text = f"{MONTHS_EN[month - 1]} {day}"
    return f"{text}, {year}" if year else text


def _clock_en(match: re.Match[str]) -> str:
    """16:00 → 4 p.m., 9:30 → 9:30 a.m., 12:00 → noon: as people say the time."""
    half, hour, minute = match.group(1), int(match.group(2)), int(match.group(3))
    if half == "午後" and hour < 12:
        hour += 12
    if minute == 0 and hour in (0, 24):
        return "midnight"
    if minute == 0 and hour == 12:
        return "noon"
    if _AM_PM_AFTER.match(match.string, match.end()):  # "9:30 a.m." already says which half
        return f"{hour}" if minute == 0 else f"{hour}:{minute:02d}"
    suffix = "a.m." if hour % 24 < 12 else "p.m."
    twelve = hour % 12 or 12
    return f"{twelve} {suffix}" if minute == 0 else f"{twelve}:{minute:02d} {suffix}"


def spoken_en(text: str) -> str:
    s = unicodedata.normalize("NFKC", text)
    s = _THOUSANDS.sub("", s)  # 1,500: one number ("one thousand five hundred"), not two
    s = _MINUS.sub("minus ", s)
    s = _SPEED.sub(
        lambda m: m.group(2) + (" metres per second" if m.group(3) == "m/s" else " km per hour"), s
    )
    s = _FLOOR.sub(lambda m: ("basement " if m.group(1) else "floor ") + m.group(2), s)
    s = _TEL.sub(lambda m: _TEL_EN[m.group(1).lower()] + " ", s)
    s = _URL.sub(", link,", s)
    s = _EMAIL.sub(", email address,", s)
    s = _POSTAL.sub(lambda m: f"postcode {_digits_en(m.group(1))}, {_digits_en(m.group(2))},", s)
    s = _PHONE.sub(_phone_en, s)
    s = _DATE_YMD.sub(lambda m: _date_en(int(m[1]), int(m[2]), int(m[3])), s)
    s = _DATE_MD.sub(lambda m: _date_en(None, int(m[1]), int(m[2])), s)
    s = re.sub(
        r"(?<=[\d.apm])\s*[~〜–—]\s*(?=\d)|(?<=\d)\s*-\s*(?=\d)|(?<=m\.)\s+-\s+(?=\d)",
        " to ",
        s,
    )
    s = _CLOCK.sub(_clock_en, s)
    s = re.sub(r"(?<=[ap]\.m\.)\.", "", s)  # "at 10 a.m.." → "at 10 a.m."
    s = _WEEKDAY_EN.sub(lambda m: WEEKDAYS_EN[m.group(1)], s)
    s = _TILDE.sub(" to ", s)
    s = _UNIT_EN.sub(lambda m: f"{m.group(1)} {UNITS_EN[m.group(2)]}", s)
    s = re.sub(r"(?<!\s)\s*&\s*", " and ", s)
    s = s.translate(_PAUSE_CHARS_EN)
    s = _SYMBOLS_EN.sub(" ", s)
    s = re.sub(r"\s+", " ", s)
    s = re.sub(r"(?<![\s,])\s*,[\s,]*", ", ", s)
    s = re.sub(r",\s*([.!?])", r"\1", s)
    return s.strip(" ,")
