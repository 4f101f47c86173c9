"""Cell values of open-data CSVs, kept meaningful: yes/no marks as words, numbers with their
units, addresses without a repeated building name."""

from __future__ import annotations

import re

from kiosk.i18n import N_, gettext

# Yes/no as publishers write them: 1/blank (指定緊急避難場所), 有/無, 可/不可, ○/×, あり/なし …
YES_MARKS = frozenset(
    {"1", "○", "〇", "◯", "●", "◎", "有", "有り", "あり", "可", "対応", "対応可", "はい", "true",
     "yes", "y", "t", "設置", "設置あり", "指定", "該当"}
)  # fmt: skip
NO_MARKS = frozenset(
    {"0", "×", "✕", "✖", "x", "無", "無し", "なし", "不可", "非対応", "対応不可", "いいえ", "false",
     "no", "n", "f", "-", "－", "ー", "未設置", "設置なし", "非該当"}
)  # fmt: skip
_NUMBER = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^[+-]?\d+(?:\.\d+)?$")
# How a number with a unit reads in each content language (ja reads the unit as written).
UNIT_FORMATS = {
    "人": N_("{n} people"),
    "台": N_("{n} units"),
    "床": N_("{n} beds"),
    "m": N_("{n} m"),
    "円": N_("{n} yen"),
}


def flag_value(text: str) -> bool | None:
    """True/False for a recognised yes/no mark, None for a blank or anything else."""
    value = text.strip().lower()
    if value in YES_MARKS:
        return True
    if value in NO_MARKS:
        return False
    return None


def hazard_value(text: str) -> bool | None:
    """A hazard mark (指定緊急避難場所: "1" or empty): a blank means "not for this hazard";
    a value that is neither yes nor no is None (shown as written, never guessed)."""
    if not text.strip():
        return False
    return flag_value(text)


def with_unit(text: str, unit: str, lang: str) -> str:
    """A number shown with its unit: 47550 + 人 → 47,550人 (ja) / 47,550 people (en).
    Text that is not a plain number (「約500」, 「500人」) is kept as written."""
    value = text.strip()
    if not value or not unit or not _NUMBER.match(value):
        return value
    number = value.replace(",", "")
    if "." not in number:
        shown = f"{int(number):,}"
    else:
        whole, _, fraction = number.partition(".")
        shown = f"{int(whole):,}.{fraction}"
    if lang == "ja":
        return f"{shown}{unit}"
    pattern = UNIT_FORMATS.get(unit)
    if pattern is None:
        return f"{shown} {unit}"
    return gettext(pattern, lang).format(n=shown)


def full_address(parts: dict[str, str]) -> str:
    """The address line: the joined address (or its parts joined), then the building name
    unless the address already has it — many files repeat 方書 inside 所在地_連結表記."""
    address = parts.get("address", "")
    if not address:
        address = "".join(
            parts.get(k, "")
            for k in ("address_prefecture", "address_city", "address_town", "address_block")
        )
    address = _without_repeats(address)
    building = parts.get("building", "").strip()
    if building and _squash(building) not in _squash(address):
        address = f"{address} {building}".strip()
    return address


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _without_repeats(address: str) -> str:
    """「本町1-2 市民会館 市民会館」 → 「本町1-2 市民会館」: a word repeated right after itself."""
    words = address.split()
    kept = [w for i, w in enumerate(words) if i == 0 or w != words[i - 1]]
    text = " ".join(kept)
    # Glued repeats as well: 「本町1-2市民会館市民会館」 (a building name of 3+ characters).
    # At most 40 characters a name: unbounded, every start tried every length (n² steps).
    return re.sub(r"(\D{3,40}?)\1(?=$|\s)", r"\1", text)
