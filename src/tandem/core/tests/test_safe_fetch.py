"""The SSRF guard: what a user-given URL may reach, checked against real local HTTP servers."""

import socket
import time

import pytest
from django.test import override_settings

from tandem.core.safe_fetch import FetchFailed, FetchRefused, safe_fetch
from tandem.testing.http_server import Answer, serve

CALENDAR = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"
PUBLIC = "93.184.216.34"  # a public address (never contacted by these tests)


def _resolver(*answers):
    """A resolver answering ``answers[0]`` on the first call, ``answers[1]`` on the second...;
    records the calls."""
    calls = []

    def resolve(host, port, type=0):  # noqa: A002 (getaddrinfo's keyword)
        calls.append(host)
        address = answers[min(len(calls), len(answers)) - 1]
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        return [(family, socket.SOCK_STREAM, 6, "", (address, port))]

    resolve.calls = calls
    return resolve


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "ftp://example.org/cal.ics",
        "gopher://example.org/",
        "javascript:alert(1)",
        "//example.org/cal.ics",
        "http://user:secret@example.org/cal.ics",
        "http:///cal.ics",
        "http://example.org:99999/cal.ics",
        "http://exa mple.org/cal.ics",
    ],
)
def test_only_plain_http_and_https_urls_are_fetched(url):
    with pytest.raises(FetchRefused):
        safe_fetch(url, resolve=_resolver(PUBLIC))


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "127.1.2.3",
        "10.0.0.7",
        "172.16.5.4",
        "192.168.1.1",
        "169.254.169.254",  # cloud metadata
        "100.64.0.1",  # carrier-grade NAT
        "0.0.0.0",  # noqa: S104
        "224.0.0.1",
        "::1",
        "fe80::1",
        "fd00::1",
        "::ffff:127.0.0.1",
        "::ffff:10.0.0.1",
    ],
)
def test_addresses_of_the_local_network_are_refused(address):
    host = f"[{address}]" if ":" in address else address
    with pytest.raises(FetchRefused):
        safe_fetch(f"http://{host}/cal.ics")
    # and the same address behind a host name
    with pytest.raises(FetchRefused):
        safe_fetch("http://calendar.example.org/cal.ics", resolve=_resolver(address))


def test_a_name_with_one_private_address_among_public_ones_is_refused():
    def resolve(host, port, type=0):  # noqa: A002
        return [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", (PUBLIC, port)),
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.1", port)),
        ]

    with pytest.raises(FetchRefused):
        safe_fetch("http://calendar.example.org/cal.ics", resolve=resolve)


def test_the_local_server_is_refused_without_the_test_allowlist():
    # given a server on 127.0.0.1 and no allowlist (every real installation)
    with serve({"/cal.ics": Answer(body=CALENDAR)}) as server:
        # when its address is fetched, by number and by name
        with pytest.raises(FetchRefused):
            safe_fetch(server.url("/cal.ics"))
        with pytest.raises(FetchRefused):
            safe_fetch(f"http://localhost:{server.port}/cal.ics")
        # then it was never asked anything
        assert server.requests == []


@override_settings(TANDEM_SAFE_FETCH_ALLOWED_NETWORKS=["127.0.0.1/32"])
def test_an_allowed_test_server_is_read_with_the_host_name_sent():
    with serve({"/cal.ics": Answer(body=CALENDAR, headers={"Content-Type": "text/calendar"})}) as s:
        result = safe_fetch(f"http://feeds.example.org:{s.port}/cal.ics", resolve=_resolver(s.host))
    assert result.body == CALENDAR
    assert result.content_type == "text/calendar"
    assert result.address == "127.0.0.1"
    assert s.requests == [("/cal.ics", f"feeds.example.org:{s.port}")]


