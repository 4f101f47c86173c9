"""`kiosk screenshot --alert FILE|URL`: one CAP/JMA document's most urgent alert on the alert
screen, as it looked when it was issued. Real documents are old (the samples are from 2013–
2024), so the store and the clock are scratch ones set to the document's own time."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path

from kiosk.cli.read import load
from kiosk.content.model import Source, SourceContent
from kiosk.content.problems import ContentError
from kiosk.content.store import Store


@contextmanager
def preview_store(location: str) -> Iterator[tuple[Store, Callable[[], datetime]]]:
    """A scratch store holding the document's alerts, and a clock a minute after issue."""
    content = load(location)
    alerts = [a for a in content.alerts if not a.cancelled and a.msg_type != "cancel"]
    if not alerts:
        raise ContentError(f"{location}: no alert in force in this document")
    top = max(alerts, key=lambda a: int(a.severity))
    moment = (top.issued or datetime.now().astimezone()) + timedelta(minutes=1)
    source = Source("preview", content.source.kind, location, content.source.category)
    with tempfile.TemporaryDirectory(prefix="hiroba-preview-") as folder:
        store = Store(Path(folder) / "preview.sqlite3")
        try:
            store.replace_source(SourceContent(source=source, alerts=tuple(alerts)), now=moment)
            yield store, lambda: moment
        finally:
            store.close()
