"""Where content comes from: a configured source and the category it fills.

Below both the config (which builds Sources from kiosk.toml) and the content model (which
re-exports them), so reading the config never imports the content package.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

# JMA code lists an area code may be tagged with ("tsunami:390"): the readers tag the codes they
# read, and [kiosk] area_codes may name one list so that a number matches only there.
CODE_LISTS = ("seismic", "tsunami", "volcano", "river")

# The open-data lists a csv source may name with ``dataset = "…"`` (declared with their fields in
# kiosk/content/readers/opendata_datasets.py; a test keeps the two in step). Here so that
# checking the config never imports the content package.
DATASET_IDS = (
    "evacuation",
    "shelter",
    "aed",
    "toilet",
    "medical",
    "care",
    "childcare",
    "facility",
    "cultural",
    "polling",
    "water",
    "event",
)


class Category(Enum):
    """The six categories of the municipal plan, in priority order (the order of the tiles)."""

    DISASTER = "disaster"  # 防災・気象
    NOTICES = "notices"  # お知らせ
    HEALTH = "health"  # 健康・予防
    WELFARE = "welfare"  # 子育て・保険・福祉
    FACILITIES = "facilities"  # 施設・避難所
    EVENTS = "events"  # 地域・催し

    @property
    def order(self) -> int:
        return list(Category).index(self)


@dataclass(frozen=True, slots=True)
class Source:
    """Where content comes from. ``location`` is a URL or a filesystem path."""

    id: str
    kind: str  # package | feed | html | csv | cap | jmx | bundle
    location: str
    category: Category
    region: str = ""
    refresh_minutes: int = 30
    enabled: bool = True
    lang: str = "ja"
    public_keys: tuple[str, ...] = ()  # bundle sources: the region's pinned Ed25519 keys
    follow_links: bool = False  # fetch each item's link (same host) and use its article text
    expire_days: int = 0  # hide items this many days after publication (0: never)
    alert_hours: int = 0  # cap/jmx: life of an alert without an end time (0: per-type default)
    dataset: str = ""  # csv sources: the open-data list it is (wins over detection)
    title: str = ""  # csv sources: what a list no declaration matches is called
