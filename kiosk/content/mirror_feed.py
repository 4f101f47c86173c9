"""Rewriting an index feed (JMA Atom, CAP Atom/RSS index) so its entries point at the mirror.

Which entries a kiosk follows is decided by the kiosk's own code (``read_index`` +
``chosen_entries``), never by a second feed reader here. lxml only edits the tree: entries the
kiosk would not follow, or whose document the mirror does not hold, are removed; the document
link of each kept entry is replaced by the mirror's link. The result is read back with the
kiosk's reader and must yield exactly the expected links in the expected order, or the rewrite
is refused (a feed the kiosk would read differently is never published).
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urljoin

from lxml import etree

from kiosk.content.readers.alert_feed import chosen_entries
from kiosk.content.readers.cap import is_cap
from kiosk.content.readers.index import is_index, read_index
from kiosk.content.readers.jmx import is_jmx
from kiosk.content.readers.xmltree import AlertReadError, local, parse_xml

ENTRY_TAGS = ("entry", "item")
LINK_TAGS = ("link", "guid")
XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
CHECK_BASE = "http://mirror.invalid/feeds/feed.xml"  # only to read relative links back


def is_index_document(data: bytes, name: str = "-") -> bool:
    """True for an index feed, False for one CAP/JMX document; AlertReadError otherwise."""
    root = parse_xml(data, name)
    if is_index(str(root.tag)):
        return True
    if is_cap(root) or is_jmx(root):
        return False
    raise AlertReadError(f"{name}: neither a feed nor a CAP or JMA XML document")


def check_document(data: bytes, name: str = "-") -> None:
    """A document the mirror may serve: safe, well-formed CAP or JMA XML."""
    root = parse_xml(data, name)
    if not (is_cap(root) or is_jmx(root)):
        raise AlertReadError(f"{name}: not a CAP or JMA XML document (root <{local(root.tag)}>)")


def followed_links(data: bytes, feed_url: str, kind: str, limit: int) -> list[str]:
    """Absolute links of the documents a kiosk would follow in this feed, in its order."""
    entries = read_index(data, feed_url, feed_url)
    return [e.link for e in chosen_entries(kind, entries, limit)]


def rewrite_index(
    data: bytes,
    feed_url: str,
    kind: str,
    limit: int,
    local_links: Mapping[str, str],
    self_url: str = "",
) -> bytes:
    """The feed with only the followed entries the mirror holds, linked to ``local_links``.

    ``local_links`` maps an upstream document URL to the mirror's link (relative to the feed
    or absolute). Raises AlertReadError when the result would not read back as intended.
    """
    wanted = [link for link in followed_links(data, feed_url, kind, limit) if link in local_links]
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise AlertReadError(f"{feed_url}: not well-formed XML ({exc})") from None
    keep = set(wanted)
    for element in list(root.iter()):
        if isinstance(element.tag, str) and XML_BASE in element.attrib:
            del element.attrib[XML_BASE]  # relative links must resolve against the mirror
    for entry in [e for e in root.iter() if _local(e) in ENTRY_TAGS]:
        link = _rewrite_entry(entry, feed_url, keep, local_links)
        if link is None:
            entry.getparent().remove(entry)
    _rewrite_self_link(root, self_url)
    out = etree.tostring(root.getroottree(), xml_declaration=True, encoding="UTF-8")
    check_base = self_url or CHECK_BASE
    got = followed_links(out, check_base, kind, max(limit, len(wanted)))
    expected = [urljoin(check_base, local_links[link]) for link in wanted]
    if got != expected:
        raise AlertReadError(
            f"{feed_url}: the rewritten feed would not read back the same "
            f"({len(got)} links instead of {len(expected)}); not published"
        )
    return out


def _local(element: etree._Element) -> str:
    return local(element.tag) if isinstance(element.tag, str) else ""


def _rewrite_entry(
    entry: etree._Element, feed_url: str, keep: set[str], local_links: Mapping[str, str]
) -> str | None:
    """Point the entry's document link at the mirror; None when the entry is not kept."""
    links = [c for c in entry if _local(c) in LINK_TAGS]
    has_link = any(_local(c) == "link" for c in links)
    if not has_link:  # an Atom entry with only an id, like RSS guid-only items
        links += [c for c in entry if _local(c) == "id"]
    for element in links:
        value = element.get("href") if element.get("href") is not None else element.text
        if value and urljoin(feed_url, value.strip()) in keep:
            target = urljoin(feed_url, value.strip())
            for other in links:  # every place that names this document
                attr = "href" if other.get("href") is not None else None
                current = other.get("href") if attr else other.text
                if current and urljoin(feed_url, current.strip()) == target:
                    if attr:
                        other.set("href", local_links[target])
                    else:
                        other.text = local_links[target]
            return target
    return None


def _rewrite_self_link(root: etree._Element, self_url: str) -> None:
    """Atom's (or RSS's atom:link) rel="self" names the publisher's URL: the mirror's instead."""
    parents = [root, *(c for c in root if _local(c) == "channel")]
    for parent in parents:
        for element in list(parent):
            if _local(element) == "link" and element.get("rel") == "self":
                if self_url:
                    element.set("href", self_url)
                else:
                    parent.remove(element)
