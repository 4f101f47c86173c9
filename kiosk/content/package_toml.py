"""TOML in volunteer packages: loading with one-line problems, key lines, and dates.

Shared by the package reader (package.toml, page front matter) and its alerts.toml reader; a
problem is collected, never raised, so `kiosk content check` reports all of them at once.
"""

from __future__ import annotations

import re
import tomllib
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from kiosk.content.problems import Problem
from kiosk.i18n import gettext as _
from kiosk.i18n.dates import LOCAL_TZ

FIRST_YEAR, LAST_YEAR = 1990, 2100  # the window of dates a page may carry


def load_toml(path: Path, problems: list[Problem], text: str | None = None) -> dict[str, Any]:
    try:
        raw = text if text is not None else path.read_text(encoding="utf-8")
        return tomllib.loads(raw)
    except UnicodeDecodeError as exc:
        problems.append(
            Problem(path, None, _("not UTF-8 text ({reason})").format(reason=exc.reason))
        )
    except tomllib.TOMLDecodeError as exc:
        problems.append(
            Problem(path, toml_error_line(exc), _("TOML syntax error: {error}").format(error=exc))
        )
    except RecursionError:
        problems.append(Problem(path, None, _("TOML nested too deeply; it is refused")))
    except OSError as exc:
        problems.append(
            Problem(path, None, _("cannot read ({error})").format(error=exc.strerror or exc))
        )
    return {}


def toml_error_line(exc: tomllib.TOMLDecodeError) -> int | None:
    match = re.search(r"line (\d+)", str(exc))
    return int(match.group(1)) if match else None


def line_of_key(path: Path, key: str, text: str | None = None) -> int | None:
    """Best-effort line number of ``key =`` in a TOML file, for error messages."""
    try:
        lines = (text if text is not None else path.read_text(encoding="utf-8")).splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    pattern = re.compile(rf"^\s*(\[+\s*)?{re.escape(key)}\b")
    return next((n for n, line in enumerate(lines, 1) if pattern.match(line)), None)


def as_datetime(
    value: object, path: Path, key: str, problems: list[Problem], text: str | None = None
) -> datetime | None:
    """TOML dates become local midnight; naive datetimes are taken as local time.

    Years outside FIRST_YEAR..LAST_YEAR are refused: 0001-01-01 cannot even be stored, and
    9999-12-31 would pin a page to the top of its list forever.
    """
    if value is None:
        return None
    if isinstance(value, date) and not FIRST_YEAR <= value.year <= LAST_YEAR:
        problems.append(
            Problem(
                path,
                line_of_key(path, key, text),
                _("'{key}' {day} is not a real date for a page (years {first}–{last})").format(
                    key=key, day=value.isoformat()[:10], first=FIRST_YEAR, last=LAST_YEAR
                ),
            )
        )
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=LOCAL_TZ)
    if isinstance(value, date):
        return datetime.combine(value, time(0, 0), tzinfo=LOCAL_TZ)
    problems.append(
        Problem(
            path,
            line_of_key(path, key, text),
            _("'{key}' must be a date like 2026-11-20").format(key=key),
        )
    )
    return None