@override_settings(TANDEM_SAFE_FETCH_ALLOWED_NETWORKS=["127.0.0.2/32"])
def test_a_redirect_to_a_private_address_is_refused():
    # given an allowed server (127.0.0.2) that redirects to the loopback address 127.0.0.1
    with serve({"/secret": Answer(body=b"internal")}, host="127.0.0.1") as inside:
        routes = {
            "/cal.ics": Answer(302, headers={"Location": inside.url("/secret")}),
            "/by-name": Answer(302, headers={"Location": f"http://localhost:{inside.port}/secret"}),
        }
        with serve(routes, host="127.0.0.2") as outside:
            # when the allowed address is fetched, the redirect is checked like the first URL
            with pytest.raises(FetchRefused):
                safe_fetch(outside.url("/cal.ics"))
            with pytest.raises(FetchRefused):
                safe_fetch(outside.url("/by-name"))
            assert [path for path, _ in outside.requests] == ["/cal.ics", "/by-name"]
        # then the inside server was never reached
        assert inside.requests == []


@override_settings(TANDEM_SAFE_FETCH_ALLOWED_NETWORKS=["127.0.0.2/32"])
def test_redirects_between_allowed_addresses_are_followed_and_limited():
    routes = {
        "/old": Answer(301, headers={"Location": "/new"}),
        "/new": Answer(body=CALENDAR),
        "/loop": Answer(302, headers={"Location": "/loop"}),
    }
    with serve(routes, host="127.0.0.2") as server:
        assert safe_fetch(server.url("/old")).url == server.url("/new")
        with pytest.raises(FetchFailed, match="redirects"):
            safe_fetch(server.url("/loop"), max_redirects=3)
    assert [p for p, _ in server.requests].count("/loop") == 4


@override_settings(TANDEM_SAFE_FETCH_ALLOWED_NETWORKS=["127.0.0.2/32"])
def test_dns_rebinding_connects_to_the_address_that_was_checked():
    # given two servers on the same port: an allowed one on 127.0.0.2 and a secret one on
    # 127.0.0.1, and a name whose DNS answer changes to 127.0.0.1 after the first lookup
    with (
        serve({"/cal.ics": Answer(body=b"secret")}, host="127.0.0.1") as secret,
        serve({"/cal.ics": Answer(body=CALENDAR)}, host="127.0.0.2", port=secret.port) as ok,
    ):
        resolve = _resolver("127.0.0.2", "127.0.0.1")
        # when the name is fetched
        result = safe_fetch(f"http://rebind.example.org:{ok.port}/cal.ics", resolve=resolve)
    # then it was resolved once and the checked address answered
    assert resolve.calls == ["rebind.example.org"]
    assert result.body == CALENDAR
    assert result.address == "127.0.0.2"
    assert secret.requests == []


@override_settings(TANDEM_SAFE_FETCH_ALLOWED_NETWORKS=["127.0.0.1/32"])
def test_size_and_time_limits():
    big = b"X" * 50_000
    routes = {
        "/big": Answer(body=big),
        "/big-chunked": Answer(body=big, chunked=True),
        "/slow": Answer(body=CALENDAR, delay_seconds=3),
        "/gone": Answer(410, b"gone"),
    }
    with serve(routes) as server:
        with pytest.raises(FetchFailed, match="larger"):
            safe_fetch(server.url("/big"), max_bytes=10_000)
        with pytest.raises(FetchFailed, match="larger"):
            safe_fetch(server.url("/big-chunked"), max_bytes=10_000)
        assert safe_fetch(server.url("/big-chunked"), max_bytes=60_000).body == big
        began = time.monotonic()
        with pytest.raises(FetchFailed, match="too long"):
            safe_fetch(server.url("/slow"), timeout=0.5)
        assert time.monotonic() - began < 2.5
        with pytest.raises(FetchFailed, match="410"):
            safe_fetch(server.url("/gone"))


def test_an_unknown_host_fails_cleanly():
    def resolve(host, port, type=0):  # noqa: A002
        raise socket.gaierror("no such name")

    with pytest.raises(FetchFailed, match="could not be resolved"):
        safe_fetch("https://no-such-host.invalid/cal.ics", resolve=resolve)
