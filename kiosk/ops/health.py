"""The kiosk's health as plain values: one snapshot that the staff screen formats for people
and the Prometheus exporter (kiosk/ops/metrics.py) formats for machines.

No Qt, no prometheus_client here. Every value is computed from the store, the usage counts,
the opening hours and the machine itself; nothing here names a visitor or a page. Usage
counts leave this module only per *complete* local day (yesterday's), so a scraper that
samples every few seconds still learns nothing finer than a day.
"""

from __future__ import annotations

import logging
import shutil
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from kiosk import __version__
from kiosk.content.alerts import AlertPolicy
from kiosk.content.model import Category, Severity
from kiosk.content.store import Store, utc_now
from kiosk.i18n.dates import LOCAL_TZ
from kiosk.ops import recovery
from kiosk.ops.schedule import OpeningHours, ScheduleError
from kiosk.ops.starts import STARTED_MONOTONIC, STARTED_WALL, read_starts
from kiosk.ops.usage import KINDS as USAGE_KINDS
from kiosk.ops.usage import UsageLog

log = logging.getLogger("kiosk.health")

ALERT_LEVELS = tuple(level.name.lower() for level in Severity)  # unknown … extreme

# A source's last error as a small number, so the fleet can alert on it without putting
# free text (addresses, server messages) into labels. An HTTP error is its status (404, 503).
STATUS_OK = 0
STATUS_NETWORK = 1  # no connection, timeout, connection lost
STATUS_TOO_LARGE = 2  # over the download or decompression cap
STATUS_UNREADABLE = 3  # the body arrived but is not a usable feed/page/alert
STATUS_REJECTED = 4  # a bundle whose signature or manifest does not verify
STATUS_NOT_SAVED = 5  # the store refused the write
STATUS_INTERNAL = 6  # a bug in the kiosk (logged with a traceback)
STATUS_CODES = {
    STATUS_OK: "ok",
    STATUS_NETWORK: "network",
    STATUS_TOO_LARGE: "too large",
    STATUS_UNREADABLE: "unreadable content",
    STATUS_REJECTED: "rejected (signature or manifest)",
    STATUS_NOT_SAVED: "not saved",
    STATUS_INTERNAL: "internal error",
}
_NETWORK_WORDS = ("no connection", "no answer", "cannot connect", "connection lost", "stalled")
_NETWORK_WORDS += ("request failed", "cannot read ")
_TOO_LARGE_WORDS = ("too large", " mb cap", "over the")
_REJECTED_WORDS = ("signature", "signed", "public key", "manifest", "sha256", "sequence")


def status_code(error: str | None) -> int:
    """The last error of a source (free text from sync) → a stable number (see STATUS_CODES)."""
    if not error:
        return STATUS_OK
    text = error.strip().lower()
    if text.startswith("http ") and text[5:8].isdigit():
        return int(text[5:8])
    if text.startswith("internal error"):
        return STATUS_INTERNAL
    if text.startswith("could not be saved"):
        return STATUS_NOT_SAVED
    if any(word in text for word in _TOO_LARGE_WORDS):
        return STATUS_TOO_LARGE
    if any(word in text for word in _NETWORK_WORDS):
        return STATUS_NETWORK
    if any(word in text for word in _REJECTED_WORDS):
        return STATUS_REJECTED
    return STATUS_UNREADABLE


@dataclass(frozen=True, slots=True)
class SourceHealth:
    id: str
    kind: str
    category: str
    last_attempt: datetime | None
    last_success: datetime | None
    last_error: str | None  # for the staff screen only; machines get ``status_code``
    status_code: int
    item_count: int
    skipped: tuple[str, ...] = ()  # alert documents of types not read, by title (issue 14)
    note: str | None = None  # a remark on the last good sync, e.g. a feed cut at the cap

    def age_seconds(self, now: datetime) -> float:
        """Seconds since the last successful update; infinity when it never succeeded."""
        if self.last_success is None:
            return float("inf")
        return max(0.0, (now - self.last_success).total_seconds())


@dataclass(frozen=True, slots=True)
class HealthSnapshot:
    at: datetime
    version: str
    uptime_seconds: float
    started_at: float  # Unix time of this process's start
    restarts: int  # starts recorded on this machine, less the first
    sources: tuple[SourceHealth, ...]
    alerts_stored: int
    alerts_in_force: Mapping[str, int]  # level → count, drills not included
    drills_in_force: int
    store_ok: bool
    store_problem: str  # "" when ok
    store_bytes: int
    speech_engines: Mapping[str, bool]  # engine → usable here
    opening_hours: str
    open_now: bool
    disk_free_bytes: int
    usage_counting: bool
    usage_day: date | None  # the last complete day the counts below belong to
    usage_by_kind: Mapping[str, int] = field(default_factory=dict)
    usage_by_category: Mapping[str, int] = field(default_factory=dict)

    @property
    def items_by_category(self) -> dict[str, int]:
        totals = {c.value: 0 for c in Category}
        for source in self.sources:
            totals[source.category] = totals.get(source.category, 0) + source.item_count
        return totals

    @property
    def speech_ok(self) -> bool:
        """A natural Japanese voice is usable (what `kiosk doctor` asks for)."""
        return bool(self.speech_engines.get("openjtalk"))

    def to_json(self) -> dict[str, object]:
        """What `kiosk status --json` prints: the same values the exporter serves."""
        return {
            "at": self.at.isoformat(),
            "version": self.version,
            "uptime_seconds": round(self.uptime_seconds, 1),
            "restarts": self.restarts,
            "sources": [
                {
                    "id": s.id,
                    "kind": s.kind,
                    "category": s.category,
                    "last_success": s.last_success.isoformat() if s.last_success else None,
                    "last_error": s.last_error,
                    "status_code": s.status_code,
                    "item_count": s.item_count,
                }
                for s in self.sources
            ],
            "items_by_category": self.items_by_category,
            "alerts_stored": self.alerts_stored,
            "alerts_in_force": dict(self.alerts_in_force),
            "drills_in_force": self.drills_in_force,
            "store_ok": self.store_ok,
            "store_problem": self.store_problem,
            "store_bytes": self.store_bytes,
            "speech_engines": dict(self.speech_engines),
            "speech_ok": self.speech_ok,
            "opening_hours": self.opening_hours,
            "open_now": self.open_now,
            "disk_free_bytes": self.disk_free_bytes,
            "usage_counting": self.usage_counting,
            "usage_day": self.usage_day.isoformat() if self.usage_day else None,
            "usage_by_kind": dict(self.usage_by_kind),
            "usage_by_category": dict(self.usage_by_category),
        }


