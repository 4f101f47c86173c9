"""Markdown of a package page → (title, plain blocks); ``{漢字|かんじ}`` reading markup.

Moved out of packages.py (one module, one job): packages.py reads the package files and
front matter, this module turns one page body into blocks.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.content.model import Block, BlockKind
from kiosk.content.problems import Problem
from kiosk.i18n import gettext as _

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

# Readings (furigana) are written {漢字|かんじ}; the screen shows them as 漢字（かんじ）.
RUBY = re.compile(r"\{([^{}|\n]+)\|([^{}|\n]+)\}")


@cache
def _markdown() -> MarkdownIt:
    # Built when a page is first read: a kiosk whose packages did not change since the last
    # start never loads the parser (~60 modules) before its first frame.
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False}).enable("table")


def _inline_text(token: Token) -> str:
    """Plain text of an inline token: emphasis and links keep their words, markup goes."""
    parts: list[str] = []
    for child in token.children or ():
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type == "softbreak":
            parts.append("" if _ends_cjk(parts) else " ")
        elif child.type == "hardbreak":
            parts.append("\n")
        elif child.type == "image":
            parts.append(child.content)
    return "".join(parts).strip()


def _ends_cjk(parts: list[str]) -> bool:
    """Japanese lines joined by a soft break must not gain a space."""
    return bool(parts) and bool(parts[-1]) and ord(parts[-1][-1]) > 0x2E80


def markdown_to_blocks(
    body: str, path: Path, line_offset: int, problems: list[Problem]
) -> tuple[str | None, list[Block]]:
    """Markdown → (title, blocks). The single level-1 heading is the page title."""
    tokens = _markdown().parse(apply_ruby(body))
    title: str | None = None
    blocks: list[Block] = []
    i = 0

    def line_of(token: Token) -> int:
        return (token.map[0] if token.map else 0) + line_offset + 1

    while i < len(tokens):
        token = tokens[i]
        if token.type == "heading_open":
            level = int(token.tag[1])
            text = _inline_text(tokens[i + 1])
            if level == 1:
                if title is not None:
                    problems.append(
                        Problem(path, line_of(token), _("only one '# ' title per page is allowed"))
                    )
                title = text
            else:
                blocks.append(Block(BlockKind.HEADING, text=text, level=min(level, 3)))
            i += 3
        elif token.type == "paragraph_open":
            inline = tokens[i + 1]
            images = [c for c in inline.children or () if c.type == "image"]
            if images and len(inline.children or ()) == 1:
                image = images[0]
                if not image.content.strip():
                    problems.append(
                        Problem(
                            path,
                            line_of(token),
                            _("every image needs alt text: ![what it shows](file)"),
                        )
                    )
                blocks.append(
                    Block(BlockKind.IMAGE, text=image.content, src=str(image.attrs.get("src", "")))
                )
            else:
                blocks.append(Block(BlockKind.PARAGRAPH, text=_inline_text(inline)))
            i += 3
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            ordered = token.type == "ordered_list_open"
            entries, i = _collect_list(tokens, i)
            blocks.append(Block(BlockKind.LIST, items=tuple(entries), ordered=ordered))
        elif token.type == "table_open":
            rows, has_header, i = _collect_table(tokens, i)
            blocks.append(Block(BlockKind.TABLE, rows=tuple(rows), header=has_header))
        elif token.type == "html_block" or token.type == "fence" or token.type == "code_block":
            text = token.content.strip()
            if text:
                blocks.append(Block(BlockKind.PARAGRAPH, text=text))
            i += 1
        else:
            i += 1
    if title is None:
        problems.append(Problem(path, line_offset + 1, _("the page has no '# ' title line")))
    return title, blocks


def apply_ruby(text: str) -> str:
    """{漢字|かんじ} → ｜漢字《かんじ》 before Markdown parsing (an ASCII | would split a table
    cell); ``split_block_readings`` then moves the reading into ``Block.readings``: the text
    stays 漢字, the furigana view shows the reading over it and the voice says it."""
    return RUBY.sub(lambda m: f"｜{m.group(1)}《{_hiragana(m.group(2))}》", text)


def _hiragana(text: str) -> str:
    return "".join(chr(ord(c) - 0x60) if "\u30a1" <= c <= "\u30f6" else c for c in text)


def _collect_list(tokens: list[Token], start: int) -> tuple[list[str], int]:
    """Flatten a (possibly nested) list to plain entries; nested entries are indented."""
    entries: list[str] = []
    depth = 0
    i = start
    while i < len(tokens):
        token = tokens[i]
        if token.type in ("bullet_list_open", "ordered_list_open"):
            depth += 1
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
            if depth == 0:
                return entries, i + 1
        elif token.type == "inline":
            entries.append("　" * (depth - 1) + _inline_text(token))
        i += 1
    return entries, i


def _collect_table(tokens: list[Token], start: int) -> tuple[list[tuple[str, ...]], bool, int]:
    rows: list[tuple[str, ...]] = []
    current: list[str] = []
    has_header = False
    i = start
    while i < len(tokens):
        token = tokens[i]
        if token.type == "thead_open":
            has_header = True
        elif token.type == "tr_open":
            current = []
        elif token.type == "inline":
            current.append(_inline_text(token))
        elif token.type == "tr_close":
            rows.append(tuple(current))
        elif token.type == "table_close":
            return rows, has_header, i + 1
        i += 1
    return rows, has_header, i
