"""One context-aware reading analysis for furigana AND the voice. No Qt here.

Open JTalk's front end (pyopenjtalk-plus: MeCab + NAIST dictionary, with Sudachi-based
corrections for words written alike but read differently) splits a sentence into words and
gives each word its reading *in context* (「薬は一日に3回」 いちにち, 「12月1日」 ついたち).
``bench/reading_bench.py`` measured it against SudachiPy's own reading forms on the municipal
list and on public dictionary data and it won clearly (figures in docs/readings.md), so it is
the one source. A few rules sit on top for what still goes wrong in municipal texts (方 after a
phrase about people is かた, 何 before a counter is なん, 20歳 is はたち), then the
content's own readings and the user dictionary (unknown place names) win over everything.

The same :class:`Analysis` feeds both outputs:

- ``ruby()`` — segments for furigana, from each word's *orthographic* reading (こうれい);
- ``features`` — the NJD features the voice synthesises from (``kiosk.speech.openjtalk``),
  whose *pronunciation* (コーレー) is that same reading as spoken.

So furigana always shows the reading the voice says. This module imports pyopenjtalk on first
use: it runs at sync/import time and in the speech worker, never in the UI process.
"""

from __future__ import annotations

import contextlib
import io
import re
import threading
import unicodedata
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

# Bump when the analysis or its rules change: stored readings of an older version are redone.
ANALYSIS_VERSION = 1

KANJI = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆ヶ"
_HAS_KANJI = re.compile(f"[{KANJI}]")
_SMALL_KANA = set("ァィゥェォャュョヮ")
_COUNTERS = set("時日人回階歳才年月分本枚個度件名台週秒")

# 方 is かた (a person, politely) after these words + の: 「65歳以上の方」「ご希望の方」.
# Elsewhere after の it is ほう (a direction or a side): 「市役所の方から」「こちらの方が」.
_PEOPLE_WORDS = """以上 以下 未満 在住 在勤 在学 家族 高齢 障害 障がい 希望 対象 該当 利用
者 持ち 初めて 予定 保護 本人 市民 町民 区民 村民 住民 同伴 介助 妊娠 中 歳 才 代 年生 会員
患者 女性 男性 子 お子さん 子ども 子供 経験 未経験 申込 申し込み 受診 受給 加入 登録 世帯 親
独居 一人暮らし ひとり暮らし 認定 要介護 要支援 寝たきり 外国 障害者 高齢者 参加 来場 来館
お住まい 方々 不安 心配 興味 関心 付き添い 車いす 車椅子 乳幼児 妊婦 未就学 保護者 利用者"""
PEOPLE_BEFORE_NO = frozenset(_PEOPLE_WORDS.split())
# …but 「…した方がいい」 compares: ほう.
_COMPARISONS = "いい よい 良い 安全 便利 早い 多い 少ない 大切 確実 楽 ましだ"
_COMPARISON_AFTER = frozenset(_COMPARISONS.split())


@dataclass(frozen=True, slots=True)
class Word:
    """One word of the analysed text: ``text[start:end]`` is how it is written."""

    surface: str
    read: str  # katakana as written in kana (コウレイ): what furigana shows
    pron: str  # katakana as said (コーレー): what the voice says; "" for symbols
    pos: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Analysis:
    text: str
    words: tuple[Word, ...]
    features: tuple[dict[str, Any], ...]  # NJD features for the voice (same words, same readings)

    def kana(self) -> str:
        """The whole text as the voice says it, in katakana (pauses as 、)."""
        out: list[str] = []
        for word in self.words:
            if word.pos == "記号":
                if out and out[-1] != "、":
                    out.append("、")
            else:
                out.append(word.pron.replace("’", ""))
        return "".join(out).strip("、")

    def ruby(self) -> list[tuple[str, str]]:
        """(base, hiragana reading) pairs covering the text; reading "" where none is needed."""
        pairs: list[tuple[str, str]] = []
        position = 0
        for word in self.words:
            if word.start > position:
                pairs.append((self.text[position : word.start], ""))
            if word.start < position:  # overlapping spans (number words): keep what we have
                continue
            if has_kanji(word.surface) and word.read:
                pairs.extend(_word_ruby(word))
            else:
                pairs.append((word.surface, ""))
            position = word.end
        if position < len(self.text):
            pairs.append((self.text[position:], ""))
        return merge_plain(pairs)


