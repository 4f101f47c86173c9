"""JMX earthquake and tsunami family: 津波警報・注意報・予報 (VTSE41), 震度速報 (VXSE51),
震源・震度に関する情報 (VXSE53), 南海トラフ地震臨時情報 (VYSE50), 北海道・三陸沖後発地震注意情報
(VYSE60)."""

from __future__ import annotations

from kiosk.content.alert_advice import ADVICE
from kiosk.content.alert_levels import advice_for
from kiosk.content.model import Alert, Severity
from kiosk.content.readers.jmx_doc import JmxDoc, area_of
from kiosk.content.readers.xmltree import child, children, clean, text

TSUNAMI_ORDER = ("大津波警報", "津波警報", "津波注意報", "津波予報")
KIND_EN = {
    "大津波警報": "Major tsunami warning",
    "津波警報": "Tsunami warning",
    "津波注意報": "Tsunami advisory",
    "津波予報": "Tsunami forecast",
}
INTENSITY_NAMES = {
    "1": "震度１",
    "2": "震度２",
    "3": "震度３",
    "4": "震度４",
    "5-": "震度５弱",
    "5+": "震度５強",
    "6-": "震度６弱",
    "6+": "震度６強",
    "7": "震度７",
}
INTENSITY_SEVERITY = {
    "7": Severity.EXTREME,
    "6+": Severity.EXTREME,
    "6-": Severity.SEVERE,
    "5+": Severity.SEVERE,
    "5-": Severity.MODERATE,
    "4": Severity.MODERATE,
}
NANKAI_KEYWORDS = ("巨大地震警戒", "巨大地震注意", "調査中", "調査終了")


def tsunami_kind(name: str) -> str:
    """'大津波警報：発表' → '大津波警報'; '津波予報（若干の海面変動）' → '津波予報'."""
    return name.split("：", 1)[0].split("（", 1)[0]


def tsunami_severity(kind: str) -> Severity:
    return advice_for(kind).severity if kind in TSUNAMI_ORDER else Severity.UNKNOWN


def tsunami(doc: JmxDoc) -> list[Alert]:
    groups: dict[str, list[tuple[str, str]]] = {}
    for item in children(child(doc.body, "Tsunami/Forecast"), "Item"):
        kind_name = text(item, "Category/Kind/Name")
        if not kind_name or "解除" in kind_name or kind_name in ("なし",):
            continue
        groups.setdefault(tsunami_kind(kind_name), []).append(
            area_of(child(item, "Area"), "tsunami")
        )
    order = TSUNAMI_ORDER
    alerts = []
    for kind in sorted(groups, key=lambda k: order.index(k) if k in order else len(order)):
        event = {"ja": kind}
        if kind in KIND_EN:
            event["en"] = KIND_EN[kind]
        alerts.append(doc.alert(key=kind, event=event, areas=groups[kind], advice=advice_for(kind)))
    return alerts


def intensity(doc: JmxDoc) -> list[Alert]:
    """震度速報 / 震源・震度に関する情報: one alert per observed intensity class.

    Areas carry the 地震情報細分区域 code, the prefecture code and (VXSE53) the city codes, so a
    kiosk configured with any of them finds its shaking. The shown name is always the region
    (石川県能登), also when only its cities carry an intensity.
    """
    observation = child(doc.body, "Intensity/Observation")
    groups: dict[str, list[tuple[str, str]]] = {}
    shown: dict[str, list[str]] = {}
    for pref in children(observation, "Pref"):
        pref_area = area_of(pref)
        for area in children(pref, "Area"):
            region = text(area, "Name") or pref_area[1]
            found = text(area, "MaxInt")
            if found:
                groups.setdefault(found, []).extend([area_of(area, "seismic"), pref_area])
                shown.setdefault(found, []).append(region)
            for city in children(area, "City"):
                city_int = text(city, "MaxInt")
                if city_int:
                    groups.setdefault(city_int, []).extend([area_of(city), pref_area])
                    shown.setdefault(city_int, []).append(region)
    order = list(INTENSITY_NAMES)
    alerts = []
    for found in sorted(groups, key=lambda i: -order.index(i) if i in order else 0):
        name = INTENSITY_NAMES.get(found, f"震度{found}")
        severity = INTENSITY_SEVERITY.get(found, Severity.MINOR)
        advice = advice_for("地震")  # no table row: severity by intensity, advice when strong
        instruction = dict(ADVICE["quake"]) if severity >= Severity.SEVERE else {}
        alerts.append(
            doc.alert(
                key=found,
                event={"ja": f"地震（{name}）", "en": f"Earthquake (intensity {found})"},
                areas=groups[found],
                advice=advice,
                severity=severity,
                instruction=instruction,
                shown=shown.get(found, ()),
            )
        )
    return alerts


def nankai(doc: JmxDoc) -> list[Alert]:
    """南海トラフ地震臨時情報: the keyword in the title decides (調査終了 ends the chain)."""
    keyword = next((k for k in NANKAI_KEYWORDS if k in doc.head_title), "")
    if not keyword:
        keyword = text(doc.body, "EarthquakeInfo/InfoSerial/Name")
    if keyword == "調査終了":
        return [doc.cancel_record("調査終了", "Investigation closed")]
    name = f"南海トラフ地震臨時情報（{keyword}）" if keyword else "南海トラフ地震臨時情報"
    region = "南海トラフ沿いの地域"
    return [_nationwide(doc, name, "Nankai Trough earthquake information", region)]


def subsequent_quake(doc: JmxDoc) -> list[Alert]:
    name = "北海道・三陸沖後発地震注意情報"
    region = "北海道から千葉県の太平洋沿岸など"
    return [_nationwide(doc, name, "Subsequent earthquake advisory", region)]


def _nationwide(doc: JmxDoc, name: str, english: str, region: str) -> Alert:
    """No area codes: the kiosk cannot place it, so every kiosk shows it (named region)."""
    return doc.alert(
        key=name,
        event={"ja": name, "en": english},
        areas=(),
        shown=[region],
        advice=advice_for(name),
        headline={"ja": doc.headline or name},
        description={"ja": clean(text(doc.body, "EarthquakeInfo/Text"))},
    )
