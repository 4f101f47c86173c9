"""Which alerts are in force, for whom, and which take over the screen. Plain Python, no Qt.

Two ways an alert stops counting, one per format:
- CAP: an Update or Cancel lists the identifiers it replaces in ``references``; a referenced
  alert is superseded, and a Cancel is itself never in force.
- JMX: documents of one ``chain`` (same InfoKind, office, EventID) each state everything in
  force; only alerts of the chain's newest document count. 取消 or "all lifted" makes the newest
  document an inactive cancel record, so the whole chain goes quiet.
Resolution is a pure function of the set of records, so re-reading the same feed (which still
lists the original and the cancel) gives the same answer every time.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from kiosk.content.model import Alert, Severity

# Source kinds whose alerts accumulate across syncs (feeds roll documents off; the chain must
# survive that). Other kinds (content packages) replace their alerts on every sync.
CHAINED_KINDS = frozenset({"cap", "jmx"})
# Inactive records are kept this long so a re-listed original cannot come back to life.
RETENTION = timedelta(days=7)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


# A CAP message with several <info> blocks of one language gives one alert per block: the
# first keeps the message's identifier, the others add this and their number ("X#info2").
INFO_SEPARATOR = "#info"


def message_id(alert: Alert) -> str:
    """The identifier of the message an alert came from (what CAP <references> name)."""
    return alert.id.split(INFO_SEPARATOR, 1)[0]


def _order(alert: Alert) -> tuple[datetime, int]:
    return (alert.issued or _EPOCH, alert.revision)


def in_force(alerts: Iterable[Alert], now: datetime) -> list[Alert]:
    """Alerts in force at ``now``, most severe first, then newest first."""
    alerts = list(alerts)
    superseded: set[str] = set()
    for alert in alerts:
        if alert.msg_type in ("update", "cancel"):
            superseded.update(alert.references)
    newest: dict[str, tuple[datetime, int]] = {}
    for alert in alerts:
        if alert.chain:
            key = _order(alert)
            if alert.chain not in newest or key > newest[alert.chain]:
                newest[alert.chain] = key
    active = [
        a
        for a in alerts
        if message_id(a) not in superseded
        and (not a.chain or _order(a) == newest[a.chain])
        and a.is_active(now)
    ]
    # The same document read through two feeds (JMA's short and long feeds) counts once.
    active = list({a.id: a for a in reversed(active)}.values())
    active.sort(key=lambda a: (-int(a.severity), -(a.issued or _EPOCH).timestamp(), a.id))
    return active


def merge(previous: Sequence[Alert], incoming: Sequence[Alert], now: datetime) -> list[Alert]:
    """The records a chained source keeps after a sync: old and new, minus long-dead ones."""
    by_id = {a.id: a for a in previous}
    by_id.update({a.id: a for a in incoming})
    records = list(by_id.values())
    active_ids = {a.id for a in in_force(records, now)}
    cutoff = now - RETENTION

    def recent(alert: Alert) -> bool:
        last = max((t for t in (alert.issued, alert.expires) if t is not None), default=None)
        return last is None or last > cutoff

    keep = {a.id for a in records if a.id in active_ids or recent(a)}
    # A cancel or update must outlive what it replaces, and a chain lives or goes as a whole,
    # or a replaced alert would come back to life.
    kept_chains = {a.chain for a in records if a.chain and a.id in keep}
    keep |= {a.id for a in records if a.chain in kept_chains}
    keep |= {a.id for a in records if keep.intersection(a.references)}
    return [a for a in records if a.id in keep]


# JMA numbers its short region lists independently: 350 is a seismic area (東京都２３区) in one,
# a tsunami forecast area (富山県) in another, and 3-digit numbers also name volcanoes. Readers
# write such codes as "<list>:<number>" (kiosk.sources.CODE_LISTS); river codes are tagged too,
# so a long river number can never pass for a town under the prefix rule.


def split_code(code: str) -> tuple[str, str]:
    """ "tsunami:350" → ("tsunami", "350"); "17204" → ("", "17204")."""
    kind, sep, number = code.partition(":")
    return (kind, number) if sep else ("", code)


def typed_code(kind: str, code: str) -> str:
    return f"{kind}:{code}" if code else ""


def is_ambiguous(wanted: str) -> bool:
    """A configured 3-digit code without its list: it matches that number in every list."""
    kind, number = split_code(wanted)
    return not kind and len(number) == 3


def code_matches(code: str, wanted: str) -> bool:
    """Does an area code in a document fall under a configured code?

    Configured prefecture (2-digit) and municipality (5-digit JIS) codes are prefixes of the
    longer administrative codes ("17204" under JMA's 7-digit "1720400", "17" under the forecast
    region "170010"); every other code only matches exactly, so "110" (a seismic area) never
    catches the forecast region "110010". A configured "tsunami:350" matches only the tsunami
    list; a bare "350" still matches the number in every list (older settings; `kiosk doctor`
    flags it).
    """
    kind, number = split_code(code)
    wanted_kind, wanted_number = split_code(wanted)
    if not number or not wanted_number:
        return False
    if wanted_kind:
        return kind == wanted_kind and number == wanted_number
    if number == wanted_number:
        return True
    return (
        not kind
        and len(wanted_number) in (2, 5)
        and len(number) >= 5
        and len(number) > len(wanted_number)
        and number.startswith(wanted_number)
    )


def for_area(alert: Alert, area_codes: Sequence[str]) -> Alert | None:
    """The alert narrowed to the kiosk's areas, or None when it is not for them.

    With no configured codes every alert counts; an alert without any codes (a package, a CAP
    message with only areaDesc) counts too: it cannot be placed, and missing a warning is
    worse than showing one meant for the neighbours.
    """
    if not area_codes or not any(code for code, _ in alert.areas):
        return alert
    matching = tuple(
        (code, name)
        for code, name in alert.areas
        if any(code_matches(code, wanted) for wanted in area_codes)
    )
    if not matching:
        return None
    if len(matching) == len(alert.areas):
        return alert
    names = list(dict.fromkeys(name for _, name in matching if name))
    area = dict(alert.area)
    if names:
        area["ja" if "ja" in area or not area else next(iter(area))] = "、".join(names)
    return replace(alert, areas=matching, area=area)


def for_kiosk(alerts: Iterable[Alert], area_codes: Sequence[str]) -> list[Alert]:
    narrowed = (for_area(a, area_codes) for a in alerts)
    return [a for a in narrowed if a is not None]


@dataclass(frozen=True, slots=True)
class AlertPolicy:
    """The kiosk's settings for alerts (from [kiosk] area_codes, min_takeover_severity,
    drill_takeover)."""

    area_codes: tuple[str, ...] = ()
    min_takeover: Severity = Severity.SEVERE
    drill_takeover: bool = False

    def relevant(self, alerts: Iterable[Alert]) -> list[Alert]:
        return for_kiosk(alerts, self.area_codes)

    def takes_over(self, alert: Alert) -> bool:
        if alert.drill and not self.drill_takeover:
            return False
        return alert.severity >= self.min_takeover

    def takeover(self, active: Iterable[Alert]) -> Alert | None:
        """The alert to show full-screen now, if any (``active`` already in priority order)."""
        return next((a for a in self.relevant(active) if self.takes_over(a)), None)


def policy_from(config: object) -> AlertPolicy:
    """The AlertPolicy of a kiosk.config.Config (duck-typed: anything with ``get(name)``)."""
    get = config.get  # type: ignore[attr-defined]
    return AlertPolicy(
        area_codes=tuple(str(c) for c in get("area_codes")),
        min_takeover=Severity.parse(str(get("min_takeover_severity"))),
        drill_takeover=bool(get("drill_takeover")),
    )


def alert_to_json(alert: Alert) -> dict[str, object]:
    """Every field of an alert as JSON-ready data (for `kiosk read --json` and debugging)."""

    def when(value: datetime | None) -> str | None:
        return value.isoformat() if value else None

    return {
        "id": alert.id,
        "source_id": alert.source_id,
        "msg_type": alert.msg_type,
        "severity": alert.severity.name.lower(),
        "level": alert.level,  # 警戒レベル (相当); None when the type has none
        "takeover": AlertPolicy().takes_over(alert),  # under the default settings
        "drill": alert.drill,  # CAP status Exercise/Test, JMA 訓練/試験
        "cancelled": alert.cancelled,
        "kind": alert.kind,
        "event": alert.event,
        "headline": alert.headline,
        "area": alert.area,
        "instruction": alert.instruction,
        "description": alert.description,
        "areas": [{"code": code, "name": name} for code, name in alert.areas],
        "issued": when(alert.issued),
        "onset": when(alert.onset),
        "expires": when(alert.expires),
        "references": list(alert.references),
        "chain": alert.chain,
        "revision": alert.revision,
    }
