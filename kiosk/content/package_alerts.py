"""alerts.toml in a volunteer package: drills and local notices, checked field by field."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

from babel.core import UnknownLocaleError

from kiosk.content.model import Alert, Severity, Source
from kiosk.content.package_toml import as_datetime, line_of_key, load_toml
from kiosk.content.problems import Problem
from kiosk.i18n import gettext as _
from kiosk.i18n.dates import LOCAL_TZ, format_clock

ALERT_TEXT_FIELDS = ("event", "headline", "area", "instruction")
# Times relative to when the package is read (the demo's drill, training material): "loaded",
# "loaded + 2h", "loaded + 30min". "loaded" is the start of the current hour in the kiosk's
# zone, so the time the screen shows is a round one and stays put within the hour.
RELATIVE_TIME = re.compile(r"loaded(?:\s*\+\s*(\d{1,3})\s*(h|min))?")
# {onset} / {expires} in an alert's text: that time of day, written in the text's language,
# so the text and the times the kiosk acts on can never disagree.
TIME_FIELDS = ("onset", "expires")


def read_alerts(
    path: Path, source: Source, problems: list[Problem], now: datetime | None = None
) -> list[Alert]:
    """``now``: when the package is read (the base of relative times); the clock by default."""
    loaded = (
        (now or datetime.now(UTC)).astimezone(LOCAL_TZ).replace(minute=0, second=0, microsecond=0)
    )
    try:
        text = path.read_text(encoding="utf-8") if path.is_file() else ""
    except (OSError, UnicodeDecodeError):
        problems.append(Problem(path, None, _("alerts.toml is not readable UTF-8 text")))
        return []
    data = load_toml(path, problems, text)
    alerts: list[Alert] = []
    tables = data.get("alert", [])
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        problems.append(Problem(path, None, _("alerts are written as [[alert]] tables")))
        return []
    for index, raw in enumerate(tables, 1):
        line = nth_table_line(text, "alert", index)
        missing = [k for k in ("id", "severity", "event", "headline") if k not in raw]
        if missing:
            problems.append(
                Problem(
                    path,
                    line,
                    _("alert #{n}: missing {keys}").format(n=index, keys=", ".join(missing)),
                )
            )
            continue
        try:
            severity = Severity.parse(str(raw["severity"]))
        except ValueError as exc:
            problems.append(
                Problem(path, line, _("alert #{n}: {error}").format(n=index, error=exc))
            )
            continue
        texts: dict[str, dict[str, str]] = {}
        for name in ALERT_TEXT_FIELDS:
            value = raw.get(name, {})
            if isinstance(value, str):
                value = {"ja": value}
            if not isinstance(value, dict):
                problems.append(
                    Problem(
                        path,
                        line,
                        _("alert #{n}: '{key}' must be a table of languages").format(
                            n=index, key=name
                        ),
                    )
                )
                value = {}
            texts[name] = {str(k): str(v) for k, v in value.items()}
        times = {
            key: _alert_time(raw.get(key), key, index, loaded, path, problems, text)
            for key in TIME_FIELDS
        }
        texts = _fill_times(texts, times, index, path, line, problems)
        alerts.append(
            Alert(
                id=str(raw["id"]),
                source_id=source.id,
                severity=severity,
                event=texts["event"],
                headline=texts["headline"],
                area=texts["area"],
                instruction=texts["instruction"],
                onset=times["onset"],
                expires=times["expires"],
                issued=times["onset"],
                drill=bool(raw.get("drill", False)),
            )
        )
    return alerts


def _alert_time(
    value: object,
    key: str,
    index: int,
    loaded: datetime,
    path: Path,
    problems: list[Problem],
    text: str,
) -> datetime | None:
    if not isinstance(value, str):
        return as_datetime(value, path, key, problems, text)
    match = RELATIVE_TIME.fullmatch(value.strip())
    if match is None:
        problems.append(
            Problem(
                path,
                line_of_key(path, key, text),
                _(
                    "alert #{n}: '{key}' must be a date and time like 2026-11-25T09:00:00+09:00,"
                    ' or "loaded" / "loaded + 2h" (when the package is read)'
                ).format(n=index, key=key),
            )
        )
        return None
    amount, unit = match.groups()
    if amount is None:
        return loaded
    return loaded + (
        timedelta(hours=int(amount)) if unit == "h" else timedelta(minutes=int(amount))
    )


def _clock(when: datetime, lang: str) -> str:
    try:
        return format_clock(when, lang)
    except (ValueError, UnknownLocaleError):  # a language babel does not know
        return when.astimezone(LOCAL_TZ).strftime("%H:%M")


def _fill_times(
    texts: dict[str, dict[str, str]],
    times: dict[str, datetime | None],
    index: int,
    path: Path,
    line: int | None,
    problems: list[Problem],
) -> dict[str, dict[str, str]]:
    """{onset}/{expires} in the texts → the time in each text's own language."""
    filled: dict[str, dict[str, str]] = {}
    for name, by_lang in texts.items():
        filled[name] = {}
        for lang, value in by_lang.items():
            for key in TIME_FIELDS:
                token = "{" + key + "}"
                if token not in value:
                    continue
                when = times[key]
                if when is None:
                    problems.append(
                        Problem(
                            path,
                            line,
                            _(
                                "alert #{n}: the text says {token} but the alert has no '{key}'"
                            ).format(n=index, token=token, key=key),
                        )
                    )
                    continue
                value = value.replace(token, _clock(when, lang))
            filled[name][lang] = value
    return filled


def nth_table_line(text: str, name: str, n: int) -> int | None:
    seen = 0
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip() == f"[[{name}]]":
            seen += 1
            if seen == n:
                return number
    return None
