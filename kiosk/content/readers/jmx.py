"""JMA disaster-prevention XML (JMX) → Alerts.

Handles 気象警報・注意報 (VPWW53, VPWW54, the new per-hazard VPWW55), 土砂災害警戒情報 (VXWW50,
old and 2026 formats), 津波警報・注意報・予報 (VTSE41), 震度速報 (VXSE51), 震源・震度に関する情報
(VXSE53) and 台風解析・予報情報 (VPTW60). Other document types are logged and skipped.

Each document becomes one Alert per warning kind in force, carrying the areas (code, name) it
applies to. Documents form chains (InfoKind, editorial office, EventID — or the head title when
the EventID is empty, as in weather warnings): the newest document of a chain states everything
in force, so older documents of the chain stop counting (see kiosk.content.alerts). A document
with nothing in force (all 解除) or InfoType 取消 yields one inactive "cancel" record that ends
the chain.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from datetime import datetime, timedelta
from xml.etree.ElementTree import Element

from kiosk.content.model import Alert, Severity
from kiosk.content.readers.xmltree import (
    AlertReadError,
    child,
    children,
    clean,
    local,
    namespace,
    parse_time,
    parse_xml,
    text,
)

log = logging.getLogger("kiosk.readers.jmx")

JMX_NAMESPACE = "http://xml.kishou.go.jp/jmaxml1/"

# Control/Title (also the Atom entry title in JMA feeds) → document type. VPWW55 and VPTW60
# titles carry a hazard or version suffix, hence the prefixes.
TITLE_TYPES: tuple[tuple[str, str], ...] = (
    ("気象特別警報・警報・注意報", "VPWW53"),
    ("気象警報・注意報（Ｈ２７）", "VPWW54"),
    ("気象警報・注意報（Ｒ０６）", "VPWW55"),
    ("土砂災害警戒情報", "VXWW50"),
    ("津波警報・注意報・予報", "VTSE41"),
    ("震度速報", "VXSE51"),
    ("震源・震度に関する情報", "VXSE53"),
    ("台風解析・予報情報", "VPTW60"),
)

# Follow order when a feed has more documents than we fetch: tsunami first, never crowded out
# by dozens of aftershock reports.
TYPE_PRIORITY = ("VTSE41", "VPWW55", "VPWW54", "VPWW53", "VXWW50", "VXSE51", "VXSE53", "VPTW60")

# How long an alert counts when the document gives no end time. JMA re-issues these documents
# whenever anything changes; these bounds only matter when the kiosk misses the lifting
# document (offline), so that a lifted warning does not hang on for ever.
LIFETIME: dict[str, timedelta] = {
    "VPWW53": timedelta(hours=24),
    "VPWW54": timedelta(hours=24),
    "VPWW55": timedelta(hours=24),
    "VXWW50": timedelta(hours=24),
    "VTSE41": timedelta(hours=24),
    "VXSE51": timedelta(hours=6),
    "VXSE53": timedelta(hours=6),
    "VPTW60": timedelta(hours=6),
}

NOT_IN_FORCE = ("解除", "なし", "発表警報・注意報はなし")
_LEVEL = re.compile(r"レベル([１２３４５1-5])")
_FULLWIDTH_DIGITS = str.maketrans("１２３４５", "12345")

# 警戒レベル (the government's five evacuation levels) → kiosk severity. Level 3 is
# 高齢者等避難 — exactly the people at this kiosk — so it counts as severe.
LEVEL_SEVERITY = {
    5: Severity.EXTREME,
    4: Severity.SEVERE,
    3: Severity.SEVERE,
    2: Severity.MINOR,
    1: Severity.MINOR,
}

# What to do, per 警戒レベル (wording of the Cabinet Office evacuation guideline).
LEVEL_INSTRUCTION: dict[int, dict[str, str]] = {
    5: {
        "ja": "命の危険があります。ただちに身の安全を確保してください。",
        "en": "Your life is in danger. Secure your safety immediately.",
    },
    4: {
        "ja": "危険な場所から全員避難してください。",
        "en": "Everyone must evacuate from dangerous places.",
    },
    3: {
        "ja": "危険な場所から高齢者等は避難してください。",
        "en": "Older people and those who need help must evacuate from dangerous places.",
    },
}
TSUNAMI_INSTRUCTION: dict[str, dict[str, str]] = {
    "大津波警報": {
        "ja": "ただちに高台や津波避難ビルなど、できるだけ高い安全な場所へ避難してください。",
        "en": "Evacuate at once to high ground or a tsunami evacuation building.",
    },
    "津波警報": {
        "ja": "ただちに高台や津波避難ビルなど、安全な場所へ避難してください。",
        "en": "Evacuate at once to high ground or a tsunami evacuation building.",
    },
    "津波注意報": {
        "ja": "海の中や海岸にいる人は、ただちに海から上がって、海岸から離れてください。",
        "en": "Get out of the water and away from the coast at once.",
    },
}
QUAKE_INSTRUCTION = {
    "ja": "強い揺れに注意してください。まず身の安全を守り、火の元を確認してください。",
    "en": "Beware of strong shaking. Protect yourself first, then check for fire.",
}
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


def document_type(title: str) -> str:
    """JMA type code for a Control/Title or feed entry title; "" when we do not read it."""
    title = title.strip()
    for prefix, code in TITLE_TYPES:
        if title.startswith(prefix):
            return code
    return ""


def is_jmx(root: Element) -> bool:
    return local(root.tag) == "Report" and namespace(str(root.tag)).startswith(JMX_NAMESPACE)


def read_jmx(data: bytes, source_id: str = "", name: str = "-") -> list[Alert]:
    """Alerts in one JMX document. Unknown document types yield [] (logged); unreadable or
    non-JMX input raises AlertReadError."""
    return read_jmx_root(parse_xml(data, name), source_id, name)


def read_jmx_root(root: Element, source_id: str = "", name: str = "-") -> list[Alert]:
    if not is_jmx(root):
        raise AlertReadError(f"{name}: not a JMA XML report (root <{local(root.tag)}>)")
    control = child(root, "Control")
    head = child(root, "Head")
    body = child(root, "Body")
    title = text(control, "Title")
    doc_type = document_type(title)
    if not doc_type:
        log.info("skipped JMA document type %r: %s", title, name)
        return []
    doc = _Doc(root, control, head, body, doc_type, source_id, name)
    if doc.issued is None:
        raise AlertReadError(f"{name}: {doc_type} without a readable ReportDateTime")
    if doc.info_type == "取消":
        return [doc.cancel_record("取消", "Cancelled")]
    reader = {
        "VPWW53": _weather_warnings,
        "VPWW54": _weather_warnings,
        "VPWW55": _weather_warnings,
        "VXWW50": _landslide,
        "VTSE41": _tsunami,
        "VXSE51": _intensity,
        "VXSE53": _intensity,
        "VPTW60": _typhoon,
    }[doc_type]
    alerts = reader(doc)
    return alerts or [doc.cancel_record("解除", "Lifted")]


class _Doc:
    """The header fields every JMX alert shares, and the Alert factory."""

    def __init__(
        self,
        root: Element,
        control: Element | None,
        head: Element | None,
        body: Element | None,
        doc_type: str,
        source_id: str,
        name: str,
    ) -> None:
        self.root, self.head, self.body = root, head, body
        self.type = doc_type
        self.source_id = source_id
        self.name = name
        self.status = text(control, "Status")
        self.office = text(control, "EditorialOffice")
        self.head_title = text(head, "Title")
        self.issued = parse_time(text(head, "ReportDateTime"))
        self.valid = parse_time(text(head, "ValidDateTime"))
        self.event_id = text(head, "EventID")
        self.info_type = text(head, "InfoType")
        self.info_kind = text(head, "InfoKind")
        serial = text(head, "Serial")
        self.serial = int(serial) if serial.isdecimal() else 0
        self.headline = clean(text(head, "Headline/Text"))
        # Weather warnings have no EventID; their chain is the warning area's document.
        self.chain = f"jmx|{self.info_kind}|{self.office}|{self.event_id or self.head_title}"
        # 訂正 replaces a document with the same report time and serial.
        self.revision = self.serial * 2 + (1 if self.info_type == "訂正" else 0)
        issued = self.issued.isoformat() if self.issued else ""
        self.base_id = f"{self.chain}|{issued}|{self.info_type}|{self.serial}"

    @property
    def drill(self) -> bool:
        # Control/Status: 通常 (real), 訓練 (drill), 試験 (test).
        return self.status not in ("", "通常")

    @property
    def expires(self) -> datetime | None:
        if self.valid is not None:
            return self.valid
        return self.issued + LIFETIME[self.type] if self.issued else None

    def alert(
        self,
        key: str,
        severity: Severity,
        event: dict[str, str],
        areas: Iterable[tuple[str, str]],
        instruction: dict[str, str] | None = None,
        headline: dict[str, str] | None = None,
        description: dict[str, str] | None = None,
        shown: Iterable[str] | None = None,
    ) -> Alert:
        areas = tuple(dict.fromkeys(areas))  # unique, in document order
        # ``shown``: the names to display when not all areas are worth naming (prefectures).
        names = list(dict.fromkeys(shown if shown is not None else (n for _, n in areas if n)))
        return Alert(
            id=f"{self.base_id}|{key}",
            source_id=self.source_id,
            severity=severity,
            event=event,
            headline=headline if headline is not None else {"ja": self.headline or event["ja"]},
            area={"ja": "、".join(names)} if names else {},
            instruction=instruction or {},
            description=description or {},
            onset=None,
            expires=self.expires,
            issued=self.issued,
            drill=self.drill,
            areas=areas,
            kind=f"{self.type}:{key}",
            msg_type="alert",
            chain=self.chain,
            revision=self.revision,
        )

    def cancel_record(self, ja: str, en: str) -> Alert:
        """An inactive record that ends the chain (取消, or nothing left in force)."""
        return Alert(
            id=f"{self.base_id}|{ja}",
            source_id=self.source_id,
            severity=Severity.UNKNOWN,
            event={"ja": f"{self.head_title}（{ja}）", "en": en},
            headline={"ja": self.headline or self.head_title},
            issued=self.issued,
            expires=self.expires,
            cancelled=True,
            drill=self.drill,
            kind=f"{self.type}:{ja}",
            msg_type="cancel",
            chain=self.chain,
            revision=self.revision,
        )


def warning_level(name: str) -> int | None:
    found = _LEVEL.search(name)
    return int(found.group(1).translate(_FULLWIDTH_DIGITS)) if found else None


def weather_severity(name: str) -> Severity:
    """Severity of a weather warning kind by its name (robust across the H27 and R06 codes)."""
    level = warning_level(name)
    if level is not None:
        return LEVEL_SEVERITY[level]
    if "特別警報" in name:
        return Severity.EXTREME
    if "警報" in name or name == "警戒":
        return Severity.SEVERE
    if "注意報" in name:
        return Severity.MINOR
    return Severity.UNKNOWN


def _instruction_for(name: str, severity: Severity) -> dict[str, str]:
    level = warning_level(name)
    if level is None:
        level = {Severity.EXTREME: 5, Severity.SEVERE: 3}.get(severity)
        if "土砂災害" in name:  # 土砂災害警戒情報 is 警戒レベル４相当
            level = 4
    return dict(LEVEL_INSTRUCTION.get(level or 0, {}))


def _area(element: Element | None) -> tuple[str, str]:
    return text(element, "Code"), text(element, "Name")


def _weather_warnings(doc: _Doc) -> list[Alert]:
    warnings = list(children(doc.body, "Warning"))
    if not warnings:
        return []
    # The municipality level is the finest; fall back to whatever level the document has.
    chosen = next((w for w in warnings if w.get("type", "").endswith("（市町村等）")), warnings[-1])
    groups: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for item in children(chosen, "Item"):
        area = _area(child(item, "Area"))
        for kind in children(item, "Kind"):
            name, code, status = text(kind, "Name"), text(kind, "Code"), text(kind, "Status")
            if not name or status in NOT_IN_FORCE or name in NOT_IN_FORCE:
                continue
            groups.setdefault((code, name), []).append(area)
    alerts = []
    for (code, name), areas in groups.items():
        severity = weather_severity(name)
        alerts.append(
            doc.alert(
                key=code or name,
                severity=severity,
                event={"ja": name},
                areas=areas,
                instruction=_instruction_for(name, severity),
            )
        )
    return alerts


def _sections(headline: str) -> dict[str, str]:
    """JMA landslide headlines are ＜概況＞ … ＜とるべき措置＞ … sections."""
    found: dict[str, str] = {}
    for match in re.finditer(r"＜([^＜＞]+)＞([^＜]*)", headline):
        found[match.group(1)] = clean(match.group(2))
    return found


def _landslide(doc: _Doc) -> list[Alert]:
    target = text(doc.body, "TargetArea/Name")
    event = doc.head_title
    if target and event.startswith(target):
        event = event[len(target) :]  # 神奈川県レベル４土砂災害危険警報 → レベル４土砂災害危険警報
    event = event or "土砂災害警戒情報"
    areas = []
    for warning in children(doc.body, "Warning"):
        for item in children(warning, "Item"):
            for kind in children(item, "Kind"):
                name, status = text(kind, "Name"), text(kind, "Status")
                if name and name not in NOT_IN_FORCE and status not in NOT_IN_FORCE:
                    areas.append(_area(child(item, "Area")))
    if not areas:
        return []
    level = warning_level(event) or 4  # the old format is 警戒レベル４相当
    severity = LEVEL_SEVERITY[level]
    sections = _sections(doc.headline)
    action = next((v for k, v in sections.items() if "とるべき措置" in k), "")
    action = action or next((v for k, v in sections.items() if "補足情報" in k), "")
    overview = sections.get("概況", "")
    instruction = dict(LEVEL_INSTRUCTION[level])
    if action:
        instruction["ja"] = f"{instruction['ja']}\n{action}"
    return [
        doc.alert(
            key=f"L{level}",
            severity=severity,
            event={"ja": event, "en": f"Landslide warning (level {level})"},
            areas=areas,
            instruction=instruction,
            headline={"ja": overview or doc.headline or event},
        )
    ]


def _tsunami_kind(name: str) -> str:
    """'大津波警報：発表' → '大津波警報'; '津波予報（若干の海面変動）' → '津波予報'."""
    base = name.split("：", 1)[0]
    return base.split("（", 1)[0]


def tsunami_severity(kind: str) -> Severity:
    return {
        "大津波警報": Severity.EXTREME,
        "津波警報": Severity.SEVERE,
        "津波注意報": Severity.MODERATE,
        "津波予報": Severity.MINOR,
    }.get(kind, Severity.UNKNOWN)


def _tsunami(doc: _Doc) -> list[Alert]:
    groups: dict[str, list[tuple[str, str]]] = {}
    forecast = child(doc.body, "Tsunami/Forecast")
    for item in children(forecast, "Item"):
        kind_name = text(item, "Category/Kind/Name")
        if not kind_name or "解除" in kind_name or kind_name in NOT_IN_FORCE:
            continue
        groups.setdefault(_tsunami_kind(kind_name), []).append(_area(child(item, "Area")))
    order = ("大津波警報", "津波警報", "津波注意報", "津波予報")
    alerts = []
    for kind in sorted(groups, key=lambda k: order.index(k) if k in order else len(order)):
        event = {"ja": kind}
        if kind in KIND_EN:
            event["en"] = KIND_EN[kind]
        alerts.append(
            doc.alert(
                key=kind,
                severity=tsunami_severity(kind),
                event=event,
                areas=groups[kind],
                instruction=dict(TSUNAMI_INSTRUCTION.get(kind, {})),
            )
        )
    return alerts


def _intensity(doc: _Doc) -> list[Alert]:
    """震度速報 / 震源・震度に関する情報: one alert per observed intensity class.

    Areas carry the 地震情報細分区域 code, the prefecture code and (VXSE53) the city codes,
    so a kiosk configured with any of them finds its shaking.
    """
    observation = child(doc.body, "Intensity/Observation")
    groups: dict[str, list[tuple[str, str]]] = {}
    shown: dict[str, list[str]] = {}
    for pref in children(observation, "Pref"):
        pref_area = _area(pref)
        for area in children(pref, "Area"):
            intensity = text(area, "MaxInt")
            if intensity:
                groups.setdefault(intensity, []).extend([_area(area), pref_area])
                shown.setdefault(intensity, []).append(text(area, "Name"))
            for city in children(area, "City"):
                city_int = text(city, "MaxInt")
                if city_int:
                    groups.setdefault(city_int, []).extend([_area(city), pref_area])
    if not groups:
        return []
    order = list(INTENSITY_NAMES)
    alerts = []
    for intensity in sorted(groups, key=lambda i: -order.index(i) if i in order else 0):
        name = INTENSITY_NAMES.get(intensity, f"震度{intensity}")
        severity = INTENSITY_SEVERITY.get(intensity, Severity.MINOR)
        alerts.append(
            doc.alert(
                key=intensity,
                severity=severity,
                event={"ja": f"地震（{name}）", "en": f"Earthquake (intensity {intensity})"},
                areas=groups[intensity],
                instruction=dict(QUAKE_INSTRUCTION) if severity >= Severity.SEVERE else {},
                shown=shown.get(intensity, ()),
            )
        )
    return alerts


def _typhoon(doc: _Doc) -> list[Alert]:
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
            severity=Severity.MINOR,  # information, not a warning: banner only
            event={"ja": label, "en": "Typhoon information"},
            areas=(),
            headline={"ja": headline},
        )
    ]
