"""The staff menu says how the kiosk's sync process is doing (kiosk/content/sync_process.py):
running, or stopped and about to start again, and how often it had to be started again."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.content.store import Store
from kiosk.i18n import set_language
from kiosk.viewmodels.staff import admin_status


@pytest.fixture
def store(tmp_path: Path):  # noqa: ANN201
    with Store(tmp_path / "store.sqlite3") as opened:
        yield opened
    set_language("ja")


def _facts(store: Store, sync) -> dict[str, str]:  # noqa: ANN001
    return dict(admin_status(store, store.path, "", sync=sync).facts)


def test_a_kiosk_without_network_sources_has_no_sync_line(store: Store) -> None:
    set_language("en")
    assert "Background sync" not in _facts(store, None)


@pytest.mark.parametrize(
    ("state", "lang", "expected"),
    [
        (("running", 0), "en", "running"),
        (
            ("restarting", 3),
            "en",
            "stopped unexpectedly; starting again shortly (started again 3 times since the "
            "kiosk started: see the log)",
        ),
        (
            ("running", 1),
            "ja",
            "動いています（キオスクの起動後に 1 回動き直しました。ログを見てください）",
        ),
        (("stopped", 0), "ja", "止まっています"),
    ],
)
def test_the_sync_line_says_its_state_in_the_staff_language(
    store: Store, state: tuple[str, int], lang: str, expected: str
) -> None:
    set_language(lang)
    label = "Background sync" if lang == "en" else "裏での更新"
    assert _facts(store, state)[label] == expected
