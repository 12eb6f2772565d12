"""Webhooks through the API and the pages: the secret only in the answer that made it, bad
input refused with the field named and nothing changed, the delivery log."""

import pytest
from django.test import override_settings

from tandem.core.models import AuditEvent
from tandem.integrations.models import DeliveryStatus, Webhook, WebhookDelivery
from tandem.integrations.tests.receiver import receiver

pytestmark = pytest.mark.django_db

URL = "https://hooks.example.com/in"


def test_the_secret_is_in_the_create_and_rotate_answers_only(world, api_client):
    api = api_client.as_user(world.manager)
    made = api.post(
        f"/api/projects/{world.project.pk}/webhooks",
        {"name": "Chat", "url": URL, "events": ["task", "alert"]},
    )
    assert made.status_code == 201
    body = made.json()
    secret = body["secret"]
    assert secret.startswith("whsec_")
    assert Webhook.objects.get(pk=body["id"]).secret == secret
    read = api.get(f"/api/webhooks/{body['id']}")
    assert read.status_code == 200
    assert "secret" not in read.json()
    assert all("secret" not in h for h in api.get("/api/webhooks").json()["items"])

    rotated = api.post(f"/api/webhooks/{body['id']}/rotate-secret", {}, if_match=1)
    assert rotated.status_code == 200
    assert rotated.json()["secret"] not in ("", secret)
    assert Webhook.objects.get(pk=body["id"]).secret == rotated.json()["secret"]
    assert AuditEvent.objects.filter(action="webhook.secret_rotated").count() == 1


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"name": "x", "url": "http://169.254.169.254/", "events": ["task"]}, "url"),
        ({"name": "x", "url": "gopher://example.com/", "events": ["task"]}, "url"),
        ({"name": "x", "url": URL, "events": []}, "events"),
        ({"name": "x", "url": URL, "events": ["salaries"]}, "events"),
        ({"name": "  ", "url": URL, "events": ["task"]}, "name"),
        ({"name": "x", "url": URL, "events": ["task"], "secret": "mine"}, "secret"),
    ],
)
def test_bad_input_is_a_422_naming_the_field(world, api_client, payload, field):
    before = (Webhook.objects.count(), AuditEvent.objects.count())
    answer = api_client.as_user(world.manager).post(
        f"/api/projects/{world.project.pk}/webhooks", payload
    )
    assert answer.status_code == 422
    assert field in answer.json()["error"]["fields"]
    assert (Webhook.objects.count(), AuditEvent.objects.count()) == before


def test_pausing_through_the_api(world, api_client):
    api = api_client.as_user(world.manager)
    made = api.post(
        f"/api/projects/{world.project.pk}/webhooks", {"name": "C", "url": URL, "events": ["risk"]}
    ).json()
    paused = api.patch(f"/api/webhooks/{made['id']}", {"active": False}, if_match=1)
    assert paused.status_code == 200
    assert paused.json()["active"] is False
    stale = api.patch(f"/api/webhooks/{made['id']}", {"active": True}, if_match=1)
    assert stale.status_code == 412


@override_settings(TANDEM_SAFE_FETCH_ALLOWED_NETWORKS=["127.0.0.1/32"])
def test_the_pages_create_show_the_secret_once_send_a_test_and_log_it(
    world, client, django_capture_on_commit_callbacks
):
    client.force_login(world.manager)
    with receiver([200]) as inbox:
        page = client.post(
            f"/projects/{world.project.pk}/webhooks/",
            {"name": "Chat", "url": inbox.url(), "events": ["task", "milestone"]},
        )
        assert page.status_code == 201
        hook = Webhook.objects.get()
        assert hook.secret in page.content.decode()
        again = client.get(f"/webhooks/{hook.pk}/")
        assert hook.secret not in again.content.decode()

        with django_capture_on_commit_callbacks(execute=True):
            sent = client.post(f"/webhooks/{hook.pk}/test/")
        assert sent.status_code == 302
        assert len(inbox.received) == 1
    log = client.get(f"/webhooks/{hook.pk}/").content.decode()
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.DELIVERED
    assert "webhook.test" in log
    assert "Delivered" in log


def test_a_page_form_with_a_loopback_url_says_why(world, client):
    client.force_login(world.manager)
    page = client.post(
        f"/projects/{world.project.pk}/webhooks/",
        {"name": "Chat", "url": "http://127.0.0.1:8000/x", "events": ["task"]},
    )
    assert page.status_code == 422
    assert "loopback" in page.content.decode()
    assert not Webhook.objects.exists()


def test_the_organization_hooks_are_for_admins(world, api_client):
    answer = api_client.as_user(world.admin).post(
        "/api/webhooks", {"name": "All", "url": URL, "events": ["decision"]}
    )
    assert answer.status_code == 201
    assert answer.json()["project_id"] is None
    refused = api_client.as_user(world.manager).post(
        "/api/webhooks", {"name": "All", "url": URL, "events": ["decision"]}
    )
    assert refused.status_code == 403
    assert Webhook.objects.count() == 1
