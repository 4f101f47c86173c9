"""What `kiosk content check` reports: findings (errors or advice) naming file and line."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kiosk.content.problems import Problem
from kiosk.i18n import gettext as _

# A finding is a Problem (kiosk.content.problems): an error, or advice with error=False.
Finding = Problem


@dataclass(slots=True)
class Report:
    root: Path
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.error]

    @property
    def advice(self) -> list[Finding]:
        return [f for f in self.findings if not f.error]

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        return _("{errors} errors, {advice} pieces of advice").format(
            errors=len(self.errors), advice=len(self.advice)
        )
