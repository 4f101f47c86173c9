"""The health snapshot behind /metrics and the staff screen, from real syncs over HTTP on
127.0.0.1: a good feed, a 503, a dead port, a broken body, and the real Noto tsunami warning
(issue 18). Then the Prometheus exposition of that same snapshot."""

from __future__ import annotations

import socket
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families
from pytest_httpserver import HTTPServer

from kiosk.content import store as store_module
from kiosk.content.model import Category, Source
from kiosk.content.store import Store, utc_now
from kiosk.content.sync import sync_all
from kiosk.i18n import set_language
from kiosk.ops import health, starts
from kiosk.ops.health import health_snapshot
from kiosk.ops.metrics import HealthCollector, families, registry_for
from kiosk.ops.usage import UsageLog
from kiosk.viewmodels.staff import admin_status
from tests.alertdata import NOTO_NOW, NOTO_TSUNAMI, jmx

FEEDS = Path(__file__).resolve().parent.parent / "data" / "feeds"
SOUMU = (FEEDS / "jp_soumu_news_rss10_shiftjis_20210719.rdf").read_bytes()


def _dead_url() -> str:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/news.rdf"


@pytest.fixture
def synced(
    httpserver: HTTPServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[Store, Path]:
    # The store's clock on the day of the real Noto warning: sync forgets alert records that
    # died long ago, and this document is from 2024.
    monkeypatch.setattr(store_module, "utc_now", lambda: NOTO_NOW)
    httpserver.expect_request("/news.rdf").respond_with_data(SOUMU)
    httpserver.expect_request("/down.rdf").respond_with_data("busy", status=503)
    httpserver.expect_request("/broken.rdf").respond_with_data(b"<rdf:RDF><channel><title>cut")
    httpserver.expect_request("/tsunami.xml").respond_with_data(jmx(NOTO_TSUNAMI))
    sources = [
        Source("soumu", "feed", httpserver.url_for("/news.rdf"), Category.NOTICES),
        Source("down", "feed", httpserver.url_for("/down.rdf"), Category.HEALTH),
        Source("dead", "feed", _dead_url(), Category.EVENTS),
        Source("broken", "feed", httpserver.url_for("/broken.rdf"), Category.WELFARE),
        Source("jma", "jmx", httpserver.url_for("/tsunami.xml"), Category.DISASTER),
    ]
    path = tmp_path / "store.sqlite3"
    store = Store(path)
    results = {r.source_id: r.status for r in sync_all(store, sources)}
    assert results == {
        "soumu": "ok",
        "down": "failed",
        "dead": "failed",
        "broken": "failed",
        "jma": "ok",
    }
    yield store, path
    store.close()


def test_snapshot_codes_counts_and_alert_levels(synced: tuple[Store, Path]) -> None:
    store, path = synced
    snap = health_snapshot(store, path, "mon-fri 09:00-17:00", now=NOTO_NOW)
    by_id = {s.id: s for s in snap.sources}
    assert by_id["soumu"].status_code == 0 and by_id["soumu"].item_count == 20
    assert by_id["down"].status_code == 503
    assert by_id["dead"].status_code == health.STATUS_NETWORK
    assert by_id["broken"].status_code == health.STATUS_UNREADABLE
    assert by_id["down"].age_seconds(NOTO_NOW) == float("inf")  # never succeeded
    assert by_id["soumu"].age_seconds(NOTO_NOW + timedelta(hours=7)) == 7 * 3600
    assert snap.items_by_category["notices"] == 20
    # 1 January 2024, 16:30 JST: the real 大津波警報 document is in force (extreme).
    assert snap.alerts_in_force["extreme"] >= 1
    assert sum(snap.alerts_in_force.values()) + snap.drills_in_force == len(
        store.active_alerts(NOTO_NOW)
    )
    assert snap.open_now is True  # a Monday, 16:30 local time
    assert snap.store_ok and snap.store_bytes > 0
    later = health_snapshot(store, path, now=NOTO_NOW + timedelta(days=30))
    assert sum(later.alerts_in_force.values()) == 0  # expired since


def test_staff_screen_and_metrics_read_the_same_snapshot(synced: tuple[Store, Path]) -> None:
    """One source of truth: what the staff screen says per source is what /metrics says."""
    store, path = synced
    set_language("en")
    staff = {line.source_id: line for line in admin_status(store, path, "").sources}
    snap = health_snapshot(store, path)
    samples = _samples(HealthCollector(lambda: snap).collect())
    codes = {
        dict(labels)["source"]: value
        for (name, labels), value in samples.items()
        if name == "hiroba_source_status_code"
    }
    assert set(codes) == set(staff)
    for source_id, line in staff.items():
        assert line.ok == (codes[source_id] == 0), (source_id, line.text)
    assert "HTTP 503" in staff["down"].text and codes["down"] == 503


def test_exposition_has_no_free_text_and_only_whole_days_of_usage(
    synced: tuple[Store, Path], tmp_path: Path
) -> None:
    store, path = synced
    today = utc_now()
    yesterday = today - timedelta(days=1)
    usage = UsageLog(tmp_path / "usage.sqlite3", clock=lambda: yesterday)
    for _ in range(3):
        usage.record("category_open", "health")
    usage.record("page_open", "soumu:some-item-key")
    usage.clock = lambda: today
    usage.record("category_open", "notices")  # today: must not appear before tomorrow
    snap = health_snapshot(store, path, usage=usage, now=today)
    text = _exposition(snap)
    samples = _samples(families(snap))
    assert samples[("hiroba_usage_day", (("kind", "category_open"),))] == 3
    assert samples[("hiroba_usage_day", (("kind", "page_open"),))] == 1
    assert samples[("hiroba_usage_day_category_opens", (("category", "health"),))] == 3
    assert samples[("hiroba_usage_day_category_opens", (("category", "notices"),))] == 0
    # No error text, no page keys, no titles anywhere in what leaves the kiosk.
    for secret in ("503 SERVICE", "busy", "some-item-key", "cannot connect", "総務省"):
        assert secret.lower() not in text.lower(), secret
    usage.close()


def test_a_failing_health_read_still_answers(tmp_path: Path) -> None:
    def broken() -> health.HealthSnapshot:
        raise OSError("disk gone")

    text = _exposition_of(registry_for(broken))
    assert "hiroba_up 1.0" in text and "hiroba_health_read_ok 0.0" in text


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (None, 0),
        ("HTTP 404 Not Found", 404),
        ("HTTP 503 Service Unavailable", 503),
        ("no connection within 5 s", 1),
        ("cannot connect: Connection refused", 1),
        ("body stalled for 20 s", 1),
        ("body over the 10 MB cap", 2),
        ("body too large (12.0 MB declared)", 2),
        ("not a feed: no <rss>, <feed> or <rdf:RDF> root", 3),
        ("empty response (no content)", 3),
        ("bundle signature does not verify with any trusted key", 4),
        ("could not be saved: database is locked", 5),
        ("internal error: KeyError: 'x'", 6),
    ],
)
def test_status_codes(error: str | None, code: int) -> None:
    assert health.status_code(error) == code


