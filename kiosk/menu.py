"""The per-site service menu (issue 18): which tiles the home screen offers, in which order,
with which titles, fed by which sources, and which page services the site has.

Declared in kiosk.toml (docs/menu.md):

```toml
[menu]                                  # optional: site-wide services
languages = ["ja", "en"]                # offered in the language choice (default: all)
read_aloud = true                       # the read-aloud button on pages
print = true                            # 印刷 / Print on pages (when a printer is set up)
qr = true                               # the QR code of a page's web address
howto = true                            # the "How to use" button on home

[[service]]                             # one per home tile, in order
id = "school"                           # unique; usage counts and tests name it
kind = "category"                       # category | practice
category = "notices"                    # kind = "category": which category it opens
title = { ja = "学校だより", en = "School news" }
description = { ja = "小学校・中学校から", en = "From the schools" }
sources = ["school-news"]               # optional: only these sources (default: all of it)
```

Without ``[[service]]`` the six categories are the menu, as before. Plain Python, no Qt;
config.py calls the parsers with a ``fail(key, message)`` that adds file:line.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from unicodedata import east_asian_width

from kiosk.sources import Category, Source

SERVICE_KINDS = ("category", "practice")
SERVICE_KEYS = {
    "id": str,
    "kind": str,
    "category": str,
    "title": dict,
    "description": dict,
    "sources": list,
}
MENU_KEYS = {"languages": list, "read_aloud": bool, "print": bool, "qr": bool, "howto": bool}
ALL_LANGUAGES = ("ja", "en", "zh-Hans", "ko", "vi", "pt-BR")
MAX_TITLE = 32  # columns (a full-width character is two): what fits a tile at 200 % text
MAX_DESCRIPTION = 60  # columns: one short line under the title

Fail = Callable[[str | None, str], Exception]


@dataclass(frozen=True, slots=True)
class Service:
    """One home tile."""

    id: str
    kind: str = "category"
    category: Category | None = None
    titles: Mapping[str, str] = field(default_factory=dict)  # lang → title; else built in
    descriptions: Mapping[str, str] = field(default_factory=dict)
    sources: tuple[str, ...] = ()  # empty: every source of the category

    @property
    def value(self) -> str:
        """What usage counts record for opening it: the category (as before), else the id."""
        return self.category.value if self.category is not None else self.id

    @property
    def is_plain(self) -> bool:
        """Exactly a built-in category tile (the category screen needs nothing else)."""
        return (
            self.kind == "category"
            and self.category is not None
            and self.id == self.category.value
            and not self.titles
            and not self.descriptions
            and not self.sources
        )

    def title(self, lang: str, builtin: str) -> str:
        return self.titles.get(lang) or builtin

    def description(self, lang: str, builtin: str) -> str:
        return self.descriptions.get(lang) or builtin


@dataclass(frozen=True, slots=True)
class MenuSettings:
    languages: tuple[str, ...] = ALL_LANGUAGES
    read_aloud: bool = True
    print: bool = True
    qr: bool = True
    howto: bool = True


def default_services() -> tuple[Service, ...]:
    """The six categories of the municipal plan, in priority order: the menu without config."""
    return tuple(Service(id=c.value, category=c) for c in Category)


def parse_menu(raw: Any, fail: Fail) -> MenuSettings:
    if not isinstance(raw, dict):
        raise fail(None, "[menu] must be a table")
    _check_types(raw, MENU_KEYS, fail)
    languages = tuple(raw.get("languages", ALL_LANGUAGES))
    for lang in languages:
        if lang not in ALL_LANGUAGES:
            raise fail("languages", f"language {lang!r} is not one of: {', '.join(ALL_LANGUAGES)}")
    if not languages:
        raise fail("languages", "offer at least one language")
    if len(set(languages)) != len(languages):
        raise fail("languages", "a language is listed twice")
    return MenuSettings(
        languages=languages,
        read_aloud=raw.get("read_aloud", True),
        print=raw.get("print", True),
        qr=raw.get("qr", True),
        howto=raw.get("howto", True),
    )


def parse_service(raw: Any, fail: Fail) -> Service:
    """One [[service]] table (cross-checks with sources and other tiles: check_services)."""
    if not isinstance(raw, dict):
        raise fail(None, "[[service]] must be a table")
    _check_types(raw, SERVICE_KEYS, fail)
    kind = raw.get("kind", "category")
    if kind not in SERVICE_KINDS:
        raise fail("kind", f"kind = {kind!r} is not one of: {', '.join(SERVICE_KINDS)}")
    category = None
    if kind == "category":
        if "category" not in raw:
            raise fail(None, "'category' is missing (which category the tile opens)")
        try:
            category = Category(raw["category"])
        except ValueError:
            allowed = ", ".join(c.value for c in Category)
            raise fail(
                "category", f"category {raw['category']!r} is not one of: {allowed}"
            ) from None
    else:
        for key in ("category", "sources"):
            if key in raw:
                raise fail(key, f"'{key}' only applies to kind = \"category\"")
    service_id = raw.get("id") or (category.value if category else kind)
    if not service_id.replace("-", "").replace("_", "").isalnum() or not service_id.isascii():
        raise fail("id", f"id {service_id!r}: use letters, digits, - and _ only")
    titles = _texts(raw, "title", MAX_TITLE, fail)
    descriptions = _texts(raw, "description", MAX_DESCRIPTION, fail)
    sources = raw.get("sources", [])
    if not all(isinstance(s, str) and s for s in sources):
        raise fail("sources", 'sources must list source ids as strings: ["town-news"]')
    if kind == "category" and "sources" in raw and not sources:
        raise fail("sources", "an empty sources list would leave the tile empty: remove it")
    return Service(service_id, kind, category, titles, descriptions, tuple(sources))


def check_services(
    services: Sequence[Service],
    sources: Sequence[Source],
    fail_at: Callable[[int, str | None, str], Exception],
) -> None:
    """Across tiles: ids unique, sources exist and belong to the tile's category.
    ``fail_at(index, key, message)`` names the offending [[service]] (1-based)."""
    if not services:
        return
    by_id = {s.id: s for s in sources}
    seen: set[str] = set()
    for index, service in enumerate(services, 1):
        if service.id in seen:
            raise fail_at(index, "id", f"id {service.id!r} is used twice (give each tile an id)")
        seen.add(service.id)
        for source_id in service.sources:
            source = by_id.get(source_id)
            if source is None:
                known = ", ".join(by_id) or "none"
                raise fail_at(
                    index,
                    "sources",
                    f"source {source_id!r} is not a [[source]] id (known: {known})",
                )
            if source.category is not service.category:
                raise fail_at(
                    index,
                    "sources",
                    f"source {source_id!r} is in category {source.category.value}, "
                    f"not {service.category.value if service.category else service.kind}",
                )


def _check_types(raw: dict[str, Any], keys: dict[str, type], fail: Fail) -> None:
    for key, value in raw.items():
        expected = keys.get(key)
        if expected is None:
            raise fail(key, f"unknown key '{key}' (known: {', '.join(keys)})")
        if not isinstance(value, expected):
            raise fail(key, f"{key} must be a {_type_name(expected)}, not {value!r}")


def _type_name(kind: type) -> str:
    return {dict: 'table such as { ja = "…", en = "…" }', list: "list"}.get(kind, kind.__name__)


def _texts(raw: dict[str, Any], key: str, limit: int, fail: Fail) -> dict[str, str]:
    texts = raw.get(key, {})
    for lang, text in texts.items():
        if lang not in ALL_LANGUAGES:
            raise fail(key, f"{key}: language {lang!r} is not one of: {', '.join(ALL_LANGUAGES)}")
        if not isinstance(text, str) or not text.strip():
            raise fail(key, f"{key}.{lang} must be a non-empty text")
        if "\n" in text or columns(text) > limit:
            raise fail(
                key,
                f"{key}.{lang} is too long for a tile: {limit // 2} full-width characters"
                f" or {limit} letters at most",
            )
    return {lang: text.strip() for lang, text in texts.items()}


def columns(text: str) -> int:
    """Display width: full-width (Japanese, Chinese, Korean) characters count two."""
    return sum(2 if east_asian_width(ch) in "WF" else 1 for ch in text)
