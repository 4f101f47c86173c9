"""Guard against the PySide6 6.12 + Python 3.11 refcount bug on None.

That release drops one reference to None per call of a method returning void; a kiosk then
aborts with "none_dealloc" after some thousands of calls. pyproject pins below it; this test
fails loudly if a release with the bug slips back in.
"""

from __future__ import annotations

import sys

import pytest


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12")
def test_void_calls_do_not_leak_references_to_none(qtbot) -> None:  # noqa: ANN001
    from PySide6.QtWidgets import QLabel

    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for n in range(500):
        label.setText(str(n % 10))
    assert sys.getrefcount(None) >= before - 50  # small noise from other objects is fine
