"""PySide's look at every imported module, answered without keeping the module's source.

Once PySide6 is imported it sees every later import (for its optional ``from __feature__
import snake_case``, PYSIDE-2029) and asks whether the new module mentions "PySide6" by
reading its whole source with ``inspect.getsource``. That goes through ``linecache``, which
keeps every file's lines for the life of the process: in a kiosk start, ~120 files and
~4.4 MiB of Python strings nobody reads again, plus the time to split them into lines. The
same question is answered here from the file's bytes, and nothing is kept; modules without a
readable ``.py`` file still get PySide's own answer. The kiosk never selects a feature, and
which modules are marked as using PySide stays exactly as PySide would mark them
(tests/unit/test_pyside_scan.py).

``shibokensupport.feature`` is PySide's private module: where it (or its function) is missing,
nothing is changed.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import ModuleType

FEATURE_MODULE = "shibokensupport.feature"
CHECK_NAME = "_mod_uses_pyside"
MARK = b"PySide6"


def _without_linecache(original: Callable[[ModuleType], bool]) -> Callable[[ModuleType], bool]:
    def mentions_pyside(module: ModuleType) -> bool:
        path = getattr(module, "__file__", None)
        if isinstance(path, str) and path.endswith(".py"):
            try:
                with open(path, "rb") as source:
                    return MARK in source.read()
            except OSError:
                pass  # PySide's own answer below (it says "no" for a missing file)
        return original(module)

    mentions_pyside.original = original  # type: ignore[attr-defined]
    return mentions_pyside


def spare_source_scan() -> bool:
    """Import PySide6 and replace its per-import source check (see the module text); True
    when replaced now."""
    import PySide6  # noqa: F401 - loads shiboken's import hook and its feature module

    feature = sys.modules.get(FEATURE_MODULE)
    original = getattr(feature, CHECK_NAME, None)
    if not callable(original) or hasattr(original, "original"):
        return False
    setattr(feature, CHECK_NAME, _without_linecache(original))
    return True
