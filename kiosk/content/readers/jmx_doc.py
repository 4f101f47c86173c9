"""The header every JMX document shares, and the Alert factory the family readers use.

Documents form chains (InfoKind, editorial office, EventID — or the head title when the
EventID is empty, as in weather warnings): the newest document of a chain states everything in
force (see kiosk.content.alerts).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime
from xml.etree.ElementTree import Element

from kiosk.content.alert_levels import Advice, lifetime
from kiosk.content.alerts import typed_code
from kiosk.content.model import Alert, Severity
from kiosk.content.readers.xmltree import child, clean, parse_time, text

NOT_IN_FORCE = ("解除", "なし", "発表警報・注意報はなし")
# Official test samples and exercise documents sometimes say so only in the body
# (「この電文はテストサンプルです。」); 「訓練ではありません」 must not match.
_TEST_NOTICE = re.compile(r"(テスト|訓練|試験)(サンプル|電文|報|です|用)")


def area_of(element: Element | None, code_list: str = "") -> tuple[str, str]:
    """(code, name); ``code_list`` tags a short JMA code with its list ("tsunami:350")."""
    code = text(element, "Code")
    return (typed_code(code_list, code) if code_list else code), text(element, "Name")


def in_force(name: str, status: str = "") -> bool:
    return bool(name) and name not in NOT_IN_FORCE and status not in NOT_IN_FORCE


def sections(headline: str) -> dict[str, str]:
    """JMA headlines in ＜概況＞ … ＜とるべき措置＞ … sections."""
    found: dict[str, str] = {}
    for match in re.finditer(r"＜([^＜＞]+)＞([^＜]*)", headline):
        found[match.group(1)] = clean(match.group(2))
    return found


class JmxDoc:
    """One parsed JMX document: header fields, and ``alert`` / ``cancel_record`` builders."""

    def __init__(
        self,
        root: Element,
        doc_type: str,
        source_id: str,
        name: str,
        alert_hours: int = 0,
    ) -> None:
        control = child(root, "Control")
        head = child(root, "Head")
        self.root, self.head, self.body = root, head, child(root, "Body")
        self.type = doc_type
        self.source_id = source_id
        self.name = name
        self.alert_hours = alert_hours
        self.title = text(control, "Title")
        self.status = text(control, "Status")
        self.office = text(control, "EditorialOffice")
        self.head_title = text(head, "Title")
        self.issued = parse_time(text(head, "ReportDateTime"))
        self.target = parse_time(text(head, "TargetDateTime"))
        self.valid = parse_time(text(head, "ValidDateTime"))
        self.event_id = text(head, "EventID")
        self.info_type = text(head, "InfoType")
        self.info_kind = text(head, "InfoKind")
        serial = text(head, "Serial")
        self.serial = int(serial) if serial.isdecimal() else 0
        self.headline = clean(text(head, "Headline/Text"))
        self.notice = text(self.body, "Notice")
        # Weather warnings have no EventID; their chain is the warning area's document.
        self.chain = f"jmx|{self.info_kind}|{self.office}|{self.event_id or self.head_title}"
        # 訂正 replaces a document with the same report time and serial.
        self.revision = self.serial * 2 + (1 if self.info_type == "訂正" else 0)
        issued = self.issued.isoformat() if self.issued else ""
        self.base_id = f"{self.chain}|{issued}|{self.info_type}|{self.serial}"
        self.expires_at: datetime | None = None  # a family reader may know better

    @property
    def drill(self) -> bool:
        # Control/Status: 通常 (real), 訓練 (drill), 試験 (test); a body notice that calls the
        # document a test sample counts as a test too.
        if self.status not in ("", "通常"):
            return True
        return bool(_TEST_NOTICE.search(self.notice))

    @property
    def expires(self) -> datetime | None:
        if self.valid is not None:
            return self.valid
        if self.expires_at is not None:
            return self.expires_at
        return self.issued + lifetime(self.type, self.alert_hours) if self.issued else None

    def alert(
        self,
        key: str,
        event: dict[str, str],
        areas: Iterable[tuple[str, str]],
        advice: Advice,
        headline: dict[str, str] | None = None,
        description: dict[str, str] | None = None,
        shown: Iterable[str] | None = None,
        instruction: dict[str, str] | None = None,
        severity: Severity | None = None,
    ) -> Alert:
        areas = tuple(dict.fromkeys(a for a in areas if a[0] or a[1]))  # unique, document order
        # ``shown``: the names to display when not all areas are worth naming.
        names = list(dict.fromkeys(shown if shown is not None else (n for _, n in areas if n)))
        names = [n for n in names if n]
        return Alert(
            id=f"{self.base_id}|{key}",
            source_id=self.source_id,
            severity=severity if severity is not None else advice.severity,
            event=event,
            headline=headline if headline is not None else {"ja": self.headline or event["ja"]},
            area={"ja": "、".join(names)} if names else {},
            instruction=instruction if instruction is not None else dict(advice.instruction),
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
            level=advice.level,
        )

    def headline_for_the_gravest(self, alerts: list[Alert]) -> list[Alert]:
        """The document's headline speaks for its grave alerts only.

        One document gives one alert per kind; its headline (「大津波警報・津波警報に切り替えま
        した。ただちに避難してください。」) would tell the people under its 津波注意報 and 津波予報
        to flee. Below the gravest kind and below warning level (SEVERE), an alert that only
        repeated the headline gets its event as headline, which the alert screen does not show
        twice.
        """
        if len(alerts) < 2 or not self.headline:
            return alerts
        gravest = max(alert.severity for alert in alerts)
        return [
            replace(alert, headline={"ja": alert.event["ja"]})
            if alert.severity < min(gravest, Severity.SEVERE)
            and alert.headline == {"ja": self.headline}
            else alert
            for alert in alerts
        ]

    def cancel_record(self, ja: str, en: str) -> Alert:
        """An inactive record that ends the chain (取消, 解除, 調査終了, 台風消滅)."""
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
