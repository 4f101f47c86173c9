"""What `kiosk content check` reports: findings (errors or advice) naming file and line."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kiosk.i18n import gettext as _


@dataclass(frozen=True, slots=True)
class Finding:
    path: Path
    line: int | None
    message: str
    error: bool = True

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else f"{self.path}"
        label = _("error") if self.error else _("advice")
        return f"{where}: {label}: {self.message}"


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
