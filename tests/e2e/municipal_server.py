"""A tiny threaded HTTP server on 127.0.0.1 that plays a municipality, good days and bad.

pytest-httpserver serves one request at a time; the faults here (answers slower than the
timeout, bodies that never end) need a server that keeps serving others meanwhile.
Routes are plain data: ``server.route("/news.rdf", body=..., headers=...)`` or a behaviour.
"""

from __future__ import annotations

import contextlib
import gzip
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


class _Server(ThreadingHTTPServer):
    # The default listen backlog of 5 drops concurrent SYNs, which then retry after 1 s.
    request_queue_size = 128


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    behaviour: str = "plain"  # plain | slow | trickle | endless | huge-declared | fail-once
    etag: str | None = None
    hits: int = 0
    hit: threading.Event = field(default_factory=threading.Event)


class MunicipalServer:
    def __init__(self, host: str = "127.0.0.1") -> None:
        self.host = host
        self.routes: dict[str, Route] = {}
        self.stopping = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:  # keep test output quiet
                pass

            def do_GET(self) -> None:
                server._handle(self)

        self.httpd = _Server((host, 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self.thread.start()

    @property
    def port(self) -> int:
        return int(self.httpd.server_address[1])

    def url(self, path: str) -> str:
        return f"http://{self.host}:{self.port}{path}"

    def route(self, path: str, body: bytes = b"", **kwargs: object) -> Route:
        route = Route(body=body, **kwargs)  # type: ignore[arg-type]
        self.routes[path] = route
        return route

    def serve_files(self, files: dict[str, Path]) -> None:
        """Serve each real file at ``/<name>`` (the shared sample feeds)."""
        for name, path in files.items():
            self.route(f"/{name}", path.read_bytes())

    def stop(self) -> None:
        self.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()

    def _handle(self, request: BaseHTTPRequestHandler) -> None:
        route = self.routes.get(request.path.split("?")[0])
        if route is None:
            return self._send(request, 404, b"not found", {})
        route.hits += 1
        route.hit.set()
        behaviour = BEHAVIOURS.get(route.behaviour)
        if behaviour is not None:
            return behaviour(self, request, route)
        if route.etag and request.headers.get("If-None-Match") == route.etag:
            return self._send(request, 304, b"", {"ETag": route.etag})
        headers = dict(route.headers)
        if route.etag:
            headers["ETag"] = route.etag
        self._send(request, route.status, route.body, headers)

    def _send(
        self, request: BaseHTTPRequestHandler, status: int, body: bytes, headers: dict[str, str]
    ) -> None:
        request.send_response(status)
        for key, value in headers.items():
            request.send_header(key, value)
        request.send_header("Content-Length", str(len(body)))
        request.end_headers()
        with contextlib.suppress(OSError):
            request.wfile.write(body)

    # --- misbehaviours -----------------------------------------------------------------

    def _slow(self, request: BaseHTTPRequestHandler, route: Route) -> None:
        # Accepts the connection, then says nothing until long after any read timeout.
        self.stopping.wait(30)

    def _trickle(self, request: BaseHTTPRequestHandler, route: Route) -> None:
        # Starts a body and keeps adding a byte every 50 ms: no read timeout ever fires.
        request.send_response(200)
        request.send_header("Content-Type", "application/rss+xml")
        request.send_header("Transfer-Encoding", "chunked")
        request.end_headers()
        try:
            request.wfile.write(b"5\r\n<rss \r\n")
            request.wfile.flush()
            while not self.stopping.wait(0.05):
                request.wfile.write(b"1\r\n \r\n")
                request.wfile.flush()
        except OSError:
            pass

    def _trickle_length(self, request: BaseHTTPRequestHandler, route: Route) -> None:
        # Declares a modest Content-Length, then sends it a byte every 50 ms.
        request.send_response(200)
        request.send_header("Content-Length", "100000")
        request.end_headers()
        try:
            while not self.stopping.wait(0.05):
                request.wfile.write(b" ")
                request.wfile.flush()
        except OSError:
            pass

    def _endless(self, request: BaseHTTPRequestHandler, route: Route) -> None:
        # A fast body with no declared length that would go on to 50 MB and beyond.
        request.send_response(200)
        request.send_header("Content-Type", "application/rss+xml")
        request.send_header("Transfer-Encoding", "chunked")
        request.end_headers()
        chunk = b"<!-- " + b"x" * 65536 + b" -->"
        framed = f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"
        try:
            for _ in range(800):  # 800 × 64 KB ≈ 50 MB
                if self.stopping.is_set():
                    break
                request.wfile.write(framed)
            request.wfile.write(b"0\r\n\r\n")
        except OSError:
            pass

    def _huge_declared(self, request: BaseHTTPRequestHandler, route: Route) -> None:
        request.send_response(200)
        request.send_header("Content-Length", str(50 * 1024 * 1024))
        request.end_headers()
        with contextlib.suppress(OSError):
            request.wfile.write(b"<rss>")

    def _fail_once(self, request: BaseHTTPRequestHandler, route: Route) -> None:
        if route.hits == 1:
            return self._send(request, 503, b"busy", {"Retry-After": "0"})
        self._send(request, 200, route.body, route.headers)


BEHAVIOURS: dict[str, Callable[[MunicipalServer, BaseHTTPRequestHandler, Route], None]] = {
    "slow": MunicipalServer._slow,
    "trickle": MunicipalServer._trickle,
    "trickle-length": MunicipalServer._trickle_length,
    "endless": MunicipalServer._endless,
    "huge-declared": MunicipalServer._huge_declared,
    "fail-once": MunicipalServer._fail_once,
}


def gzip_bomb(size: int = 64 * 1024 * 1024) -> bytes:
    """A small gzip body that inflates to ``size`` bytes (64 MB of zeros ≈ 64 KB)."""
    return gzip.compress(b"\0" * size, compresslevel=9)
