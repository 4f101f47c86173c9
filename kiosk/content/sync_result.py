"""What one source's sync came to: a small value with no network imports.

It crosses from the kiosk's sync process to its UI process (kiosk/content/sync_process.py), so
it lives apart from kiosk.content.sync: unpickling it must not bring requests into the UI.
"""

from __future__ import annotations

from dataclasses import dataclass


def _alerts_text(count: int) -> str:
    return "1 alert" if count == 1 else f"{count} alerts"


@dataclass(frozen=True, slots=True)
class SyncResult:
    source_id: str
    status: str  # ok | unchanged | failed
    items: int = 0
    reason: str = ""
    alerts: int | None = None  # alert sources: alert records read (cancel records not counted)
    skipped: int = 0  # alert documents of types the kiosk does not read

    def line(self) -> str:
        if self.status == "failed":
            detail = self.reason
        elif self.alerts is not None and not self.items:
            detail = _alerts_text(self.alerts)
        elif self.alerts:
            detail = f"{self.items} items, {_alerts_text(self.alerts)}"
        else:
            detail = f"{self.items} items"
        if self.skipped and self.status != "failed":
            detail += f"; {self.skipped} documents of types not read"
        return f"{self.source_id}: {self.status} ({detail})"
