"""JMX 指定河川洪水予報 (VXKO): 氾濫注意・警戒・危険・発生情報 for one river section.

The warning's name comes from the Head's 予報区域 item (氾濫発生情報（氾濫水の予報） → 警戒レベル５
相当 by the table; the 2026 names carry their level). Areas: the river section, the forecast
districts (府県予報区, whose codes start with the prefecture's) and the towns in the
浸水想定地区 list (CityCode), so a kiosk configured with its own town finds the flood.
"""

from __future__ import annotations

from kiosk.content.alert_levels import advice_for, level_in_name
from kiosk.content.model import Alert
from kiosk.content.readers.jmx_doc import JmxDoc, area_of, in_force
from kiosk.content.readers.xmltree import child, children, clean, descendants, text


def _kind_name(doc: JmxDoc) -> str:
    """The warning's name from the Head (予報区域 item first), without （氾濫水の予報）."""
    informations = list(children(child(doc.head, "Headline"), "Information"))
    informations.sort(key=lambda i: 0 if "予報区域" in i.get("type", "") else 1)
    for information in informations:
        for item in children(information, "Item"):
            name = text(item, "Kind/Name")
            if name:
                return name
    return ""


def _head_areas(doc: JmxDoc) -> list[tuple[str, str]]:
    areas = []
    for information in children(child(doc.head, "Headline"), "Information"):
        for item in children(information, "Item"):
            found = child(item, "Areas")
            code_type = found.get("codeType", "") if found is not None else ""
            # River sections and rivers are tagged; 府県予報区 codes stay plain (prefix rule).
            code_list = "" if "府県予報区" in code_type else "river"
            areas.extend(area_of(a, code_list) for a in children(found, "Area"))
    return areas


def _flooded_towns(doc: JmxDoc) -> list[tuple[str, str]]:
    towns = []
    for area in descendants(doc.body, "Area"):
        city = text(area, "City")
        if city:
            towns.append((text(area, "CityCode"), f"{text(area, 'Prefecture')}{city}"))
    return towns


def _main_text(doc: JmxDoc) -> str:
    for prop in descendants(doc.body, "Property"):
        if text(prop, "Type") == "主文":
            return clean(text(prop, "Text"))
    return ""


# JMA's four river flood kinds (and the 2026 names, which carry their level): only 氾濫発生情報
# says a flood is happening; the others are a watch, a warning and a danger warning.
RIVER_EN = {
    "氾濫注意情報": "River flood watch",
    "氾濫警戒情報": "River flood warning",
    "氾濫危険情報": "River flood danger warning",
    "氾濫発生情報": "River flooding",
}


def _river_english(base: str) -> str:
    found = next((en for ja, en in RIVER_EN.items() if ja in base), "")
    if found:
        return found
    level = level_in_name(base)
    return f"River flood information (level {level})" if level else "River flood information"


def river_flood(doc: JmxDoc) -> list[Alert]:
    name = _kind_name(doc)
    if not in_force(name) or "解除" in name:
        return []
    base = name.split("（", 1)[0]  # 氾濫発生情報（氾濫水の予報） → 氾濫発生情報
    advice = advice_for(base)
    section = doc.head_title.split(base, 1)[0] if base in doc.head_title else ""
    event = {"ja": f"{section}{base}" if section else base, "en": _river_english(base)}
    towns = _flooded_towns(doc)
    shown = [section] if section else None
    if shown and towns:
        shown += [n for _, n in towns]
    main = _main_text(doc)
    instruction = dict(advice.instruction)
    if main:  # JMA's own sentence (市町村からの避難情報を確認…) after the table's
        action = main.split("\n", 1)[-1] if "\n" in main else ""
        if action:
            instruction["ja"] = f"{instruction['ja']}\n{action}"
    return [
        doc.alert(
            key=base,
            event=event,
            areas=_head_areas(doc) + towns,
            advice=advice,
            instruction=instruction,
            headline={"ja": main.split("\n", 1)[0] if main else doc.headline or base},
            shown=shown,
        )
    ]
