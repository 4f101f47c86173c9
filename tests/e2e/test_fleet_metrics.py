"""Fleet health end to end (issue 18): `kiosk run --demo` offscreen with [metrics] on, scraped
over HTTP and parsed with prometheus_client's parser, checked against `kiosk status --json`;
the same kiosk pushing to a real Pushgateway; a real Prometheus (Debian binary) scraping it
through the shipped deploy/prometheus config; the shipped alert rules under `promtool`.

Everything listens on 127.0.0.1 on free ports, lives in a temp dir, and is stopped at the end.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
import requests
from prometheus_client.parser import text_string_to_metric_families

from tests.conftest import REPO, kiosk_command

DEPLOY = REPO / "deploy" / "prometheus"
START_TIMEOUT = 120.0  # the demo start on a loaded 2-core machine
PRESEEDED_STARTS = 4


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def binary(name: str) -> str:
    """A Debian binary the fleet tests need (scripts/system-deps.sh installs it)."""
    found = shutil.which(name)
    if found:
        return found
    message = f"{name} not installed: run scripts/system-deps.sh (Debian package prometheus)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def wait_for(url: str, timeout: float, proc: subprocess.Popen | None = None) -> requests.Response:
    deadline = time.monotonic() + timeout
    last: object = None
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise AssertionError(f"{proc.args[0]} exited with {proc.returncode} before {url}")
        try:
            response = requests.get(url, timeout=5)
            if response.status_code == 200:
                return response
            last = response.status_code
        except requests.RequestException as exc:
            last = exc
        time.sleep(0.3)
    raise AssertionError(f"{url} did not answer within {timeout:g} s: {last}")


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=20)


def parse(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """(sample name, sorted labels) → value, via prometheus_client's own parser."""
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def by_label(samples: dict, name: str, label: str) -> dict[str, float]:
    return {dict(labels)[label]: v for (n, labels), v in samples.items() if n == name}


@dataclass
class Fleet:
    env: dict[str, str]
    config: Path
    metrics_url: str
    pushgateway_url: str | None
    kiosk: subprocess.Popen
    started: float
    tmp: Path

    def status(self) -> dict:
        result = subprocess.run(
            kiosk_command("status", "--json", "--demo", "--config", str(self.config)),
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)


def _seed_usage(data: Path) -> None:
    """Yesterday's counts in the kiosk's usage file (what a day of visitors leaves)."""
    from kiosk.content.store import utc_now
    from kiosk.ops.usage import UsageLog

    yesterday = utc_now() - timedelta(days=1)
    usage = UsageLog(data / "usage.sqlite3", clock=lambda: yesterday)
    for detail, times in (("health", 4), ("disaster", 2)):
        for _ in range(times):
            usage.record("category_open", detail)
    usage.record("read_aloud")
    usage.close()


