"""The `[metrics]` table of kiosk.toml: where the kiosk serves or pushes its health.

```toml
[metrics]
listen = "127.0.0.1:9808"          # pull: http://HOST:PORT/metrics (off when absent)
push_url = "http://gw.example:9091" # push to a Prometheus Pushgateway (sites behind NAT)
push_seconds = 60                  # how often to push
instance = "sakuragawa-library"    # the kiosk's name in pushed metrics (default: host name)
```
Plain Python; config.py calls :func:`parse_metrics` and turns its complaints into file:line
errors.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

DEFAULT_PUSH_SECONDS = 60
MIN_PUSH_SECONDS = 10
METRICS_KEYS = {"listen": str, "push_url": str, "push_seconds": int, "instance": str}


@dataclass(frozen=True, slots=True)
class MetricsSettings:
    listen_host: str = ""
    listen_port: int = 0
    push_url: str = ""
    push_seconds: int = DEFAULT_PUSH_SECONDS
    instance: str = ""

    @property
    def serving(self) -> bool:
        return bool(self.listen_host)

    @property
    def pushing(self) -> bool:
        return bool(self.push_url)

    @property
    def enabled(self) -> bool:
        return self.serving or self.pushing


def parse_listen(text: str) -> tuple[str, int]:
    """'HOST:PORT' or '[v6]:PORT' → (host, port); ValueError with a readable reason."""
    host, sep, port = text.strip().rpartition(":")
    if not sep or not host or not port.isdigit():
        raise ValueError(f'listen = {text!r}: write HOST:PORT, e.g. "127.0.0.1:9808"')
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    number = int(port)
    if not 1 <= number <= 65535:
        raise ValueError(f"listen = {text!r}: the port must be 1-65535")
    try:
        ipaddress.ip_address(host)
    except ValueError:
        if host != "localhost":
            raise ValueError(
                f"listen = {text!r}: give an IP address (127.0.0.1, a VPN address, or 0.0.0.0)"
            ) from None
    return host, number


def parse_metrics(raw: Any, fail: Callable[[str | None, str], Exception]) -> MetricsSettings:
    """Validate the [metrics] table; ``fail(key, message)`` builds the error to raise."""
    if not isinstance(raw, dict):
        raise fail(None, "[metrics] must be a table")
    for key, value in raw.items():
        expected = METRICS_KEYS.get(key)
        if expected is None:
            raise fail(key, f"unknown key '{key}' (known: {', '.join(METRICS_KEYS)})")
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            raise fail(key, f"{key} must be a {expected.__name__}, not {value!r}")
    host, port = "", 0
    if raw.get("listen"):
        try:
            host, port = parse_listen(raw["listen"])
        except ValueError as exc:
            raise fail("listen", str(exc)) from None
    push_url = str(raw.get("push_url", "")).strip()
    if push_url:
        parts = urlsplit(push_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise fail("push_url", f"push_url must be an http:// or https:// address: {push_url!r}")
    seconds = raw.get("push_seconds", DEFAULT_PUSH_SECONDS)
    if seconds < MIN_PUSH_SECONDS:
        raise fail("push_seconds", f"push_seconds must be at least {MIN_PUSH_SECONDS}")
    instance = str(raw.get("instance", "")).strip()
    if instance and ("/" in instance or not instance.isprintable()):
        raise fail("instance", f"instance {instance!r}: no slashes or control characters")
    return MetricsSettings(host, port, push_url, seconds, instance)
