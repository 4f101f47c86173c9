"""Where a fetch may go after the configured URL: the redirect and link rules.

A configured source URL is trusted as given (staff typed it). Anything the network adds after
that — a redirect hop, a document an index feed points at, a followed article link — must:

- stay in the web scheme family (http → http/https, https → https only: no downgrade, never
  file:, ftp:, data: …);
- never reach a loopback, link-local (169.254.0.0/16: cloud metadata), private, shared
  (100.64.0.0/10), multicast, reserved or unspecified address — unless it is the very host and
  port the configured source itself lives at ("the source is there").

Addresses are judged after resolution, the way the connection will see them, so decimal,
octal and hex host tricks (``http://2130706433/``, ``http://0177.1/``), IPv4-mapped IPv6
(``[::ffff:127.0.0.1]``), 6to4/Teredo/NAT64 wrappers and DNS names that resolve inward are all
caught. ``fetch.py`` also checks the address actually connected to (a DNS answer that changes
between the check and the connection).
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

WEB_SCHEMES = ("http", "https")
MAX_REDIRECTS = 5
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
_SHARED = ipaddress.IPv4Network("100.64.0.0/10")

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class Refused(Exception):
    """A destination the rules forbid; the message is one line for the source status."""


@dataclass(frozen=True, slots=True)
class Place:
    scheme: str
    host: str
    port: int


def place_of(url: str) -> Place:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise Refused(f"malformed address {_short(url)}") from exc
    scheme = parts.scheme.lower()
    if scheme not in WEB_SCHEMES:
        raise Refused(f"refused to go to a {scheme or 'relative'}: address ({_short(url)})")
    if not parts.hostname:
        raise Refused(f"no host in {_short(url)}")
    return Place(scheme, parts.hostname, port or (443 if scheme == "https" else 80))


def unwrap(address: IPAddress) -> IPAddress:
    """The IPv4 address inside an IPv4-mapped, 6to4, Teredo or NAT64 IPv6 address."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return address.ipv4_mapped
        if address.sixtofour is not None:
            return address.sixtofour
        if address.teredo is not None:
            return address.teredo[1]
        if address in _NAT64:
            return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return address


def is_public(address: IPAddress) -> bool:
    inner = unwrap(address)
    if inner.is_multicast or inner.is_unspecified or inner.is_reserved:
        return False
    if isinstance(inner, ipaddress.IPv4Address) and inner in _SHARED:
        return False
    return inner.is_global and not inner.is_private and not inner.is_loopback


def resolve(host: str, port: int) -> set[IPAddress]:
    """Every address ``host`` resolves to, as the connection would (getaddrinfo)."""
    try:
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError) as exc:
        raise Refused(f"host not found: {host}") from exc
    found: set[IPAddress] = set()
    for info in infos:
        text = str(info[4][0]).split("%", 1)[0]  # drop an IPv6 zone id
        try:
            found.add(ipaddress.ip_address(text))
        except ValueError:
            continue
    if not found:
        raise Refused(f"host not found: {host}")
    return found


class Origin:
    """The configured source a fetch started from; decides where later hops may go."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.place = place_of(url)
        self._addresses: set[IPAddress] | None = None

    @property
    def addresses(self) -> set[IPAddress]:
        if self._addresses is None:
            try:
                self._addresses = {unwrap(a) for a in resolve(self.place.host, self.place.port)}
            except Refused:
                self._addresses = set()
        return self._addresses

    def check_scheme(self, previous: str, url: str) -> Place:
        """``url`` reached from ``previous`` (the URL that pointed at it)."""
        before, after = urlsplit(previous).scheme.lower(), place_of(url)
        if before == "https" and after.scheme != "https":
            raise Refused(f"refused to go from https to {after.scheme}: ({_short(url)})")
        return after

    def allows_address(self, address: IPAddress, port: int) -> bool:
        if is_public(address):
            return True
        return unwrap(address) in self.addresses and port == self.place.port

    def check(self, previous: str, url: str, resolved: bool = True) -> None:
        """Raise Refused unless a fetch may go from ``previous`` on to ``url``.

        With ``resolved`` False (the host is left to a proxy) only the scheme and a literal
        address are judged.
        """
        place = self.check_scheme(previous, url)
        try:
            literal = ipaddress.ip_address(place.host)
        except ValueError:
            literal = None
        if literal is not None:
            addresses = {literal}
        elif resolved:
            addresses = resolve(place.host, place.port)
        else:
            return
        for address in addresses:
            if not self.allows_address(address, place.port):
                raise Refused(
                    f"refused to go to {place.host} ({_kind(address)} address "
                    f"{unwrap(address)}): not where the configured source is"
                )

    def check_peer(self, address: str, port: int) -> None:
        """The address the connection actually reached (after any DNS change)."""
        try:
            parsed = ipaddress.ip_address(address.split("%", 1)[0])
        except ValueError:
            return
        if not self.allows_address(parsed, port):
            raise Refused(
                f"refused: the connection reached a {_kind(parsed)} address {unwrap(parsed)}"
            )


def _kind(address: IPAddress) -> str:
    inner = unwrap(address)
    if inner.is_loopback:
        return "loopback"
    if inner.is_link_local:
        return "link-local"
    if inner.is_private or (isinstance(inner, ipaddress.IPv4Address) and inner in _SHARED):
        return "private"
    return "non-public"


def _short(url: str) -> str:
    text = " ".join(url.split())
    return text if len(text) <= 80 else text[:79] + "…"
