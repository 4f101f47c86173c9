"""Problems found in input, each naming the file and line at fault.

One class for readers and for `kiosk content check`: a reader raises the errors inside a
ContentError; the checker also reports advice (``error=False``), labelled when printed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kiosk.i18n import gettext as _

NO_FILE = "-"  # the path of a problem given as text only


@dataclass(frozen=True, slots=True)
class Problem:
    path: Path
    line: int | None
    message: str
    error: bool = True  # False: advice, the package still goes live

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}" if self.line else f"{self.path}"

    @property
    def has_place(self) -> bool:
        """False for a problem raised with text only (no file): nothing to print before it."""
        return str(self.path) != NO_FILE

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.has_place else self.message

    def labelled(self) -> str:
        """As `kiosk content check` prints it: file:line: error|advice: message."""
        label = _("error") if self.error else _("advice")
        if not self.has_place:
            return f"{label}: {self.message}"
        return f"{self.where}: {label}: {self.message}"


class ContentError(Exception):
    """Raised by readers for input they cannot use; carries every problem found, not just one."""

    def __init__(self, problems: list[Problem] | Problem | str) -> None:
        if isinstance(problems, str):
            problems = [Problem(Path(NO_FILE), None, problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = problems
        super().__init__("\n".join(str(p) for p in problems))
