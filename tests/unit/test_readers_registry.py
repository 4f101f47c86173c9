"""Issue 17: the readers' registry imports a reader on its first document of that kind, and
still resolves every kind (`kiosk sync` and `kiosk read` share it). Real files from
../shared/feeds, in a fresh interpreter so that nothing imported by other tests hides an import.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO, SHARED_FEEDS

# One real document per registered kind.
SAMPLES = {
    "feed": "feeds/jp_soumu_news_rss10_shiftjis_20210719.rdf",
    "jsonfeed": "jsonfeed/jsonfeed_org_blog_v1_real.json",
    "html": "html/jp_gov_cio_portal_article_dp2021_05.html",
    "csv": "opendata_csv/ichikawa_122033_aed_cp932.csv",
    "cap": "cap/nws_flashfloodwatch_cap11.cap.xml",
    "jmx": "jmx/VPWW53_sample_tokyo_official.xml",
}
READER_MODULES = [
    "feedparser",
    "kiosk.content.readers.feeds",
    "kiosk.content.readers.jsonfeed",
    "kiosk.content.readers.html",
    "kiosk.content.readers.opendata_csv",
    "kiosk.content.readers.alert_feed",
    "kiosk.content.readers.cap",
    "kiosk.content.readers.jmx",
]

PROBE = """
import json, sys
from kiosk.content.model import Category, Source
from kiosk.content.readers import BYTE_READERS, detect_kind, read_bytes

readers, samples = json.loads(sys.argv[1]), json.loads(sys.argv[2])
report = {"kinds": sorted(BYTE_READERS), "at_import": [m for m in readers if m in sys.modules]}
for kind, path in samples.items():
    data = open(path, "rb").read()
    before = set(sys.modules)
    content = read_bytes(data, Source(kind, kind, path, Category.NOTICES, lang=""), kind)
    report[kind] = {
        "detected": detect_kind(data),
        "items": len(content.items),
        "alerts": len(content.alerts),
        "new": [m for m in readers if m in sys.modules and m not in before],
    }
print(json.dumps(report))
"""


def _probe() -> dict:
    samples = {kind: str(SHARED_FEEDS / path) for kind, path in SAMPLES.items()}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(READER_MODULES), json.dumps(samples)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        timeout=120,
        check=True,
        cwd=Path(REPO),
    )
    return json.loads(done.stdout)


def test_every_kind_is_registered_read_and_imported_only_when_first_read() -> None:
    report = _probe()
    assert report["kinds"] == sorted(SAMPLES)  # the registry: one name, one reader
    assert report["at_import"] == []  # importing the registry imports no reader
    for kind in SAMPLES:
        found = report[kind]
        assert found["detected"] == kind, (kind, found)
        if kind in ("cap", "jmx"):
            assert found["alerts"] > 0, (kind, found)
        else:
            assert found["items"] > 0, (kind, found)
    # Each reader arrives with the first document of its kind, not before.
    assert "kiosk.content.readers.feeds" in report["feed"]["new"]
    assert "kiosk.content.readers.html" in report["html"]["new"]
    assert "kiosk.content.readers.opendata_csv" in report["csv"]["new"]
    assert "kiosk.content.readers.cap" in report["cap"]["new"]
    # The RSS feed, read first, brought none of the alert or open-data readers.
    assert not {
        "kiosk.content.readers.alert_feed",
        "kiosk.content.readers.cap",
        "kiosk.content.readers.jmx",
        "kiosk.content.readers.opendata_csv",
        "kiosk.content.readers.html",
    } & set(report["feed"]["new"])


def test_a_page_after_a_server_notice_is_detected_as_a_page() -> None:
    from kiosk.content.readers import detect
    from tests.conftest import DATA

    # A PHP notice line has commas: it made the page look like an open-data CSV.
    page = (DATA / "html" / "katsuragi_town_reiki_chushajo_jorei.html").read_bytes()
    assert detect(b"Notice: id, page, lang undefined in index.php\n" + page) == "html"
    assert detect(page) == "html"
