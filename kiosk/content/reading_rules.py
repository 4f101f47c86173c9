"""Rules on top of Open JTalk's readings, for what still goes wrong in municipal text.

方 after a phrase about people is かた, ほう after places and in comparisons; 何 before a counter
or a number is なん; 20歳 is はたち; 年 before a count is ねん; 家 after a time word is いえ.
They edit the NJD features in place, so furigana and the voice both follow (kiosk.content.analysis).
"""

from __future__ import annotations

import unicodedata
from typing import Any

from kiosk.content.kana_forms import mora_count

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


def set_reading(entry: dict[str, Any], kana: str, pron: str | None = None) -> None:
    pron = pron or kana
    entry["read"] = kana
    entry["pron"] = pron
    entry["mora_size"] = mora_count(pron)
    entry["acc"] = min(int(entry.get("acc", 0) or 0), entry["mora_size"])


def apply_rules(text: str, entries: list[dict[str, Any]], spans: list[tuple[int, int]]) -> None:
    for index, entry in enumerate(entries):
        string = str(entry["string"])
        before = entries[index - 1] if index else None
        after = entries[index + 1] if index + 1 < len(entries) else None
        # 何 before a counter: 何人 なんにん, 何時 なんじ, 何日 なんにち, 何回 なんかい.
        if string == "何" and after is not None and _nan_follows(after):
            set_reading(entry, "ナン")
        # 方 after a phrase about people is かた.
        elif string == "方" and entry["pron"] in ("ホー", "ホウ") and before is not None:
            if _people_before(entries, index) and not _comparison_after(entries, index):
                set_reading(entry, "カタ")
        # 年 before a count is ねん: 「年2回」 (not とし).
        elif string == "年" and after is not None and after["pos_group1"] == "数":
            if entry["pron"] == "トシ":
                set_reading(entry, "ネン")
        # 家 after a time word is いえ: 「今日は一日家で」 (not the suffix か of 作家).
        elif string == "家" and entry["pron"] == "カ" and before is not None:
            if before["pos_group1"] == "副詞可能":
                set_reading(entry, "イエ")
        elif string == "方" and entry["pron"] == "カタ" and _comparison_after(entries, index):
            set_reading(entry, "ホウ", "ホー")  # 「行った方がいい」
    # 20歳 (written with digits) is はたち.
    for index in range(len(entries) - 2):
        a, b, c = entries[index : index + 3]
        if (a["string"], b["string"]) == ("二", "十") and c["string"] in ("歳", "才"):
            s, e = spans[index][0], spans[index + 2][1]
            if text[s:e].replace("２０", "20").startswith("20") and not _digit_before(text, s):
                set_reading(a, "ハタチ")
                set_reading(b, "")
                set_reading(c, "")
                a["string"] = "二十歳"
                spans[index] = (s, e)
                del entries[index + 1 : index + 3]
                del spans[index + 1 : index + 3]
                break


def _nan_follows(after: dict[str, Any]) -> bool:
    """何 is なん before a counter (何人, 何時), a number (何十, 何百) or て (何て)."""
    string = str(after["string"])
    return (
        string[:1] in _COUNTERS
        or after["pos_group1"] == "数"
        or after["pos_group2"] == "助数詞"
        or string in ("て", "だ", "です", "でしょう")
    )


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
