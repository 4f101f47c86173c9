"""A region's fleet: N kiosks (default 1,000) pull a signed bundle and the alert mirror from one
static server on 127.0.0.1.

    python -m bench.fleet_bench [--quick] [--kiosks N]

Every simulated kiosk is the real client: its own Store (SQLite), its own bundle cache, and a
``BackgroundSync`` whose ``run_pass`` is called with a simulated clock, so the schedule (refresh
intervals and ``sync_jitter_seconds`` read from a kiosk config file), the conditional GETs, the
bundle client and the alert readers are the kiosk's own code. Time is simulated — a minute of
polling takes well under a minute — but every request is a real HTTP request to a real
``http.server`` in its own process, which counts requests and bytes (request line + headers
in, status + headers + body out) per simulated second.

Upstream JMA is played by a loopback server with the real 2024-01-01 eqvol feed; the real
``Mirror`` copies it into the static tree. The new alert is the real Noto 大津波警報 (VTSE41)
appearing in that feed; the new bundle is one page of one package changed and re-published.

Phases: every kiosk's first sync (fresh fleet); an unchanged stretch (304s only); the alert
reaching the mirror; one package changing; then the same fleet restarted together after a
power cut, once with the configured jitter and once with none (the thundering herd).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import Report, percentile
from bench.fleet_hosts import make_bundle
from bench.fleet_sim import Fleet, Phase

DAY_S = 86400
# --- phases and the report -------------------------------------------------------------------


def _p95_seconds(times: list[datetime | None], since: datetime) -> tuple[float | None, int]:
    reached = [(t - since).total_seconds() for t in times if t is not None]
    if len(reached) < 0.95 * len(times):
        return None, len(reached)
    return percentile(reached, 0.95), len(reached)


def measure(args: argparse.Namespace) -> Report:
    work = Path(tempfile.mkdtemp(prefix="hiroba-fleet-"))
    fleet = Fleet(args, work)
    n = args.kiosks
    report = Report("fleet")
    try:
        fleet.boot(args.jitter)
        first = fleet.run(Phase("first sync"), 1)  # a fresh fleet: every source due at once
        steady = fleet.run(Phase("unchanged"), args.steady_minutes * 60)

        fleet.upstream.publish_feed(with_tsunami=True)
        fleet.mirror.run_once()  # the new alert reaches the mirror now
        t_alert = fleet.clock.now
        alert = fleet.run(
            Phase("new alert"), 600, stop=lambda: all(k.got_alert for k in fleet.kiosks)
        )

        fleet.only("region")  # the bundle source alone, on its running schedule
        make_bundle(work, work / "www" / "bundle", revised=True)
        t_bundle = fleet.clock.now
        bundle = fleet.run(
            Phase("new bundle"),
            args.bundle_minutes * 60 + 2 * args.jitter + 60,
            stop=lambda: all(k.got_bundle for k in fleet.kiosks),
        )

        outages = {}
        for label, jitter in (("jitter", args.jitter), ("no jitter", 0)):
            fleet.clock.now += timedelta(minutes=10)  # a power cut: every kiosk comes back at once
            fleet.boot(jitter)
            outages[label] = fleet.run(Phase(f"restart, {label}"), args.restart_minutes * 60)
    finally:
        fleet.close()
        shutil.rmtree(work, ignore_errors=True)

    per_day = DAY_S / steady.seconds / n
    unchanged_bytes = (
        steady.totals.get("bytes_in", 0) + steady.totals.get("bytes_out", 0)
    ) * per_day
    change_bytes = bundle.totals.get("bytes_bundle", 0) / n
    alert_p95, alert_reached = _p95_seconds([k.got_alert for k in fleet.kiosks], t_alert)
    bundle_p95, bundle_reached = _p95_seconds([k.got_bundle for k in fleet.kiosks], t_bundle)
    mean_rps = steady.requests / steady.seconds
    jittered, herd = outages["jitter"], outages["no jitter"]
    note = f"{n} kiosks, jitter {args.jitter} s"
    report.add(
        "fleet: kiosks simulated (real sync code)",
        n,
        note=(
            f"alerts every 1 min, bundle every {args.bundle_minutes} min; "
            f"{steady.seconds / 60:.0f} simulated min unchanged"
        ),
    )
    report.add(
        "fleet: requests/s at the host, unchanged (mean)",
        round(mean_rps, 1),
        "req/s",
        "≤ 50",
        mean_rps <= 50,
        note,
    )
    report.add(
        "fleet: requests/s, peak second, unchanged",
        steady.peak,
        "req/s",
        "≤ 50",
        steady.peak <= 50,
        note,
    )
    report.add(
        "fleet: requests/s, peak second, restart with jitter",
        jittered.peak,
        "req/s",
        "≤ 50",
        jittered.peak <= 50,
        "every kiosk back at once after a power cut",
    )
    report.add(
        "fleet: requests/s, peak second, restart without jitter",
        herd.peak,
        "req/s",
        "",
        None,
        "the thundering herd: same restart, sync_jitter_seconds = 0",
    )
    report.add(
        "fleet: bytes per kiosk per day, nothing changed",
        round(unchanged_bytes / 1024),
        "KB",
        "≤ 1024 KB",
        unchanged_bytes <= 1024 * 1024,
        f"304s only; HTTP headers counted, TCP/TLS not; "
        f"{steady.totals.get('connections', 0) * per_day:.1f} new connections/day",
    )
    report.add(
        "fleet: bytes per kiosk per day, one package changed",
        round((unchanged_bytes + change_bytes) / 1024),
        "KB",
        "",
        None,
        f"+{change_bytes / 1024:.1f} KB: the new manifest and the changed page only",
    )
    report.add(
        "fleet: new alert on 95 % of kiosks after it reaches the mirror",
        alert_p95,
        "s",
        "≤ 90 s",
        alert_p95 is not None and alert_p95 <= 90,
        f"{alert_reached}/{n} kiosks within {alert.seconds:.0f} simulated s",
    )
    report.add(
        "fleet: new bundle on 95 % of kiosks after it is published",
        bundle_p95,
        "s",
        "",
        None,
        f"{bundle_reached}/{n} kiosks; refresh {args.bundle_minutes} min",
    )
    report.add(
        "fleet: first sync of a fresh fleet (requests)",
        first.requests,
        "",
        "",
        None,
        f"{first.totals.get('bytes_out', 0) / n / 1024:.0f} KB per kiosk",
    )
    wall = sum(p.wall for p in (first, steady, alert, bundle, jittered, herd))
    simulated = sum(p.seconds for p in (steady, alert, bundle, jittered, herd))
    report.extra = {
        "kiosks": n,
        "converged": {"alert": alert_reached, "bundle": bundle_reached},
        "requests": {p.name: p.requests for p in (first, steady, alert, bundle, jittered, herd)},
        "failed_requests": sum(
            v
            for p in (first, steady, alert, bundle, jittered, herd)
            for k, v in p.totals.items()
            if k.startswith("status_") and k not in ("status_200", "status_304")
        ),
        "unchanged_statuses": {
            k.removeprefix("status_"): v
            for k, v in steady.totals.items()
            if k.startswith("status_")
        },
        "peaks": {"unchanged": steady.peak, "restart": jittered.peak, "herd": herd.peak},
        "simulated_seconds": simulated,
        "wall_seconds": round(wall, 1),
    }
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="50 kiosks, short phases")
    parser.add_argument("--kiosks", type=int, default=None)
    parser.add_argument("--jitter", type=int, default=None, help="default: the kiosk's setting")
    parser.add_argument("--bundle-minutes", type=int, default=15)
    parser.add_argument("--steady-minutes", type=int, default=None)
    parser.add_argument("--restart-minutes", type=int, default=None)
    parser.add_argument("--threads", type=int, default=32)
    args = parser.parse_args(argv)
    from kiosk.config import SETTINGS_BY_NAME

    if args.jitter is None:
        args.jitter = int(SETTINGS_BY_NAME["sync_jitter_seconds"].default)
    args.kiosks = args.kiosks or (50 if args.quick else 1000)
    args.steady_minutes = args.steady_minutes or (3 if args.quick else 5)
    args.restart_minutes = args.restart_minutes or 2
    if args.quick:
        args.bundle_minutes = min(args.bundle_minutes, 5)
    import logging

    logging.basicConfig(level=logging.ERROR)
    try:  # load the reading analyser once, before 32 threads race to (it swaps sys.stdout)
        from kiosk.content import analysis

        analysis.available()
    except ImportError:
        pass
    started = time.monotonic()
    report = measure(args)
    sys.stdout = sys.__stdout__  # whatever a library left there, the contract line goes out
    from bench.table import format_table

    print(format_table([r for r in report.to_json()["rows"]]))
    print(f"({time.monotonic() - started:.0f} s wall)")
    report.emit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
