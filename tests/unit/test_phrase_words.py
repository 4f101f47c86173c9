"""BudouX cuts もどる after its first letter when a particle comes before it (画面にも｜どります:
it reads the particle も). The kiosk's idle warning, how-to and notices say もどります; the
phrase breaks keep the word whole (kiosk/content/phrases.py KANA_WORDS)."""

from __future__ import annotations

import pytest

from kiosk.content.phrases import phrases


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("あと20秒で、最初の画面にもどります。", "もどります。"),
        ("ホーム：大きなボタンのある最初の画面にもどります。", "もどります。"),
        ("1月4日（月）から、いつもの曜日にもどります。", "もどります。"),
        ("ひとつ前にもどって、もう一度", "もどって、"),
        ("家にもどりましょう。", "もどりましょう。"),
    ],
)
def test_modoru_is_never_cut_after_its_first_letter(text: str, word: str) -> None:
    pieces = phrases(text, "ja")
    assert "".join(pieces) == text
    assert word in pieces, pieces
    assert not any(piece.endswith("にも") for piece in pieces), pieces


def test_other_words_after_mo_are_left_as_budoux_cut_them() -> None:
    assert "".join(phrases("子どもにもどうぞ。", "ja")) == "子どもにもどうぞ。"
    assert "子どもにも" in phrases("子どもにもどうぞ。", "ja")  # "for children too": も is も
