"""The agenda builder offers what the project's state calls for (and only what the viewer may
see, only of the meeting's project), and writes the chosen items, in the chosen order, through
meetings' own agenda."""

import datetime as dt

import pytest

from tandem.coordination.agenda import agenda_candidates
from tandem.core.models import AuditEvent
from tandem.meetings import actions as meeting_actions
from tandem.meetings.models import ActionItemStatus, AgendaItem
from tandem.planning import actions as planning_actions
from tandem.planning.baseline_actions import do_save_baseline
from tandem.projects import actions as project_actions
from tandem.projects.models import Role
from tandem.risks import actions as risk_actions
from tandem.testing.factories import make_project
from tandem.testing.factories_meetings import make_action_item, make_meeting
from tandem.testing.factories_planning import make_link, make_task
from tandem.testing.factories_records import make_decision
from tandem.testing.factories_risks import make_issue, make_risk

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 1, 8)


@pytest.fixture
def state(world):
    """One of each kind of candidate, with things that must not be offered beside them."""
    p = world.project
    issues = {
        "low": make_issue(world, title="Typo on the site", severity="low"),
        "critical": make_issue(world, title="Build server down", severity="critical",
                               owner_id=world.member.pk),
        "closed": make_issue(world, title="Old outage", severity="critical"),
    }  # fmt: skip
    closed = issues["closed"]
    risk_actions.do_update_issue(
        closed, acting_user=world.manager, version=closed.version, changes={"status": "closed"}
    )
    risks = {
        "big": make_risk(world, title="Vendor late", probability=4, impact=5,
                         owner_id=world.coordinator.pk),
        "small": make_risk(world, title="Rain", probability=2, impact=3),
    }  # fmt: skip
    design = make_task(p, "Design", estimate=5)
    gate = make_task(p, "Design approved", is_milestone=True)
    make_link(design, gate)
    do_save_baseline(p, acting_user=world.manager, name="Signed-off plan")
    planning_actions.do_update_task(
        design, acting_user=world.manager, version=design.version, changes={"estimate": 8}
    )
    late = make_task(p, "Write tests", estimate=10, deadline=dt.date(2026, 1, 9))
    make_task(p, "On time", estimate=5, deadline=dt.date(2026, 6, 1))
    meeting = make_meeting(world)
    overdue = make_action_item(
        world, meeting, description="Send the minutes", due_date=dt.date(2026, 1, 6)
    )
    make_action_item(world, meeting, description="Book a room", due_date=dt.date(2026, 1, 20))
    done = make_action_item(
        world, meeting, description="Already done", due_date=dt.date(2026, 1, 2)
    )
    meeting_actions.do_update_action_item(
        done,
        acting_user=world.coordinator,
        version=done.version,
        changes={"status": ActionItemStatus.DONE},
    )
    pending = make_decision(world, title="Which database?", status="proposed")
    make_decision(world, title="Use Python", status="accepted")
    return {"issues": issues, "risks": risks, "gate": gate, "late": late, "overdue": overdue,
            "pending": pending, "meeting": meeting}  # fmt: skip


def test_candidates_are_what_the_project_state_calls_for(world, state):
    found = agenda_candidates(world.coordinator, state["meeting"], today=TODAY)
    issues, risks = state["issues"], state["risks"]
    assert [(c.key, c.title) for c in found] == [
        (f"issue:{issues['critical'].pk}", "Issue (critical): Build server down"),
        (f"issue:{issues['low'].pk}", "Issue (low): Typo on the site"),
        (f"risk:{risks['big'].pk}", "Risk (score 20): Vendor late"),
        (
            f"milestone:{state['gate'].pk}",
            "Milestone slipping (+3 working days): 2 Design approved",
        ),
        (f"action:{state['overdue'].pk}", "Overdue action: Send the minutes"),
        (f"decision:{state['pending'].pk}", "Decision needed: Which database?"),
        (f"task:{state['late'].pk}", "Late: 3 Write tests"),
    ]
    by_key = {c.key: c for c in found}
    assert by_key[f"issue:{issues['critical'].pk}"].presenter_id == world.member.pk
    assert by_key[f"risk:{risks['big'].pk}"].presenter_id == world.coordinator.pk
    assert by_key[f"action:{state['overdue'].pk}"].detail == (
        "Due 6 Jan 2026 (2 days ago); owner member; from “Weekly sync”"
    )
    assert by_key[f"task:{state['late'].pk}"].detail == (
        "Finishes 16 Jan 2026, after its deadline 9 Jan 2026"
    )


def test_a_lower_risk_score_offers_more_risks(world, state):
    found = agenda_candidates(world.coordinator, state["meeting"], risk_score_at_least=6,
                              today=TODAY)  # fmt: skip
    assert [c.title for c in found if c.kind == "risk"] == [
        "Risk (score 20): Vendor late",
        "Risk (score 6): Rain",
    ]


