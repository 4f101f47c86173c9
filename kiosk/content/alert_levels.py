"""The declared table: JMA warning type → 警戒レベル (or none) → severity and what to do.

Reviewed against JMA's published 「防災気象情報と警戒レベルとの対応」 (see docs/alerts.md for
what was checked):
- レベル５相当: 大雨特別警報, 氾濫発生情報 (and the prefectures' 高潮氾濫発生情報)
- レベル４相当: 土砂災害警戒情報, 氾濫危険情報, 高潮特別警報, 高潮警報
- レベル３相当: 大雨警報 (土砂災害), 洪水警報, 氾濫警戒情報
- レベル２相当: 大雨注意報, 洪水注意報, 高潮注意報, 氾濫注意情報
- The system in force since May 2026 puts the level in the name (レベル４土砂災害危険警報,
  レベル５氾濫特別警報 …): that level is taken as it stands.
- No level: 暴風, 暴風雪, 大雪, 波浪 (their 特別警報 too) and the other 注意報: advice for that
  hazard, never an evacuation order.
Severity (and so takeover vs banner, at the default ``min_takeover_severity = severe``):
level 5 and 特別警報 → extreme; levels 4 and 3 and 警報 → severe; level 2 and 注意報 → minor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

from kiosk.content.alert_advice import ADVICE
from kiosk.content.model import Severity

LEVEL_ADVICE = {5: "level5", 4: "level4", 3: "level3", 2: "level2"}
LEVEL_SEVERITY = {
    5: Severity.EXTREME,
    4: Severity.SEVERE,
    3: Severity.SEVERE,  # 高齢者等避難: the people at this kiosk
    2: Severity.MINOR,
    1: Severity.MINOR,
}


@dataclass(frozen=True, slots=True)
class Rule:
    """One row of the table. ``name`` matches a JMA kind name exactly or as its start."""

    name: str
    level: int | None
    advice: str
    severity: Severity | None = None  # None: from the level, else from 特別警報/警報/注意報


# Longest matching name wins, so 大雨警報（浸水害） is found before 大雨警報.
RULES: tuple[Rule, ...] = (
    # 警戒レベル相当 (pre-2026 names; still sent for types not yet migrated)
    Rule("大雨特別警報", 5, "level5", Severity.EXTREME),
    Rule("大雨警報（浸水害）", None, "inundation"),
    Rule("大雨警報", 3, "level3"),
    Rule("洪水警報", 3, "level3"),
    Rule("高潮特別警報", 4, "level4", Severity.EXTREME),
    Rule("高潮警報", 4, "level4"),
    Rule("大雨注意報", 2, "level2"),
    Rule("洪水注意報", 2, "level2"),
    Rule("高潮注意報", 2, "level2"),
    Rule("土砂災害警戒情報", 4, "level4"),
    Rule("氾濫発生情報", 5, "level5", Severity.EXTREME),
    Rule("高潮氾濫発生情報", 5, "level5", Severity.EXTREME),  # by prefectures
    Rule("氾濫危険情報", 4, "level4"),
    Rule("氾濫警戒情報", 3, "level3"),
    Rule("氾濫注意情報", 2, "level2"),
    # No 警戒レベル: advice for the hazard
    Rule("暴風特別警報", None, "wind"),
    Rule("暴風警報", None, "wind"),
    Rule("暴風雪特別警報", None, "snowstorm"),
    Rule("暴風雪警報", None, "snowstorm"),
    Rule("大雪特別警報", None, "snow"),
    Rule("大雪警報", None, "snow"),
    Rule("大雪注意報", None, "snow"),
    Rule("波浪特別警報", None, "waves"),
    Rule("波浪警報", None, "waves"),
    Rule("波浪注意報", None, "waves"),
    Rule("記録的短時間大雨情報", None, "record_rain", Severity.SEVERE),
    Rule("竜巻注意情報", None, "tornado", Severity.SEVERE),
    Rule("台風情報", None, "caution", Severity.MINOR),  # information: banner only
    Rule("熱中症特別警戒アラート", None, "heat_special", Severity.SEVERE),
    Rule("熱中症警戒アラート", None, "heat", Severity.MODERATE),
    # Volcanoes (噴火警戒レベル is a scale of its own, see the volcano reader)
    Rule("噴火警報（居住地域）", None, "volcano_evacuate", Severity.EXTREME),
    Rule("噴火警報（火口周辺）", None, "volcano_crater", Severity.SEVERE),
    Rule("火口周辺警報", None, "volcano_crater", Severity.SEVERE),
    Rule("噴火速報", None, "eruption", Severity.SEVERE),
    Rule("噴火予報", None, "", Severity.MINOR),
    # Tsunami and earthquakes
    Rule("大津波警報", None, "tsunami_major", Severity.EXTREME),
    Rule("津波警報", None, "tsunami", Severity.SEVERE),
    Rule("津波注意報", None, "tsunami_advisory", Severity.MODERATE),
    Rule("津波予報", None, "sea_caution", Severity.MINOR),
    Rule("南海トラフ地震臨時情報（巨大地震警戒）", None, "nankai_warning", Severity.SEVERE),
    Rule("南海トラフ地震臨時情報（巨大地震注意）", None, "quake_advisory", Severity.MODERATE),
    Rule("南海トラフ地震臨時情報（調査中）", None, "investigating", Severity.MINOR),
    Rule("北海道・三陸沖後発地震注意情報", None, "quake_advisory", Severity.MODERATE),
)
_BY_LENGTH = sorted(RULES, key=lambda r: -len(r.name))
_LEVEL_IN_NAME = re.compile(r"レベル([１２３４５1-5])")
_DIGITS = str.maketrans("１２３４５", "12345")


@dataclass(frozen=True, slots=True)
class Advice:
    level: int | None  # 警戒レベル (相当), None when the type has none
    severity: Severity
    instruction: dict[str, str]  # language → text; empty when there is nothing to say

    @property
    def takes_over_by_default(self) -> bool:
        return self.severity >= Severity.SEVERE


def level_in_name(name: str) -> int | None:
    """レベル４土砂災害危険警報 → 4 (the 2026 names carry their level)."""
    found = _LEVEL_IN_NAME.search(name)
    return int(found.group(1).translate(_DIGITS)) if found else None


def rule_for(name: str) -> Rule | None:
    name = name.strip()
    return next((r for r in _BY_LENGTH if name.startswith(r.name)), None)


def _by_suffix(name: str) -> Severity:
    if "特別警報" in name:
        return Severity.EXTREME
    if "警報" in name or name == "警戒":
        return Severity.SEVERE
    if "注意報" in name:
        return Severity.MINOR
    return Severity.UNKNOWN


def advice_for(name: str) -> Advice:
    """Level, severity and instruction for a JMA warning kind name.

    A name with the level in it (the 2026 system) is taken at its word; otherwise the table
    decides; a name the table does not know gets the severity of its suffix and, for a
    警報/注意報, only the general "watch the weather information" advice.
    """
    level = level_in_name(name)
    if level is not None:
        key = LEVEL_ADVICE.get(level, "caution")
        return Advice(level, LEVEL_SEVERITY[level], dict(ADVICE[key]))
    rule = rule_for(name)
    if rule is not None:
        severity = rule.severity
        if severity is None:
            severity = LEVEL_SEVERITY[rule.level] if rule.level else _by_suffix(name)
        return Advice(rule.level, severity, dict(ADVICE[rule.advice]) if rule.advice else {})
    severity = _by_suffix(name)
    advice = dict(ADVICE["caution"]) if severity > Severity.UNKNOWN else {}
    return Advice(None, severity, advice)


# How long an alert counts when its document gives no end time (CAP <expires>, JMA
# ValidDateTime). JMA re-issues or lifts these documents whenever anything changes, so the bound
# only matters when the lifting document is missed; a [[source]] ``alert_hours`` overrides it.
DEFAULT_LIFETIME = timedelta(hours=24)
LIFETIMES: dict[str, timedelta] = {
    "cap": DEFAULT_LIFETIME,
    "VPWW53": DEFAULT_LIFETIME,
    "VPWW54": DEFAULT_LIFETIME,
    "VPWW55": DEFAULT_LIFETIME,
    "VXWW50": DEFAULT_LIFETIME,
    "VXKO": DEFAULT_LIFETIME,
    "VTSE41": DEFAULT_LIFETIME,
    "VPHW50": timedelta(hours=3),  # gives its own ValidDateTime (about an hour)
    "VPOA50": timedelta(hours=6),
    "VPFT50": DEFAULT_LIFETIME,  # to the end of the day it is for, see the reader
    "VXSE51": timedelta(hours=6),
    "VXSE53": timedelta(hours=6),
    "VPTW60": timedelta(hours=6),
    "VFVO50": timedelta(days=7),  # volcanic warnings stand for weeks; re-issued on change
    "VFVO56": timedelta(hours=6),
    "VYSE50": timedelta(days=7),  # the government's call lasts a week
    "VYSE60": timedelta(days=7),
}


def lifetime(doc_type: str, override_hours: int = 0) -> timedelta:
    if override_hours > 0:
        return timedelta(hours=override_hours)
    return LIFETIMES.get(doc_type, DEFAULT_LIFETIME)
