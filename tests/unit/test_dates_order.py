"""Short dates follow each language's own order (the header, lists, alert times)."""

from __future__ import annotations

from datetime import date

import pytest

from kiosk.i18n.dates import format_short_day

DAY = date(2026, 12, 2)  # a Wednesday


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("ja", "12月2日（水）"),
        ("zh-Hans", "12月2日周三"),  # was 周三 2 12月: day before month, month last
        ("ko", "12월 2일 (수)"),  # was 수 2 12월
        ("en", "Wed, Dec 2"),
    ],
)
def test_month_and_day_in_the_languages_own_order(lang: str, expected: str) -> None:
    assert format_short_day(DAY, lang) == expected


@pytest.mark.parametrize("lang", ["vi", "pt-BR"])
def test_day_number_comes_before_the_month_where_that_is_the_custom(lang: str) -> None:
    text = format_short_day(DAY, lang)
    assert text.index("2") < text.index("12" if lang == "vi" else "dez")
