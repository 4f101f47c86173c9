"""alerts.toml in a volunteer package: drills and local notices, checked field by field."""

from __future__ import annotations

from pathlib import Path

from kiosk.content.model import Alert, Severity, Source
from kiosk.content.package_toml import as_datetime, load_toml
from kiosk.content.problems import Problem
from kiosk.i18n import gettext as _

ALERT_TEXT_FIELDS = ("event", "headline", "area", "instruction")


def read_alerts(path: Path, source: Source, problems: list[Problem]) -> list[Alert]:
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
        alerts.append(
            Alert(
                id=str(raw["id"]),
                source_id=source.id,
                severity=severity,
                event=texts["event"],
                headline=texts["headline"],
                area=texts["area"],
                instruction=texts["instruction"],
                onset=as_datetime(raw.get("onset"), path, "onset", problems, text),
                expires=as_datetime(raw.get("expires"), path, "expires", problems, text),
                issued=as_datetime(raw.get("onset"), path, "onset", problems, text),
                drill=bool(raw.get("drill", False)),
            )
        )
    return alerts


def nth_table_line(text: str, name: str, n: int) -> int | None:
    seen = 0
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip() == f"[[{name}]]":
            seen += 1
            if seen == n:
                return number
    return None