@pytest.fixture(scope="module")
def fleet(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Fleet]:
    tmp = tmp_path_factory.mktemp("fleet")
    data = tmp / "data"
    (data / "state").mkdir(parents=True)
    (data / "state" / "starts.json").write_text(json.dumps({"starts": PRESEEDED_STARTS}))
    _seed_usage(data)
    env = dict(
        os.environ,
        HIROBA_DATA_DIR=str(data),
        HIROBA_CONFIG=str(tmp / "kiosk.toml"),
        QT_QPA_PLATFORM="offscreen",
    )
    with contextlib.ExitStack() as cleanup:  # whatever started is stopped, even on failure
        gateway_url = None
        if shutil.which("prometheus-pushgateway"):
            gateway_port = free_port()
            gateway_url = f"http://127.0.0.1:{gateway_port}"
            gateway = subprocess.Popen(
                [
                    "prometheus-pushgateway",
                    f"--web.listen-address=127.0.0.1:{gateway_port}",
                    "--persistence.file=",
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            cleanup.callback(stop, gateway)
            wait_for(gateway_url + "/-/ready", 30, gateway)
        port = free_port()
        lines = ["[metrics]", f'listen = "127.0.0.1:{port}"']
        if gateway_url:
            lines += [f'push_url = "{gateway_url}"', "push_seconds = 10", 'instance = "test-kiosk"']
        config = tmp / "kiosk.toml"
        config.write_text("\n".join(lines) + "\n", encoding="utf-8")
        log = cleanup.enter_context((tmp / "kiosk.log").open("w"))
        started = time.monotonic()
        kiosk = subprocess.Popen(
            kiosk_command("run", "--demo", "--config", str(config)),
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        cleanup.callback(stop, kiosk)
        url = f"http://127.0.0.1:{port}/metrics"
        wait_for(url, START_TIMEOUT, kiosk)
        yield Fleet(env, config, url, gateway_url, kiosk, started, tmp)


@pytest.mark.slow
def test_scraped_metrics_match_the_staff_status(fleet: Fleet) -> None:
    response = requests.get(fleet.metrics_url, timeout=10)
    assert response.headers["Content-Type"].startswith("text/plain")
    samples = parse(response.text)
    status = fleet.status()
    elapsed = time.monotonic() - fleet.started

    def one(name: str, **labels: str) -> float:
        return samples[(name, tuple(sorted(labels.items())))]

    assert one("hiroba_up") == 1
    assert one("hiroba_build_info", version=status["version"]) == 1
    assert 0 < one("hiroba_uptime_seconds") < elapsed + 5
    # `kiosk run` counted its own start on top of the four already recorded.
    assert one("hiroba_restarts_total") == status["restarts"] == PRESEEDED_STARTS
    items = by_label(samples, "hiroba_source_items", "source")
    codes = by_label(samples, "hiroba_source_status_code", "source")
    ages = by_label(samples, "hiroba_source_last_success_age_seconds", "source")
    assert set(items) == {s["id"] for s in status["sources"]} and len(items) == 6
    for source in status["sources"]:
        assert items[source["id"]] == source["item_count"] > 0
        assert codes[source["id"]] == source["status_code"] == 0
        assert 0 <= ages[source["id"]] < elapsed + 60  # read at this start
    assert by_label(samples, "hiroba_items", "category") == status["items_by_category"]
    assert by_label(samples, "hiroba_alerts_in_force", "level") == status["alerts_in_force"]
    assert one("hiroba_drills_in_force") == status["drills_in_force"] == 1  # the demo drill
    assert one("hiroba_alerts_stored") == status["alerts_stored"]
    assert one("hiroba_store_ok") == int(status["store_ok"]) == 1
    assert by_label(samples, "hiroba_speech_engine_ok", "engine") == {
        name: int(ok) for name, ok in status["speech_engines"].items()
    }
    assert one("hiroba_speech_ok") == int(status["speech_ok"])
    assert one("hiroba_open") == int(status["open_now"]) == 1  # no opening hours: always open
    assert abs(one("hiroba_disk_free_bytes") - status["disk_free_bytes"]) < 256 * 1024 * 1024
    # Yesterday's anonymous counts, nothing finer.
    assert by_label(samples, "hiroba_usage_day", "kind")["category_open"] == 6
    assert by_label(samples, "hiroba_usage_day", "kind") == status["usage_by_kind"]
    opens = by_label(samples, "hiroba_usage_day_category_opens", "category")
    assert opens == status["usage_by_category"] and opens["health"] == 4
    assert samples[("process_resident_memory_bytes", ())] > 10 * 1024 * 1024


@pytest.mark.slow
def test_every_hiroba_metric_is_documented_and_dashboards_use_real_ones(fleet: Fleet) -> None:
    families = {
        f.name
        for f in text_string_to_metric_families(requests.get(fleet.metrics_url, timeout=10).text)
    }
    served = {name for name in families if name.startswith("hiroba_")}
    contract = (REPO / "docs" / "fleet.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"`(hiroba_[a-z_]+)`", contract))
    # The parser names counters without _total and info metrics without _info.
    served_names = {n + "_total" if n == "hiroba_restarts" else n for n in served}
    served_names = {n + "_info" if n == "hiroba_build" else n for n in served_names}
    assert served_names <= documented, served_names - documented
    used = set()
    for path in (DEPLOY / "hiroba-rules.yml", DEPLOY / "grafana" / "hiroba-fleet.json"):
        used |= set(re.findall(r"hiroba_[a-z_]+", path.read_text(encoding="utf-8")))
    used.discard("hiroba_fleet")  # the dashboard file's own name
    assert used and used <= served_names, used - served_names
    dashboard = json.loads((DEPLOY / "grafana" / "hiroba-fleet.json").read_text())
    assert all(t["expr"] for p in dashboard["panels"] for t in p["targets"])


@pytest.mark.slow
def test_the_kiosk_pushes_to_a_real_pushgateway(fleet: Fleet) -> None:
    if fleet.pushgateway_url is None:
        binary("prometheus-pushgateway")
    deadline = time.monotonic() + 60
    while True:
        text = requests.get(fleet.pushgateway_url + "/metrics", timeout=10).text
        samples = parse(text)
        up = samples.get(("hiroba_up", (("instance", "test-kiosk"), ("job", "hiroba"))))
        if up is not None or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert up == 1, text[-2000:]
    items = {
        dict(labels)["source"]: v
        for (name, labels), v in samples.items()
        if name == "hiroba_source_items" and dict(labels).get("instance") == "test-kiosk"
    }
    assert items == {s["id"]: s["item_count"] for s in fleet.status()["sources"]}
    pushed = [v for (n, labels), v in samples.items() if n == "push_time_seconds"]
    assert pushed and abs(pushed[0] - time.time()) < 120


@pytest.mark.slow
def test_a_real_prometheus_scrapes_the_kiosk(fleet: Fleet) -> None:
    prometheus = binary("prometheus")
    work = fleet.tmp / "prometheus"
    (work / "targets").mkdir(parents=True)
    shutil.copy(DEPLOY / "hiroba-rules.yml", work / "hiroba-rules.yml")
    target = fleet.metrics_url.split("/")[2]
    (work / "targets" / "kiosks.yml").write_text(
        f'- targets: ["{target}"]\n  labels:\n    site: test-site\n', encoding="utf-8"
    )
    # The shipped config, only faster and pointed at this test's kiosk and gateway.
    shipped = (DEPLOY / "prometheus.yml").read_text(encoding="utf-8")
    config = shipped.replace("scrape_interval: 30s", "scrape_interval: 1s")
    config = config.replace("scrape_timeout: 10s", "scrape_timeout: 1s")
    config = config.replace("refresh_interval: 1m", "refresh_interval: 5s")
    gateway = (fleet.pushgateway_url or "http://127.0.0.1:9").split("/")[2]
    config = config.replace("pushgateway.example.jp:9091", gateway)
    assert config != shipped
    (work / "prometheus.yml").write_text(config, encoding="utf-8")
    port = free_port()
    log = (work / "prometheus.log").open("w")
    proc = subprocess.Popen(
        [
            prometheus,
            f"--config.file={work / 'prometheus.yml'}",
            f"--storage.tsdb.path={work / 'tsdb'}",
            f"--web.listen-address=127.0.0.1:{port}",
        ],
        cwd=work,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    api = f"http://127.0.0.1:{port}/api/v1/query"
    try:
        wait_for(f"http://127.0.0.1:{port}/-/ready", 60, proc)
        result = _query_until(api, 'up{job="hiroba", site="test-site"}', 60)
        assert result["metric"]["instance"] == target
        assert result["value"][1] == "1"
        items = _query_until(api, 'sum(hiroba_items{job="hiroba", site="test-site"})', 30)
        assert float(items["value"][1]) == sum(fleet.status()["items_by_category"].values())
        rules = requests.get(f"http://127.0.0.1:{port}/api/v1/rules", timeout=10).json()
        names = {r["name"] for g in rules["data"]["groups"] for r in g["rules"]}
        assert {"HirobaKioskDown", "HirobaContentStale", "HirobaSourceFailing"} <= names
    except AssertionError as exc:
        raise AssertionError(f"{exc}\n{(work / 'prometheus.log').read_text()[-3000:]}") from None
    finally:
        stop(proc)
        log.close()


def _query_until(api: str, query: str, timeout: float) -> dict:
    deadline = time.monotonic() + timeout
    body: object = None
    while time.monotonic() < deadline:
        body = requests.get(api, params={"query": query}, timeout=10).json()
        results = body["data"]["result"] if body.get("status") == "success" else []
        if results:
            return results[0]
        time.sleep(0.5)
    raise AssertionError(f"{query}: no result within {timeout:g} s: {body}")


def test_alert_rules_pass_their_promtool_unit_tests() -> None:
    promtool = binary("promtool")
    for args in (
        ["check", "config", str(DEPLOY / "prometheus.yml")],
        ["test", "rules", str(DEPLOY / "tests" / "hiroba-rules.test.yml")],
    ):
        result = subprocess.run(
            [promtool, *args], capture_output=True, text=True, timeout=120, check=False
        )
        assert result.returncode == 0, result.stdout + result.stderr
        assert "SUCCESS" in result.stdout + result.stderr
