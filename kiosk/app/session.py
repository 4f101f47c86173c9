"""One way in: every command opens the kiosk's config and store here (issue 13).

Order, for every command: the config file (or the demo), the staff defaults chosen on the
admin screen over it, the command line over both, then the packages a volunteer imported with
`kiosk content import`. Local packages are read into the store before anything is shown, and
sources no longer configured are forgotten — so the same config always means the same store,
whichever command opened it.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.config import Config
from kiosk.content.store import Store
from kiosk.i18n import set_language
from kiosk.ops import recovery
from kiosk.ops.defaults import apply_defaults

log = logging.getLogger("kiosk")


@dataclass(frozen=True, slots=True)
class Session:
    config: Config
    store: Store
    store_note: str | None = None  # what repairing a broken store did, for staff


def session_config(config: Config, overrides: Mapping[str, Any] | None = None) -> Config:
    """Staff defaults over ``config``, ``overrides`` (the command line) over both, plus the
    imported packages; sets the UI language."""
    config = apply_defaults(config).with_overrides(**(overrides or {}))  # None = not given
    if has_imported_packages(config.data_dir):
        # Lazy: the importer pulls in the package reader (tens of ms of cold start).
        from kiosk.content.importer import with_imported

        config = with_imported(config)
    set_language(config.lang)
    return config


def has_imported_packages(data_dir: Path) -> bool:
    """Whether ``<data dir>/packages`` holds anything but its lock file: an imported package,
    or one a killed import left half-way. Only then is there anything to settle or add."""
    try:
        return any(entry.name != ".lock" for entry in (Path(data_dir) / "packages").iterdir())
    except FileNotFoundError:  # most kiosks: nothing was ever imported
        return False
    except OSError:  # unreadable: the importer reports it
        return True


def open_kiosk(
    config: Config,
    overrides: Mapping[str, Any] | None = None,
    *,
    read_packages: bool = True,
    repair_store: bool = False,
    ui_process: bool = False,
) -> Session:
    """The kiosk's config and store, the same way for every command.

    ``read_packages``: bring local packages (configured and imported) into the store first.
    ``repair_store``: a broken store is restored from the last good copy (``kiosk run``);
    otherwise opening it raises StoreError.
    ``ui_process``: the caller is the kiosk's own window process (`kiosk run`), so heavy work
    (the furigana analysis) goes to a helper process instead of staying resident here.
    """
    config = session_config(config, overrides)
    if repair_store:
        store, note = recovery.open_store(config.store_path)
        if note:
            log.warning("store: %s", note)
    else:
        store, note = Store(config.store_path), None
    # issue 16: a store on a read-only disk shows what it has; reading packages would write.
    if read_packages and not getattr(store, "read_only", False):
        read_local_packages(config, store, isolate_readings=ui_process)
    return Session(config, store, note)


def read_local_packages(config: Config, store: Store, *, isolate_readings: bool = False) -> None:
    """Local content (packages) is read at start so the kiosk never opens empty."""
    # Unchanged packages are skipped (stat-only fingerprint): half the cold start otherwise.
    from kiosk.content.local import sync_local_packages

    sync_local_packages(store, config.sources, isolate_readings=isolate_readings)
