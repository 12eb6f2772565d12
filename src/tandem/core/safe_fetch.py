"""Fetch a URL a user gave, without letting it reach the server's own network (SSRF guard).

Anything Tandem fetches on a user's behalf (calendar subscriptions, outgoing webhooks) goes
through :func:`safe_fetch`:

- only ``http`` and ``https`` URLs, without user names or passwords in them;
- the host name is resolved once; if any of its addresses is private, loopback, link-local,
  multicast, reserved or otherwise not globally routable, the fetch is refused;
- the connection goes to the address that was checked (the name is not resolved again, so a
  DNS answer that changes between the check and the connection, "DNS rebinding", cannot
  redirect it); HTTPS still verifies the certificate against the host name (SNI);
- redirects are followed by hand, at most ``max_redirects``, each new URL checked the same way;
- the body is read up to ``max_bytes`` (more is refused), the whole fetch within ``timeout``
  seconds.

``settings.TANDEM_SAFE_FETCH_ALLOWED_NETWORKS`` lists networks exempt from the address check.
It is empty in every real installation; tests that serve on 127.0.0.1 set it.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

Resolver = Callable[..., Sequence[Any]]
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
DEFAULT_TIMEOUT = 15.0
DEFAULT_MAX_REDIRECTS = 5
USER_AGENT = "Tandem calendar fetcher"


class FetchRefused(Exception):
    """The URL may not be fetched (scheme, credentials, an address of the local network)."""


class FetchFailed(Exception):
    """The fetch was allowed but did not succeed (unreachable, timeout, HTTP error, too big)."""


@dataclass(frozen=True)
class FetchResult:
    url: str  # the URL finally read (after redirects)
    status: int
    content_type: str
    body: bytes
    address: str  # the IP address connected to


def _allowed_networks() -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    raw = getattr(settings, "TANDEM_SAFE_FETCH_ALLOWED_NETWORKS", ()) or ()
    return [ipaddress.ip_network(n, strict=False) for n in raw]


def address_is_public(address: IPAddress) -> bool:
    """Whether ``address`` is globally routable (IPv4-mapped IPv6 addresses judged as IPv4)."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return bool(
        address.is_global
        and not address.is_private
        and not address.is_loopback
        and not address.is_link_local
        and not address.is_multicast
        and not address.is_reserved
        and not address.is_unspecified
    )


def check_address(address: IPAddress) -> None:
    """Refuse an address of the local network unless a test setting allows it."""
    if any(address in network for network in _allowed_networks()):
        return
    if not address_is_public(address):
        raise FetchRefused(
            _(
                "%(address)s is a private, loopback or link-local address; "
                "only addresses on the public internet are fetched."
            )
            % {"address": address}
        )


@dataclass(frozen=True)
class _Target:
    scheme: str
    host: str
    port: int
    path: str


def check_url(url: str) -> _Target:
    """The parts of an http(s) URL, or ``FetchRefused`` saying what is wrong with it."""
    if not isinstance(url, str) or len(url) > 2000:
        raise FetchRefused(_("Give an http:// or https:// address of at most 2000 characters."))
    if any(ord(c) < 33 for c in url):
        raise FetchRefused(_("The address holds spaces or control characters."))
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise FetchRefused(
            _("Only http:// and https:// addresses are fetched, not %(scheme)s:")
            % {"scheme": scheme or "?"}
        )
    if parts.username is not None or parts.password is not None:
        raise FetchRefused(_("Addresses with a user name or password in them are not fetched."))
    host = parts.hostname or ""
    if not host:
        raise FetchRefused(_("The address has no host name."))
    try:
        port = parts.port or (443 if scheme == "https" else 80)
    except ValueError as exc:
        raise FetchRefused(_("The address's port is not a number from 1 to 65535.")) from exc
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return _Target(scheme, host, port, path)


