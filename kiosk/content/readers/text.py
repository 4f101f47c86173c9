"""Bytes → text for formats that do not declare their encoding reliably (HTML, CSV)."""

from __future__ import annotations

import codecs
import re

_META_CHARSET = re.compile(rb"""<meta[^<>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_HIRAGANA = re.compile(r"[\u3041-\u3096]")
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),  # the BOM is cut off first: name the byte order
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Labels browsers read as Windows-1252 (the WHATWG Encoding Standard): pages declared
# ISO-8859-1 are written in it (curly quotes and dashes at 0x91-0x97); decoded as Latin-1
# those bytes become control characters.
_WINDOWS_1252_LABELS = frozenset({"iso8859-1", "latin_1", "cp1252"})
_CP1252_HIGH = {
    byte: char
    for byte, char in zip(
        range(0x80, 0xA0), bytes(range(0x80, 0xA0)).decode("cp1252", "replace"), strict=True
    )
    if char != "\ufffd"  # the five bytes Windows-1252 leaves undefined stay as they were
}
# Japanese public bodies publish in these; tried in this order when nothing is declared.
FALLBACKS = ("utf-8", "cp932", "euc_jp")


def normalize_encoding(name: str | None) -> str | None:
    """Python codec name for a declared charset; Shift_JIS is really CP932 in the wild."""
    if not name:
        return None
    try:
        codec = codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None
    return "cp932" if codec in ("shift_jis", "ms932", "cp932") else codec


def declared_html_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:4096])
    return normalize_encoding(match.group(1).decode("ascii")) if match else None


def decode(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode strictly: BOM, then the declared charset, then the usual Japanese encodings.

    Returns (text, encoding). Raises UnicodeDecodeError if nothing decodes cleanly, so callers
    can report a wrong charset instead of showing mojibake.
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(name), name
    first = normalize_encoding(declared)
    if first in _WINDOWS_1252_LABELS:
        return data.decode("latin-1").translate(_CP1252_HIGH), "cp1252"
    if first:
        try:
            return data.decode(first), first
        except UnicodeDecodeError:
            pass  # declared wrongly (it happens): judge by the bytes instead
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        last_error = exc
    # CP932 and EUC-JP bytes can both decode "successfully"; real Japanese text has hiragana,
    # the mojibake of the wrong choice has almost none.
    decoded = []
    for name in FALLBACKS[1:]:
        try:
            text = data.decode(name)
        except UnicodeDecodeError as exc:
            last_error = exc
            continue
        decoded.append((len(_HIRAGANA.findall(text)), name, text))
    if decoded:
        _score, name, text = max(decoded, key=lambda d: d[0])
        return text, name
    raise last_error
