"""POSTs to URLs that admins typed (webhooks), without letting them reach the server's own network.

The host is resolved once and the connection goes to that very address (with the original Host header and TLS
server name), so a name cannot resolve to a public address when checked and to a private one when used. Redirects
are never followed, and what a failure says is a class, never the socket error, so the stored error cannot tell
a refused port from a filtered one.
"""
import http.client
import ipaddress
import logging
import socket
import ssl
from typing import NamedTuple
from urllib.parse import urlsplit

log = logging.getLogger(__name__)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# Python's is_global misses some of these (multicast counts as global; 192.0.0.0/24 depends on the version).
_NOT_PUBLIC = [ipaddress.ip_network(n) for n in (
    "0.0.0.0/8", "100.64.0.0/10", "192.0.0.0/24", "224.0.0.0/4", "240.0.0.0/4",
    "100.100.100.200/32",  # Alibaba Cloud metadata
    "::/8", "64:ff9b:1::/48", "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8",
    "fd00:ec2::254/128",  # AWS metadata over IPv6
)]
_NAT64 = ipaddress.ip_network("64:ff9b::/96")

NOT_ALLOWED = "delivery refused: the address is not public (see WAYPOST_WEBHOOK_ALLOW_PRIVATE)"
FAILED = "delivery failed"


def _embedded_ipv4(address: IPAddress) -> ipaddress.IPv4Address | None:
    if address.version != 6:
        return None
    if address.ipv4_mapped:
        return address.ipv4_mapped
    if address.sixtofour:
        return address.sixtofour
    if address in _NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def is_public(address: IPAddress) -> bool:
    """May a webhook go here without WAYPOST_WEBHOOK_ALLOW_PRIVATE? Loopback, private, link-local (cloud
    metadata), CGNAT, multicast, unspecified, reserved and documentation ranges may not, nor IPv6 forms of them."""
    embedded = _embedded_ipv4(address)
    if embedded is not None and not is_public(embedded):
        return False
    return address.is_global and not any(address in network for network in _NOT_PUBLIC
                                         if network.version == address.version)


def literal_address(url: str) -> IPAddress | None:
    """The URL's host when it is an IP address literal, else None (names are checked when delivering)."""
    host = urlsplit(url).hostname or ""
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def url_is_refused(url: str) -> bool:
    """True when the URL names a non-public address literally (or `localhost`), refused when authored."""
    host = (urlsplit(url).hostname or "").rstrip(".").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    address = literal_address(url)
    return address is not None and not is_public(address)


class _Refused(Exception):
    pass


def _resolve(host: str, port: int, allow_private: bool) -> str:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise OSError(f"cannot resolve {host}: {exc}") from exc
    addresses = [ipaddress.ip_address(info[4][0].split("%", 1)[0]) for info in infos]
    if not allow_private and not all(is_public(a) for a in addresses):
        raise _Refused(f"{host} resolves to {', '.join(map(str, addresses))}")
    return str(addresses[0])


class _PinnedHTTP(http.client.HTTPConnection):
    def __init__(self, host, port, address, timeout):
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self):
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    def __init__(self, host, port, address, timeout):
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self):
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


class Delivery(NamedTuple):
    ok: bool
    error: str | None  # what an admin may read: a class such as "HTTP 5xx", never a socket error


def post(url: str, body: bytes, headers: dict[str, str], *, allow_private: bool, timeout: float = 5.0) -> Delivery:
    """POST once to `url`; a 2xx is a delivery, anything else (3xx included) is not."""
    parts = urlsplit(url)
    scheme, host = parts.scheme.lower(), parts.hostname
    if scheme not in ("http", "https") or not host:
        return Delivery(False, FAILED)
    port = parts.port or (443 if scheme == "https" else 80)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    connection = None
    try:
        address = _resolve(host, port, allow_private)
        connection = (_PinnedHTTPS if scheme == "https" else _PinnedHTTP)(host, port, address, timeout)
        connection.request("POST", target, body=body, headers=headers)
        status = connection.getresponse().status
    except _Refused as exc:
        log.warning("webhook to %s refused: %s", host, exc)
        return Delivery(False, NOT_ALLOWED)
    except (OSError, http.client.HTTPException, ValueError) as exc:
        log.warning("webhook to %s failed: %s", host, exc)
        return Delivery(False, FAILED)
    finally:
        if connection is not None:
            connection.close()
    if 200 <= status < 300:
        return Delivery(True, None)
    if 300 <= status < 400:
        return Delivery(False, "HTTP 3xx (redirects are not followed)")
    return Delivery(False, f"HTTP {status // 100}xx" if 400 <= status < 600 else FAILED)
