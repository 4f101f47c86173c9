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
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
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
_HYPHEN_RANGE = re.compile(r"(?<=\d)\s*[-–—]\s*(?=\d+\s*[時分日月年度円人歳才])")
_TILDE = re.compile(r"\s*[~〜]\s*")
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
_PAUSES_JA = re.compile(r"[、,\s]*[、,][、,\s]*")


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
    for match in pattern.finditer(text):
        newline = text[match.start()] == "\n"
        if not newline and _open_brackets(text[start : match.start()]) > 0:
            continue  # 「本当？」と聞いた。 is one sentence: do not end inside a quotation
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


def spoken_ja(text: str) -> str:
    # NFKC: full-width digits and letters become ASCII, ㎜ → mm, ～ → ~, （） → ().
    s = unicodedata.normalize("NFKC", text)
    s = _THOUSANDS.sub("", s)  # 1,500円: one number, not a pause after 「いち」
    s = _URL.sub("、リンク、", s)
    s = _EMAIL.sub("、メールアドレス、", s)
    s = _POSTAL.sub(
        lambda m: f"、郵便番号、{_digits_ja(m.group(1))}の、{_digits_ja(m.group(2))}、", s
    )
    s = _PHONE.sub(_phone_ja, s)
    s = _DATE_YMD.sub(lambda m: f"{int(m[1])}年{int(m[2])}月{int(m[3])}日", s)
    s = _DATE_MD.sub(lambda m: f"{int(m[1])}月{int(m[2])}日", s)
    s = _WEEKDAY.sub(_weekday_ja, s)
    s = _CLOCK.sub(_clock_ja, s)
    s = _RANGE.sub("から", s)
    s = _HYPHEN_RANGE.sub("から", s)
    s = _ADDRESS_HYPHEN.sub("の", s)
    s = _TILDE.sub("から", s)
    s = _UNIT_JA.sub(lambda m: m.group(1) + UNITS_JA[m.group(2)], s)
    return _tidy_ja(s)


def _tidy_ja(s: str) -> str:
    out: list[str] = []
    for ch in s:
        if ch in _OPEN_BRACKETS or ch in _CLOSE_BRACKETS or ch in "・/|:;…‥" or ch == "\n":
            out.append("、")
        elif ch in "。、！？!?,.ー〜々〆ヶ" or ch.isalnum() or ch == " ":
            out.append(ch)
        elif unicodedata.category(ch)[0] in "SPC":  # symbols, other punctuation, controls
            out.append(" ")
        else:
            out.append(ch)
    s = "".join(out)
    s = re.sub(r"\s+", " ", s)
    s = _PAUSES_JA.sub("、", s)
    s = re.sub(r"、+([。！？!?])", r"\1", s)
    # A space next to Japanese separates items (table cells, 「役場　12月29日」): a pause.
    s = re.sub(r"(?<=[^\x00-\x7f]) | (?=[^\x00-\x7f])", "、", s)
    s = _PAUSES_JA.sub("、", s)
    return s.strip(" 、")


# --- English ------------------------------------------------------------------------------


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
    hour, minute = int(match.group(2)), int(match.group(3))
    return f"{hour} o'clock" if minute == 0 else f"{hour}:{minute:02d}"


def spoken_en(text: str) -> str:
    s = unicodedata.normalize("NFKC", text)
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
    s = _WEEKDAY_EN.sub(lambda m: WEEKDAYS_EN[m.group(1)], s)
    s = _TILDE.sub(" to ", s)
    s = _UNIT_EN.sub(lambda m: f"{m.group(1)} {UNITS_EN[m.group(2)]}", s)
    s = re.sub(r"\s*&\s*", " and ", s)
    out = []
    for ch in s:
        if ch in _OPEN_BRACKETS or ch in _CLOSE_BRACKETS or ch in "・|;…":
            out.append(", ")
        elif ch in ".,!?:'-/" or ch.isalnum() or ch.isspace():
            out.append(ch)
        elif unicodedata.category(ch)[0] in "SPC":
            out.append(" ")
        else:
            out.append(ch)
    s = "".join(out)
    s = re.sub(r"\s+", " ", s)
    s = re.sub(r"\s*,[\s,]*", ", ", s)
    s = re.sub(r",\s*([.!?])", r"\1", s)
    return s.strip(" ,")