def test_uptime_counts_from_the_start_not_from_the_first_look_at_health() -> None:
    """`kiosk run` imports only the start counter before its first frame; the health view (the
    staff menu's "running for", /metrics) is imported when first asked, minutes later."""
    probe = (
        "import time; import kiosk.ops.starts; time.sleep(0.5); "
        "from kiosk.ops import health; print(time.monotonic() - health.STARTED_MONOTONIC)"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )
    assert float(done.stdout.strip()) >= 0.5


def test_restarts_count_starts_after_the_first(tmp_path: Path) -> None:
    path = tmp_path / "state" / "starts.json"
    assert starts.read_starts(path) == 0
    assert [starts.record_start(path) for _ in range(3)] == [1, 2, 3]
    path.write_text("{broken")
    assert starts.read_starts(path) == 0  # a damaged file restarts the count, never crashes


def _exposition(snap: health.HealthSnapshot) -> str:
    return _exposition_of(registry_for(lambda: snap))


def _exposition_of(registry) -> str:  # noqa: ANN001
    from prometheus_client import generate_latest

    return generate_latest(registry).decode()


def _samples(metric_families) -> dict[tuple[str, tuple], float]:  # noqa: ANN001
    """(sample name, sorted labels) → value, via the text format and its official parser."""
    from prometheus_client import CollectorRegistry, generate_latest

    class Fixed:
        def collect(self):  # noqa: ANN202
            return list(metric_families)

    registry = CollectorRegistry(auto_describe=False)
    registry.register(Fixed())
    text = generate_latest(registry).decode()
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def test_push_sends_the_exposition_to_the_gateway_path(
    synced: tuple[Store, Path], httpserver: HTTPServer
) -> None:
    """Pushgateway protocol: PUT /metrics/job/hiroba/instance/<name>, body in text format."""
    from kiosk.metrics_config import MetricsSettings
    from kiosk.ops.metrics import MetricsExporter

    store, path = synced
    snap = health_snapshot(store, path, now=NOTO_NOW)
    httpserver.expect_request(
        "/metrics/job/hiroba/instance/kiosk-7", method="PUT"
    ).respond_with_data("", status=200)
    settings = MetricsSettings(push_url=httpserver.url_for("/"), instance="kiosk-7")
    exporter = MetricsExporter(settings, registry_for(lambda: snap))
    assert exporter.push_once()
    (request, _response) = httpserver.log[-1]
    assert request.method == "PUT"
    pushed = _parse_text(request.get_data(as_text=True))
    assert (
        pushed[
            (
                "hiroba_source_status_code",
                (("category", "health"), ("kind", "feed"), ("source", "down")),
            )
        ]
        == 503
    )
    assert (
        pushed[
            (
                "hiroba_source_items",
                (("category", "notices"), ("kind", "feed"), ("source", "soumu")),
            )
        ]
        == 20
    )
    httpserver.clear()
    httpserver.expect_request("/metrics/job/hiroba/instance/kiosk-7").respond_with_data(
        "gateway down", status=503
    )
    assert not exporter.push_once() and exporter.push_errors == 1  # logged, never raised


def _parse_text(text: str) -> dict[tuple[str, tuple], float]:
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }
