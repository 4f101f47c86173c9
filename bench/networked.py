"""Memory of a kiosk with network sources, the way a town runs one (not the demo's packages).

Real feeds (../shared/feeds when it is beside the checkout, else the test copies) are served
from 127.0.0.1; a real ``kiosk run`` with one [[source]] per file syncs them, in its sync
process (kiosk/content/sync_process.py). Once every source has been tried and the kiosk has
settled, the resident memory of the UI process and of its sync process is read.

Run: python -m bench.networked
"""

from __future__ import annotations

import functools
import sqlite3
import sys
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from bench.common import (
    MIB,
    REPO,
    kiosk_at_first_frame,
    process_tree,
    pss_bytes,
    python_env,
    rss_bytes,
)

SHARED = REPO.parent / "shared" / "feeds"
TESTS = REPO / "tests" / "data" / "feeds"
# (file under the feeds folder, kind, category, lang); files missing from the folder are left out
SOURCES = (
    ("feeds/jp_soumu_news_rss10_shiftjis_20210719.rdf", "feed", "notices", "ja"),
    ("feeds/us_usgs_m5_earthquakes_atom_georss.xml", "feed", "disaster", "en"),
    ("jsonfeed/jsonfeed_org_blog_v1_real.json", "feed", "events", "en"),
    ("html/jp_gov_cio_portal_article_dp2021_05.html", "html", "notices", "ja"),
    ("opendata_csv/ichikawa_122033_aed_cp932.csv", "csv", "facilities", "ja"),
    ("opendata_csv/ichikawa_122033_evacuation_space_cp932.csv", "csv", "facilities", "ja"),
    ("jmx/VPWW53_sample_tokyo_official.xml", "jmx", "disaster", "ja"),
)
WAIT_S = 120.0


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def _files() -> tuple[Path, list[tuple[str, str, str, str]]]:
    if SHARED.is_dir():
        return SHARED, [s for s in SOURCES if (SHARED / s[0]).is_file()]
    found = [(f"feeds/{Path(s[0]).name}", *s[1:]) for s in SOURCES]  # the test copies
    return TESTS.parent, [s for s in found if (TESTS.parent / s[0]).is_file()]


def _config(base: str, sources: list[tuple[str, str, str, str]]) -> str:
    tables = []
    for index, (path, kind, category, lang) in enumerate(sources):
        tables.append(
            f'[[source]]\nid = "net{index}"\nkind = "{kind}"\nurl = "{base}/{path}"\n'
            f'category = "{category}"\nlang = "{lang}"\n'
        )
    return "\n".join(tables)


def _all_tried(store: Path, count: int) -> bool:
    try:
        with sqlite3.connect(f"file:{store}?mode=ro", uri=True) as db:
            row = db.execute(
                "SELECT COUNT(*) FROM sources WHERE last_attempt IS NOT NULL"
            ).fetchone()
    except sqlite3.Error:
        return False
    return bool(row) and row[0] >= count


def _sync_child(pid: int) -> int | None:
    for child in process_tree(pid)[1:]:  # /proc, not pgrep: procps may not be installed
        try:
            if b"kiosk.content.sync_service" in Path(f"/proc/{child}/cmdline").read_bytes():
                return child
        except OSError:
            continue
    return None


def measure(settle_s: float = 3.0) -> dict[str, float | int | None]:
    """MiB of the UI process and of its sync process after the first sync (None: not read)."""
    folder, sources = _files()
    handler = functools.partial(_Quiet, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    result: dict[str, float | int | None] = {"sources": len(sources)}
    try:
        with tempfile.TemporaryDirectory(prefix="hiroba-net-") as tmp:
            config = Path(tmp) / "kiosk.toml"
            config.write_text(_config(base, sources), encoding="utf-8")
            env = python_env()
            env.update(HIROBA_DATA_DIR=str(Path(tmp) / "data"), HIROBA_CONFIG=str(config))
            argv = [sys.executable, "-m", "kiosk", "run", "--exit-after", str(int(WAIT_S + 60))]
            proc = kiosk_at_first_frame(argv, env)
            try:
                store = Path(tmp) / "data" / "store.sqlite3"
                deadline = time.monotonic() + WAIT_S
                while not _all_tried(store, len(sources)) and time.monotonic() < deadline:
                    time.sleep(0.2)
                time.sleep(settle_s)
                child = _sync_child(proc.pid)
                result["ui_rss"] = (rss_bytes(proc.pid) or 0) / MIB or None
                result["ui_pss"] = (pss_bytes([proc.pid]) or 0) / MIB or None
                if child is not None:
                    result["sync_rss"] = (rss_bytes(child) or 0) / MIB or None
                    result["sync_pss"] = (pss_bytes([child]) or 0) / MIB or None
                with sqlite3.connect(f"file:{store}?mode=ro", uri=True) as db:
                    result["ok"] = db.execute(
                        "SELECT COUNT(*) FROM sources WHERE last_error IS NULL"
                    ).fetchone()[0]
            finally:
                proc.terminate()
                proc.wait(timeout=30)
    finally:
        server.shutdown()
    return result


def main() -> int:
    found = measure()
    for key, value in found.items():
        print(f"{key}: {value:.1f}" if isinstance(value, float) else f"{key}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
