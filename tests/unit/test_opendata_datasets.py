"""The open-data declarations: recognised whatever the column order, synonyms and extras, never
taken for another list when a key column is missing, and documented in docs/open-data.md."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.content.readers.opendata_csv import read_records, recognise
from kiosk.content.readers.opendata_datasets import DATASETS
from kiosk.content.readers.opendata_doc import render
from kiosk.content.readers.opendata_schema import Dataset, header_key, normalise_header
from tests.csvdata import csv_bytes, csv_rows

ROOT = Path(__file__).resolve().parents[2]
FULLWIDTH = str.maketrans({chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)})
EXTRAS = ("画像", "外部利用不可", "更新日", "独自項目1", "メモ欄", "列A", "担当課", "data_source")


def test_every_dataset_declares_a_name_and_keys() -> None:
    assert len({d.id for d in DATASETS}) == len(DATASETS) >= 12
    for d in DATASETS:
        assert d.field("name") is not None, d.id
        assert d.key and all(d.key), d.id
        for group in d.key:
            assert all(d.field(k) is not None for k in group), d.id


def test_key_fields_are_exclusive_to_their_dataset() -> None:
    """Why a file missing its key columns can never pass for another list."""
    for d in DATASETS:
        keys = {k for group in d.key for k in group}
        key_headers = {header_key(h) for f in d.fields if f.key in keys for h in f.headers}
        for other in DATASETS:
            if other is d:
                continue
            declared = {header_key(h) for f in other.fields for h in f.headers}
            assert not key_headers & declared, (d.id, other.id, key_headers & declared)


def test_header_normalisation() -> None:
    assert normalise_header("収容人数（人）") == ("収容人数", "人")
    assert normalise_header("\ufeff 名 称 ") == ("名称", "")
    assert normalise_header("住所（所在地）") == ("住所(所在地)", "")
    assert normalise_header("標高［ｍ］") == ("標高", "m")
    assert normalise_header("ｕｒｌ") == ("URL", "")
    assert normalise_header("男性トイレ数（小便器）") == ("男性トイレ数(小便器)", "")


def test_doc_is_in_sync_with_the_declarations() -> None:
    doc = (ROOT / "docs" / "open-data.md").read_text(encoding="utf-8")
    assert doc == render(), "run: python -m kiosk.content.readers.opendata_doc > docs/open-data.md"
    for d in DATASETS:
        assert d.title_ja in doc


def test_declaration_modules_stay_small() -> None:
    for path in (ROOT / "kiosk" / "content" / "readers").glob("opendata*.py"):
        assert len(path.read_text(encoding="utf-8").splitlines()) <= 400, path.name


def _variant(draw, header: str, unit: str) -> str:
    """The same header as publishers spell it: full width, stray spaces, a unit in brackets."""
    style = draw(st.sampled_from(("plain", "fullwidth", "spaced", "unit")))
    if style == "fullwidth":
        return header.translate(FULLWIDTH)
    if style == "spaced":
        return f" {header}\u3000"
    if style == "unit" and unit:
        return f"{header}（{unit}）"
    return header


@st.composite
def schema_csv(draw, dataset: Dataset, without: frozenset[str] = frozenset()):
    """(header, bytes) of a CSV of ``dataset``: the name, one field of every key group (unless
    ``without``), any other fields, each under a random synonym, extra columns, any order."""
    keys = {k for group in dataset.key for k in group}
    chosen = ["name"]
    for group in dataset.key:
        present = [k for k in group if k not in without]
        present = [k for k in present if k not in dataset.weak] or present
        if present:
            chosen.append(draw(st.sampled_from(present)))
    others = [
        f.key for f in dataset.fields if f.key not in keys and f.key != "name" and f.key != "id"
    ]
    chosen += draw(st.lists(st.sampled_from(others), unique=True, max_size=8)) if others else []
    if without:
        chosen = [k for k in chosen if k not in without]
    header = []
    for key in dict.fromkeys(chosen):
        spec = dataset.field(key)
        assert spec is not None
        header.append(_variant(draw, draw(st.sampled_from(spec.headers)), spec.unit))
    header += draw(st.lists(st.sampled_from(EXTRAS), unique=True, max_size=3))
    header = draw(st.permutations(header))
    if draw(st.booleans()):
        header[0] = "\ufeff" + header[0]
    names = [normalise_header(h)[0] for h in header]
    row = ["みなと会館" if n in _name_headers(dataset) else "1" for n in names]
    text = ",".join(header) + "\r\n" + ",".join(row) + "\r\n"
    encoding = draw(st.sampled_from(("cp932", "utf-8")))
    return header, text.replace("\ufeff", "").encode(encoding) if encoding == "cp932" else (
        text.encode(encoding)
    )


def _name_headers(dataset: Dataset) -> set[str]:
    spec = dataset.field("name")
    return {header_key(h) for h in spec.headers} if spec else set()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_every_declared_schema_is_recognised_shuffled_renamed_and_extended(data) -> None:
    for dataset in DATASETS:
        header, body = data.draw(schema_csv(dataset), label=dataset.id)
        assert recognise(header) == dataset.id, header
        records = read_records(body)
        assert records[0].dataset == dataset.id
        assert records[0].get("name") in ("みなと会館", "1")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_a_schema_missing_its_key_columns_is_never_another_dataset(data) -> None:
    for dataset in DATASETS:
        for group in dataset.key:
            header, body = data.draw(
                schema_csv(dataset, without=frozenset(group)), label=f"{dataset.id}-{group[0]}"
            )
            assert recognise(header) is None, (dataset.id, header)
            try:
                records = read_records(body)
            except Exception:
                continue  # refused with its headers named: fine
            assert {r.dataset for r in records} == {"plain"}, (dataset.id, header)


@pytest.mark.parametrize(
    "extra", ["診療科目", "多目的トイレ数", "開始日", "車椅子使用者用トイレ有無"]
)
def test_one_borrowed_column_does_not_relabel_a_facility_list(extra: str) -> None:
    # Ichikawa's public facility list with one more column another list has as a key: before,
    # every row said 病院・診療所です / 公衆トイレです / 催しです.
    # A town's short list: name, address, phone and hours from Ichikawa's file.
    rows = csv_rows("ichikawa_122033_public_facility_cp932.csv")
    kept = [rows[0].index(h) for h in ("名称", "所在地_連結表記", "電話番号", "開始時間")]
    short = [[row[i] for i in kept] for row in rows]
    assert recognise(short[0]) is None  # a plain list: shown without a label
    assert recognise([*short[0], extra]) is None
    with_column = [[*short[0], extra], *[[*row, "1"] for row in short[1:]]]
    assert {r.dataset for r in read_records(csv_bytes(with_column))} == {"plain"}
