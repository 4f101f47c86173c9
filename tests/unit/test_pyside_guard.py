from __future__ import annotations

import sys

import pytest

from kiosk.ui.pyside_guard import HEADROOM, SINGLETONS, immortalize_singletons


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None/True/False are immortal there")
def test_singletons_cannot_run_out_of_references() -> None:
    immortalize_singletons()  # tests/conftest.py already did; a second call changes nothing
    counts = [sys.getrefcount(obj) for obj in SINGLETONS]
    assert all(count >= HEADROOM for count in counts), counts
    assert immortalize_singletons() is False
    assert all(sys.getrefcount(obj) < 2 * HEADROOM for obj in SINGLETONS)
