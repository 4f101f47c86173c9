"""Shared plumbing for the XML alert readers (CAP, JMX): safe parsing and namespace-free lookups.

Parsing goes through defusedxml with DTDs forbidden: neither CAP nor JMA XML uses a DTD, so any
DOCTYPE is refused outright, which stops entity expansion ("billion laughs") and external entities
(XXE) before they start. Lookups ignore namespaces because real files disagree on them (CAP 1.1
vs 1.2, prefixed ``cap:alert``, JMA's per-section namespaces).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from xml.etree.ElementTree import Element, ParseError

import defusedxml
from defusedxml.ElementTree import fromstring

from kiosk.content.problems import ContentError

MAX_DOCUMENT_BYTES = 5 * 1024 * 1024  # a real JMX/CAP document is a few hundred KB at most


class AlertReadError(ContentError):
    """An alert document (or index feed) that cannot be read. The only error the readers raise."""


def parse_xml(data: bytes, name: str = "-") -> Element:
    """Parse ``data`` safely; raises AlertReadError for anything that is not plain, safe XML."""
    if not isinstance(data, bytes | bytearray):
        raise AlertReadError(f"{name}: expected bytes, got {type(data).__name__}")
    if len(data) > MAX_DOCUMENT_BYTES:
        raise AlertReadError(f"{name}: document too large ({len(data)} bytes)")
    try:
        return fromstring(bytes(data), forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except defusedxml.DefusedXmlException as exc:
        raise AlertReadError(f"{name}: refused unsafe XML ({type(exc).__name__})") from None
    except (ParseError, ValueError, LookupError, UnicodeError, RecursionError) as exc:
        # LookupError: an encoding Python does not know; RecursionError: absurd nesting.
        raise AlertReadError(f"{name}: not well-formed XML ({exc})") from None


def local(tag: object) -> str:
    """``{namespace}Name`` → ``Name`` (comments and processing instructions → "")."""
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def namespace(tag: str) -> str:
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else ""


def children(element: Element | None, name: str) -> Iterator[Element]:
    if element is None:
        return
    for child in element:
        if local(child.tag) == name:
            yield child


def child(element: Element | None, path: str) -> Element | None:
    """First element along a ``/``-separated path of local names."""
    current = element
    for part in path.split("/"):
        current = next(children(current, part), None)
        if current is None:
            return None
    return current


def text(element: Element | None, path: str = "") -> str:
    """Stripped text at ``path`` (or of ``element`` itself); "" when missing."""
    target = child(element, path) if path else element
    if target is None or target.text is None:
        return ""
    return target.text.strip()


def descendants(element: Element | None, name: str) -> Iterator[Element]:
    if element is None:
        return
    for found in element.iter():
        if local(found.tag) == name:
            yield found


def parse_time(value: str) -> datetime | None:
    """ISO 8601 with an offset (CAP and JMX both use it); None when absent or unreadable."""
    value = value.strip()
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    # A time without an offset is useless for expiry decisions; JMA documents are in JST.
    if parsed.tzinfo is None:
        from kiosk.i18n.dates import LOCAL_TZ

        parsed = parsed.replace(tzinfo=LOCAL_TZ)
    return parsed


def clean(value: str) -> str:
    """Collapse runs of whitespace inside a line, keep line breaks (JMA uses them for sections)."""
    lines = [" ".join(line.split()) for line in value.replace("\r", "").split("\n")]
    return "\n".join(line for line in lines if line).strip()
