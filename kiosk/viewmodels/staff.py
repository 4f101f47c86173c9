"""What the staff menu shows, computed without Qt: sources, store, speech, usage, uptime."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from kiosk.content.model import Alert, Category
from kiosk.content.store import Store, utc_now
from kiosk.i18n import N_, current_language
from kiosk.i18n import gettext as _
from kiosk.i18n.dates import LOCAL_TZ
from kiosk.ops import recovery
from kiosk.ops.health import (
    STATUS_INTERNAL,
    STATUS_NETWORK,
    STATUS_NOT_SAVED,
    STATUS_REJECTED,
    STATUS_TOO_LARGE,
    STATUS_UNREADABLE,
    health_snapshot,
    status_code,
)
from kiosk.ops.schedule import OpeningHours, ScheduleError
from kiosk.ops.usage import UsageLog
from kiosk.viewmodels.screens import category_label

USAGE_DAYS = 7
USAGE_LINES = 8


@dataclass(frozen=True, slots=True)
class SourceLine:
    source_id: str
    ok: bool
    text: str  # one plain line for staff


@dataclass(frozen=True, slots=True)
class AdminStatus:
    facts: tuple[tuple[str, str], ...]  # (label, value)
    sources: tuple[SourceLine, ...]
    usage: tuple[str, ...]
    recovery_note: str


def _when(value: datetime | None) -> str:
    if value is None:
        return _("never")
    return value.astimezone(LOCAL_TZ).strftime("%m/%d %H:%M")


# What kind of problem a source has, in the staff's words, and where to look. The sync's own
# reason (free English text, e.g. "expected a feed but got html content") follows it in
# brackets, for whoever supports the kiosk.
PROBLEMS = {
    STATUS_NETWORK: N_("cannot reach the source: check the network"),
    STATUS_TOO_LARGE: N_("the download is larger than allowed (fetch_max_mb)"),
    STATUS_UNREADABLE: N_("what arrived could not be read"),
    STATUS_REJECTED: N_("the content package did not pass its check (signature or file list)"),
    STATUS_NOT_SAVED: N_("could not be saved on this kiosk: see the log"),
    STATUS_INTERNAL: N_("an error in the kiosk itself: see the log"),
}


def problem_summary(error: str) -> str:
    """A source's last error (``status_code`` reads its kind) as a few words for staff. An
    HTTP error's number is in the error itself, which follows."""
    code = status_code(error)
    if code in PROBLEMS:
        return _(PROBLEMS[code])
    if code in (404, 410):
        return _("the address was not found: check the source's address")
    if code in (401, 403):
        return _("the source refused access")
    if code >= 500:
        return _("the source's server has a problem; the kiosk tries again")
    return _("the source answered with an error")


SYNC_STATES = {
    "running": N_("running"),
    "restarting": N_("stopped unexpectedly; starting again shortly"),
    "stopped": N_("stopped"),
}


def sync_text(state: str, restarts: int) -> str:
    text = _(SYNC_STATES.get(state, state))
    if restarts:
        note = _("(started again {n} times since the kiosk started: see the log)")
        note = note.format(n=restarts)
        text += note if note.startswith("（") else " " + note  # a full-width bracket has room
    return text


