"""Which speech engines are installed here, by name (for `kiosk doctor` and the staff menu)."""

from __future__ import annotations

from collections.abc import Iterable


def _engine_names(engines: object) -> list[str]:
    if isinstance(engines, dict):  # engine → problem (None: it can run here)
        return [str(k) for k, problem in engines.items() if problem is None]
    if isinstance(engines, Iterable) and not isinstance(engines, str):
        return [str(getattr(e, "name", e)) for e in engines]
    return [str(engines)] if engines else []


def speech_engines() -> list[str] | None:
    """Names of the installed speech engines; None when the speech module is not installed."""
    try:
        from kiosk.speech import available_engines
    except ImportError:
        return None
    try:
        return _engine_names(available_engines())
    except Exception:  # a broken engine must not break the doctor
        return []
