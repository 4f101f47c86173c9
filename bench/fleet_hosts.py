"""The servers of bench/fleet_bench.py: the region's static host (its own process, counting
requests and bytes), upstream JMA played on 127.0.0.1, and the signed bundle.

    python -m bench.fleet_hosts ROOT     # the static host alone; prints "PORT n"
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from bench.common import REPO

STATS_PATH = "/__stats__"
JMA_DATA = b"https://www.data.jma.go.jp/developer/xml/data/"
# The repository's copies of the real JMA files (tests/data/jmx/PROVENANCE.md).
DATA_JMX = REPO / "tests" / "data" / "jmx"
TSUNAMI_DOC = "20240101072233_0_VTSE41_010000.xml"
DOCUMENTS = {
    TSUNAMI_DOC: "VTSE41_20240101_noto_otsunami_keiho_real.xml",
    "20240101071342_0_VXSE51_010000.xml": "VXSE51_20240101_noto_shindo_sokuho_real.xml",
}
CHANGED_PAGE = "お知らせ（改訂）"


# --- the static host (own process) ------------------------------------------------------------


class _Counting:
    """Wraps the handler's wfile: counts what goes out."""

    def __init__(self, inner: Any) -> None:
        self.inner, self.count = inner, 0

    def write(self, data: bytes) -> int:
        self.count += len(data)
        return self.inner.write(data)

    def flush(self) -> None:
        self.inner.flush()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


def serve(root: Path) -> None:
    """A plain static server (python's http.server, HTTP/1.1 keep-alive) that counts."""
    lock = threading.Lock()
    totals: dict[str, int] = {}

    def add(key: str, value: int) -> None:
        with lock:
            totals[key] = totals.get(key, 0) + value

    class Handler(SimpleHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=str(root), **kwargs)

        def log_message(self, *args: object) -> None:
            pass

        def setup(self) -> None:
            super().setup()
            # As nginx does (tcp_nodelay on): without it, keep-alive answers written in two
            # pieces wait for the client's delayed ACK, 40 ms a request.
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            self.wfile = _Counting(self.wfile)
            add("connections", 1)

        def send_response(self, code: int, message: str | None = None) -> None:
            self._status = code
            super().send_response(code, message)

        def handle_one_request(self) -> None:
            before = self.wfile.count
            self._status, self.command = 0, None
            super().handle_one_request()
            if not getattr(self, "command", None) or self.path == STATS_PATH:
                return
            area = self.path.strip("/").split("/")[0]
            add("requests", 1)
            add(f"requests_{area}", 1)
            add(f"status_{self._status}", 1)
            sent = len(self.raw_requestline) + len(self.headers.as_bytes())
            add("bytes_in", sent)
            add("bytes_out", self.wfile.count - before)
            add(f"bytes_{area}", sent + self.wfile.count - before)

        def do_GET(self) -> None:
            if self.path == STATS_PATH:
                with lock:
                    body = json.dumps(totals).encode()
                    totals.clear()
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            super().do_GET()

    class Server(ThreadingHTTPServer):
        request_queue_size = 2048
        daemon_threads = True

    httpd = Server(("127.0.0.1", 0), Handler)
    print(f"PORT {httpd.server_address[1]}", flush=True)
    httpd.serve_forever()


class StaticHost:
    def __init__(self, root: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bench.fleet_hosts", str(root)],
            cwd=REPO,
            stdout=subprocess.PIPE,
            text=True,
        )
        line = self.process.stdout.readline() if self.process.stdout else ""
        self.url = f"http://127.0.0.1:{int(line.split()[1])}"
        import requests

        self._stats = requests.Session()

    def take_stats(self) -> dict[str, int]:
        return self._stats.get(self.url + STATS_PATH, timeout=30).json()

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(10)


# --- upstream JMA and the region's publishing --------------------------------------------------


class Upstream:
    """JMA played on 127.0.0.1 (real feed and documents), in a thread of this process."""

    def __init__(self, root: Path) -> None:
        self.root = root
        (root / "data").mkdir(parents=True)
        (root / "feed").mkdir()
        for name, sample in DOCUMENTS.items():
            shutil.copyfile(DATA_JMX / sample, root / "data" / name)

        class Handler(SimpleHTTPRequestHandler):
            def __init__(self, *args: Any, **kwargs: Any) -> None:
                super().__init__(*args, directory=str(root), **kwargs)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.feed_url = f"{self.url}/feed/eqvol.xml"

    def publish_feed(self, with_tsunami: bool) -> None:
        from lxml import etree

        data = (DATA_JMX / "feed_eqvol_20240101_noto_real.xml").read_bytes()
        data = data.replace(JMA_DATA, f"{self.url}/data/".encode())
        root = etree.fromstring(data)
        if not with_tsunami:  # the feed as it stood before the tsunami warning was listed
            atom = "{http://www.w3.org/2005/Atom}"
            for entry in root.findall(f"{atom}entry"):
                if TSUNAMI_DOC in (entry.findtext(f"{atom}id") or ""):
                    root.remove(entry)
        path = self.root / "feed" / "eqvol.xml"
        path.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
        stamp = time.time() + (2 if with_tsunami else 0)  # a newer Last-Modified second
        os.utime(path, (stamp, stamp))

    def stop(self) -> None:
        self.httpd.shutdown()


def make_bundle(work: Path, out: Path, revised: bool = False) -> str:
    """One real demo package (お知らせ), signed; ``revised`` changes one of its pages."""
    from kiosk.content.bundle import generate_key
    from kiosk.content.bundle_publish import publish

    packages = work / "packages"
    package = packages / "notices"
    if not package.exists():
        shutil.copytree(REPO / "content" / "demo" / "02-notices", package)
    key = work / "region.key"
    public = generate_key(key) if not key.exists() else (work / "region.pub").read_text()
    (work / "region.pub").write_text(public)
    if revised:
        page = package / "garbage-days.ja.md"
        text = page.read_text(encoding="utf-8")
        title = "# ごみの日（地区ごと）\n"
        page.write_text(text.replace(title, f"{title}\n{CHANGED_PAGE}\n", 1), encoding="utf-8")
    publish(packages, key, out, region="bench")
    return public


if __name__ == "__main__":
    serve(Path(sys.argv[1]))
