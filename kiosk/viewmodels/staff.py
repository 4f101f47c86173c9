"""What the staff menu shows, computed without Qt: sources, store, speech, usage, uptime."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from kiosk import __version__
from kiosk.content.model import Category
from kiosk.content.store import Store, utc_now
from kiosk.i18n import N_, current_language
from kiosk.i18n import gettext as _
from kiosk.i18n.dates import LOCAL_TZ
from kiosk.ops import recovery
from kiosk.ops.schedule import OpeningHours, ScheduleError
from kiosk.ops.usage import UsageLog
from kiosk.viewmodels.screens import category_label

STARTED = time.monotonic()
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
) -> AdminStatus:
    now = now or utc_now()
    sources = []
    for status in store.source_statuses():
        if status.last_error:
            text = _("{id}: problem since {when}: {error}").format(
                id=status.id, when=_when(status.last_attempt), error=status.last_error
            )
        else:
            text = _("{id}: OK, {n} items, updated {when}").format(
                id=status.id, n=status.item_count, when=_when(status.last_success)
            )
        if status.last_error and status.last_success:
            text += " " + _("(last good: {when}, {n} items)").format(
                when=_when(status.last_success), n=status.item_count
            )
        sources.append(SourceLine(status.id, not status.last_error, text))
    from kiosk.speech.engines import speech_engines

    engines = speech_engines()
    speech = _("not installed") if engines is None else (", ".join(engines) or _("none"))
    try:
        hours = OpeningHours.parse(opening_hours)
        hours_text = _("always open") if hours.always_open else hours.text
        hours_text += " — " + (_("open now") if hours.is_open(now) else _("closed now"))
    except ScheduleError as exc:
        hours_text = str(exc)
    uptime = time.monotonic() - STARTED if uptime_seconds is None else uptime_seconds
    facts = (
        (_("Version"), __version__),
        (_("Running for"), uptime_text(uptime)),
        (_("Content store"), f"{store_size(store_path) / 1_048_576:.1f} MB"),
        (_("Speech"), speech),
        (_("Opening hours"), hours_text),
    )
    note = recovery.recent_note(store_path.parent, now)
    note_text = (
        _("The content store was repaired at {when}.").format(when=note["at"][:16]) if note else ""
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
