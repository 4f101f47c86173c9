"""PySide's per-import source check, answered without linecache (kiosk/ui/pyside_scan.py)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import kiosk.ui  # noqa: F401 - installs the replacement
from kiosk.ui.pyside_scan import CHECK_NAME, FEATURE_MODULE, spare_source_scan


def _check():  # noqa: ANN202
    return getattr(sys.modules[FEATURE_MODULE], CHECK_NAME)


def test_every_loaded_module_gets_pysides_own_answer() -> None:
    import kiosk.content.model  # noqa: F401 - a module without Qt
    import kiosk.ui.app  # noqa: F401 - a module with Qt

    check = _check()
    original = check.original
    modules = [m for m in list(sys.modules.values()) if getattr(m, "__file__", None)]
    assert len(modules) > 100
    differ = [m.__name__ for m in modules if check(m) != original(m)]
    assert differ == []
    assert check(sys.modules["kiosk.ui.app"]) is True
    assert check(sys.modules["kiosk.content.model"]) is False


def test_installed_once() -> None:
    check = _check()
    assert spare_source_scan() is False  # kiosk.ui did it
    assert _check() is check


def test_a_module_without_a_source_file_is_asked_of_pyside() -> None:
    assert _check()(sys) is False  # built in: PySide says no


def test_the_kiosks_start_keeps_no_module_source_in_memory() -> None:
    probe = textwrap.dedent(
        """
        import json, linecache, sys
        import kiosk.app.run  # then what its _run_kiosk does first
        assert "PySide6" not in sys.modules
        from kiosk.ui.pyside_scan import spare_source_scan
        spare_source_scan()
        from PySide6.QtCore import QTimer
        import kiosk.ui.app, kiosk.ui.window
        feature = sys.modules["shibokensupport.feature"]
        check = feature._mod_uses_pyside
        marks = feature.pyside_feature_dict
        print(json.dumps({
            "cached": sorted(linecache.cache),
            "marked": sorted(k for k, v in marks.items() if v == 0),
            "differ": sorted(
                k for k, v in marks.items()
                if k in sys.modules and v != (0 if check.original(sys.modules[k]) else -1)
            ),
        }))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    # PySide reads a file or two of its own while it starts, before the kiosk can step in;
    # without the replacement this is every module imported after it (~100 files).
    assert [name for name in seen["cached"] if "/kiosk/" in name] == []
    assert len(seen["cached"]) <= 4, seen["cached"]
    # Still marked as PySide marks them: screens use PySide ("no feature" default).
    assert any(name.startswith("kiosk.ui.") for name in seen["marked"])
    assert seen["differ"] == []
