"""Every message of the content and bundle tools has a Japanese translation."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file

from kiosk.i18n import catalog

KIOSK = Path(__file__).resolve().parents[2] / "kiosk"
MODULES = [
    "content/packages.py",
    "content/easyja.py",
    "content/check.py",
    "content/check_manifest.py",
    "content/findings.py",
    "content/archive.py",
    "content/importer.py",
    "content/bundle.py",
    "content/bundle_client.py",
    "content/scaffold.py",
    "cli/content.py",
]


@pytest.mark.parametrize("module", MODULES)
def test_every_message_is_translated(module: str) -> None:
    found = [
        message
        for _line, message, _comments, _context in extract_from_file(
            "python", str(KIOSK / module), keywords={"_": None, "gettext": None}
        )
    ]
    assert found, module
    missing = [m for m in found if not catalog("ja").get(m)]
    assert missing == []
