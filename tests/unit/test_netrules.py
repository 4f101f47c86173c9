"""The redirect rule on its own: address classes, DNS names that resolve inward, schemes."""

from __future__ import annotations

import ipaddress
import socket

import pytest

from kiosk.content.netrules import Origin, Refused, is_public

PUBLIC = "93.184.216.34"
DNS = {
    "town.example.jp": [PUBLIC],
    "cdn.example.jp": ["151.101.1.1", "2a04:4e42::1"],
    "intranet.example.jp": ["10.1.2.3"],
    "rebind.example.jp": ["151.101.1.1", "127.0.0.1"],  # one inward answer is enough
    "metadata.example.jp": ["::ffff:169.254.169.254"],
}


@pytest.fixture(autouse=True)
def fake_dns(monkeypatch: pytest.MonkeyPatch) -> None:
    real = socket.getaddrinfo

    def getaddrinfo(host: str, port: object, *args: object, **kwargs: object):  # noqa: ANN202
        if host not in DNS:
            return real(host, port, *args, **kwargs)
        return [
            (socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port))
            for a in DNS[host]
        ]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


@pytest.mark.parametrize(
    ("address", "public"),
    [
        (PUBLIC, True),
        ("2a04:4e42::1", True),
        ("127.0.0.1", False),
        ("10.0.0.1", False),
        ("172.31.255.255", False),
        ("192.168.0.1", False),
        ("169.254.169.254", False),
        ("100.64.0.1", False),
        ("0.0.0.0", False),
        ("224.0.0.1", False),
        ("240.0.0.1", False),
        ("::1", False),
        ("fe80::1", False),
        ("fd12::1", False),
        ("::ffff:10.0.0.1", False),
        ("::ffff:93.184.216.34", True),
        ("2002:0a00:0001::1", False),  # 6to4 of 10.0.0.1
        ("64:ff9b::7f00:1", False),  # NAT64 of 127.0.0.1
    ],
)
def test_address_classes(address: str, public: bool) -> None:
    assert is_public(ipaddress.ip_address(address)) is public


def test_public_hosts_are_allowed_after_a_redirect() -> None:
    origin = Origin("http://town.example.jp/feed.xml")
    origin.check(origin.url, "https://cdn.example.jp/feed.xml")  # http → https is fine


@pytest.mark.parametrize(
    "target", ["intranet.example.jp", "rebind.example.jp", "metadata.example.jp", "localhost"]
)
def test_names_resolving_inward_are_refused(target: str) -> None:
    origin = Origin("http://town.example.jp/feed.xml")
    with pytest.raises(Refused, match="not where the configured source is"):
        origin.check(origin.url, f"http://{target}/admin")


def test_a_source_on_the_intranet_may_redirect_within_itself_only() -> None:
    origin = Origin("http://intranet.example.jp/news.rdf")
    origin.check(origin.url, "http://10.1.2.3/news2.rdf")  # the same host, by address
    with pytest.raises(Refused):
        origin.check(origin.url, "http://10.1.2.4/")  # its neighbour, e.g. the router
    with pytest.raises(Refused):
        origin.check(origin.url, "http://intranet.example.jp:8080/")  # another service


def test_https_never_downgrades() -> None:
    origin = Origin("https://town.example.jp/feed.xml")
    with pytest.raises(Refused, match="from https to http"):
        origin.check(origin.url, "http://town.example.jp/feed.xml")


def test_the_connected_peer_is_checked_too() -> None:
    origin = Origin("http://town.example.jp/feed.xml")
    origin.check_peer(PUBLIC, 80)
    with pytest.raises(Refused, match="loopback"):
        origin.check_peer("127.0.0.1", 80)