_WEEKDAY_MARK = re.compile(r"[（(]([月火水木金土日])[）)]")
WEEKDAY_READINGS = {
    "月": "げつ",
    "火": "か",
    "水": "すい",
    "木": "もく",
    "金": "きん",
    "土": "ど",
    "日": "にち",
}
_O_ROW = set("オコソトノホモヨロヲゴゾドボポョォ")
_E_ROW = set("エケセテネヘメレゲゼデベペェ")


def furigana_reading(read: str, pron: str) -> str:
    """The hiragana to show over a word: what the voice says (pron), spelt as kana are written.

    ``read`` is the dictionary's spelling of the base form (分 フン) and ``pron`` what is said
    in this context (30分 プン, 高齢 コーレー). Where they differ only by long vowels the spelling
    wins (こうれい); otherwise the pronunciation, with ー spelt out (オ段+ー → う, エ段+ー → い).
    """
    pron = pron.replace("’", "")
    if len(read) == len(pron) and all(r == p or p == "ー" for r, p in zip(read, pron, strict=True)):
        return to_hiragana(read)
    out: list[str] = []
    for char in pron:
        if char == "ー" and out:
            out.append("ウ" if out[-1] in _O_ROW else "イ" if out[-1] in _E_ROW else "ー")
        else:
            out.append(char)
    return to_hiragana("".join(out))


def _word_ruby(word: Word) -> list[tuple[str, str]]:
    mark = _WEEKDAY_MARK.fullmatch(word.surface)
    if mark:  # （水） is read 水曜日; the ruby sits over 水 alone
        return [
            (word.surface[0], ""),
            (mark.group(1), WEEKDAY_READINGS[mark.group(1)]),
            (word.surface[-1], ""),
        ]
    return split_okurigana(word.surface, furigana_reading(word.read, word.pron))


def has_kanji(text: str) -> bool:
    return bool(_HAS_KANJI.search(text))


def to_hiragana(text: str) -> str:
    return "".join(chr(ord(c) - 0x60) if "\u30a1" <= c <= "\u30f6" else c for c in text)


def to_katakana(text: str) -> str:
    return "".join(chr(ord(c) + 0x60) if "\u3041" <= c <= "\u3096" else c for c in text)


def spoken_kana(kana: str) -> str:
    """Written kana → as said: オ段+ウ and エ段+イ are long vowels (チョウ → チョー)."""
    out: list[str] = []
    for char in to_katakana(kana):
        previous = out[-1] if out else ""
        if (char == "ウ" and previous in _O_ROW) or (char == "イ" and previous in _E_ROW):
            char = "ー"
        out.append(char)
    return "".join(out)


def mora_count(kana: str) -> int:
    return sum(1 for c in kana if c not in _SMALL_KANA and c != "’" and not c.isspace())


# --- the front end --------------------------------------------------------------------------

_LOCK = threading.Lock()  # Open JTalk's global instance is not safe across threads


@cache
def _pyopenjtalk():
    # The package prints an advisory about an optional model on import; keep it quiet.
    with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pyopenjtalk
    return pyopenjtalk


def available() -> bool:
    try:
        _pyopenjtalk()
    except Exception:
        return False
    return True


def analyse(text: str, overrides: Iterable[tuple[str, str]] = ()) -> Analysis:
    """Words of ``text`` with readings in context, rules applied, then ``overrides``
    ((base, reading) pairs: the content's own readings and the user dictionary) win."""
    given = tuple(sorted({(b, r) for b, r in overrides if b and r}, key=lambda p: -len(p[0])))
    return _analyse_cached(text, given)


@lru_cache(maxsize=2048)
def _analyse_cached(text: str, given: tuple[tuple[str, str], ...]) -> Analysis:
    if not text.strip():
        return Analysis(text, (), ())
    features, spans = _front_end(text)
    entries = [dict(f) for f in features]
    spans = list(spans)
    _apply_rules(text, entries, spans)
    _apply_overrides(text, entries, spans, given)
    words = tuple(
        Word(
            text[s:e],
            str(f["read"]) if f["pos"] != "記号" else "",
            str(f["pron"]) if f["pos"] != "記号" else "",
            str(f["pos"]),
            s,
            e,
        )
        for f, (s, e) in zip(entries, spans, strict=True)
    )
    return Analysis(text, words, tuple(entries))


