"""HTTP fetching for sync: one requests Session, hard limits, conditional GET, retries.

Limits (DESIGN.md "Numbers"): connect 5 s, read 20 s, body 10 MB on the wire, and the same cap
on the decompressed size (a gzip bomb is refused while streaming, never held in memory), plus
a wall-clock deadline per fetch so a body that trickles forever cannot hold a worker. Every
failure is a FetchError with a one-line reason; nothing else escapes.
"""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import requests
import requests.adapters

from kiosk import __version__
from kiosk.content.netrules import MAX_REDIRECTS, Origin, Refused
from kiosk.content.problems import ContentError

USER_AGENT = (
    f"Hiroba/{__version__} (municipal information kiosk; +https://example.jp/hiroba) "
    f"python-requests/{requests.__version__}"
)
RETRY_STATUSES = {429, 500, 502, 503, 504}
MB = 1024 * 1024


class FetchError(ContentError):
    """A source could not be fetched; the message is one line for its status."""

    def __init__(self, message: str, retry: bool = False) -> None:
        super().__init__(message)
        self.retry = retry

    def __str__(self) -> str:
        return "; ".join(p.message for p in self.problems)


@dataclass(frozen=True, slots=True)
class FetchLimits:
    connect_timeout: float = 5.0
    read_timeout: float = 20.0
    max_bytes: int = 10 * MB  # on the wire
    max_decompressed: int = 10 * MB  # after Content-Encoding is undone
    deadline: float = 60.0  # whole fetch, including a slow body
    retries: int = 2
    backoff: float = 0.5  # seconds; doubled for each retry


@dataclass(frozen=True, slots=True)
class Response:
    status: int  # 200, or 304 when unchanged
    body: bytes
    url: str
    content_type: str = ""
    etag: str | None = None
    last_modified: str | None = None

    @property
    def unchanged(self) -> bool:
        return self.status == 304

    @property
    def charset(self) -> str | None:
        for part in self.content_type.split(";")[1:]:
            key, _, value = part.partition("=")
            if key.strip().lower() == "charset" and value.strip():
                return value.strip().strip("\"'")
        return None


