"""What an open-data CSV *is*, judged by its header row as a whole.

A dataset is declared once (kiosk/content/readers/opendata_datasets.py) as data: its fields,
the header names (synonyms) each field goes by, the key fields that set it apart from every
other dataset, and how a row becomes a page. This module only normalises headers and scores
them against those declarations; it knows nothing about any one dataset.

Recognition rule (why a toilet list can never become an AED list): a dataset is a candidate only
when *all* its key groups are present (each group: at least one of its fields), and key fields
are exclusive to their dataset (tests/unit/test_opendata_datasets.py checks that). Among the
candidates the best score over all headers wins.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

# A bracketed suffix that is a unit, not part of the name: 収容人数（人）, 標高(m), 面積[㎡].
UNITS = ("人", "台", "床", "m", "km", "m2", "㎡", "円", "件", "基", "個", "所", "席", "室", "歳")
_UNIT_SUFFIX = re.compile(
    r"^(.+?)[(\[【〔]\s*(?:単位\s*[:：]?\s*)?([^()\[\]【】〔〕]+?)\s*[)\]】〕]$"
)
_SPACES = re.compile(r"[\s\u3000\ufeff]+")


@dataclass(frozen=True, slots=True)
class Field:
    """One column of a dataset: how it is found and how its value is shown.

    ``kind``: text | number | flag | hazard | url | date | time. A ``flag`` is shown with the
    words ``yes``/``no`` (an unrecognised value is shown as written, a blank not at all); a
    ``hazard`` is a flag whose blank means "no" (指定緊急避難場所: "1" or empty).
    """

    key: str
    headers: tuple[str, ...]
    label: str = ""  # N_() label of the fact row; "" = not shown as a fact
    kind: str = "text"
    unit: str = ""  # default unit when the header carries none
    yes: str = ""
    no: str = ""


@dataclass(frozen=True, slots=True)
class Dataset:
    """One declared dataset: what it is called, how it is recognised, how a row reads."""

    id: str
    title_ja: str  # the official list name, e.g. AED設置箇所一覧
    purpose: str  # N_() sentence at the top of each page
    fields: tuple[Field, ...]
    key: tuple[tuple[str, ...], ...]  # groups of field keys; every group needs one present
    # Key fields other lists have too (a facility list's 診療科目 or 多目的トイレ数): alone they
    # do not make the list this dataset, whose page would then say so ("病院・診療所です").
    weak: tuple[str, ...] = ()
    item_title: str = "{name}"  # N_() format of the item title
    category: str = "facilities"
    editions: str = ""  # which layouts the synonyms cover, for docs/open-data.md
    source_note: str = ""  # where the field names were taken from

    def field(self, key: str) -> Field | None:
        return next((f for f in self.fields if f.key == key), None)


@dataclass(frozen=True, slots=True)
class Column:
    """A header as found: its position, its normalised name and the unit it carried."""

    index: int
    raw: str
    name: str
    unit: str = ""


@dataclass(frozen=True, slots=True)
class Match:
    """The result of matching a header row against one dataset."""

    dataset: Dataset
    score: float
    columns: dict[str, Column] = field(default_factory=dict)  # field key → column


def normalise_header(text: str) -> tuple[str, str]:
    """(name, unit) of a header: width-folded (NFKC), spaces and BOM removed, ASCII letters
    upper-cased, and a bracketed unit split off (収容人数（人） → ("収容人数", "人"))."""
    name = unicodedata.normalize("NFKC", text)
    name = _SPACES.sub("", name).replace("\u200b", "")
    name = re.sub(r"[a-z]+", lambda m: m.group(0).upper(), name)
    unit = ""
    match = _UNIT_SUFFIX.match(name)
    if match and _unit(match.group(2)):
        name, unit = match.group(1), _unit(match.group(2))
    return name, unit


def _unit(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).strip()
    candidates = {u.upper(): u for u in UNITS}
    return candidates.get(text.upper(), "")


def header_key(text: str) -> str:
    """The comparable form of a declared synonym or a found header (unit stripped)."""
    return normalise_header(text)[0]


def columns_of(header: Sequence[str]) -> list[Column]:
    columns = []
    for index, raw in enumerate(header):
        name, unit = normalise_header(raw)
        if name:
            columns.append(Column(index, raw.strip().lstrip("\ufeff"), name, unit))
    return columns


def locate(fields: Iterable[Field], columns: Sequence[Column]) -> dict[str, Column]:
    """Field key → the column carrying it (first declared synonym wins; a column serves one
    field only)."""
    by_name: dict[str, Column] = {}
    for column in columns:
        by_name.setdefault(column.name, column)
    found: dict[str, Column] = {}
    used: set[int] = set()
    for spec in fields:
        for synonym in spec.headers:
            column = by_name.get(header_key(synonym))
            if column is not None and column.index not in used:
                found[spec.key] = column
                used.add(column.index)
                break
    return found


KEY_WEIGHT = 3.0


def score(dataset: Dataset, columns: Sequence[Column], neutral: frozenset[str] = frozenset()):
    """None unless every key group is present, by more than the dataset's ``weak`` keys
    alone; else a score over all headers: each header the dataset knows counts 1 (a key field
    3), each header it does not know counts -0.25 (standard bookkeeping headers in
    ``neutral`` count 0)."""
    found = locate(dataset.fields, columns)
    if not all(any(k in found for k in group) for group in dataset.key):
        return None
    keys = {k for group in dataset.key for k in group}
    if dataset.weak and keys & found.keys() <= set(dataset.weak):
        return None
    known = sum(KEY_WEIGHT if k in keys else 1.0 for k in found)
    used = {c.index for c in found.values()}
    unknown = sum(1 for c in columns if c.index not in used and c.name not in neutral)
    return Match(dataset, known - 0.25 * unknown, found)


def best_match(
    datasets: Sequence[Dataset], header: Sequence[str], neutral: frozenset[str] = frozenset()
) -> Match | None:
    """The declared dataset this header row is, or None when no dataset's keys are present.
    Ties go to the dataset declared first."""
    columns = columns_of(header)
    matches = [m for d in datasets if (m := score(d, columns, neutral)) is not None]
    if not matches:
        return None
    return max(matches, key=lambda m: (m.score, -datasets.index(m.dataset)))
