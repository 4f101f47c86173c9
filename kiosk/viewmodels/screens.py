"""View-models: what each screen shows, computed from the store. Plain Python, no Qt.

Screens only render these; they never query the store or format dates themselves.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from kiosk.content.alerts import AlertPolicy
from kiosk.content.model import Alert, Block, Category, Item, Severity, Source
from kiosk.content.store import Store, utc_now
from kiosk.i18n import N_, gettext
from kiosk.i18n.dates import format_clock, format_day, format_short_day
from kiosk.menu import Service, default_services
from kiosk.viewmodels.alerts import ALERT_KEY_PREFIX, AlertViewModels, row_date, row_title

CATEGORY_LABELS: dict[Category, tuple[str, str]] = {
    Category.DISASTER: (N_("Disaster & weather"), N_("Warnings, evacuation, weather")),
    Category.NOTICES: (N_("Notices"), N_("Town hall, schools, neighbourhood")),
    Category.HEALTH: (N_("Health"), N_("Check-ups, vaccinations, staying well")),
    Category.WELFARE: (N_("Family & welfare"), N_("Child-rearing, insurance, pension, care")),
    Category.FACILITIES: (N_("Facilities & shelters"), N_("Opening hours, evacuation sites")),
    Category.EVENTS: (N_("Local events"), N_("Festivals, talks, community broadcast")),
}


def category_label(category: Category, lang: str) -> str:
    return gettext(CATEGORY_LABELS[category][0], lang)


PRACTICE_LABEL = (N_("Practice"), N_("Try the buttons, step by step"))


@dataclass(frozen=True, slots=True)
class Tile:
    category: Category | None  # None for a tile that opens no category (practice)
    label: str
    description: str
    count_text: str
    key: str = ""  # the service id (issue 18): category value for the six default tiles
    service: Service | None = None


@dataclass(frozen=True, slots=True)
class AlertBanner:
    alert_id: str
    text: str
    severity: Severity
    drill: bool
    lang: str = ""  # the text's language (read aloud by its own voice); "": the screen's
    short: str = ""  # what happened, without where: the banner's form when room is short


@dataclass(frozen=True, slots=True)
class HomeVM:
    tiles: tuple[Tile, ...]
    banner: AlertBanner | None


@dataclass(frozen=True, slots=True)
class Row:
    item_key: str
    title: str
    date_text: str
    lang: str = ""  # the title's language (read aloud by its own voice); "": the screen's


@dataclass(frozen=True, slots=True)
class CategoryVM:
    category: Category
    title: str
    updated_text: str
    rows: tuple[Row, ...]
    empty_text: str
    stale_text: str = ""  # a quiet note when some of the category's sources are not current


@dataclass(frozen=True, slots=True)
class PageVM:
    item_key: str
    title: str
    date_text: str
    blocks: tuple[Block, ...]
    lang: str
    title_ruby: tuple[tuple[str, str], ...] = ()  # stored furigana of the title
    link: str = ""  # the page on the web (QR code, print)


class ViewModels:
    """Builds view-models for the current language from one store."""

    def __init__(
        self,
        store: Store,
        wareki: bool = True,
        policy: AlertPolicy | None = None,
        clock: Callable[[], datetime] = utc_now,
        sources: Sequence[Source] = (),
        services: Sequence[Service] = (),
    ) -> None:
        self.store = store
        self.wareki = wareki
        self.now = clock  # tests move time (alert expiry) without sleeping
        self.alert_vms = AlertViewModels(store, policy, wareki, clock)  # area-filtered alerts
        # Refresh intervals from the config: a source is stale after twice its interval.
        self.refresh_minutes = {s.id: s.refresh_minutes for s in sources}
        self.services = tuple(services) or default_services()  # the home tiles (issue 18)

    def clock(self, lang: str, now: datetime | None = None) -> tuple[str, str]:
        """The header's date and time: the short date (no year), so date, time and place
        name stay on one line at 200 % in every language (issue 20)."""
        now = now or utc_now()
        return format_short_day(now, lang), format_clock(now, lang)

    def home(self, lang: str, now: datetime | None = None) -> HomeVM:
        now = now or self.now()
        counts = self.store.category_counts(lang, now)
        tiles = tuple(self._tile(service, lang, counts, now) for service in self.services)
        alerts = self.alerts(now)
        banner = None
        if alerts:
            top = alerts[0]
            banner = AlertBanner(
                alert_id=top.id,
                text=_banner_text(top, lang),
                severity=top.severity,
                drill=top.drill,
                lang=lang if top.event.get(lang) or top.headline.get(lang) else "ja",
                short=top.text("event", lang) or top.text("headline", lang),
            )
        return HomeVM(tiles, banner)

    def _tile(
        self, service: Service, lang: str, counts: dict[Category, int], now: datetime
    ) -> Tile:
        if service.category is None:  # practice
            label, description = PRACTICE_LABEL
            count_text = ""
        else:
            label, description = CATEGORY_LABELS[service.category]
            count = (
                len(self._service_items(service, lang, now))
                if service.sources
                else counts[service.category]
            )
            count_text = gettext("{n} items", lang).format(n=count)
        return Tile(
            category=service.category,
            label=service.title(lang, gettext(label, lang)),
            description=service.description(lang, gettext(description, lang)),
            count_text=count_text,
            key=service.id,
            service=service,
        )

    def _service_items(self, service: Service, lang: str, now: datetime) -> list[Item]:
        items = self.store.items(service.category, lang, now)  # type: ignore[arg-type]
        if service.sources:
            items = [item for item in items if item.source_id in service.sources]
        return items

    def category(
        self, category: Category | Service, lang: str, now: datetime | None = None
    ) -> CategoryVM:
        """A category's screen; a Service (a declared tile) narrows it to its sources and
        gives it its own title. Alerts always stay first in the disaster category."""
        now = now or self.now()
        service = (
            category
            if isinstance(category, Service)
            else Service(category.value, category=category)
        )
        category = service.category  # type: ignore[assignment]
        items = collapse_duplicates(self._service_items(service, lang, now))
        updated = self.store.last_updated(category)
        updated_text = (
            gettext("Last updated: {when}", lang).format(
                when=f"{format_short_day(updated, lang)} {format_clock(updated, lang)}"
            )
            if updated
            else ""
        )
        alert_rows: tuple[Row, ...] = ()
        if category is Category.DISASTER:  # alerts first in their own category
            alert_rows = tuple(
                Row(
                    ALERT_KEY_PREFIX + a.id,
                    row_title(a, lang),
                    row_date(a, lang),
                    lang if a.event.get(lang) else "ja",
                )
                for a in self.alerts(now)
            )
        return CategoryVM(
            category=category,
            title=service.title(lang, category_label(category, lang)),
            updated_text=updated_text,
            rows=alert_rows
            + tuple(
                Row(
                    item_key=item.key,
                    title=item.title,
                    date_text=format_short_day(item.published, lang) if item.published else "",
                    lang=item.lang,
                )
                for item in items
            ),
            empty_text=gettext("There is nothing here at the moment.", lang),
            stale_text=self.stale_text(category, lang, now, service.sources),
        )

    def stale_text(
        self,
        category: Category,
        lang: str,
        now: datetime | None = None,
        only: Sequence[str] = (),
    ) -> str:
        """A note when a network source of ``category`` (of ``only`` these, when given) failed
        or is older than 2× its refresh."""
        now = now or utc_now()
        for status in self.store.source_statuses():
            if status.category is not category or status.kind == "package":
                continue
            if only and status.id not in only:
                continue
            limit = timedelta(minutes=2 * self.refresh_minutes.get(status.id, 30))
            too_old = status.last_success is None or now - status.last_success > limit
            if status.last_error or too_old:
                return gettext("Could not be updated just now, so this may be out of date.", lang)
        return ""

    def page(self, item_key: str, lang: str) -> PageVM | None:
        item = self.store.item(item_key)
        if item is None:
            return None
        original = item.link
        # Prefer the page in the screen language when the same page exists in it.
        translated = self.store.translation(item, lang)
        if translated is not None:
            item = translated
        page = self.store.page(item.key)
        blocks = page.blocks if page else ()
        date_text = format_day(item.published, lang, self.wareki) if item.published else ""
        title_ruby = page.title_ruby if page else ()
        link = item.link or original
        return PageVM(item.key, item.title, date_text, blocks, item.lang, title_ruby, link)

    def alerts(self, now: datetime | None = None) -> list[Alert]:
        return self.alert_vms.active(now)

    def attract_notice(self, lang: str) -> str:
        """The most important thing in force: an active alert, else the newest notice."""
        alerts = self.alerts()
        if alerts:  # what and where, short like the home banner; details are a touch away
            alert = alerts[0]
            event = alert.text("event", lang) or alert.text("headline", lang)
            area = alert.text("area", lang)
            return f"⚠ {event}　{area}" if area else f"⚠ {event}"
        items = self.store.items(Category.NOTICES, lang)
        return items[0].title if items else ""

    def link(self, item_key: str) -> str:
        """The web address of an item ("" if it has none or is gone)."""
        item = self.store.item(item_key)
        return item.link if item else ""

    def first_category_with_items(self, lang: str) -> Category:
        """Where screenshots and benchmarks find an example page."""
        return next((c for c in Category if self.store.items(c, lang)), Category.DISASTER)


def collapse_duplicates(items: list[Item]) -> list[Item]:
    """The same notice from two sources (same link, or same title on the same day) shows once;
    the first one wins, which is the newest since items come newest first.

    Only items of *different* sources are duplicates: one source's rows are its own list (191
    AEDs, each its own place), even where titles repeat. A link that several items of one
    source share (an open-data list's dataset page) is no item's identity and is not compared.
    """
    links = Counter((item.source_id, _link_key(item)) for item in items if item.link)
    claimed: dict[str, str] = {}  # key → the source whose item showed it
    kept = []
    for item in items:
        day = item.published.date().isoformat() if item.published else ""
        keys = [f"title:{''.join(item.title.split())}|{day}"]
        if item.link and links[(item.source_id, _link_key(item))] == 1:
            keys.append(_link_key(item))
        if any(claimed.get(key, item.source_id) != item.source_id for key in keys):
            continue
        for key in keys:
            claimed.setdefault(key, item.source_id)
        kept.append(item)
    return kept


def _link_key(item: Item) -> str:
    return f"link:{item.link.rstrip('/')}|{item.lang}"


def _banner_text(alert: Alert, lang: str) -> str:
    """Short enough for one or two lines: what happened and where; details are a tap away."""
    event = alert.text("event", lang) or alert.text("headline", lang)
    area = alert.text("area", lang)
    return f"{event}　{area}" if area else event
