"""CAP 1.0/1.1/1.2 (OASIS Common Alerting Protocol) → one Alert per message.

CAP 1.0 documents carry either the OASIS URN (``urn:oasis:names:tc:emergency:cap:1.0``) or the
namespace of the original 1.0 specification (``http://www.incident.com/cap/1.0``); both read.
Every alert has a bounded life: the latest <expires>, else <sent> plus the per-type default
(kiosk.content.alert_levels, or the source's ``alert_hours``).

Texts are grouped by <info> language ("en-US" → "en", "ja-JP" → "ja"); the first <info> of a
language wins. Update and Cancel messages keep their <references> so the store can resolve the
chain (kiosk.content.alerts); a Cancel is an inactive record. Elements are matched by local name,
so CAP 1.1 files, prefixed ``cap:alert`` and signed messages (an enveloped ds:Signature, which is
simply not looked at — verification is optional in the issue and not done here) all read alike.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace
from datetime import datetime
from xml.etree.ElementTree import Element

from kiosk.content.alert_levels import lifetime
from kiosk.content.alerts import INFO_SEPARATOR
from kiosk.content.model import Alert, Severity
from kiosk.content.readers.xmltree import (
    AlertReadError,
    children,
    clean,
    local,
    namespace,
    parse_time,
    parse_xml,
    text,
)

log = logging.getLogger("kiosk.readers.cap")

CAP_NAMESPACE = "urn:oasis:names:tc:emergency:cap:"
CAP_10_NAMESPACE = "http://www.incident.com/cap/1.0"
SEVERITIES = {
    "extreme": Severity.EXTREME,
    "severe": Severity.SEVERE,
    "moderate": Severity.MODERATE,
    "minor": Severity.MINOR,
    "unknown": Severity.UNKNOWN,
}
DRILL_STATUSES = ("exercise", "test")
NOT_FOR_PUBLIC = ("system", "draft")  # CAP: never shown to the public
PLACEHOLDERS = ("none", "not applicable", "n/a", "na")  # seen in real feeds; nothing to do
MSG_TYPES = {"alert": "alert", "update": "update", "cancel": "cancel"}


def is_cap(root: Element) -> bool:
    found = namespace(str(root.tag))
    return local(root.tag) == "alert" and (
        found.startswith(CAP_NAMESPACE) or found.rstrip("/") == CAP_10_NAMESPACE
    )


def language_key(code: str) -> str:
    """CAP <language> (RFC 3066) → the kiosk's language key: en-US → en, ja-JP → ja."""
    code = code.strip().replace("_", "-")
    if not code:
        return "en"  # CAP's default language is en-US
    primary = code.split("-", 1)[0].lower()
    if primary == "zh":  # keep script: zh-Hans / zh-Hant differ for readers
        lowered = code.lower()
        return "zh-Hant" if ("hant" in lowered or lowered in ("zh-tw", "zh-hk")) else "zh-Hans"
    if primary == "pt" and code.lower() == "pt-br":
        return "pt-BR"
    return primary


def reference_ids(value: str) -> tuple[str, ...]:
    """``sender,identifier,sent`` triples (space separated) → identifiers.

    Matched on the identifier alone: real feeds do not repeat the sender consistently (NOAA
    references "PAAQ" while its <sender> is a URL).
    """
    ids = []
    for triple in value.split():
        parts = triple.split(",")
        ids.append(parts[1] if len(parts) >= 3 else parts[0])
    return tuple(i for i in ids if i)


def read_cap(data: bytes, source_id: str = "", name: str = "-") -> list[Alert]:
    """The alert in one CAP message ([] for system/draft messages and acks)."""
    return read_cap_root(parse_xml(data, name), source_id, name)


def read_cap_root(
    root: Element, source_id: str = "", name: str = "-", alert_hours: int = 0
) -> list[Alert]:
    if not is_cap(root):
        raise AlertReadError(f"{name}: not a CAP alert (root <{local(root.tag)}>)")
    identifier = text(root, "identifier")
    if not identifier:
        raise AlertReadError(f"{name}: CAP alert without an <identifier>")
    status = text(root, "status").lower()
    msg_type = MSG_TYPES.get(text(root, "msgType").lower())
    if status in NOT_FOR_PUBLIC or msg_type is None:
        log.info("skipped CAP %s message (status %s): %s", msg_type or "ack/error", status, name)
        return []
    sent = parse_time(text(root, "sent"))
    if sent is None:  # required by CAP; without it the alert's life cannot be bounded
        raise AlertReadError(f"{name}: CAP alert without a readable <sent> time")
    references = reference_ids(text(root, "references"))
    by_lang: dict[str, list[Element]] = {}
    for info in children(root, "info"):
        by_lang.setdefault(language_key(text(info, "language")), []).append(info)
    if not by_lang and msg_type != "cancel":
        log.info("CAP alert without <info>: %s", name)
    message = _Message(identifier, source_id, sent, status, msg_type, references, alert_hours)
    # One alert per <info> of a language: a message may warn Town A (Extreme) and Town B
    # (Minor) in two blocks of one language. The n-th block of each language is one alert.
    groups = max((len(found) for found in by_lang.values()), default=1)
    alerts = [
        message.alert(
            {lang: found[n] for lang, found in by_lang.items() if n < len(found)},
            info_id(identifier, n),
            root,
        )
        for n in range(groups)
    ]
    return _same_warning_once(alerts)


