"""Webhook deliveries against a real HTTP receiver on 127.0.0.1 (a test-only setting admits
it): the signature, retries with backoff on a fake clock, giving up, and the SSRF refusals."""

import datetime as dt
import hashlib
import hmac
import json
import socket
import time

import pytest
from django.test import override_settings

from tandem.core.errors import ValidationFailed
from tandem.core.models import AuditEvent
from tandem.integrations import actions, delivery
from tandem.integrations.models import DeliveryAttempt, DeliveryStatus, WebhookDelivery
from tandem.integrations.sending import post_json
from tandem.integrations.signing import SIGNATURE_HEADER, signature, verify
from tandem.integrations.tests.receiver import receiver

pytestmark = pytest.mark.django_db

LOCAL = ["127.0.0.1/32"]
START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


class Clock:
    def __init__(self) -> None:
        self.at = START

    def __call__(self) -> dt.datetime:
        return self.at

    def advance(self, seconds: float) -> None:
        self.at += dt.timedelta(seconds=seconds)


def _hook(world, url, events=("task", "milestone")):
    return actions.do_create_webhook(
        organization_id=world.org.pk,
        project=world.project,
        name="Build bot",
        url=url,
        events=list(events),
        acting_user=world.manager,
    )


def _test_delivery(world, hook):
    return actions.do_send_test_event(hook, acting_user=world.manager)


@override_settings(TANDEM_SAFE_FETCH_ALLOWED_NETWORKS=LOCAL)
def test_a_test_event_arrives_signed_with_the_secret_shown_once(
    world, django_capture_on_commit_callbacks
):
    with receiver([200]) as inbox:
        hook, secret = _hook(world, inbox.url())
        with django_capture_on_commit_callbacks(execute=True):
            sent = _test_delivery(world, hook)

        assert len(inbox.received) == 1
        got = inbox.received[0]
        assert got.path == "/hook"
        assert verify(secret, got.headers[SIGNATURE_HEADER], got.body, now=int(time.time()))
        assert not verify(
            "whsec_other", got.headers[SIGNATURE_HEADER], got.body, now=int(time.time())
        )
        assert not verify(
            secret, got.headers[SIGNATURE_HEADER], got.body + b" ", now=int(time.time())
        )
        body = json.loads(got.body)
        assert body["event"] == "webhook.test"
        assert body["delivery_id"] == sent.pk
        assert got.headers["Tandem-Event"] == "webhook.test"
    sent.refresh_from_db()
    assert sent.status == DeliveryStatus.DELIVERED
    attempt = DeliveryAttempt.objects.get(delivery=sent)
    assert (attempt.number, attempt.status_code, attempt.error) == (1, 200, "")
    assert attempt.response_ms is not None
    # The secret is nowhere in the audit trail.
    trail = json.dumps(list(AuditEvent.objects.values_list("changes", flat=True)))
    assert secret not in trail


def test_the_signature_is_an_hmac_of_time_dot_body():
    header = signature("whsec_k", 1700000000, b'{"a":1}')
    expected = hmac.new(b"whsec_k", b'1700000000.{"a":1}', hashlib.sha256).hexdigest()
    assert header == f"t=1700000000,v1={expected}"
    assert not verify("whsec_k", header, b'{"a":1}', now=1700000000 + 301)


@override_settings(TANDEM_SAFE_FETCH_ALLOWED_NETWORKS=LOCAL)
def test_a_500_is_retried_with_exponential_backoff_then_given_up(world):
    clock = Clock()
    with receiver([500]) as inbox:
        hook, _ = _hook(world, inbox.url())
        sent = _test_delivery(world, hook)
        WebhookDelivery.objects.filter(pk=sent.pk).update(next_attempt_at=START)
        waits = []
        for _ in range(delivery.MAX_ATTEMPTS):
            assert delivery.send_due(now=clock) == 1
            sent.refresh_from_db()
            if sent.next_attempt_at is None:
                break
            wait = (sent.next_attempt_at - clock()).total_seconds()
            waits.append(wait)
            # Not due a second early.
            clock.advance(wait - 1)
            assert delivery.send_due(now=clock) == 0
            clock.advance(1)
        assert waits == [30, 60, 120, 240, 480]
        assert len(inbox.received) == delivery.MAX_ATTEMPTS
    assert sent.status == DeliveryStatus.FAILED
    assert sent.attempts == delivery.MAX_ATTEMPTS
    tries = list(DeliveryAttempt.objects.filter(delivery=sent).values_list("number", "status_code"))
    assert tries == [(n, 500) for n in range(1, delivery.MAX_ATTEMPTS + 1)]
    assert "500" in sent.last_error
    # Given up: nothing more is sent, however late.
    clock.advance(10**6)
    assert delivery.send_due(now=clock) == 0


