"""The user dictionary: readings of proper nouns the analysis does not know (さくら川).

A TOML file staff and volunteers extend (``kiosk content check`` suggests entries for words it
could not read); the kiosk's own list ships in ``kiosk/content/readings.toml`` and a site list
can sit next to the config (``readings.toml`` in the config dir) or be named by
``HIROBA_READINGS``::

    [readings]
    "さくら川" = "さくらがわ"
    "東町" = "ひがしまち"

Entries win over the dictionary everywhere: furigana, the voice and `kiosk speak --reading`.
"""

from __future__ import annotations

import logging
import os
import re
import tomllib
from functools import cache
from pathlib import Path

log = logging.getLogger("kiosk.content")

SHIPPED = Path(__file__).with_name("readings.toml")
_KANA = re.compile(r"[\u3041-\u3096\u30a1-\u30fcー]+")


def site_paths() -> list[Path]:
    paths = [SHIPPED]
    configured = os.environ.get("HIROBA_READINGS")
    if configured:
        paths.append(Path(configured))
    else:
        try:
            import platformdirs

            paths.append(
                Path(platformdirs.user_config_dir("hiroba", appauthor=False)) / "readings.toml"
            )
        except Exception:  # pragma: no cover - platformdirs is a dependency
            pass
    return paths


def parse(text: str, origin: str = "") -> dict[str, str]:
    """Entries of one file; a bad entry is skipped with a one-line log, never fatal."""
    data = tomllib.loads(text)
    entries: dict[str, str] = {}
    for base, reading in dict(data.get("readings", {})).items():
        if not isinstance(reading, str) or not _KANA.fullmatch(reading) or not base.strip():
            log.warning("%s: reading for %r must be kana, got %r", origin, base, reading)
            continue
        entries[base.strip()] = reading
    return entries


@cache
def load_user_dictionary() -> tuple[tuple[str, str], ...]:
    entries: dict[str, str] = {}
    for path in site_paths():
        try:
            entries.update(parse(path.read_text(encoding="utf-8"), str(path)))
        except FileNotFoundError:
            continue
        except (OSError, tomllib.TOMLDecodeError) as exc:
            log.warning("user dictionary %s skipped: %s", path, exc)
    return tuple(entries.items())
