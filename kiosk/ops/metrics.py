"""Fleet health in the Prometheus text format (prometheus_client): served and/or pushed.

The values come from :func:`kiosk.ops.health.health_snapshot`, the same view the staff screen
formats, read on the exporter's own thread with its own store connection (SQLite WAL lets it
read while the UI and the sync write). Names and meanings are a contract: docs/fleet.md.

Privacy: labels carry only source ids, kinds and categories from the config, alert levels
and usage kinds; usage counts are whole past days; no titles, no error text, no visitor data.
"""

from __future__ import annotations

import logging
import socket
import threading
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from datetime import time as day_time

from prometheus_client import CollectorRegistry, ProcessCollector, push_to_gateway
from prometheus_client.core import (
    CounterMetricFamily,
    GaugeMetricFamily,
    InfoMetricFamily,
    Metric,
)
from prometheus_client.registry import Collector

from kiosk.i18n.dates import LOCAL_TZ
from kiosk.metrics_config import MetricsSettings
from kiosk.ops.health import HealthSnapshot

log = logging.getLogger("kiosk.metrics")

JOB = "hiroba"
MIN_SNAPSHOT_SECONDS = 5.0  # two scrapers (or a scrape and a push) share one reading
SOURCE_LABELS = ("source", "kind", "category")


def families(snap: HealthSnapshot) -> Iterator[Metric]:
    """The hiroba_* metric families of one snapshot (see docs/fleet.md for each)."""
    yield GaugeMetricFamily("hiroba_up", "1 while the kiosk program runs", value=1)
    yield InfoMetricFamily(
        "hiroba_build", "Version of the kiosk software", value={"version": snap.version}
    )
    yield GaugeMetricFamily(
        "hiroba_uptime_seconds", "Seconds since this kiosk process started", snap.uptime_seconds
    )
    yield GaugeMetricFamily(
        "hiroba_start_time_seconds", "Unix time this kiosk process started", snap.started_at
    )
    yield CounterMetricFamily(
        "hiroba_restarts", "Starts of the kiosk on this machine after the first", snap.restarts
    )

    age = GaugeMetricFamily(
        "hiroba_source_last_success_age_seconds",
        "Seconds since the source last updated successfully (+Inf: never)",
        labels=SOURCE_LABELS,
    )
    code = GaugeMetricFamily(
        "hiroba_source_status_code",
        "Last sync result: 0 ok, 1 network, 2 too large, 3 unreadable, 4 rejected, "
        "5 not saved, 6 internal error, 100-599 the HTTP status",
        labels=SOURCE_LABELS,
    )
    items = GaugeMetricFamily(
        "hiroba_source_items", "Items the source currently provides", labels=SOURCE_LABELS
    )
    for source in snap.sources:
        labels = [source.id, source.kind, source.category]
        age.add_metric(labels, source.age_seconds(snap.at))
        code.add_metric(labels, source.status_code)
        items.add_metric(labels, source.item_count)
    yield from (age, code, items)

    by_category = GaugeMetricFamily(
        "hiroba_items", "Items in the store, by home category", labels=["category"]
    )
    for category, count in snap.items_by_category.items():
        by_category.add_metric([category], count)
    yield by_category
    yield GaugeMetricFamily(
        "hiroba_alerts_stored",
        "Alerts held in the store (all areas, in force or not)",
        snap.alerts_stored,
    )
    in_force = GaugeMetricFamily(
        "hiroba_alerts_in_force",
        "Alerts in force for this kiosk's area, by level (drills not counted)",
        labels=["level"],
    )
    for level, count in snap.alerts_in_force.items():
        in_force.add_metric([level], count)
    yield in_force
    yield GaugeMetricFamily(
        "hiroba_drills_in_force", "Drill or exercise alerts in force", snap.drills_in_force
    )

    yield GaugeMetricFamily("hiroba_store_ok", "1 when the content store checks ok", snap.store_ok)
    yield GaugeMetricFamily(
        "hiroba_store_bytes", "Size of the content store files", snap.store_bytes
    )
    speech = GaugeMetricFamily(
        "hiroba_speech_engine_ok", "1 when the read-aloud engine can run", labels=["engine"]
    )
    for engine, ok in snap.speech_engines.items():
        speech.add_metric([engine], int(ok))
    yield speech
    yield GaugeMetricFamily(
        "hiroba_speech_ok", "1 when the natural Japanese voice is usable", int(snap.speech_ok)
    )
    yield GaugeMetricFamily(
        "hiroba_open", "1 inside the configured opening hours, 0 outside", int(snap.open_now)
    )
    yield GaugeMetricFamily(
        "hiroba_disk_free_bytes", "Free space on the disk holding the store", snap.disk_free_bytes
    )

    yield GaugeMetricFamily(
        "hiroba_usage_counting",
        "1 when anonymous per-day usage counting is on",
        int(snap.usage_counting),
    )
    if snap.usage_day is not None:
        midnight = datetime.combine(snap.usage_day, day_time(), tzinfo=LOCAL_TZ)
        yield GaugeMetricFamily(
            "hiroba_usage_day_timestamp_seconds",
            "Unix time of the start of the (complete, local) day the usage counts belong to",
            midnight.timestamp(),
        )
        usage = GaugeMetricFamily(
            "hiroba_usage_day", "Uses on the last complete day, by kind", labels=["kind"]
        )
        for kind, count in snap.usage_by_kind.items():
            usage.add_metric([kind], count)
        yield usage
        opens = GaugeMetricFamily(
            "hiroba_usage_day_category_opens",
            "Home-category opens on the last complete day",
            labels=["category"],
        )
        for category, count in snap.usage_by_category.items():
            opens.add_metric([category], count)
        yield opens


