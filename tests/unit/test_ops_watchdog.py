from __future__ import annotations

import socket
from pathlib import Path

from kiosk.ops.watchdog import Notifier


def test_notifier_sends_datagrams(tmp_path: Path) -> None:
    address = str(tmp_path / "notify.sock")
    server = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    server.bind(address)
    server.settimeout(5)
    try:
        notifier = Notifier({"NOTIFY_SOCKET": address, "WATCHDOG_USEC": "4000000"})
        assert notifier.keepalive_ms == 2000
        assert notifier.ready("6 sources")
        assert server.recv(1024) == b"READY=1\nSTATUS=6 sources"
        assert notifier.keepalive()
        assert server.recv(1024) == b"WATCHDOG=1"
        notifier.close()
    finally:
        server.close()


def test_abstract_socket_name_and_no_socket() -> None:
    assert Notifier({"NOTIFY_SOCKET": "@hiroba/notify"}).address == "\0hiroba/notify"
    quiet = Notifier({})
    assert not quiet.enabled and quiet.keepalive_ms is None and not quiet.keepalive()
    # a watchdog meant for another process is not ours to feed
    other = Notifier({"NOTIFY_SOCKET": "/x", "WATCHDOG_USEC": "1000000", "WATCHDOG_PID": "1"})
    assert other.keepalive_ms is None
