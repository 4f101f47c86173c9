"""systemd notification (sd_notify) without a dependency: one datagram per message.

The protocol is a ``KEY=VALUE`` text datagram sent to the unix socket named in
``NOTIFY_SOCKET`` (a leading ``@`` means the abstract namespace). ``WATCHDOG_USEC`` tells how
often systemd expects ``WATCHDOG=1``; we send at half that period. The keep-alives are sent
from a timer in the Qt event loop, so a frozen UI stops them and systemd restarts the kiosk.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Mapping

log = logging.getLogger("kiosk.watchdog")


class Notifier:
    def __init__(self, env: Mapping[str, str] | None = None) -> None:
        env = os.environ if env is None else env
        address = env.get("NOTIFY_SOCKET", "")
        self.address = "\0" + address[1:] if address.startswith("@") else address
        self.watchdog_usec = 0
        pid = env.get("WATCHDOG_PID")
        if env.get("WATCHDOG_USEC", "").isdigit() and (not pid or pid == str(os.getpid())):
            self.watchdog_usec = int(env["WATCHDOG_USEC"])
        self._socket: socket.socket | None = None

    @property
    def enabled(self) -> bool:
        return bool(self.address)

    @property
    def keepalive_ms(self) -> int | None:
        """How often to send WATCHDOG=1 (half the watchdog period), or None without one."""
        if not self.enabled or not self.watchdog_usec:
            return None
        return max(50, self.watchdog_usec // 2000)

    def notify(self, *lines: str) -> bool:
        if not self.enabled:
            return False
        try:
            if self._socket is None:
                self._socket = socket.socket(
                    socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC
                )
            self._socket.sendto("\n".join(lines).encode(), self.address)
        except OSError as exc:
            log.warning("sd_notify failed: %s", exc)
            return False
        return True

    def ready(self, status: str = "") -> bool:
        return self.notify("READY=1", *([f"STATUS={status}"] if status else []))

    def keepalive(self) -> bool:
        return self.notify("WATCHDOG=1")

    def status(self, text: str) -> bool:
        return self.notify(f"STATUS={text}")

    def stopping(self) -> bool:
        return self.notify("STOPPING=1")

    def close(self) -> None:
        if self._socket is not None:
            self._socket.close()
            self._socket = None
