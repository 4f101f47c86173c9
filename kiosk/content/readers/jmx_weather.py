"""JMX weather family: 気象警報・注意報 (VPWW53/54/55), 土砂災害警戒情報 (VXWW50), 竜巻注意情報
(VPHW50), 記録的短時間大雨情報 (VPOA50), 熱中症警戒アラート (VPFT50), 台風解析・予報情報 (VPTW60).

Level, severity and what to do come from kiosk.content.alert_levels, by the warning's name.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from xml.etree.ElementTree import Element

from kiosk.content.alert_levels import advice_for
from kiosk.content.model import Alert
from kiosk.content.prefectures import prefecture_area
from kiosk.content.readers.jmx_doc import JmxDoc, area_of, in_force, sections
from kiosk.content.readers.xmltree import child, children, local, text

EN_EVENTS = {
    "VPHW50": "Tornado alert",
    "VPOA50": "Record short-time heavy rain",
    "VPFT50": "Heatstroke alert",
}


# 大雨警報 names its hazard in <Condition>. 大雨警報（浸水害） carries no 警戒レベル and other
# advice than 大雨警報（土砂災害） (警戒レベル３相当), so the name the table and the screen see
# includes it.
HAZARD_CONDITIONS = frozenset({"土砂災害", "浸水害"})


def _kind_name(kind: Element) -> str:
    name, condition = text(kind, "Name"), text(kind, "Condition")
    if condition and set(condition.split("、")) <= HAZARD_CONDITIONS:
        return f"{name}（{condition}）"
    return name


def _warning_items(warning: Element) -> list[tuple[str, str, tuple[str, str]]]:
    """(kind code, kind name, area) for every kind in force in one <Warning>."""
    found = []
    for item in children(warning, "Item"):
        area = area_of(child(item, "Area"))
        for kind in children(item, "Kind"):
            name, status = text(kind, "Name"), text(kind, "Status")
            if in_force(name, status):
                found.append((text(kind, "Code"), _kind_name(kind), area))
    return found


def weather_warnings(doc: JmxDoc) -> list[Alert]:
    """VPWW53/54/55, and the same <Warning> layout in VPHW50 and VPOA50."""
    warnings = list(children(doc.body, "Warning"))
    if not warnings:
        return []
    # The municipality level is the finest; fall back to whatever level the document has.
    chosen = next((w for w in warnings if w.get("type", "").endswith("（市町村等）")), warnings[-1])
    groups: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for code, name, area in _warning_items(chosen):
        groups.setdefault((code, name), []).append(area)
    # Short notices (tornado, record rain) name the regions of their first <Warning>, not
    # sixty towns; every level's codes are kept so a kiosk configured with any of them matches.
    regions: dict[str, list[tuple[str, str]]] = {}
    if doc.type in EN_EVENTS:
        for warning in warnings:
            for _code, name, area in _warning_items(warning):
                regions.setdefault(name, []).append(area)
    alerts = []
    for (code, name), areas in groups.items():
        event = {"ja": name}
        shown = None
        if doc.type in EN_EVENTS:
            event["en"] = EN_EVENTS[doc.type]
            shown = [area[1] for _c, kind, area in _warning_items(warnings[0]) if kind == name]
            areas = regions.get(name, []) + areas
        alerts.append(
            doc.alert(
                key=f"{code}{name[name.index('（') :]}" if code and "（" in name else code or name,
                event=event,
                areas=areas,
                advice=advice_for(name),
                shown=shown,
            )
        )
    return alerts


def landslide(doc: JmxDoc) -> list[Alert]:
    target = text(doc.body, "TargetArea/Name")
    event = doc.head_title
    if target and event.startswith(target):
        event = event[len(target) :]  # 神奈川県レベル４土砂災害危険警報 → レベル４土砂災害危険警報
    event = event or "土砂災害警戒情報"
    warnings = children(doc.body, "Warning")
    areas = [area for warning in warnings for *_, area in _warning_items(warning)]
    if not areas:
        return []
    advice = advice_for(event)  # 土砂災害警戒情報: 警戒レベル４相当
    level = advice.level or 4
    found = sections(doc.headline)
    action = next((v for k, v in found.items() if "とるべき措置" in k), "")
    action = action or next((v for k, v in found.items() if "補足情報" in k), "")
    instruction = dict(advice.instruction)
    if action:  # JMA's own words for this event follow the table's short sentence
        instruction["ja"] = f"{instruction['ja']}\n{action}"
    return [
        doc.alert(
            key=f"L{level}",
            event={"ja": event, "en": f"Landslide warning (level {level})"},
            areas=areas,
            advice=advice,
            instruction=instruction,
            headline={"ja": found.get("概況", "") or doc.headline or event},
        )
    ]


def _end_of_day(moment: datetime) -> datetime:
    return datetime.combine(moment.date() + timedelta(days=1), time(0), moment.tzinfo)


def heatstroke(doc: JmxDoc) -> list[Alert]:
    """熱中症警戒アラート: plain text for one prefecture (named in the head title).

    Issued about 17:00 for the next day or about 05:00 for the same day, so it lasts to the
    end of the day it is for.
    """
    name = "熱中症特別警戒アラート" if "特別警戒" in doc.head_title else "熱中症警戒アラート"
    region = doc.head_title.split(name, 1)[0].strip() if name in doc.head_title else ""
    if doc.issued is not None:
        local_issue = doc.issued
        day = local_issue if local_issue.hour < 12 else local_issue + timedelta(days=1)
        doc.expires_at = _end_of_day(day)
    body = text(doc.body, "Comment/Text")
    first = body.split("\n", 1)[0].strip() if body else ""
    area = prefecture_area(region)
    return [
        doc.alert(
            key=name,
            event={"ja": name, "en": EN_EVENTS["VPFT50"]},
            areas=[area] if area else [("", region)],
            advice=advice_for(name),
            headline={"ja": first or doc.head_title},
        )
    ]


def typhoon(doc: JmxDoc) -> list[Alert]:
    infos = child(doc.body, "MeteorologicalInfos")
    first = child(infos, "MeteorologicalInfo")
    name_part = None
    classification = ""
    for kind in children(child(first, "Item"), "Kind"):
        part = child(kind, "Property/TyphoonNamePart")
        if part is not None and name_part is None:
            name_part = part
        for element in kind.iter():
            if local(element.tag) == "TyphoonClass" and element.text:
                classification = element.text.strip()
    number = text(name_part, "Number")
    called = text(name_part, "Name")
    remark = text(name_part, "Remark")
    if "消滅" in remark or "消滅" in doc.headline:
        # 台風消滅（温帯低気圧化／熱帯低気圧化）: the typhoon is gone; its chain ends here.
        return [doc.cancel_record(remark or "台風消滅", "Typhoon dissipated")]
    label = "台風情報"
    if number:
        label = f"台風第{int(number) % 100}号" if number.isdecimal() else f"台風{number}"
        if called:
            label += f"（{called}）"
    detail = "、".join(p for p in (classification, remark) if p)
    headline = doc.headline or (f"{label}：{detail}" if detail else label)
    return [
        doc.alert(
            key=doc.event_id or "typhoon",
            event={"ja": label, "en": "Typhoon information"},
            areas=(),
            advice=advice_for("台風情報"),  # information, not a warning: banner only
            headline={"ja": headline},
        )
    ]