# --- speech ------------------------------------------------------------------------------

_SPEECH_CACHE: tuple[float, dict[str, bool]] | None = None
SPEECH_RECHECK_SECONDS = 600.0


def speech_engines_ok(
    probe: Callable[[], Mapping[str, str | None]] | None = None,
) -> dict[str, bool]:
    """Engine → usable. Cached for ten minutes: the check imports the engines' libraries."""
    global _SPEECH_CACHE
    now = time.monotonic()
    if probe is None and _SPEECH_CACHE and now - _SPEECH_CACHE[0] < SPEECH_RECHECK_SECONDS:
        return dict(_SPEECH_CACHE[1])
    try:
        if probe is None:
            from kiosk.speech import available_engines

            probe = available_engines
        result = {name: problem is None for name, problem in probe().items()}
    except Exception as exc:  # a broken engine must not break the health view
        log.warning("speech engines not checked: %s", exc)
        result = {}
    _SPEECH_CACHE = (now, result)
    return dict(result)


# --- the snapshot --------------------------------------------------------------------------


def _disk_free(path: Path) -> int:
    probe = path
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    try:
        return shutil.disk_usage(probe).free
    except OSError:
        return 0


def _store_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*") if p.is_file())


def _usage(
    usage: UsageLog | None, counting: bool, today: date
) -> tuple[date | None, dict[str, int], dict[str, int]]:
    """Yesterday's counts by kind, and category opens by category: whole days only."""
    if not counting:
        return None, {}, {}
    day = today - timedelta(days=1)
    by_kind = dict.fromkeys(USAGE_KINDS, 0)
    by_category = {c.value: 0 for c in Category}
    rows = usage.rows(since=day) if usage is not None and usage.enabled else []
    for row in rows:
        if row.day != day:
            continue
        by_kind[row.kind] = by_kind.get(row.kind, 0) + row.count
        if row.kind == "category_open" and row.detail in by_category:
            by_category[row.detail] += row.count
    return day, by_kind, by_category


def health_snapshot(
    store: Store,
    store_path: Path,
    opening_hours: str = "",
    usage: UsageLog | None = None,
    policy: AlertPolicy | None = None,
    now: datetime | None = None,
    uptime_seconds: float | None = None,
    check_store: bool = True,
    usage_counting: bool | None = None,
) -> HealthSnapshot:
    """Everything the staff screen and the fleet see, read once. ``check_store`` runs SQLite's
    quick check (a few ms on a kiosk-sized store). ``usage_counting`` says whether counting
    is on when ``usage`` is None because nothing was counted yet (no file)."""
    now = now or utc_now()
    sources = tuple(
        SourceHealth(
            id=s.id,
            kind=s.kind,
            category=s.category.value,
            last_attempt=s.last_attempt,
            last_success=s.last_success,
            last_error=s.last_error,
            status_code=status_code(s.last_error),
            item_count=s.item_count,
            skipped=s.skipped,
            note=s.note,
        )
        for s in store.source_statuses()
    )
    policy = policy or AlertPolicy()
    in_force = dict.fromkeys(ALERT_LEVELS, 0)
    drills = 0
    for alert in policy.relevant(store.active_alerts(now)):
        if alert.drill:
            drills += 1
        else:
            in_force[alert.severity.name.lower()] += 1
    problem = recovery.integrity(store_path, quick=True) if check_store else "ok"
    try:
        open_now = OpeningHours.parse(opening_hours).is_open(now)
    except ScheduleError:
        open_now = True  # the kiosk does not start with bad hours; staff see the error text
    today = now.astimezone(LOCAL_TZ).date()
    counting = (usage is not None and usage.enabled) if usage_counting is None else usage_counting
    usage_day, by_kind, by_category = _usage(usage, counting, today)
    return HealthSnapshot(
        at=now,
        version=__version__,
        uptime_seconds=(
            time.monotonic() - STARTED_MONOTONIC if uptime_seconds is None else uptime_seconds
        ),
        started_at=STARTED_WALL,
        restarts=max(0, read_starts() - 1),
        sources=sources,
        alerts_stored=len(store.alerts()),
        alerts_in_force=in_force,
        drills_in_force=drills,
        store_ok=problem in ("ok", "missing"),
        store_problem="" if problem in ("ok", "missing") else problem,
        store_bytes=_store_bytes(store_path) if store_path.parent.exists() else 0,
        speech_engines=speech_engines_ok(),
        opening_hours=opening_hours,
        open_now=open_now,
        disk_free_bytes=_disk_free(store_path.parent),
        usage_counting=counting,
        usage_day=usage_day,
        usage_by_kind=by_kind,
        usage_by_category=by_category,
    )