def _same_warning_once(alerts: list[Alert]) -> list[Alert]:
    """Blocks that say the same thing (NSW RFS repeats its fire with a postcode geocode) are
    one alert with the areas of both; blocks that differ stay apart."""
    kept: dict[tuple[object, ...], Alert] = {}
    for alert in alerts:
        said = (
            tuple(sorted(alert.event.items())),
            tuple(sorted(alert.headline.items())),
            tuple(sorted(alert.area.items())),
            tuple(sorted(alert.instruction.items())),
            alert.severity,
            alert.expires,
        )
        first = kept.get(said)
        if first is None:
            kept[said] = alert
        else:
            areas = tuple(dict.fromkeys(first.areas + alert.areas))
            kept[said] = replace(first, areas=areas)
    return list(kept.values())


def info_id(identifier: str, index: int) -> str:
    """The alert id of a message's ``index``-th <info> group (the first keeps the identifier,
    so references to the message find it; see kiosk.content.alerts.message_id)."""
    return identifier if index == 0 else f"{identifier}{INFO_SEPARATOR}{index + 1}"


@dataclass(frozen=True, slots=True)
class _Message:
    identifier: str
    source_id: str
    sent: datetime
    status: str
    msg_type: str
    references: tuple[str, ...]
    alert_hours: int

    def alert(self, infos: dict[str, Element], alert_id: str, root: Element) -> Alert:
        event: dict[str, str] = {}
        headline: dict[str, str] = {}
        instruction: dict[str, str] = {}
        description: dict[str, str] = {}
        area: dict[str, str] = {}
        severity = Severity.UNKNOWN
        expires: list[datetime | None] = []
        onsets: list[datetime] = []
        codes: list[tuple[str, str]] = []
        kind = ""
        for lang, info in infos.items():
            _put(event, lang, text(info, "event"))
            _put(headline, lang, text(info, "headline") or text(info, "event"))
            if text(info, "instruction").lower() not in PLACEHOLDERS:
                _put(instruction, lang, _plain(text(info, "instruction")))
            _put(description, lang, _plain(text(info, "description")))
            descs = [text(a, "areaDesc") for a in children(info, "area")]
            _put(area, lang, ("、" if lang == "ja" else "; ").join(d for d in descs if d))
            severity = max(
                severity, SEVERITIES.get(text(info, "severity").lower(), Severity.UNKNOWN)
            )
            expires.append(parse_time(text(info, "expires")))
            # <effective>, not <onset>: a warning for a storm that starts tomorrow is news today.
            effective = parse_time(text(info, "effective"))
            if effective is not None:
                onsets.append(effective)
            kind = kind or " ".join(
                text(code, "value") for code in children(info, "eventCode") if text(code, "value")
            )
            if not codes:  # areas are the same in every language; take them once
                codes = _areas(info)
        is_cancel = self.msg_type == "cancel"
        # responseType AllClear ("the threat has passed") in every <info>: the message ends
        # what it updates, like a Cancel, and is itself nothing to act on. (Urgency Past alone
        # is not an all-clear: USGS sends it for an earthquake that has happened.)
        all_clear = bool(infos) and all(
            "allclear" in {text(r).lower() for r in children(info, "responseType")}
            for info in infos.values()
        )
        # The latest end over the <info> blocks; one without <expires> gets the default life.
        ends = [e for e in expires if e is not None]
        if not ends or len(ends) < len(expires):
            ends.append(self.sent + lifetime("cap", self.alert_hours))
        return Alert(
            id=alert_id,
            source_id=self.source_id,
            severity=Severity.UNKNOWN if is_cancel or all_clear else severity,
            event=event or {"en": text(root, "note") or self.msg_type},
            headline=headline or event,
            area=area,
            instruction=instruction,
            description=description,
            expires=max(ends),
            onset=min(onsets) if onsets else None,
            issued=self.sent,
            cancelled=is_cancel or all_clear,
            drill=self.status in DRILL_STATUSES,
            references=self.references,
            areas=tuple(codes),
            kind=kind,
            msg_type=self.msg_type,
        )


def _put(target: dict[str, str], lang: str, value: str) -> None:
    value = clean(value)
    if value:
        target[lang] = value


def _areas(info: Element) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for area in children(info, "area"):
        desc = text(area, "areaDesc")
        values = [v for code in children(area, "geocode") for v in text(code, "value").split()]
        found.extend((value, desc) for value in values)
        if not values and desc:
            found.append(("", desc))
    return list(dict.fromkeys(found))


_MARKUP = re.compile(r"<[a-zA-Z/][^<>]{0,200}>")


def _plain(value: str) -> str:
    """CAP text fields are plain text, but publishers put escaped HTML in them (NSW RFS sends
    ``ALERT LEVEL: …<br />LOCATION: …``): shown as written, a senior would read the tags. Text
    with markup goes through the kiosk's one HTML simplifier; lines stay lines."""
    if not _MARKUP.search(value):
        return value
    from kiosk.content.simplify import html_to_blocks

    lines = [block.text for block in html_to_blocks(value) if block.text]
    return "\n".join(lines) or value
