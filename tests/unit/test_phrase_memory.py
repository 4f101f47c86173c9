"""Phrases remembered from one start to the next (issue 17, cold start).

The phrases a start needed are kept in the cache dir; the next start takes them from there
without loading BudouX. What comes back must be exactly BudouX's answer, for the BudouX
models it came from only, and never a text other than the one shown.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kiosk.content import phrases as module
from kiosk.content.phrases import phrases, remember_start_phrases

TEXTS = (
    "防災・気象",
    "警報・避難・天気",
    "ここを押すと、くわしく読めます",
    "⚠ 【訓練】土砂災害警戒情報\u3000さくら川町 北地区（北町・奥山）",
    "一行目の文です。\n二行目は避難所についてです。",
)
BUDOUX = module._parser


@pytest.fixture
def fresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A new process's state, with its own cache dir."""
    monkeypatch.setenv("HIROBA_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(module, "_remembered", None)
    monkeypatch.setattr(module, "_recording", {})
    return tmp_path / "phrases.json"


def restart(monkeypatch: pytest.MonkeyPatch, budoux: bool) -> None:
    monkeypatch.setattr(module, "_remembered", None)
    monkeypatch.setattr(module, "_recording", {})
    monkeypatch.setattr(module, "_parser", BUDOUX)
    if not budoux:

        def no_budoux(name: str):  # noqa: ANN202
            raise AssertionError(f"BudouX loaded for {name}")

        monkeypatch.setattr(module, "_parser", no_budoux)


def test_the_next_start_gets_budouxs_phrases_without_budoux(
    fresh: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = [phrases(text, "ja") for text in TEXTS]
    remember_start_phrases()
    assert fresh.is_file()
    phrases("あとで訪問者が開いたページの文です。", "ja")  # after the first frame
    remember_start_phrases()
    assert "訪問者" not in fresh.read_text(encoding="utf-8")  # nobody's reading is kept
    restart(monkeypatch, budoux=False)
    assert [phrases(text, "ja") for text in TEXTS] == first
    remember_start_phrases()  # nothing new: the file is left as it is
    restart(monkeypatch, budoux=True)
    assert phrases("初めて見る文です。", "ja")  # an unseen text still gets BudouX


def test_phrases_of_other_budoux_models_are_not_used(
    fresh: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    phrases(TEXTS[2], "ja")
    remember_start_phrases()
    data = json.loads(fresh.read_text(encoding="utf-8"))
    data["stamp"][-1] += 1  # the model file changed (a BudouX update)
    fresh.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    restart(monkeypatch, budoux=False)
    with pytest.raises(AssertionError, match="BudouX loaded"):
        phrases(TEXTS[2], "ja")


@pytest.mark.parametrize(
    "tampered",
    [
        ["ここを押すと", "くわしく読めません"],  # joins to another text: never shown
        "ここを押すと、くわしく読めます",  # not a list
        [1, 2],
    ],
)
def test_a_damaged_memory_is_ignored(
    fresh: Path, monkeypatch: pytest.MonkeyPatch, tampered: object
) -> None:
    expected = phrases(TEXTS[2], "ja")
    remember_start_phrases()
    data = json.loads(fresh.read_text(encoding="utf-8"))
    data["phrases"][f"ja\x1f{TEXTS[2]}"] = tampered
    fresh.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    restart(monkeypatch, budoux=True)
    assert phrases(TEXTS[2], "ja") == expected
    fresh.write_text("{not json", encoding="utf-8")
    restart(monkeypatch, budoux=True)
    assert phrases(TEXTS[2], "ja") == expected


def test_recording_stops_at_its_limit(fresh: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(module, "RECORD_LIMIT", 3)
    for number in range(10):
        phrases(f"{number}番目の文です。", "ja")
    assert len(module._recording) == 3


def test_the_cjk_checks_without_regular_expressions_agree_with_them() -> None:
    """needs_phrasing and friends test code point ranges instead of compiling a class over
    the CJK blocks at every start; they must say what the regular expressions said."""
    import random
    import re

    han = re.compile(r"[\u3400-\u9fff\uf900-\ufaff々]")
    hangul = re.compile(r"[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]")
    kana = re.compile(r"[\u3041-\u309f\u30a0-\u30ff]")
    rng = random.Random(17)
    blocks = [(0x20, 0x7F), (0x1000, 0x1200), (0x1E00, 0x1F00), (0x2FF0, 0x3200)]
    blocks += [(0x3300, 0xA100), (0xAB00, 0xD800), (0xF800, 0xFB00)]
    for _ in range(5000):
        text = "".join(chr(rng.randrange(*rng.choice(blocks))) for _ in range(rng.randrange(0, 5)))
        assert module._has(text, module._HAN_RANGES) == bool(han.search(text)), text
        assert module._has(text, module._HANGUL_RANGES) == bool(hangul.search(text)), text
        expected = bool(kana.search(text) or han.search(text) or hangul.search(text))
        assert module.needs_phrasing(text) == expected, text
