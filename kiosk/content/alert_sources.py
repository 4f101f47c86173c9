"""Compatibility: the ``cap``/``jmx`` source reader moved to kiosk.content.readers.alert_feed,
into the one reader registry that `kiosk sync` and `kiosk read` share."""

from kiosk.content.readers.alert_feed import (
    MAX_DOCUMENTS,
    Fetch,
    local_fetch,
    read_alert_bytes,
    read_alert_source,
    read_document,
)

__all__ = [
    "MAX_DOCUMENTS",
    "Fetch",
    "local_fetch",
    "read_alert_bytes",
    "read_alert_source",
    "read_document",
]