class HealthCollector(Collector):
    """Reads a fresh snapshot per scrape (at most one per MIN_SNAPSHOT_SECONDS)."""

    def __init__(self, read: Callable[[], HealthSnapshot]) -> None:
        self.read = read
        self._lock = threading.Lock()
        self._last: tuple[float, HealthSnapshot] | None = None

    def snapshot(self) -> HealthSnapshot:
        with self._lock:
            now = time.monotonic()
            if self._last is None or now - self._last[0] >= MIN_SNAPSHOT_SECONDS:
                self._last = (now, self.read())
            return self._last[1]

    def collect(self) -> Iterator[Metric]:
        try:
            snap = self.snapshot()
        except Exception as exc:  # a scrape must never take the kiosk down
            log.warning("metrics: health not read: %s", exc)
            yield GaugeMetricFamily("hiroba_up", "1 while the kiosk program runs", value=1)
            yield GaugeMetricFamily(
                "hiroba_health_read_ok", "1 when the health values could be read", value=0
            )
            return
        yield from families(snap)
        yield GaugeMetricFamily(
            "hiroba_health_read_ok", "1 when the health values could be read", value=1
        )


def registry_for(read: Callable[[], HealthSnapshot]) -> CollectorRegistry:
    registry = CollectorRegistry(auto_describe=False)
    registry.register(HealthCollector(read))
    ProcessCollector(registry=registry)  # process_* (memory, CPU, open files): Linux only
    return registry


def snapshot_reader(config, usage_enabled: bool | None = None) -> Callable[[], HealthSnapshot]:  # noqa: ANN001
    """A function reading the health of the kiosk described by ``config`` on the calling
    thread, with its own store and usage connections (opened and closed per reading)."""

    def read() -> HealthSnapshot:
        from kiosk.content.alerts import policy_from
        from kiosk.content.store import Store
        from kiosk.ops.health import health_snapshot
        from kiosk.ops.usage import UsageLog, usage_path

        counting = bool(config.get("usage_counts")) if usage_enabled is None else usage_enabled
        path = usage_path(config.data_dir)
        usage = UsageLog(path if counting and path.exists() else None, enabled=counting)
        try:
            with Store(config.store_path) as store:
                return health_snapshot(
                    store,
                    config.store_path,
                    str(config.get("opening_hours")),
                    usage=usage if usage.enabled else None,
                    policy=policy_from(config),
                    usage_counting=counting,
                )
        finally:
            usage.close()

    return read


class MetricsExporter:
    """Serves /metrics on ``listen`` and/or pushes to a Pushgateway every ``push_seconds``,
    both on daemon threads; ``stop()`` ends them."""

    def __init__(self, settings: MetricsSettings, registry: CollectorRegistry) -> None:
        self.settings = settings
        self.registry = registry
        self.server = None
        self.address: tuple[str, int] | None = None
        self._stop = threading.Event()
        self._pusher: threading.Thread | None = None
        self.pushes = 0
        self.push_errors = 0

    @property
    def grouping_key(self) -> dict[str, str]:
        return {"instance": self.settings.instance or socket.gethostname()}

    def start(self) -> MetricsExporter:
        from prometheus_client import start_http_server

        if self.settings.serving:
            server, _thread = start_http_server(
                self.settings.listen_port, addr=self.settings.listen_host, registry=self.registry
            )
            self.server = server
            self.address = server.server_address[:2]
            log.info("metrics: serving http://%s:%s/metrics", *self.address)
        if self.settings.pushing:
            self._pusher = threading.Thread(target=self._push_loop, name="metrics-push")
            self._pusher.daemon = True
            self._pusher.start()
            log.info("metrics: pushing every %s s", self.settings.push_seconds)
        return self

    def push_once(self) -> bool:
        try:
            push_to_gateway(
                self.settings.push_url,
                job=JOB,
                registry=self.registry,
                grouping_key=self.grouping_key,
                timeout=10,
            )
        except Exception as exc:  # the gateway being away is normal on a bad line
            self.push_errors += 1
            log.warning("metrics: push failed: %s", " ".join(str(exc).split())[:200])
            return False
        self.pushes += 1
        return True

    def _push_loop(self) -> None:
        while not self._stop.is_set():
            self.push_once()
            self._stop.wait(self.settings.push_seconds)

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None
        if self._pusher is not None:
            self._pusher.join(timeout)


def start_exporter(config) -> MetricsExporter | None:  # noqa: ANN001 - kiosk.config.Config
    """Start serving/pushing if `[metrics]` asks for it; a busy port is logged, not fatal."""
    settings: MetricsSettings = config.metrics
    if not settings.enabled:
        return None
    exporter = MetricsExporter(settings, registry_for(snapshot_reader(config)))
    try:
        return exporter.start()
    except OSError as exc:
        log.error(
            "metrics: cannot listen on %s:%s: %s",
            settings.listen_host,
            settings.listen_port,
            exc.strerror or exc,
        )
        exporter.stop()
        if settings.pushing:  # pushing does not need the port
            exporter = MetricsExporter(
                MetricsSettings(
                    push_url=settings.push_url,
                    push_seconds=settings.push_seconds,
                    instance=settings.instance,
                ),
                exporter.registry,
            )
            return exporter.start()
        return None
