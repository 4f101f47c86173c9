"""JMA disaster-prevention XML (JMX) → Alerts: which document type, and which reader.

The readers live by document family: jmx_weather (警報・注意報, 土砂災害, 竜巻, 記録的短時間大雨,
熱中症, 台風), jmx_river (指定河川洪水予報), jmx_volcano (噴火警報・予報, 噴火速報), jmx_seismic
(津波, 震度, 南海トラフ, 後発地震). Level, severity and what to do come from the declared table in
kiosk.content.alert_levels. A document type not listed here is logged at WARNING and counted by
the caller (kiosk.content.readers.alert_feed), never silently dropped.

Each document becomes one Alert per warning kind in force. A document with nothing in force
(all 解除) or InfoType 取消 yields one inactive "cancel" record that ends its chain.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from xml.etree.ElementTree import Element

from kiosk.content.alert_levels import LEVEL_SEVERITY, advice_for, level_in_name
from kiosk.content.model import Alert, Severity
from kiosk.content.readers import jmx_river, jmx_seismic, jmx_volcano, jmx_weather
from kiosk.content.readers.jmx_doc import JmxDoc
from kiosk.content.readers.xmltree import AlertReadError, child, local, namespace, parse_xml, text

log = logging.getLogger("kiosk.readers.jmx")

JMX_NAMESPACE = "http://xml.kishou.go.jp/jmaxml1/"

# Control/Title (also the Atom entry title in JMA feeds) → document type. Some titles carry a
# version or hazard suffix, hence prefixes.
TITLE_TYPES: tuple[tuple[str, str], ...] = (
    ("気象特別警報・警報・注意報", "VPWW53"),
    ("気象警報・注意報（Ｈ２７）", "VPWW54"),
    ("気象警報・注意報（Ｒ０６）", "VPWW55"),
    ("土砂災害警戒情報", "VXWW50"),
    ("指定河川洪水予報", "VXKO"),
    ("竜巻注意情報", "VPHW50"),
    ("記録的短時間大雨情報", "VPOA50"),
    ("熱中症警戒アラート", "VPFT50"),
    ("熱中症特別警戒アラート", "VPFT50"),
    ("津波警報・注意報・予報", "VTSE41"),
    ("震度速報", "VXSE51"),
    ("震源・震度に関する情報", "VXSE53"),
    ("南海トラフ地震臨時情報", "VYSE50"),
    ("北海道・三陸沖後発地震注意情報", "VYSE60"),
    ("噴火警報・予報", "VFVO50"),
    ("噴火速報", "VFVO56"),
    ("台風解析・予報情報", "VPTW60"),
)

# Follow order when a feed lists more documents than we fetch: the most urgent first, never
# crowded out by dozens of aftershock reports.
TYPE_PRIORITY = (
    "VTSE41",
    "VXKO",
    "VFVO56",
    "VFVO50",
    "VPWW55",
    "VPWW54",
    "VPWW53",
    "VXWW50",
    "VPOA50",
    "VPHW50",
    "VXSE51",
    "VXSE53",
    "VYSE50",
    "VYSE60",
    "VPFT50",
    "VPTW60",
)

READERS: dict[str, Callable[[JmxDoc], list[Alert]]] = {
    "VPWW53": jmx_weather.weather_warnings,
    "VPWW54": jmx_weather.weather_warnings,
    "VPWW55": jmx_weather.weather_warnings,
    "VPHW50": jmx_weather.weather_warnings,
    "VPOA50": jmx_weather.weather_warnings,
    "VXWW50": jmx_weather.landslide,
    "VPFT50": jmx_weather.heatstroke,
    "VPTW60": jmx_weather.typhoon,
    "VXKO": jmx_river.river_flood,
    "VFVO50": jmx_volcano.volcanic_warning,
    "VFVO56": jmx_volcano.eruption_flash,
    "VTSE41": jmx_seismic.tsunami,
    "VXSE51": jmx_seismic.intensity,
    "VXSE53": jmx_seismic.intensity,
    "VYSE50": jmx_seismic.nankai,
    "VYSE60": jmx_seismic.subsequent_quake,
}
assert set(READERS) == set(TYPE_PRIORITY) == {code for _, code in TITLE_TYPES}


def document_type(title: str) -> str:
    """JMA type code for a Control/Title or feed entry title; "" when we do not read it."""
    title = title.strip()
    for prefix, code in TITLE_TYPES:
        if title.startswith(prefix):
            return code
    return ""


def is_jmx(root: Element) -> bool:
    return local(root.tag) == "Report" and namespace(str(root.tag)).startswith(JMX_NAMESPACE)


def document_title(root: Element) -> str:
    return text(child(root, "Control"), "Title")


def read_jmx(data: bytes, source_id: str = "", name: str = "-") -> list[Alert]:
    """Alerts in one JMX document. Unknown document types yield [] (logged); unreadable or
    non-JMX input raises AlertReadError."""
    return read_jmx_root(parse_xml(data, name), source_id, name)


def read_jmx_root(
    root: Element, source_id: str = "", name: str = "-", alert_hours: int = 0
) -> list[Alert]:
    if not is_jmx(root):
        raise AlertReadError(f"{name}: not a JMA XML report (root <{local(root.tag)}>)")
    title = document_title(root)
    doc_type = document_type(title)
    if not doc_type:
        log.warning("JMA document of a type not read (%r): %s", title, name)
        return []
    doc = JmxDoc(root, doc_type, source_id, name, alert_hours)
    if doc.issued is None:
        raise AlertReadError(f"{name}: {doc_type} without a readable ReportDateTime")
    if doc.info_type == "取消":
        return [doc.cancel_record("取消", "Cancelled")]
    alerts = doc.headline_for_the_gravest(READERS[doc_type](doc))
    return alerts or [doc.cancel_record("解除", "Lifted")]


def warning_level(name: str) -> int | None:
    """警戒レベル written in a name (レベル４土砂災害危険警報 → 4)."""
    return level_in_name(name)


def weather_severity(name: str) -> Severity:
    """Severity of a weather warning kind by its name (the declared table)."""
    level = level_in_name(name)
    return LEVEL_SEVERITY[level] if level else advice_for(name).severity