def uptime_text(seconds: float) -> str:
    minutes = int(seconds // 60)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days:
        return _("{d} days {h} h").format(d=days, h=hours)
    return _("{h} h {m} min").format(h=hours, m=minutes)


def store_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*") if p.is_file())


USAGE_KINDS = {
    "category_open": N_("Category opened"),
    "page_open": N_("Page opened"),
    "read_aloud": N_("Read aloud pressed"),
    "language": N_("Language chosen"),
    "text_size": N_("Text size chosen"),
}


def _usage_detail(store: Store, kind: str, detail: str) -> str:
    """Category ids and page keys as the titles staff know."""
    if kind == "category_open":
        try:
            return category_label(Category(detail), current_language())
        except ValueError:
            return detail
    if kind == "page_open":
        item = store.item(detail)
        return item.title if item else detail
    return detail


ALERT_KINDS = ("cap", "jmx")
ALERT_LINES = 5


def _alert_lines(source_id: str, active: list[Alert]) -> list[SourceLine]:
    """Each alert in force with the end of its life (<expires>, or the per-type default)."""
    mine = [a for a in active if a.source_id == source_id]
    lines = []
    for alert in mine[:ALERT_LINES]:
        event = alert.text("event", current_language())
        until = _when(alert.expires) if alert.expires else _("no end time")
        drill = " " + _("(drill/test)") if alert.drill else ""
        text = "  " + _("{event}{drill}: until {when}").format(event=event, drill=drill, when=until)
        lines.append(SourceLine(source_id, True, text))
    if len(mine) > ALERT_LINES:
        more = _("… and {n} more").format(n=len(mine) - ALERT_LINES)
        lines.append(SourceLine(source_id, True, "  " + more))
    return lines


def usage_lines(usage: UsageLog | None, today: date, store: Store | None = None) -> tuple[str, ...]:
    if usage is None or not usage.enabled:
        return (_("Usage counting is switched off."),)
    totals = usage.totals(since=today - timedelta(days=USAGE_DAYS - 1))
    if not totals:
        return (_("Nothing counted yet."),)
    lines = []
    for (kind, detail), count in list(totals.items())[:USAGE_LINES]:
        shown = _usage_detail(store, kind, detail) if store is not None else detail
        label = _(USAGE_KINDS.get(kind, kind))
        lines.append(_("{what} {detail}: {n} times").format(what=label, detail=shown, n=count))
    return tuple(lines)


def admin_status(
    store: Store,
    store_path: Path,
    opening_hours: str,
    usage: UsageLog | None = None,
    now: datetime | None = None,
    uptime_seconds: float | None = None,
    sync: tuple[str, int] | None = None,
) -> AdminStatus:
    """``sync``: the sync process's state and how often it was started again
    (SyncProcess.state; None: the kiosk has no network source, so no sync process)."""
    now = now or utc_now()
    # One source of truth (issue 18): the fleet's /metrics read the same snapshot.
    snap = health_snapshot(
        store, store_path, opening_hours, usage, now=now, uptime_seconds=uptime_seconds
    )
    groups: list[list[SourceLine]] = []  # a source's line, then its alerts' lines
    active = store.active_alerts(now)
    for status in snap.sources:
        if status.last_error:
            text = _("{id}: problem since {when}: {problem} ({error})").format(
                id=status.id,
                when=_when(status.last_attempt),
                problem=problem_summary(status.last_error),
                error=status.last_error,
            )
        elif status.kind in ALERT_KINDS:
            count = sum(1 for a in active if a.source_id == status.id)
            text = _("{id}: OK, {n} alerts in force, updated {when}").format(
                id=status.id, n=count, when=_when(status.last_success)
            )
        else:
            text = _("{id}: OK, {n} items, updated {when}").format(
                id=status.id, n=status.item_count, when=_when(status.last_success)
            )
        if status.note:
            text += " " + _("(note: {note})").format(note=status.note)
        if status.last_error and status.last_success:
            text += " " + _("(last good: {when}, {n} items)").format(
                when=_when(status.last_success), n=status.item_count
            )
        if status.skipped:  # issue 14: never dropped silently
            text += "; " + _("{n} documents of types not read: {types}").format(
                n=len(status.skipped), types=_skipped_summary(status.skipped)
            )
        group = [SourceLine(status.id, not status.last_error, text)]
        if status.kind in ALERT_KINDS:
            group.extend(_alert_lines(status.id, active))
        groups.append(group)
    # Sources with a problem first: what staff open this screen for is at the top.
    sources = [line for group in sorted(groups, key=lambda g: g[0].ok) for line in group]
    working = [name for name, ok in snap.speech_engines.items() if ok]
    speech = _("not installed") if not snap.speech_engines else (", ".join(working) or _("none"))
    try:
        hours = OpeningHours.parse(opening_hours)
        hours_text = _("always open") if hours.always_open else hours.text
        hours_text += " — " + (_("open now") if snap.open_now else _("closed now"))
    except ScheduleError as exc:
        hours_text = str(exc)
    uptime = snap.uptime_seconds
    facts = (
        (_("Version"), snap.version),
        (_("Running for"), uptime_text(uptime)),
        (_("Content store"), f"{snap.store_bytes / 1_048_576:.1f} MB"),
        (_("Speech"), speech),
        (_("Opening hours"), hours_text),
    )
    if sync is not None:
        facts += ((_("Background sync"), sync_text(*sync)),)
    note = recovery.recent_note(store_path.parent, now)
    note_text = (
        _("The content store was repaired at {when}.").format(
            when=_when(datetime.fromisoformat(note["at"]))  # stored in UTC; shown in JST
        )
        if note
        else ""
    )
    reason = recovery.read_only_reason()
    if reason:  # issue 16: an intact store on a read-only disk; one line, said first
        read_only = _(
            "The content store is read-only ({reason}): the kiosk shows the content it has, "
            "but nothing can be updated."
        ).format(reason=reason)
        note_text = f"{read_only}\n{note_text}".strip()
    today = now.astimezone(LOCAL_TZ).date()
    return AdminStatus(facts, tuple(sources), usage_lines(usage, today, store), note_text)


def _skipped_summary(skipped: tuple[str, ...] | list[str]) -> str:
    # The alert readers (feedparser behind them) load only when a status needs the words.
    from kiosk.content.readers.alert_feed import skipped_summary

    return skipped_summary(skipped)
