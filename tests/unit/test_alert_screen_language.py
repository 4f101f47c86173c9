"""Issue 19: a Korean (or any non-Japanese) visitor sees the official Japanese alert text with
the screen's own labels in their language, and the drill tag once."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from kiosk.content.model import Alert, Severity
from kiosk.i18n import gettext
from kiosk.viewmodels.alerts import alert_vm

DRILL = Alert(
    id="drill-1",
    source_id="city",
    severity=Severity.SEVERE,
    event={"ja": "【訓練】大雨警報"},
    headline={"ja": "【訓練】さくら川町に大雨警報が出ました。"},
    area={"ja": "さくら川町"},
    instruction={"ja": "川に近づかないでください。"},
    issued=datetime(2026, 12, 1, 0, 0, tzinfo=UTC),
    drill=True,
)


@pytest.mark.parametrize("lang", ["ko", "zh-Hans", "vi", "pt-BR", "en", "ja"])
def test_the_drill_tag_is_shown_once(lang: str) -> None:
    vm = alert_vm(DRILL, lang)
    assert vm.event.count("【") == 1
    assert vm.event.endswith("大雨警報")  # the official Japanese wording stays


@pytest.mark.parametrize("lang", ["ko", "zh-Hans", "vi", "pt-BR"])
def test_alert_labels_are_in_the_visitors_language(lang: str) -> None:
    for label in ("Area: {area}", "Issued {when}", "What to do", "OK, I understand", "Read aloud"):
        translated = gettext(label, lang)
        assert translated != label, (lang, label)
    assert "{when}" in gettext("Issued {when}", lang)
    vm = alert_vm(DRILL, lang)
    assert vm.issued_text.startswith(gettext("Issued {when}", lang).split("{")[0])
    assert vm.instruction == "川に近づかないでください。"  # official text, untranslated