class Fetcher:
    """Thread-safe for concurrent GETs (requests' connection pool is); one per sync run."""

    def __init__(self, limits: FetchLimits | None = None, pool_size: int = 8) -> None:
        self.limits = limits or FetchLimits()
        self.session = requests.Session()
        self.session.trust_env = True  # HTTP(S)_PROXY / NO_PROXY from the environment
        self.session.headers["User-Agent"] = USER_AGENT
        self.session.headers["Accept-Encoding"] = "gzip, deflate"
        adapter = requests.adapters.HTTPAdapter(pool_connections=pool_size, pool_maxsize=pool_size)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        self.stop = threading.Event()  # set to abandon waiting between retries

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(
        self,
        url: str,
        etag: str | None = None,
        last_modified: str | None = None,
        origin: str | None = None,
    ) -> Response:
        """GET with retries and backoff; a 304 comes back as ``Response.unchanged``.

        ``origin`` is the configured source URL the fetch started from (default: ``url``
        itself). Redirects are followed here, hop by hop, under the rules of netrules.py;
        a ``url`` other than the origin (an index feed's document, a followed link) is held
        to the same rules as a redirect.
        """
        attempt = 0
        while True:
            try:
                return self._get_once(url, etag, last_modified, origin or url)
            except FetchError as exc:
                if not exc.retry or attempt >= self.limits.retries:
                    raise
                if self.stop.wait(self.limits.backoff * (2**attempt)):
                    raise
                attempt += 1

    def _get_once(
        self, url: str, etag: str | None, last_modified: str | None, origin_url: str
    ) -> Response:
        try:
            origin = Origin(origin_url)
            if url != origin_url:
                self._check_hop(origin, origin_url, url)
        except Refused as exc:
            raise FetchError(str(exc)) from exc
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        current = url
        for _hop in range(MAX_REDIRECTS + 1):
            response = self._send(current, headers)
            with response:
                if current != origin_url:
                    self._check_connected(origin, current, response)
                if response.is_redirect:
                    target = response.headers.get("Location", "")
                    if not target.strip():
                        raise FetchError(f"HTTP {response.status_code} without a Location")
                    following = urljoin(current, target.strip())
                    try:
                        self._check_hop(origin, current, following)
                    except Refused as exc:
                        raise FetchError(f"redirect {exc}") from exc
                    current = following
                    continue
                return self._answer(response, etag, last_modified)
        raise FetchError(f"more than {MAX_REDIRECTS} redirects")

    def _check_hop(self, origin: Origin, previous: str, url: str) -> None:
        # With a proxy in between, the proxy resolves names: only literal addresses are judged.
        proxied = bool(self.session.trust_env and _proxy_for(url))
        origin.check(previous, url, resolved=not proxied)

    def _check_connected(self, origin: Origin, url: str, response: requests.Response) -> None:
        """The address actually connected to obeys the rules too (DNS may have changed)."""
        if self.session.trust_env and _proxy_for(url):
            return
        connection = getattr(response.raw, "_connection", None)
        sock = getattr(connection, "sock", None)
        try:
            peer = sock.getpeername() if sock is not None else None
        except OSError:
            peer = None
        if not peer:
            return
        try:
            origin.check_peer(str(peer[0]), int(peer[1]))
        except Refused as exc:
            raise FetchError(str(exc)) from exc

    def _send(self, url: str, headers: dict[str, str]) -> requests.Response:
        limits = self.limits
        try:
            return self.session.get(
                url,
                headers=headers,
                timeout=(limits.connect_timeout, limits.read_timeout),
                stream=True,
                allow_redirects=False,  # followed by hand: every hop is checked
            )
        except requests.exceptions.ConnectTimeout as exc:
            raise FetchError(f"no connection within {limits.connect_timeout:g} s", True) from exc
        except requests.exceptions.ReadTimeout as exc:
            raise FetchError(f"no answer within {limits.read_timeout:g} s", True) from exc
        except requests.exceptions.ConnectionError as exc:
            raise FetchError(f"cannot connect: {_reason(exc)}", True) from exc
        except requests.exceptions.RequestException as exc:
            raise FetchError(f"request failed: {_reason(exc)}") from exc

    def _answer(
        self, response: requests.Response, etag: str | None, last_modified: str | None
    ) -> Response:
        limits = self.limits
        if response.status_code == 304:
            # Read the (empty) body so the connection goes back to the pool: closing an
            # unread response drops it, and the next minute's poll pays a new handshake.
            _ = response.content
            return Response(304, b"", response.url, etag=etag, last_modified=last_modified)
        if response.status_code != 200:
            retry = response.status_code in RETRY_STATUSES
            raise FetchError(f"HTTP {response.status_code} {response.reason or ''}".strip(), retry)
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > limits.max_bytes:
            raise FetchError(f"body too large ({int(declared) / MB:.1f} MB declared)")
        body = self._read_body(response)
        return Response(
            200,
            body,
            response.url,
            content_type=response.headers.get("Content-Type", ""),
            etag=response.headers.get("ETag"),
            last_modified=response.headers.get("Last-Modified"),
        )

    def _read_body(self, response: requests.Response) -> bytes:
        limits = self.limits
        started = time.monotonic()
        # A body that trickles in with a Content-Length blocks inside one read until it is
        # complete; only cutting the connection from outside bounds it. The watchdog does that.
        expired = threading.Event()
        watchdog = threading.Timer(limits.deadline, _cut, (response, expired))
        watchdog.daemon = True
        watchdog.start()
        try:
            return self._read_chunks(response, started, expired)
        finally:
            watchdog.cancel()

    def _read_chunks(
        self, response: requests.Response, started: float, expired: threading.Event
    ) -> bytes:
        limits = self.limits
        late = f"body not complete after {limits.deadline:g} s"
        chunks: list[bytes] = []
        size = 0
        try:
            for chunk in response.iter_content(chunk_size=64 * 1024):
                size += len(chunk)
                if size > limits.max_decompressed:
                    encoding = response.headers.get("Content-Encoding", "")
                    what = "decompressed body" if encoding else "body"
                    raise FetchError(f"{what} over the {limits.max_decompressed / MB:g} MB cap")
                if response.raw.tell() > limits.max_bytes:
                    raise FetchError(f"body over the {limits.max_bytes / MB:g} MB cap")
                if expired.is_set() or time.monotonic() - started > limits.deadline:
                    raise FetchError(late)
                chunks.append(chunk)
        except FetchError:
            raise
        except Exception as exc:  # whatever the cut connection raised, deep in urllib3
            if expired.is_set():
                raise FetchError(late) from exc
            if isinstance(exc, requests.exceptions.ContentDecodingError):
                raise FetchError("body could not be decompressed (bad gzip)") from exc
            if isinstance(exc, requests.exceptions.ConnectionError) and "timed out" in str(exc):
                # requests reports a read timeout mid-body as a ConnectionError.
                raise FetchError(f"body stalled for {limits.read_timeout:g} s", True) from exc
            if isinstance(exc, requests.exceptions.RequestException | OSError):
                raise FetchError(f"connection lost: {_reason(exc)}", True) from exc
            raise
        if expired.is_set():
            raise FetchError(late)
        return b"".join(chunks)


def _cut(response: requests.Response, expired: threading.Event) -> None:
    """Watchdog: shut the socket under a response whose body is taking too long."""
    expired.set()
    connection = getattr(response.raw, "_connection", None)
    sock = getattr(connection, "sock", None)
    try:
        if sock is not None:
            sock.shutdown(socket.SHUT_RDWR)
        else:
            response.close()
    except OSError:
        pass


def read_file(path: str, limits: FetchLimits | None = None) -> bytes:
    """A local source file, under the same size cap as a download."""
    cap = (limits or FetchLimits()).max_bytes
    try:
        with Path(path).open("rb") as handle:
            data = handle.read(cap + 1)
    except OSError as exc:
        raise FetchError(f"cannot read {path}: {exc.strerror or exc}") from exc
    if len(data) > cap:
        raise FetchError(f"file over the {cap / MB:g} MB cap")
    return data


def _proxy_for(url: str) -> str | None:
    proxies = requests.utils.get_environ_proxies(url)
    scheme = url.split(":", 1)[0].lower()
    return proxies.get(scheme) or proxies.get("all")


def _reason(exc: BaseException) -> str:
    # requests wraps urllib3 wraps socket errors; the innermost message is the useful one.
    inner: BaseException = exc
    while True:
        nxt = inner.args[0] if inner.args and isinstance(inner.args[0], BaseException) else None
        nxt = nxt or getattr(inner, "reason", None) or inner.__cause__ or inner.__context__
        if not isinstance(nxt, BaseException) or nxt is inner:
            break
        inner = nxt
    text = str(inner)
    if "Connection refused" in text or "Errno 111" in text:
        return "connection refused"
    if "Name or service not known" in text or "getaddrinfo" in text:
        return "host not found"
    return " ".join(text.split())[:160]
