"""Posting one webhook request under the SSRF guard of ``tandem.core.safe_fetch``.

The URL is checked as calendar addresses are (http(s) only, no credentials), its host resolved
once and every address checked (no private, loopback or link-local target), and the connection
made to the checked address. Redirects are not followed: a 3xx answer is a failed attempt that
names where it pointed, so a hook cannot be bounced to an inside address.
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import ssl
import time
from dataclasses import dataclass

from tandem.core.safe_fetch import (
    FetchFailed,
    FetchRefused,
    Resolver,
    check_url,
    resolve_checked,
)

USER_AGENT = "Tandem webhooks"
TIMEOUT_SECONDS = 10.0
MAX_ANSWER_BYTES = 64 * 1024

__all__ = [
    "FetchFailed",
    "FetchRefused",
    "PostResult",
    "StatusFailed",
    "check_hook_url",
    "post_json",
]


@dataclass(frozen=True)
class PostResult:
    status: int
    response_ms: int


class StatusFailed(FetchFailed):
    """The server answered with a status outside 2xx."""

    def __init__(self, status: int, response_ms: int, reason: str) -> None:
        super().__init__(f"The server answered {status} {reason}.")
        self.status = status
        self.response_ms = response_ms


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """HTTPS to a fixed address, the certificate verified for ``hostname``."""

    def __init__(self, address: str, port: int, hostname: str, timeout: float) -> None:
        super().__init__(address, port, timeout=timeout)
        self._hostname = hostname

    def connect(self) -> None:
        sock = socket.create_connection((self.host, self.port), self.timeout)
        self.sock = ssl.create_default_context().wrap_socket(sock, server_hostname=self._hostname)


def check_hook_url(url: str) -> None:
    """Refuse (``FetchRefused``) a URL no delivery could go to: its form, or a literal address
    inside the network. A host name is resolved at each delivery, not here."""
    target = check_url(url)
    with contextlib.suppress(FetchFailed):  # a name: judged when delivering
        resolve_checked(target.host, target.port, resolve=_no_lookup)


def _no_lookup(*args: object, **kwargs: object) -> list[object]:
    raise socket.gaierror("not resolved when saving")


def post_json(
    url: str,
    body: bytes,
    headers: dict[str, str],
    *,
    timeout: float = TIMEOUT_SECONDS,
    resolve: Resolver = socket.getaddrinfo,
) -> PostResult:
    """POST ``body`` as JSON. Raises ``FetchRefused`` for a target that may not be reached and
    ``FetchFailed`` for any other failure, a status outside 2xx included."""
    target = check_url(url)
    address = resolve_checked(target.host, target.port, resolve)
    connection: http.client.HTTPConnection
    if target.scheme == "https":
        connection = _PinnedHTTPSConnection(address, target.port, target.host, timeout)
    else:
        connection = http.client.HTTPConnection(address, target.port, timeout=timeout)
    default_port = 443 if target.scheme == "https" else 80
    host = f"[{target.host}]" if ":" in target.host else target.host
    started = time.monotonic()
    try:
        connection.putrequest("POST", target.path, skip_host=True, skip_accept_encoding=True)
        connection.putheader(
            "Host", host if target.port == default_port else f"{host}:{target.port}"
        )
        connection.putheader("User-Agent", USER_AGENT)
        connection.putheader("Content-Type", "application/json")
        connection.putheader("Content-Length", str(len(body)))
        for name, value in headers.items():
            connection.putheader(name, value)
        connection.endheaders(body)
        response = connection.getresponse()
        response.read(MAX_ANSWER_BYTES)
        elapsed = int((time.monotonic() - started) * 1000)
        if 300 <= response.status < 400:
            where = response.getheader("Location") or "nowhere"
            raise FetchFailed(
                f"The server answered {response.status} pointing to {where[:200]}; "
                "webhooks do not follow redirects."
            )
        if not 200 <= response.status < 300:
            raise StatusFailed(response.status, elapsed, response.reason)
        return PostResult(status=response.status, response_ms=elapsed)
    except TimeoutError as exc:
        raise FetchFailed("The server took too long to answer.") from exc
    except ssl.SSLError as exc:
        raise FetchFailed(f"The secure connection failed: {exc.reason or exc}.") from exc
    except (OSError, http.client.HTTPException) as exc:
        raise FetchFailed(f"The server could not be reached: {exc}.") from exc
    finally:
        connection.close()
