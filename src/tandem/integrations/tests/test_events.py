"""Audit events become deliveries for the hooks that watch their kind, once each, and only
those the hook's owner may see; payloads name fields, not their values."""

import pytest

from tandem.integrations import actions, delivery
from tandem.integrations.models import Webhook, WebhookDelivery
from tandem.testing.factories import make_project, make_user
from tandem.testing.factories_planning import make_task
from tandem.testing.factories_risks import make_issue, make_risk

pytestmark = pytest.mark.django_db

URL = "https://hooks.example.com/in"


def _hook(world, events, *, project=None, by=None):
    hook, _ = actions.do_create_webhook(
        organization_id=world.org.pk,
        project=world.project if project is None else project,
        name="Feed",
        url=URL,
        events=events,
        acting_user=by or world.manager,
    )
    return hook


def test_new_events_of_the_watched_kinds_become_deliveries_once(world):
    make_task(world.project, "Before the hook")
    hook = _hook(world, ["task", "milestone", "risk"])
    task = make_task(world.project, "Wiring")
    make_task(world.project, "Go-live", is_milestone=True)
    make_risk(world, title="Vendor late")
    make_issue(world)  # issues are not watched

    assert delivery.collect_events() == 3
    assert delivery.collect_events() == 0  # the cursor moved on
    rows = list(WebhookDelivery.objects.filter(webhook=hook).order_by("pk"))
    assert [(r.event, r.kind) for r in rows] == [
        ("task.created", "task"),
        ("task.created", "milestone"),
        ("risk.created", "risk"),
    ]
    payload = rows[0].payload
    assert payload["object"] == {"type": "task", "id": str(task.pk), "name": "Wiring"}
    assert payload["project"] == {"id": world.project.pk, "code": "ACME", "name": "Acme launch"}
    assert payload["actor"] == "manager"
    assert "name" in payload["changed_fields"]
    # Field names, never values.
    assert "Wiring" not in str(payload["changed_fields"])
    assert "changes" not in payload


def test_a_project_hook_hears_only_of_its_project(world):
    other = make_project(world.admin, manager=world.manager, code="SIDE", name="Side")
    hook = _hook(world, ["task"])
    make_task(other, "Elsewhere")
    make_task(world.project, "Here")
    delivery.collect_events()
    names = [d.payload["object"]["name"] for d in WebhookDelivery.objects.filter(webhook=hook)]
    assert len(names) == 1
    assert names[0].endswith("Here")


def test_an_owner_hears_only_of_what_they_may_see(world):
    # A hook whose owner is (now) a stakeholder: milestones yes, tasks and risks no.
    hook = _hook(world, ["task", "milestone", "risk"])
    Webhook.objects.filter(pk=hook.pk).update(owner=world.stakeholder)
    make_task(world.project, "Wiring")
    make_task(world.project, "Go-live", is_milestone=True)
    make_risk(world)
    delivery.collect_events()
    assert list(WebhookDelivery.objects.values_list("kind", flat=True)) == ["milestone"]


def test_an_organization_hook_hears_of_the_owners_projects_only(world):
    admin = world.admin
    hidden = make_project(admin, manager=world.manager, code="HID", name="Hidden")
    # The admin manages ACME's hooks as admin but is not on HID's team.
    hidden.memberships.filter(user=admin).delete()
    hook, _ = actions.do_create_webhook(
        organization_id=world.org.pk, project=None, name="All", url=URL, events=["task"],
        acting_user=admin,
    )  # fmt: skip
    make_task(world.project, "Seen")
    make_task(hidden, "Unseen")
    delivery.collect_events()
    names = [d.payload["object"]["name"] for d in WebhookDelivery.objects.filter(webhook=hook)]
    seen = world.project.memberships.filter(user=admin).exists()
    assert [n.endswith("Seen") for n in names] == ([True] if seen else [])
    assert not any("Unseen" in n for n in names)


def test_a_paused_hook_collects_nothing_and_resumes_from_now(world):
    hook = _hook(world, ["task"])
    hook = actions.do_update_webhook(
        hook, version=hook.version, changes={"active": False}, acting_user=world.manager
    )
    make_task(world.project, "While paused")
    assert delivery.collect_events() == 0
    actions.do_update_webhook(
        hook, version=hook.version, changes={"active": True}, acting_user=world.manager
    )
    make_task(world.project, "After")
    assert delivery.collect_events() == 1
    assert WebhookDelivery.objects.get().payload["object"]["name"].endswith("After")


def test_an_inactive_owner_stops_the_hook_hearing(world):
    hook = _hook(world, ["task"])
    user = make_user(world.org, "gone")
    Webhook.objects.filter(pk=hook.pk).update(owner=user)
    user.is_active = False
    user.save()
    make_task(world.project, "Wiring")
    assert delivery.collect_events() == 0