def _front_end(text: str) -> tuple[list[dict[str, Any]], list[tuple[int, int]]]:
    pyopenjtalk = _pyopenjtalk()
    with _LOCK, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        features, morphs = pyopenjtalk.run_frontend_detailed(text)
        mapping = pyopenjtalk.make_phoneme_mapping(features, morphs, caller_text=text)
    if len(mapping) != len(features):  # never seen; keep the words, drop the spans
        return [dict(f) for f in features], _spans_by_search(text, features)
    spans = [tuple(m["char_span"]) for m in mapping]
    # A word the mapping could not place has (0, 0): find it by its written form.
    fixed: list[tuple[int, int]] = []
    position = 0
    for feature, (start, end) in zip(features, spans, strict=True):
        if (start, end) == (0, 0) and feature["string"]:
            found = _find(text, str(feature["string"]), position)
            start, end = (found, found + len(str(feature["string"]))) if found >= 0 else (0, 0)
        fixed.append((start, end))
        position = max(position, end)
    return [dict(f) for f in features], fixed


def _find(text: str, string: str, position: int) -> int:
    found = text.find(string, position)
    if found < 0:
        folded = unicodedata.normalize("NFKC", string)
        found = text.find(folded, position)
    return found


def _spans_by_search(text: str, features: Sequence[dict[str, Any]]) -> list[tuple[int, int]]:
    spans = []
    position = 0
    for feature in features:
        found = _find(text, str(feature["string"]), position)
        if found < 0:
            spans.append((position, position))
        else:
            spans.append((found, found + len(str(feature["string"]))))
            position = found + len(str(feature["string"]))
    return spans


# --- rules on top ---------------------------------------------------------------------------


def _set_reading(entry: dict[str, Any], kana: str, pron: str | None = None) -> None:
    pron = pron or kana
    entry["read"] = kana
    entry["pron"] = pron
    entry["mora_size"] = mora_count(pron)
    entry["acc"] = min(int(entry.get("acc", 0) or 0), entry["mora_size"])


def _apply_rules(text: str, entries: list[dict[str, Any]], spans: list[tuple[int, int]]) -> None:
    for index, entry in enumerate(entries):
        string = str(entry["string"])
        before = entries[index - 1] if index else None
        after = entries[index + 1] if index + 1 < len(entries) else None
        # 何 before a counter: 何人 なんにん, 何時 なんじ, 何日 なんにち, 何回 なんかい.
        if string == "何" and after is not None and str(after["string"])[:1] in _COUNTERS:
            _set_reading(entry, "ナン")
        # 方 after a phrase about people is かた.
        elif string == "方" and entry["pron"] in ("ホー", "ホウ") and before is not None:
            if _people_before(entries, index) and not _comparison_after(entries, index):
                _set_reading(entry, "カタ")
        # 年 before a count is ねん: 「年2回」 (not とし).
        elif string == "年" and after is not None and after["pos_group1"] == "数":
            if entry["pron"] == "トシ":
                _set_reading(entry, "ネン")
        # 家 after a time word is いえ: 「今日は一日家で」 (not the suffix か of 作家).
        elif string == "家" and entry["pron"] == "カ" and before is not None:
            if before["pos_group1"] == "副詞可能":
                _set_reading(entry, "イエ")
        elif string == "方" and entry["pron"] == "カタ" and _comparison_after(entries, index):
            _set_reading(entry, "ホウ", "ホー")  # 「行った方がいい」
    # 20歳 (written with digits) is はたち.
    for index in range(len(entries) - 2):
        a, b, c = entries[index : index + 3]
        if (a["string"], b["string"]) == ("二", "十") and c["string"] in ("歳", "才"):
            s, e = spans[index][0], spans[index + 2][1]
            if text[s:e].replace("２０", "20").startswith("20") and not _digit_before(text, s):
                _set_reading(a, "ハタチ")
                _set_reading(b, "")
                _set_reading(c, "")
                a["string"] = "二十歳"
                spans[index] = (s, e)
                del entries[index + 1 : index + 3]
                del spans[index + 1 : index + 3]
                break


def _digit_before(text: str, start: int) -> bool:
    return start > 0 and unicodedata.normalize("NFKC", text[start - 1]).isdigit()


def _people_before(entries: list[dict[str, Any]], index: int) -> bool:
    before = entries[index - 1]
    if before["pos"] in ("動詞", "助動詞") or str(before["string"]) in ("ある", "いる", "ない"):
        return True  # 「参加される方」「障害のある方」「該当する方」
    if before["string"] == "する":
        return True
    if before["string"] != "の" or index < 2:
        return False
    word = str(entries[index - 2]["string"])
    return word in PEOPLE_BEFORE_NO or any(word.endswith(p) for p in ("者", "歳", "才", "以上"))


def _comparison_after(entries: list[dict[str, Any]], index: int) -> bool:
    rest = [str(e["string"]) for e in entries[index + 1 : index + 3]]
    if rest[:1] in (["が"], ["は"]) and len(rest) > 1:
        return rest[1] in _COMPARISON_AFTER
    return False


