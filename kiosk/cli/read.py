"""`kiosk read FILE|URL [--json]`: what one input becomes, format detected from its content."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from kiosk.content.alerts import alert_to_json
from kiosk.content.fetch import Fetcher, read_file
from kiosk.content.model import Alert, Category, Source, SourceContent
from kiosk.content.readers import BYTE_READERS, detect_kind
from kiosk.content.readers.alert_feed import Fetch, skipped_summary
from kiosk.content.readers.errors import DetectError


def load(location: str) -> SourceContent:
    """Fetch or read ``location`` and run the reader `kiosk sync` would; raises ContentError.

    The reader comes from the same registry sync uses (kiosk.content.readers.BYTE_READERS).
    An alert index feed read from a URL is followed through the capped Fetcher; read from a
    file, it only lists its entries (its links point at the network).
    """
    if not location.startswith(("http://", "https://")) and Path(location).is_dir():
        from kiosk.content.packages import read_package

        return read_package(Path(location))  # a volunteer content package folder
    if location.startswith(("http://", "https://")):
        with Fetcher() as fetcher:
            data = fetcher.get(location).body
            return _read(data, location, lambda url: fetcher.get(url).body)
    return _read(read_file(str(Path(location).expanduser())), location, None)


def _read(data: bytes, location: str, fetch: Fetch | None) -> SourceContent:
    kind = detect_kind(data)
    category = {"csv": Category.FACILITIES, "cap": Category.DISASTER, "jmx": Category.DISASTER}
    # lang="" lets the reader take the language the input declares.
    source = Source(
        id=f"read:{Path(location).name or location}",
        kind=kind,
        location=location,
        category=category.get(kind, Category.NOTICES),
        lang="",
    )
    reader = BYTE_READERS.get(kind)
    if reader is None:
        raise DetectError(f"{location}: {kind} content is recognised but has no reader here yet")
    return reader(data, source, fetch)


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
        "alerts": [alert_to_json(a) for a in content.alerts],
        "skipped": list(content.skipped),
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
        print(_alert_line(alert))
    if content.skipped:
        print(f"{len(content.skipped)} documents of types not read: ", end="")
        print(skipped_summary(content.skipped))
    return 0


def _alert_line(alert: Alert) -> str:
    if alert.cancelled or alert.msg_type == "cancel":
        return f"alert ended: {alert.text('event', 'ja')}"
    level = f" level {alert.level}" if alert.level else ""
    drill = " [drill/test]" if alert.drill else ""
    until = alert.expires.isoformat() if alert.expires else "-"
    lines = [
        f"alert {alert.severity.name.lower()}{level}{drill}: {alert.text('event', 'ja')}"
        f" | {alert.text('area', 'ja') or '-'} | until {until}",
    ]
    if alert.instruction:
        lines.append("  " + alert.text("instruction", "ja").replace("\n", " "))
    return "\n".join(lines)
