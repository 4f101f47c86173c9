"""The declared 警戒レベル table (kiosk.content.alert_levels): JMA's own levels decide what to do,
not the severity."""

from __future__ import annotations

import pytest

from kiosk.content.alert_advice import ADVICE, LANGUAGES
from kiosk.content.alert_levels import LIFETIMES, RULES, advice_for, level_in_name, lifetime
from kiosk.content.model import Severity
from kiosk.content.readers.jmx import READERS

EVACUATE = ("避難してください", "全員避難", "高齢者等は避難")


@pytest.mark.parametrize(
    ("name", "level", "severity", "instruction"),
    [
        # JMA: 高潮警報 and 高潮特別警報 are both 警戒レベル４相当 (全員避難)
        ("高潮警報", 4, Severity.SEVERE, "危険な場所から全員避難してください。"),
        ("高潮特別警報", 4, Severity.EXTREME, "危険な場所から全員避難してください。"),
        ("大雨特別警報", 5, Severity.EXTREME, "命の危険があります。"),
        ("大雨警報", 3, Severity.SEVERE, "危険な場所から高齢者等は避難してください。"),
        ("洪水警報", 3, Severity.SEVERE, "高齢者等は避難"),
        ("土砂災害警戒情報", 4, Severity.SEVERE, "全員避難"),
        ("氾濫発生情報", 5, Severity.EXTREME, "命の危険"),
        ("氾濫危険情報", 4, Severity.SEVERE, "全員避難"),
        ("氾濫警戒情報", 3, Severity.SEVERE, "高齢者等は避難"),
        ("大雨注意報", 2, Severity.MINOR, "ハザードマップ"),
        ("高潮注意報", 2, Severity.MINOR, "ハザードマップ"),
        # The 2026 names carry their level.
        ("レベル５大雨特別警報", 5, Severity.EXTREME, "命の危険"),
        ("レベル４土砂災害危険警報", 4, Severity.SEVERE, "全員避難"),
        ("レベル５氾濫特別警報", 5, Severity.EXTREME, "命の危険"),
        ("レベル３大雨警報", 3, Severity.SEVERE, "高齢者等は避難"),
    ],
)
def test_levelled_warnings(name: str, level: int, severity: Severity, instruction: str) -> None:
    advice = advice_for(name)
    assert advice.level == level
    assert advice.severity is severity
    assert instruction in advice.instruction["ja"]


@pytest.mark.parametrize(
    ("name", "hazard_word"),
    [
        ("暴風雪警報", "外に出ないでください"),
        ("暴風雪特別警報", "外に出ないでください"),
        ("暴風警報", "窓から離れ"),
        ("暴風特別警報", "窓から離れ"),
        ("大雪警報", "雪かき"),
        ("大雪特別警報", "雪かき"),
        ("波浪警報", "海岸に近づかない"),
        ("波浪特別警報", "海岸に近づかない"),
        ("大雨警報（浸水害）", "低い土地"),
        ("雷注意報", "気象情報に注意"),
        ("竜巻注意情報", "じょうぶな建物"),
        ("記録的短時間大雨情報", "川やがけ"),
        ("熱中症警戒アラート", "エアコン"),
        ("噴火警報（火口周辺）", "火山に近づかない"),
    ],
)
def test_no_level_warnings_get_hazard_advice_never_an_evacuation_order(
    name: str, hazard_word: str
) -> None:
    advice = advice_for(name)
    assert advice.level is None
    assert hazard_word in advice.instruction["ja"]
    assert not any(word in advice.instruction["ja"] for word in EVACUATE), name


@pytest.mark.parametrize(
    ("name", "takes_over"),
    [
        ("氾濫発生情報", True),
        ("噴火警報（居住地域）", True),
        ("竜巻注意情報", True),
        ("記録的短時間大雨情報", True),
        ("熱中症警戒アラート", False),  # banner
        ("大雨注意報", False),
        ("南海トラフ地震臨時情報（巨大地震警戒）", True),
        ("北海道・三陸沖後発地震注意情報", False),
    ],
)
def test_takeover_or_banner(name: str, takes_over: bool) -> None:
    assert advice_for(name).takes_over_by_default is takes_over


def test_special_warnings_are_extreme() -> None:
    assert advice_for("噴火警報（居住地域）").severity is Severity.EXTREME
    assert advice_for("大津波警報").severity is Severity.EXTREME


def test_unknown_names_by_suffix_with_only_general_advice() -> None:
    advice = advice_for("なんとか警報")
    assert advice.level is None and advice.severity is Severity.SEVERE
    assert advice.instruction["ja"] == ADVICE["caution"]["ja"]
    assert advice_for("").instruction == {}


def test_every_advice_in_all_six_languages() -> None:
    for key, texts in ADVICE.items():
        assert set(texts) == set(LANGUAGES), key
        assert all(t.strip() for t in texts.values()), key
        assert len(texts["ja"]) <= 60, key  # short: shown at 72 px, read aloud


def test_every_rule_points_at_advice_and_every_type_has_a_lifetime() -> None:
    for rule in RULES:
        assert not rule.advice or rule.advice in ADVICE, rule
    assert set(READERS) | {"cap"} <= set(LIFETIMES)
    assert lifetime("VXSE51").total_seconds() == 6 * 3600
    assert lifetime("VXSE51", override_hours=2).total_seconds() == 2 * 3600


def test_level_in_name_fullwidth() -> None:
    assert level_in_name("レベル４土砂災害危険警報") == 4
    assert level_in_name("高潮警報") is None