def _apply_overrides(
    text: str,
    entries: list[dict[str, Any]],
    spans: list[tuple[int, int]],
    given: tuple[tuple[str, str], ...],
) -> None:
    """Content readings and the user dictionary: the words under each base become one word."""
    if not given:
        return
    taken = [False] * len(text)
    for base, reading in given:
        start = text.find(base)
        while start >= 0:
            end = start + len(base)
            if not any(taken[start:end]):
                taken[start:end] = [True] * (end - start)
                _merge_span(entries, spans, start, end, base, to_katakana(reading))
            start = text.find(base, end)


def _merge_span(
    entries: list[dict[str, Any]],
    spans: list[tuple[int, int]],
    start: int,
    end: int,
    base: str,
    kana: str,
) -> None:
    inside = [i for i, (s, e) in enumerate(spans) if s < end and e > start]
    if not inside:
        return
    first, last = inside[0], inside[-1]
    if spans[first][0] < start or spans[last][1] > end:
        # The base cuts a word in two (さくら川 inside a longer word): take the whole words.
        start, end = min(start, spans[first][0]), max(end, spans[last][1])
        kana = _extend_kana(entries, first, last, spans, start, end, base, kana)
    entry = dict(entries[first])
    entry.update(string=base, orig=base, pos="名詞", pos_group1="固有名詞", acc=0)
    entry["chain_flag"] = -1
    _set_reading(entry, kana, spoken_kana(kana))
    entries[first : last + 1] = [entry]
    spans[first : last + 1] = [(start, end)]


def _extend_kana(entries, first, last, spans, start, end, base, kana) -> str:  # noqa: ANN001
    """Readings of the word parts outside ``base`` when the base cut words in two."""
    head = ""
    tail = ""
    first_start = spans[first][0]
    last_end = spans[last][1]
    if first_start < start:
        word = entries[first]
        head = _part_reading(str(word["string"]), str(word["read"]), start - first_start, True)
    if last_end > end:
        word = entries[last]
        tail = _part_reading(str(word["string"]), str(word["read"]), last_end - end, False)
    return head + kana + tail


def _part_reading(string: str, read: str, length: int, head: bool) -> str:
    part = string[:length] if head else string[-length:]
    if not has_kanji(part):
        return to_katakana(part)
    return read if head else ""  # cannot split a reading inside kanji: keep the word's own


# --- furigana helpers -------------------------------------------------------------------------


def split_okurigana(surface: str, hira: str) -> list[tuple[str, str]]:
    """知らせ + しらせ → [(知, し), (らせ, "")]: ruby over the kanji only."""
    head = 0
    while (
        head < len(surface)
        and not has_kanji(surface[head])
        and head < len(hira)
        and to_hiragana(surface[head]) == hira[head]
    ):
        head += 1
    tail = 0
    while (
        tail < len(surface) - head
        and tail < len(hira) - head
        and not has_kanji(surface[-1 - tail])
        and to_hiragana(surface[-1 - tail]) == hira[len(hira) - 1 - tail]
    ):
        tail += 1
    core = surface[head : len(surface) - tail]
    core_reading = hira[head : len(hira) - tail]
    if not core_reading:
        return [(surface, "")]
    out: list[tuple[str, str]] = []
    if head:
        out.append((surface[:head], ""))
    out.extend(_align_inner_kana(core, core_reading))
    if tail:
        out.append((surface[len(surface) - tail :], ""))
    return out


def _align_inner_kana(core: str, reading: str) -> list[tuple[str, str]]:
    """飛び出 + とびだ → 飛(と) び 出(だ): kana inside a word is not covered by ruby."""
    runs = re.findall(f"[{KANJI}0-9０-９]+|[^{KANJI}0-9０-９]+", core)
    if len(runs) == 1:
        return [(core, reading)]
    parts = []
    for run in runs:
        parts.append("(.+?)" if has_kanji(run) or run[0].isdigit() else re.escape(to_hiragana(run)))
    match = re.fullmatch("".join(parts), reading)
    if match is None:
        return [(core, reading)]
    groups = iter(match.groups())
    return [
        (run, next(groups)) if has_kanji(run) or run[0].isdigit() else (run, "") for run in runs
    ]


def merge_plain(pairs: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    merged: list[tuple[str, str]] = []
    for base, reading in pairs:
        if not base:
            continue
        if merged and not reading and not merged[-1][1]:
            merged[-1] = (merged[-1][0] + base, "")
        else:
            merged.append((base, reading))
    return merged
