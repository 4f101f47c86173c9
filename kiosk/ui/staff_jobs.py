"""The staff menu's content work: "sync now" and "Reload content", each in a thread of its own
(kiosk/ui/sync_bridge.py), one at a time between them, and what waits for them (the nightly
maintenance's vacuum and restart never run under a reload or a sync the staff started)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.config import Config
from kiosk.content.store import Store
from kiosk.i18n import N_
from kiosk.i18n import gettext as _
from kiosk.ops import recovery
from kiosk.ui.sync_bridge import Reloaded, ReloadWorker, SyncWorker

if TYPE_CHECKING:
    from kiosk.ui.screens.admin import AdminScreen
    from kiosk.ui.window import KioskWindow

log = logging.getLogger("kiosk.ops")
# Said instead of starting a sync or a reload; the note under the buttons says why the store is
# read-only (kiosk/viewmodels/staff.py).
READ_ONLY_REFUSAL = N_(
    "The content store is read-only: nothing can be synced or reloaded. See the note below."
)


class ContentJobs:
    """Part of kiosk/ui/staff.py's Operations (a QObject with these attributes)."""

    admin: AdminScreen | None
    config: Config
    store: Store
    store_path: Path
    window: KioskWindow

    def refresh_admin(self) -> None: ...

    def start_content_jobs(self, store_path: Path) -> None:
        self.sync_worker = SyncWorker(store_path, self)  # type: ignore[arg-type]
        self.sync_worker.finished.connect(self._sync_finished)
        self.reload_worker = ReloadWorker(store_path, self)  # type: ignore[arg-type]
        self.reload_worker.finished.connect(self._reload_finished)
        self._after_sync: Callable[[], None] | None = None
        self._after_reload: Callable[[], None] | None = None

    def stop_content_jobs(self) -> None:
        """A late result finds no one (the window is being replaced or closed)."""
        self.sync_worker.finished.disconnect(self._sync_finished)
        self.reload_worker.finished.disconnect(self._reload_finished)

    def sync_now(self, after: Callable[[], None] | None = None) -> bool:
        """A sync pass now (not while a sync or a reload runs); ``after`` once it is done."""
        if self._store_is_read_only():
            started, text = False, _(READ_ONLY_REFUSAL)
        elif self.reload_worker.busy:
            started, text = False, _("Content is already being reloaded.")
        else:
            started = self.sync_worker.start(self.config.sources)
            text = _("Syncing…") if started else _("A sync is already running.")
        if started:  # a refused call must not replace what the running sync is to do next
            self._after_sync = after
        if self.admin is not None:
            self.admin.show_message(text)
        return started

    def _sync_finished(self, result: object) -> None:
        if isinstance(result, Exception):
            text = _("Sync failed: {reason}").format(reason=result)
        else:
            failed = sum(r.status == "failed" for r in result)  # type: ignore[attr-defined]
            text = _("Sync done: {ok} sources OK, {failed} with problems.").format(
                ok=len(result) - failed,  # type: ignore[arg-type]
                failed=failed,
            )
            recovery.backup_store(self.store_path)
        log.info("sync finished from the kiosk")
        self.window.refresh()
        if self.admin is not None:
            self.admin.show_message(text)
            self.refresh_admin()
        after, self._after_sync = self._after_sync, None
        if after is not None:
            after()

    def reload_content(self) -> bool:
        """The packages whose files changed, read again, off the UI thread (a sync of packages
        alone would forget the feeds and alerts, and bring the network stack into the UI
        process). Returns whether it started (not while one is running)."""
        if self._store_is_read_only():
            started, text = False, _(READ_ONLY_REFUSAL)
        elif self.sync_worker.busy:  # one writer at a time from the staff menu
            started, text = False, _("A sync is already running.")
        else:
            started = self.reload_worker.start(self.config.sources)
            text = _("Reloading content…") if started else _("Content is already being reloaded.")
        if self.admin is not None:
            self.admin.show_message(text)
        return started

    def _reload_finished(self, result: object) -> None:
        if isinstance(result, Exception):
            text = _("Reload failed: {reason}").format(reason=result)
        elif isinstance(result, Reloaded) and result.failed:
            # Never "reloaded" alone when a package was refused: its last good pages stay shown.
            text = _("Content reloaded, but some packages could not be read: see the sources.")
            log.warning("content reload: %d package(s) could not be read", len(result.failed))
        else:
            text = _("Content reloaded.")
            log.info("content reloaded from the staff menu")
        self.window.refresh()
        self.refresh_admin()
        if self.admin is not None:
            self.admin.show_message(text)
        after, self._after_reload = self._after_reload, None
        if after is not None:
            after()

    def _store_is_read_only(self) -> bool:
        """Issue 16: an intact store on a disk that cannot be written shows what it has; a sync
        or a reload could only end in SQLite's "attempt to write a readonly database"."""
        return bool(getattr(self.store, "read_only", False))

    def _after_current_work(self, then: Callable[[], None]) -> None:
        """``then`` once the running reload or sync is done (at once when none runs)."""
        if self.reload_worker.busy:
            self._after_reload = _chain(self._after_reload, then)
        elif self.sync_worker.busy:
            self._after_sync = _chain(self._after_sync, then)
        else:
            then()


def _chain(first: Callable[[], None] | None, then: Callable[[], None]) -> Callable[[], None]:
    if first is None:
        return then

    def both() -> None:
        first()
        then()

    return both
