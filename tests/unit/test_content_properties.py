"""Property tests: the advice rules never crash, zip names never escape the package."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path, PurePosixPath

from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.content.archive import _safe_name
from kiosk.content.easyja import TextRun, advise
from kiosk.content.problems import ContentError

JAPANESE = st.text(
    alphabet=st.sampled_from(
        list(
            "あいうえおかきくけこ漢字薔薇申請日月火水木金土年時分午前後（）()。、！？ 0123456789:："
        )
    ),
    max_size=120,
)


@settings(max_examples=200, deadline=None)
@given(text=JAPANESE, kind=st.sampled_from(["paragraph", "list", "table", "heading"]))
def test_advice_never_crashes_and_names_a_line_of_the_run(text: str, kind: str) -> None:
    run = TextRun(kind, text, tuple(range(5, 5 + len(text))))
    for advice in advise([run], date(2026, 11, 1)):
        assert advice.message
        assert not text or 5 <= advice.line < 5 + len(text)


@settings(max_examples=300, deadline=None)
@given(
    parts=st.lists(
        st.sampled_from(["..", ".", "a", "b.md", "", "C:", "\\", "/", "x\\..\\y"]), max_size=5
    )
)
def test_accepted_zip_names_stay_inside(parts: list[str]) -> None:
    name = "/".join(parts) or "a"
    try:
        accepted = _safe_name(Path("t.zip"), zipfile.ZipInfo(name))
    except ContentError:
        return
    if accepted is not None:
        assert not accepted.is_absolute()
        assert ".." not in accepted.parts
        resolved = (Path("/base") / PurePosixPath(*accepted.parts)).resolve()
        assert resolved.is_relative_to(Path("/base"))
