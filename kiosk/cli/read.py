"""`kiosk read FILE|URL [--json]`: what one input becomes, format detected from its content."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from kiosk.content.fetch import Fetcher, read_file
from kiosk.content.model import Alert, Category, Source, SourceContent
from kiosk.content.readers import detect, read_bytes
from kiosk.content.readers.errors import DetectError


def load(location: str) -> SourceContent:
    """Fetch or read ``location`` and run the matching reader; raises ContentError."""
    from kiosk.content.sync import BYTE_READERS

    if not location.startswith(("http://", "https://")) and Path(location).is_dir():
        from kiosk.content.packages import read_package

        return read_package(Path(location))  # a volunteer content package folder
    if location.startswith(("http://", "https://")):
        with Fetcher() as fetcher:
            data = fetcher.get(location).body
    else:
        data = read_file(str(Path(location).expanduser()))
    kind = detect(data)
    category = {"csv": Category.FACILITIES, "cap": Category.DISASTER, "jmx": Category.DISASTER}
    # lang="" lets the reader take the language the input declares.
    source = Source(
        id=f"read:{Path(location).name or location}",
        kind=kind,
        location=location,
        category=category.get(kind, Category.NOTICES),
        lang="",
    )
    if kind in ("feed", "jsonfeed", "html", "csv"):
        return read_bytes(data, source, kind)
    reader = BYTE_READERS.get(kind)
    if reader is None:
        raise DetectError(f"{location}: {kind} content is recognised but has no reader here yet")
    return reader(data, source)


def content_json(content: SourceContent) -> dict[str, object]:
    pages = {p.item_key: p for p in content.pages}

    def when(value: object) -> str | None:
        return value.isoformat() if value is not None else None  # type: ignore[attr-defined]

    return {
        "kind": content.source.kind,
        "items": [
            {
                "key": item.key,
                "guid": item.guid,
                "title": item.title,
                "lang": item.lang,
                "category": item.category.value,
                "summary": item.summary,
                "published": when(item.published),
                "updated": when(item.updated),
                "expires": when(item.expires),
                "link": item.link,
                "blocks": [b.to_json() for b in pages[item.key].blocks]
                if item.key in pages
                else [],
            }
            for item in content.items
        ],
        "alerts": [_alert_json(a) for a in content.alerts],
    }


def _alert_json(alert: Alert) -> dict[str, object]:
    return {
        "id": alert.id,
        "severity": alert.severity.name.lower(),
        "event": alert.event,
        "headline": alert.headline,
        "area": alert.area,
        "cancelled": alert.cancelled,
        "onset": alert.onset.isoformat() if alert.onset else None,
        "expires": alert.expires.isoformat() if alert.expires else None,
    }


def read_input(location: str, as_json: bool) -> int:
    content = load(location)
    if as_json:
        json.dump(content_json(content), sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    print(f"{location}: {content.source.kind}, {len(content.items)} items")
    pages = {p.item_key: p for p in content.pages}
    for item in content.items:
        day = item.published.isoformat() if item.published else "-"
        blocks = len(pages[item.key].blocks) if item.key in pages else 0
        print(f"{day}  {item.title}  [{blocks} blocks]")
    for alert in content.alerts:
        print(f"alert {alert.severity.name.lower()}: {alert.text('headline', 'ja')}")
    return 0
