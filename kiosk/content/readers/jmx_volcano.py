"""JMX volcano family: 噴火警報・予報 (VFVO50) and 噴火速報 (VFVO56).

噴火警戒レベル (1–5, per volcano) is a scale of its own, not the rain 警戒レベル:
噴火警報（居住地域） at 噴火警戒レベル５ (避難) or ４ (高齢者等避難) is the highest kind of alert;
噴火警報（火口周辺） (= 火口周辺警報, 噴火警戒レベル２・３) keeps people away from the mountain
and orders no evacuation; 噴火予報 is a banner. The towns come from the 対象市町村等 block.
"""

from __future__ import annotations

import re

from kiosk.content.alert_advice import ADVICE
from kiosk.content.alert_levels import advice_for
from kiosk.content.model import Alert
from kiosk.content.readers.jmx_doc import JmxDoc, area_of
from kiosk.content.readers.xmltree import children, clean, text

_VOLCANIC_LEVEL = re.compile(r"^レベル([１-５1-5])")
_DIGITS = str.maketrans("１２３４５", "12345")
# The kind names in 対象市町村等, with the name the table and the screen use.
VOLCANO_KINDS = {
    "噴火警報（居住地域）": "噴火警報（居住地域）",
    "居住地域厳重警戒": "噴火警報（居住地域）",
    "噴火警報（火口周辺）": "噴火警報（火口周辺）",
    "火口周辺警報": "噴火警報（火口周辺）",
    "入山危険": "噴火警報（火口周辺）",
    "火口周辺危険": "噴火警報（火口周辺）",
    "噴火予報": "噴火予報",
}


# English for each kind the table uses: a 噴火予報 is no "warning".
KIND_EN = {
    "噴火警報（居住地域）": "Volcanic warning (residential areas)",
    "噴火警報（火口周辺）": "Volcanic warning (near the crater)",
    "噴火予報": "Volcanic forecast",
}


def _infos(doc: JmxDoc, suffix: str) -> list:
    return [
        info for info in children(doc.body, "VolcanoInfo") if info.get("type", "").endswith(suffix)
    ]


def _volcano(doc: JmxDoc) -> tuple[str, str, int | None, str]:
    """(volcano code, volcano name, 噴火警戒レベル or None, level name)."""
    for info in _infos(doc, "（対象火山）") + _infos(doc, "噴火速報"):
        for item in children(info, "Item"):
            area = area_of(
                next(children(next(children(item, "Areas"), None), "Area"), None), "volcano"
            )
            kind = text(item, "Kind/Name")
            found = _VOLCANIC_LEVEL.match(kind)
            level = int(found.group(1).translate(_DIGITS)) if found else None
            return area[0], area[1], level, kind
    return "", "", None, ""


def _towns(doc: JmxDoc, suffix: str) -> dict[str, list[tuple[str, str]]]:
    """Kind name → the towns it is issued for (condition 解除 left out)."""
    found: dict[str, list[tuple[str, str]]] = {}
    for info in _infos(doc, suffix):
        for item in children(info, "Item"):
            name, condition = text(item, "Kind/Name"), text(item, "Kind/Condition")
            if not name or condition == "解除":
                continue
            for areas in children(item, "Areas"):
                found.setdefault(name, []).extend(area_of(a) for a in children(areas, "Area"))
    return found


def _plain_lines(headline: str) -> str:
    """The VolcanoHeadline without its ＜…＞ title lines (the event already says them)."""
    lines = [line for line in clean(headline).split("\n") if not line.startswith("＜")]
    return "\n".join(lines).replace(" 。", "。")


def volcanic_warning(doc: JmxDoc) -> list[Alert]:
    code, volcano, level, level_name = _volcano(doc)
    alerts = []
    for name, towns in _towns(doc, "（対象市町村等）").items():
        kind = VOLCANO_KINDS.get(name.split("：", 1)[0], name)
        advice = advice_for(kind)
        instruction = dict(advice.instruction)
        if kind == "噴火警報（居住地域）" and level == 4:
            instruction = dict(ADVICE["volcano_prepare"])
        event = f"{volcano}　{kind}" if volcano else kind
        headline = _plain_lines(text(doc.body, "VolcanoInfoContent/VolcanoHeadline"))
        headline = headline or doc.headline
        if level is not None:
            headline = f"噴火警戒{level_name}\n{headline}"
        alerts.append(
            doc.alert(
                key=kind,
                event={"ja": event, "en": _english(kind, volcano)},
                areas=[(code, volcano), *towns] if code else towns,
                advice=advice,
                instruction=instruction,
                headline={"ja": headline},
                description={"ja": clean(text(doc.body, "VolcanoInfoContent/VolcanoPrevention"))},
                shown=[n for _, n in towns] or [volcano],
            )
        )
    return alerts


def _english(kind: str, volcano: str) -> str:
    """'Volcanic forecast: 浅間山'; a kind the table does not know stays in Japanese."""
    english = KIND_EN.get(kind, kind)
    return f"{english}: {volcano}" if volcano else english


def eruption_flash(doc: JmxDoc) -> list[Alert]:
    code, volcano, _level, _name = _volcano(doc)
    towns = [a for areas in _towns(doc, "（対象市町村等）").values() for a in areas]
    advice = advice_for("噴火速報")
    event = f"{volcano}　噴火速報" if volcano else "噴火速報"
    return [
        doc.alert(
            key="噴火速報",
            event={"ja": event, "en": f"Eruption: {volcano}" if volcano else "Eruption"},
            areas=[(code, volcano), *towns] if code else towns,
            advice=advice,
            headline={
                "ja": clean(text(doc.body, "VolcanoInfoContent/VolcanoActivity")) or doc.headline
            },
            shown=[n for _, n in towns] or [volcano],
        )
    ]
