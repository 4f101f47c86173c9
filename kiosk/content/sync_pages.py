"""Guards for sources that are web pages (split from kiosk.content.sync): an item's link
followed to its article, a page that came from another host, a page turned into a Wi-Fi login.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from urllib.parse import urlsplit

from kiosk.content.fetch import Fetcher, Response
from kiosk.content.model import Page, Source, SourceContent
from kiosk.content.parse_pool import PARSE_SLOT
from kiosk.content.problems import ContentError
from kiosk.content.readers.errors import ReaderError
from kiosk.content.readers.html import extract_article, has_login_words
from kiosk.content.store import Store

log = logging.getLogger("kiosk.sync")

MAX_FOLLOWED_LINKS = 30


def follow_links(content: SourceContent, fetcher: Fetcher) -> SourceContent:
    """Replace each item's page with the article text of its link (same host only, also
    after redirects: a link that ends up elsewhere keeps the feed's own text)."""
    origin = content.source.location
    host = _host(origin)
    pages = {p.item_key: p for p in content.pages}
    for item in content.items[:MAX_FOLLOWED_LINKS]:
        if not item.link or _host(item.link) != host:
            continue
        try:
            response = fetcher.get(item.link, origin=origin)
            if _host(response.url) != host:
                log.info("follow link kept the feed text: %s ended up on another host", item.link)
                continue
            with PARSE_SLOT:
                _title, blocks = extract_article(response.body, response.charset)
        except ContentError as exc:
            log.info("follow link kept the feed text: %s: %s", item.link, exc)
            continue
        pages[item.key] = Page(item.key, blocks)
    return replace(content, pages=tuple(pages.values()))


def refuse_moved_page(source: Source, response: Response) -> None:
    """An HTML source whose answer came from another host (a captive portal's redirect,
    a hijacked page) is not the configured page: keep the last good one."""
    want, got = _host(source.location) or "", _host(response.url) or ""
    if got != want and not got.endswith("." + want) and not want.endswith("." + got):
        raise ReaderError(
            f"the page came from another host ({got}), not {want}: the last good page is kept"
        )


def portal_reason(store: Store, content: SourceContent) -> str:
    """A page whose title changed into a login/Wi-Fi page replaced the configured one."""
    for item in content.items:
        before = store.item(item.key)
        if before is None or before.title == item.title:
            continue
        page = next((p for p in content.pages if p.item_key == item.key), None)
        text = item.title + " " + (page.plain_text()[:2000] if page else "")
        if has_login_words(text):
            return (
                f"the page changed from '{before.title[:40]}' to a login page "
                f"'{item.title[:40]}' (a Wi-Fi login?): the last good page is kept"
            )
    return ""


def _host(url: str) -> str | None:
    try:
        return urlsplit(url).hostname
    except ValueError:
        return None