def test_candidates_come_from_the_meetings_project_only(world, state):
    # another project of the organization, where the coordinator also works, has its own issue
    other = make_project(world.admin, manager=world.manager, code="OTHER")
    project_actions.do_add_member(other, acting_user=world.manager, user=world.coordinator,
                                  role=Role.COORDINATOR)  # fmt: skip
    risk_actions.do_raise_issue(
        other, acting_user=world.manager, title="Elsewhere", severity="critical"
    )
    titles = [c.title for c in agenda_candidates(world.coordinator, state["meeting"], today=TODAY)]
    assert not [t for t in titles if "Elsewhere" in t]


def test_a_viewer_without_the_project_sees_no_candidates(world, state):
    # the policies filter every list: someone outside the project is offered nothing at all
    assert agenda_candidates(world.outsider, state["meeting"], today=TODAY) == []
    assert agenda_candidates(world.stakeholder, state["meeting"], today=TODAY) == []


def test_the_api_lists_candidates_for_leads_only(world, api_client, state):
    meeting = state["meeting"]
    url = f"/api/meetings/{meeting.pk}/agenda-candidates?risk_score=20"
    resp = api_client.as_user(world.coordinator).get(url)
    assert resp.status_code == 200
    kinds = [c["kind"] for c in resp.json()]
    assert kinds.count("issue") == 2
    assert kinds.count("risk") == 1
    assert api_client.as_user(world.member).get(url).status_code == 403
    assert api_client.as_user(world.stakeholder).get(url).status_code == 404
    bad = api_client.as_user(world.coordinator).get(
        f"/api/meetings/{meeting.pk}/agenda-candidates?risk_score=30"
    )
    assert bad.status_code == 422


def test_building_appends_the_chosen_items_in_the_chosen_order(world, api_client, state):
    meeting = state["meeting"]
    issue, risk = state["issues"]["critical"], state["risks"]["big"]
    resp = api_client.as_user(world.coordinator).post(
        f"/api/meetings/{meeting.pk}/agenda-from-candidates",
        {"items": [f"risk:{risk.pk}", f"issue:{issue.pk}", f"risk:{risk.pk}"]},
    )
    assert resp.status_code == 201, resp.content
    items = list(AgendaItem.objects.filter(meeting=meeting).order_by("position"))
    assert [(a.title, a.presenter_id, a.duration_minutes) for a in items] == [
        ("Risk (score 20): Vendor late", world.coordinator.pk, 10),
        ("Issue (critical): Build server down", world.member.pk, 10),
    ]
    assert items[1].notes.endswith(f"/issues/{issue.pk}/")
    assert AuditEvent.objects.filter(action="agenda_item.created").count() == 2


def test_an_unknown_or_hidden_item_is_a_422_and_nothing_is_added(world, api_client, state):
    meeting = state["meeting"]
    closed = state["issues"]["closed"]
    issue = state["issues"]["low"]
    resp = api_client.as_user(world.coordinator).post(
        f"/api/meetings/{meeting.pk}/agenda-from-candidates",
        {"items": [f"issue:{issue.pk}", f"issue:{closed.pk}"]},
    )
    assert resp.status_code == 422
    assert resp.json()["error"]["fields"] == {
        "items": [f"Not among this meeting's candidates: issue:{closed.pk}."]
    }
    assert AgendaItem.objects.filter(meeting=meeting).count() == 0


def test_the_builder_page_adds_with_htmx_and_shows_what_it_added(world, client, state):
    meeting = state["meeting"]
    client.force_login(world.coordinator)
    page = client.get(f"/meetings/{meeting.pk}/agenda/build/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Issue (critical): Build server down" in html
    assert "agenda-builder.js" in html
    assert "<script>" not in html
    issue = state["issues"]["critical"]
    resp = client.post(
        f"/meetings/{meeting.pk}/agenda/build/",
        {"item": [f"issue:{issue.pk}"], "risk_score": "12"},
        headers={"HX-Request": "true"},
    )
    assert resp.status_code == 200
    body = resp.content.decode()
    assert "Added 1 item to the agenda: Issue (critical): Build server down" in body
    assert "(already on the agenda)" in body
    assert AgendaItem.objects.get(meeting=meeting).title == "Issue (critical): Build server down"


def test_the_builder_page_says_when_nothing_was_ticked(world, client, state):
    client.force_login(world.coordinator)
    resp = client.post(f"/meetings/{state['meeting'].pk}/agenda/build/", {"risk_score": "12"})
    assert resp.status_code == 422
    assert "Pick at least one item for the agenda." in resp.content.decode()
