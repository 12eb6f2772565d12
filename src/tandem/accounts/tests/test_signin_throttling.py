"""Sign-in throttling: five failures for one username or from one address within fifteen minutes
pause sign-in for that username and that address, the right password included."""

from __future__ import annotations

import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.utils import timezone

pytestmark = pytest.mark.django_db

RIGHT = "pw-test-12345"
LOCKED = (
    "Too many failed sign-ins for this username or from this address. "
    "Sign-in is paused for 15 minutes; then try again, or reset your password."
)


def _sign_in(username: str, password: str, ip: str = "10.0.0.1") -> tuple[int, bool, str]:
    """(status, signed in?, page text) of one sign-in from ``ip``."""
    client = Client(REMOTE_ADDR=ip)
    response = client.post("/login/", {"username": username, "password": password})
    return response.status_code, "_auth_user_id" in client.session, response.content.decode()


def test_four_failures_then_the_right_password_signs_in(world):
    for _ in range(4):
        status, signed_in, _ = _sign_in("member", "wrong")
        assert (status, signed_in) == (200, False)
    status, signed_in, _ = _sign_in("member", RIGHT)
    assert (status, signed_in) == (302, True)


def test_five_failures_lock_the_username_even_for_the_right_password(world):
    # given four failed sign-ins
    for _ in range(4):
        assert _sign_in("member", "wrong")[0] == 200
    # when the fifth fails too
    status, _, page = _sign_in("member", "wrong")
    # then sign-in is paused, saying so on the sign-in page
    assert status == 429
    assert LOCKED in page
    # and the right password is refused as well, from any address
    status, signed_in, page = _sign_in("member", RIGHT, ip="10.9.9.9")
    assert (status, signed_in) == (429, False)
    assert LOCKED in page
    # while other people sign in as usual from elsewhere
    assert _sign_in("coordinator", RIGHT, ip="10.9.9.9")[:2] == (302, True)


def test_five_failures_from_one_address_lock_that_address(world):
    # given five failures for five different usernames from one address
    for name in ["a", "b", "c", "d", "e"]:
        _sign_in(name, "wrong", ip="192.0.2.7")
    # then nobody signs in from that address, and the same person does from another one
    assert _sign_in("member", RIGHT, ip="192.0.2.7")[:2] == (429, False)
    assert _sign_in("member", RIGHT, ip="192.0.2.8")[:2] == (302, True)


def test_the_lockout_ends_fifteen_minutes_after_the_last_failure(world):
    for _ in range(5):
        _sign_in("member", "wrong")
    assert _sign_in("member", RIGHT)[0] == 429
    # still refused a minute before the end
    AccessAttempt.objects.update(attempt_time=timezone.now() - dt.timedelta(minutes=14))
    assert _sign_in("member", RIGHT)[0] == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - dt.timedelta(minutes=16))
    assert _sign_in("member", RIGHT)[:2] == (302, True)


def test_tries_during_the_lockout_do_not_extend_it(world):
    for _ in range(5):
        _sign_in("member", "wrong")
    AccessAttempt.objects.update(attempt_time=timezone.now() - dt.timedelta(minutes=10))
    for _ in range(3):
        assert _sign_in("member", "wrong")[0] == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - dt.timedelta(minutes=16))
    assert _sign_in("member", RIGHT)[:2] == (302, True)


def test_behind_a_trusted_proxy_the_client_address_counts(world, settings):
    # given one trusted proxy in front of the server
    settings.TANDEM_TRUSTED_PROXIES = 1

    def via_proxy(username: str, password: str, client_ip: str) -> int:
        client = Client(REMOTE_ADDR="10.0.0.254", HTTP_X_FORWARDED_FOR=f"6.6.6.6, {client_ip}")
        return client.post("/login/", {"username": username, "password": password}).status_code

    # when one client fails five times with different usernames
    for name in ["a", "b", "c", "d", "e"]:
        via_proxy(name, "wrong", "198.51.100.1")
    # then that client is paused, and another client behind the same proxy is not
    assert via_proxy("member", RIGHT, "198.51.100.1") == 429
    assert via_proxy("member", RIGHT, "198.51.100.2") == 302
    assert sorted(set(AccessAttempt.objects.values_list("ip_address", flat=True))) == [
        "198.51.100.1"
    ]
