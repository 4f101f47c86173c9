"""What the alert (takeover) screen shows, and which alert takes over. Plain Python, no Qt."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from kiosk.content.alerts import AlertPolicy
from kiosk.content.model import Alert, Severity
from kiosk.content.store import Store, utc_now
from kiosk.i18n import gettext
from kiosk.i18n.dates import format_clock, format_short_day

ALERT_KEY_PREFIX = "alert:"  # category rows that open an alert instead of a page
CACHE_AT_MOST = timedelta(minutes=10)  # belt and braces: recompute at least this often


@dataclass(frozen=True, slots=True)
class AlertVM:
    alert_id: str
    severity: Severity
    drill: bool
    event: str
    area: str
    headline: str
    instruction: str
    description: str
    issued_text: str
    takeover_key: str
    # Read aloud in the alert's own language (issue 20): the text as it would be shown in the
    # language the alert was written in, so a Japanese-only alert under an English screen is
    # read by the Japanese voice, drill marker included. Empty: the fields above, ``lang``.
    speech_lang: str = ""
    speech: tuple[str, ...] = ()  # event, area, headline, instruction, description

    def speech_text(self, full: bool = False) -> str:
        """What is read aloud, in reading order: when the alert opens, what it is and what
        to do; ``full`` (the read-aloud button) also the longer description."""
        if self.speech:
            parts = list(self.speech if full else self.speech[:4])
        else:
            parts = [self.event, self.area, self.headline, self.instruction]
            parts += [self.description] if full else []
        return "\n".join(p for p in parts if p)


def takeover_key(alert: Alert) -> str:
    """Identity for "already shown": a re-issued JMA document with the same warning kind keeps
    its key, so the same warning does not interrupt the person again every hour."""
    return f"{alert.chain}|{alert.kind}" if alert.chain else alert.id


SPOKEN_FIELDS = ("event", "area", "headline", "instruction", "description")


def speech_lang(alert: Alert, lang: str) -> str:
    """The language the alert is read aloud in: ``lang`` when every field it has is written
    in ``lang``, else Japanese (the source language), else whatever language it came in."""
    for candidate in (lang, "ja"):
        if all(
            getattr(alert, name).get(candidate) or not any(getattr(alert, name).values())
            for name in SPOKEN_FIELDS
        ):
            return candidate
    return next((code for code, text in alert.event.items() if text), lang)


def _event(alert: Alert, lang: str) -> str:
    event = alert.text("event", lang)
    # 「【훈련】【訓練】」: Japanese text under a Korean screen already says 訓練.
    marker = drill_marker(event, alert.drill, lang)
    return f"【{marker}】{event}" if marker else event


def alert_vm(alert: Alert, lang: str, wareki: bool = True) -> AlertVM:
    """``wareki`` is kept for callers; an alert's issued line has no year (it is in force now)."""
    issued = ""
    if alert.issued is not None:
        # One line, in the form the header and 最終更新 use (date without year, then the time):
        # the long form with the era year took two lines at 1920×1080 (issue 20).
        when = f"{format_short_day(alert.issued, lang)} {format_clock(alert.issued, lang)}"
        issued = gettext("Issued {when}", lang).format(when=when)
    event = _event(alert, lang)
    headline = alert.text("headline", lang)
    spoken_lang = speech_lang(alert, lang)
    spoken = [_event(alert, spoken_lang)]
    spoken += [alert.text(name, spoken_lang) for name in SPOKEN_FIELDS[1:]]
    if spoken[2] == alert.text("event", spoken_lang):
        spoken[2] = ""  # the headline only repeats the event
    return AlertVM(
        alert_id=alert.id,
        severity=alert.severity,
        drill=alert.drill,
        event=event,
        area=alert.text("area", lang),
        headline="" if headline == alert.text("event", lang) else headline,
        instruction=alert.text("instruction", lang),
        description=alert.text("description", lang),
        issued_text=issued,
        takeover_key=takeover_key(alert),
        speech_lang=spoken_lang,
        speech=tuple(spoken),
    )


def already_marked(text: str, marker: str) -> bool:
    """Content often marks drills itself (【訓練】, [DRILL]); never say it twice. Japanese
    content shown under another screen language carries the Japanese marker."""
    folded = text.casefold()
    return marker.casefold() in folded or "訓練" in text or "drill" in folded


def drill_marker(text: str, drill: bool, lang: str | None = None) -> str:
    """The word to put in front of a drill's ``text`` (訓練 in ``lang``, default the screen's),
    or "" when it is no drill or already says so. Alerts get no other marker: most are
    advisories or information, and 警報 in front of them would be a wrong label."""
    marker = gettext("Drill", lang)
    return marker if drill and not already_marked(text, marker) else ""


def row_title(alert: Alert, lang: str) -> str:
    """One line for the disaster category list: ⚠ 大雨警報　さくら川町."""
    event = alert.text("event", lang)
    marker = drill_marker(event, alert.drill, lang)
    if marker:
        event = f"【{marker}】{event}"
    area = alert.text("area", lang)
    return f"⚠ {event}" + (f"　{area}" if area else "")


def row_date(alert: Alert, lang: str) -> str:
    return format_short_day(alert.issued, lang) if alert.issued else ""


class AlertViewModels:
    """Alerts for this kiosk (area-filtered), read from the store at a given time."""

    def __init__(
        self,
        store: Store,
        policy: AlertPolicy | None = None,
        wareki: bool = True,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self.store = store
        self.policy = policy or AlertPolicy()
        self.wareki = wareki
        self.clock = clock
        self._cache: tuple[tuple[int, int], datetime, datetime, tuple[Alert, ...]] | None = None

    def active(self, now: datetime | None = None) -> list[Alert]:
        """Alerts in force for this kiosk. Cached until the store changes or the next alert
        starts or ends, so the half-minute check costs next to nothing on the UI thread."""
        now = now or self.clock()
        marker = self.store.change_marker()
        cached = self._cache
        if cached is not None and cached[0] == marker and cached[1] <= now < cached[2]:
            return list(cached[3])
        alerts = self.policy.relevant(self.store.active_alerts(now))
        changes = [a.expires for a in alerts if a.expires is not None]
        onset = self.store.next_alert_onset(now)
        if onset is not None:
            changes.append(onset)
        until = min(changes, default=now + CACHE_AT_MOST)
        self._cache = (marker, now, min(until, now + CACHE_AT_MOST), tuple(alerts))
        return alerts

    def takeover(self, now: datetime | None = None) -> Alert | None:
        return next((a for a in self.active(now) if self.policy.takes_over(a)), None)

    def alert(self, alert_id: str, lang: str, now: datetime | None = None) -> AlertVM | None:
        found = next((a for a in self.active(now) if a.id == alert_id), None)
        return alert_vm(found, lang, self.wareki) if found else None