def resolve_checked(host: str, port: int, resolve: Resolver = socket.getaddrinfo) -> str:
    """Resolve ``host`` once and return one address to connect to; refuse when any of its
    addresses is not public (a name that also points inside is not trusted at all)."""
    try:
        literal: IPAddress | None = ipaddress.ip_address(host)
    except ValueError:
        literal = None
    if literal is not None:
        check_address(literal)
        return str(literal)
    try:
        infos = resolve(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchFailed(
            _("The host name %(host)s could not be resolved.") % {"host": host}
        ) from exc
    addresses: list[IPAddress] = []
    for info in infos:
        text = str(info[4][0]).split("%", 1)[0]
        addresses.append(ipaddress.ip_address(text))
    if not addresses:
        raise FetchFailed(_("The host name %(host)s has no address.") % {"host": host})
    for address in addresses:
        check_address(address)
    return str(addresses[0])


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """An HTTPS connection to a fixed address that verifies the certificate for ``hostname``."""

    def __init__(self, address: str, port: int, hostname: str, timeout: float) -> None:
        super().__init__(address, port, timeout=timeout, context=ssl.create_default_context())
        self._hostname = hostname

    def connect(self) -> None:
        sock = socket.create_connection((self.host, self.port), self.timeout)
        context = ssl.create_default_context()
        self.sock = context.wrap_socket(sock, server_hostname=self._hostname)


def _host_header(target: _Target) -> str:
    default = 443 if target.scheme == "https" else 80
    host = f"[{target.host}]" if ":" in target.host else target.host
    return host if target.port == default else f"{host}:{target.port}"


def _read_limited(response: http.client.HTTPResponse, max_bytes: int, deadline: float) -> bytes:
    length = response.getheader("Content-Length")
    if length and length.isdigit() and int(length) > max_bytes:
        raise FetchFailed(
            _("The answer is larger than %(kilobytes)s KB.") % {"kilobytes": max_bytes // 1024}
        )
    chunks: list[bytes] = []
    total = 0
    while True:
        if time.monotonic() > deadline:
            raise FetchFailed(_("The server took too long to answer."))
        chunk = response.read(64 * 1024)
        if not chunk:
            return b"".join(chunks)
        total += len(chunk)
        if total > max_bytes:
            raise FetchFailed(
                _("The answer is larger than %(kilobytes)s KB.") % {"kilobytes": max_bytes // 1024}
            )
        chunks.append(chunk)


def safe_fetch(
    url: str,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout: float = DEFAULT_TIMEOUT,
    max_redirects: int = DEFAULT_MAX_REDIRECTS,
    accept: str = "*/*",
    resolve: Resolver = socket.getaddrinfo,
) -> FetchResult:
    """GET ``url`` under the rules of this module. Raises ``FetchRefused`` for a URL (or a
    redirect) that may not be fetched and ``FetchFailed`` for everything else that goes wrong,
    including an HTTP status other than 200."""
    deadline = time.monotonic() + timeout
    current = url
    for _attempt in range(max_redirects + 1):
        target = check_url(current)
        address = resolve_checked(target.host, target.port, resolve)
        remaining = max(0.1, deadline - time.monotonic())
        connection: http.client.HTTPConnection
        if target.scheme == "https":
            connection = _PinnedHTTPSConnection(address, target.port, target.host, remaining)
        else:
            # to the checked address; the URL's host name goes in the Host header
            connection = http.client.HTTPConnection(address, target.port, timeout=remaining)
        try:
            connection.putrequest("GET", target.path, skip_host=True, skip_accept_encoding=True)
            connection.putheader("Host", _host_header(target))
            connection.putheader("User-Agent", USER_AGENT)
            connection.putheader("Accept", accept)
            connection.endheaders()
            response = connection.getresponse()
            if response.status in (301, 302, 303, 307, 308):
                location = response.getheader("Location")
                if not location:
                    raise FetchFailed(
                        _("Redirect %(status)s without a Location.") % {"status": response.status}
                    )
                current = urljoin(current, location)
                continue
            if response.status != 200:
                raise FetchFailed(
                    _("The server answered %(status)s %(reason)s.")
                    % {"status": response.status, "reason": response.reason}
                )
            body = _read_limited(response, max_bytes, deadline)
            return FetchResult(
                url=current,
                status=response.status,
                content_type=response.getheader("Content-Type", "") or "",
                body=body,
                address=address,
            )
        except TimeoutError as exc:
            raise FetchFailed(_("The server took too long to answer.")) from exc
        except ssl.SSLError as exc:
            raise FetchFailed(
                _("The secure connection failed: %(reason)s.") % {"reason": exc.reason or exc}
            ) from exc
        except (OSError, http.client.HTTPException) as exc:
            raise FetchFailed(
                _("The server could not be reached: %(error)s.") % {"error": exc}
            ) from exc
        finally:
            connection.close()
    raise FetchFailed(
        _("More than %(max_redirects)s redirects.") % {"max_redirects": max_redirects}
    )
