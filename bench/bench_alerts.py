"""Alert pipeline costs on real documents (printed as a table; never asserted in tests).

    PYTHONPATH=. python bench/bench_alerts.py

Reads every JMX/CAP sample, then fills a store with N days' worth of re-issued JMA documents
(the real Noto documents, shifted in time) and times what the UI thread does every 30 s
(``AlertViewModels.active``) and what sync does per source (``Store.replace_source``).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kiosk.content.alert_sources import read_document  # noqa: E402
from kiosk.content.alerts import AlertPolicy  # noqa: E402
from kiosk.content.model import Category, Source, SourceContent  # noqa: E402
from kiosk.content.store import Store  # noqa: E402
from kiosk.viewmodels.alerts import AlertViewModels  # noqa: E402

DATA = ROOT / "tests" / "data"
NOTO_TSUNAMI = "VTSE41_20240101_noto_otsunami_keiho_real.xml"
NOTO_SHINDO = "VXSE51_20240101_noto_shindo_sokuho_real.xml"


def timed(fn, repeat: int = 20) -> tuple[float, float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]


def bench_store(docs: int, noto: list, quake: list) -> list[tuple[str, float, float]]:
    rows = []
    source = Source("jma", "jmx", "-", Category.DISASTER)
    now = noto[0].issued
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "s.sqlite3") as store:
        batch = []
        for n in range(docs):  # a document every 4 minutes back in time, each its own chain
            shift = -timedelta(minutes=4 * n)
            batch.extend(
                replace(
                    alert,
                    id=f"{alert.id}#{n}",
                    chain=f"{alert.chain}#{n}",
                    issued=alert.issued + shift,
                    expires=alert.expires + shift,
                )
                for alert in quake
            )
        store.replace_source(SourceContent(source, alerts=tuple(batch + noto)), now=now)
        records = len(store.alerts())
        vms = AlertViewModels(store, AlertPolicy(area_codes=("360", "17")), clock=lambda: now)
        med, p95 = timed(lambda: store.active_alerts(now))
        rows.append((f"Store.active_alerts, {records} records", med, p95))
        vms.active()
        med, p95 = timed(vms.active)
        rows.append((f"UI check (cached), {records} records", med, p95))
        content = SourceContent(source, alerts=tuple(noto))
        med, p95 = timed(lambda: store.replace_source(content, now=now), repeat=5)
        rows.append((f"replace_source (merge) over {records} records", med, p95))
    return rows


def main() -> None:
    files = sorted((DATA / "jmx").glob("V*.xml")) + sorted((DATA / "cap").glob("*.cap.xml"))
    blobs = [f.read_bytes() for f in files]
    rows = []
    med, p95 = timed(lambda: [read_document(b) for b in blobs])
    rows.append((f"read all {len(blobs)} sample documents", med, p95))

    noto = read_document((DATA / "jmx" / NOTO_TSUNAMI).read_bytes())
    quake = read_document((DATA / "jmx" / NOTO_SHINDO).read_bytes())
    for docs in (100, 1000):
        rows.extend(bench_store(docs, noto, quake))

    width = max(len(r[0]) for r in rows)
    print(f"{'operation':<{width}}  {'median ms':>9}  {'p95 ms':>7}")
    for name, med, p95 in rows:
        print(f"{name:<{width}}  {med:9.2f}  {p95:7.2f}")


if __name__ == "__main__":
    main()