@override_settings(TANDEM_SAFE_FETCH_ALLOWED_NETWORKS=LOCAL)
def test_a_retry_that_succeeds_ends_the_delivery(world):
    clock = Clock()
    with receiver([500, 204]) as inbox:
        hook, _ = _hook(world, inbox.url())
        sent = _test_delivery(world, hook)
        WebhookDelivery.objects.filter(pk=sent.pk).update(next_attempt_at=START)
        delivery.send_due(now=clock)
        clock.advance(30)
        delivery.send_due(now=clock)
    sent.refresh_from_db()
    assert (sent.status, sent.attempts, sent.last_status_code) == (DeliveryStatus.DELIVERED, 2, 204)


def _send_once(world, url, send=None):
    hook, _ = actions.do_create_webhook(
        organization_id=world.org.pk, project=world.project, name="Hook",
        url="https://hooks.example.com/in", events=["task"], acting_user=world.manager,
    )  # fmt: skip
    # The stored URL as a later change of DNS or an older row could leave it.
    type(hook).objects.filter(pk=hook.pk).update(url=url)
    sent = _test_delivery(world, hook)
    kwargs = {"send": send} if send else {}
    return delivery.attempt(sent.pk, **kwargs)


def test_loopback_is_refused_without_the_test_setting(world):
    with receiver([200]) as inbox:
        done = _send_once(world, inbox.url())
        assert inbox.received == []
    assert done.status == DeliveryStatus.FAILED
    assert done.attempts == 1  # refused targets are not retried
    assert "loopback" in done.last_error


@pytest.mark.parametrize(
    "url",
    ["http://10.1.2.3/hook", "http://192.168.0.10/hook", "http://169.254.169.254/latest",
     "http://[::1]:8080/hook", "http://[fe80::1]/hook", "http://0.0.0.0/"],
)  # fmt: skip
def test_private_and_link_local_targets_are_refused(world, url):
    done = _send_once(world, url)
    assert done.status == DeliveryStatus.FAILED
    assert done.last_error.startswith("Refused:")


def test_a_name_that_resolves_inside_is_refused(world):
    asked = []

    def resolve(host, port, **kwargs):
        asked.append(host)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.7", port))]

    done = _send_once(
        world,
        "http://hooks.example.com/in",
        send=lambda url, body, headers: post_json(url, body, headers, resolve=resolve),
    )
    assert asked == ["hooks.example.com"]
    assert done.status == DeliveryStatus.FAILED
    assert "10.0.0.7" in done.last_error


@override_settings(TANDEM_SAFE_FETCH_ALLOWED_NETWORKS=LOCAL)
def test_a_redirect_is_not_followed(world):
    with receiver([200]) as inside, receiver([302], location="") as outside:
        outside.location = inside.url("/admin")
        done = _send_once(world, outside.url())
        assert len(outside.received) == 1
        assert inside.received == []
    assert done.status == DeliveryStatus.RETRYING
    assert "do not follow redirects" in done.last_error
    assert "/admin" in done.last_error


@override_settings(TANDEM_SAFE_FETCH_ALLOWED_NETWORKS=LOCAL)
def test_a_redirect_to_the_metadata_address_is_not_followed(world):
    with receiver([307], location="http://169.254.169.254/latest/meta-data") as outside:
        done = _send_once(world, outside.url())
    assert done.status == DeliveryStatus.RETRYING
    assert "169.254.169.254" in done.last_error


@pytest.mark.parametrize(
    ("url", "fragment"),
    [("ftp://example.com/x", "Only http"), ("http://127.0.0.1:9000/x", "loopback"),
     ("http://user:pw@example.com/", "user name"), ("http://10.0.0.1/", "private")],
)  # fmt: skip
def test_a_hook_with_a_refused_url_is_not_created(world, url, fragment):
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationFailed) as caught:
        _hook(world, url)
    assert fragment in caught.value.fields["url"][0]
    assert AuditEvent.objects.count() == before


def test_unknown_event_kinds_are_refused(world):
    with pytest.raises(ValidationFailed) as caught:
        _hook(world, "https://hooks.example.com/in", events=["task", "payroll"])
    assert "payroll" in caught.value.fields["events"][0]
