"""The RACI matrix: one row per item, exactly one Accountable (a clear 422 otherwise, nothing
changed), people who can see the item, an htmx row editor, a CSV with formulas neutralised, and
the Informed told of status changes."""

import csv
import io

import pytest

from tandem.comms.models import Notification
from tandem.coordination.models import RaciAssignment
from tandem.core.models import AuditEvent
from tandem.planning import actions as planning_actions
from tandem.records import actions as records_actions
from tandem.testing.factories_planning import make_task
from tandem.testing.factories_records import make_decision, make_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(world):
    phase = make_task(world.project, "Phase 1")
    task = make_task(world.project, "Write the spec", parent=phase, estimate=2)
    return phase, task


def _put(api_client, user, world, kind, item_id, cells):
    return api_client.as_user(user).put(
        f"/api/projects/{world.project.pk}/raci/{kind}/{item_id}",
        {"roles": [{"person_id": p.pk, "role": r} for p, r in cells]},
    )


def _roles(task):
    rows = RaciAssignment.objects.filter(task=task).order_by("person__username")
    return [(a.person.username, a.role) for a in rows]


def test_a_row_with_one_accountable_is_saved_and_listed(world, api_client, plan):
    phase, task = plan
    cells = [(world.manager, "A"), (world.member, "R"), (world.coordinator, "I")]
    resp = _put(api_client, world.coordinator, world, "task", task.pk, cells)
    assert resp.status_code == 200, resp.content
    assert resp.json()["roles"] == {
        str(world.manager.pk): "A",
        str(world.member.pk): "R",
        str(world.coordinator.pk): "I",
    }
    assert resp.json()["complete"] is True
    matrix = api_client.as_user(world.member).get(f"/api/projects/{world.project.pk}/raci")
    assert matrix.status_code == 200
    rows = [(r["kind"], r["label"], r["roles"]) for r in matrix.json()["rows"]]
    # the summary task is a deliverable row even without roles
    assert rows == [
        ("task", "1 Phase 1", {}),
        ("task", "1.1 Write the spec", resp.json()["roles"]),
    ]
    assert AuditEvent.objects.filter(action="raci.assigned").count() == 3


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        (
            [("manager", "A"), ("coordinator", "A")],
            "Exactly one person is Accountable for “1.1 Write the spec”: 2 given "
            "(coordinator, manager).",
        ),
        (
            [("member", "R"), ("coordinator", "C")],
            "Exactly one person is Accountable for “1.1 Write the spec”: 0 given.",
        ),
    ],
)
def test_not_exactly_one_accountable_is_a_clear_422_and_nothing_changes(
    world, api_client, plan, cells, message
):
    _, task = plan
    first = _put(api_client, world.manager, world, "task", task.pk, [(world.member, "A")])
    assert first.status_code == 200
    events = AuditEvent.objects.count()
    resp = _put(
        api_client, world.manager, world, "task", task.pk,
        [(getattr(world, who), role) for who, role in cells],
    )  # fmt: skip
    assert resp.status_code == 422
    assert resp.json()["error"] == {
        "code": "validation_failed",
        "message": message,
        "fields": {"roles": [message]},
    }
    assert _roles(task) == [("member", "A")]
    assert AuditEvent.objects.count() == events


def test_the_accountable_moves_to_someone_else_in_one_change(world, api_client, plan):
    _, task = plan
    _put(api_client, world.manager, world, "task", task.pk,
         [(world.member, "A"), (world.coordinator, "R")])  # fmt: skip
    resp = _put(api_client, world.manager, world, "task", task.pk,
                [(world.member, "R"), (world.coordinator, "A")])  # fmt: skip
    assert resp.status_code == 200, resp.content
    assert _roles(task) == [("coordinator", "A"), ("member", "R")]
    # an empty row clears the item
    assert _put(api_client, world.manager, world, "task", task.pk, []).status_code == 200
    assert _roles(task) == []


def test_people_must_be_on_the_team_see_the_item_and_appear_once(world, api_client, plan):
    _, task = plan
    url = f"/api/projects/{world.project.pk}/raci/task/{task.pk}"
    client = api_client.as_user(world.manager)
    blind = client.put(url, {"roles": [{"person_id": world.stakeholder.pk, "role": "A"}]})
    assert blind.status_code == 422
    assert blind.json()["error"]["message"] == (
        "stakeholder cannot see “1.1 Write the spec”, so cannot hold a role on it."
    )
    outsider = client.put(url, {"roles": [{"person_id": world.outsider.pk, "role": "A"}]})
    assert outsider.status_code == 422
    twice = client.put(
        url,
        {"roles": [{"person_id": world.member.pk, "role": "A"},
                   {"person_id": world.member.pk, "role": "R"}]},
    )  # fmt: skip
    assert twice.json()["error"]["message"] == "Name each person once per item."
    odd = client.put(url, {"roles": [{"person_id": world.member.pk, "role": "X"}]})
    assert odd.status_code == 422
    assert RaciAssignment.objects.count() == 0


def test_members_read_but_do_not_edit(world, api_client, plan):
    _, task = plan
    resp = _put(api_client, world.member, world, "task", task.pk, [(world.member, "A")])
    assert resp.status_code == 403
    assert RaciAssignment.objects.count() == 0


def test_documents_and_decisions_have_rows_too(world, api_client):
    document = make_document(world, title="Architecture")
    decision = make_decision(world, title="Which cloud?")
    assert _put(api_client, world.manager, world, "document", document.pk,
                [(world.coordinator, "A")]).status_code == 200  # fmt: skip
    assert _put(api_client, world.manager, world, "decision", decision.pk,
                [(world.manager, "A"), (world.member, "I")]).status_code == 200  # fmt: skip
    rows = api_client.as_user(world.member).get(f"/api/projects/{world.project.pk}/raci").json()
    assert [(r["kind"], r["label"]) for r in rows["rows"]] == [
        ("document", "Architecture"),
        ("decision", "Which cloud?"),
    ]
    unknown = _put(api_client, world.manager, world, "budget", decision.pk, [])
    assert unknown.status_code == 404


def test_the_matrix_page_edits_a_row_with_htmx(world, client, plan):
    _, task = plan
    client.force_login(world.coordinator)
    # a leaf task without roles is not a row until the coordinator adds it
    page = client.get(f"/projects/{world.project.pk}/raci/")
    assert f'id="raci-row-task-{task.pk}"' not in page.content.decode()
    assert f'<option value="task:{task.pk}">Task: 1.1 Write the spec</option>' in (
        page.content.decode()
    )
    page = client.get(f"/projects/{world.project.pk}/raci/?add=task:{task.pk}")
    assert page.status_code == 200
    html = page.content.decode()
    assert f'id="raci-row-task-{task.pk}"' in html
    assert f'name="role-{world.member.pk}" form="raci-form-task-{task.pk}"' in html
    url = f"/projects/{world.project.pk}/raci/task/{task.pk}/"
    bad = client.post(url, {f"role-{world.member.pk}": "R"}, headers={"HX-Request": "true"})
    assert bad.status_code == 422
    body = bad.content.decode()
    assert "Exactly one person is Accountable for “1.1 Write the spec”: 0 given." in body
    # the row comes back as sent, so the coordinator only adds the Accountable
    assert '<option value="R" selected>' in body
    ok = client.post(
        url,
        {f"role-{world.member.pk}": "R", f"role-{world.manager.pk}": "A"},
        headers={"HX-Request": "true"},
    )
    assert ok.status_code == 200
    assert f'id="raci-saved-task-{task.pk}"' in ok.content.decode()
    assert _roles(task) == [("manager", "A"), ("member", "R")]


def test_the_matrix_page_is_read_only_for_members(world, client, plan):
    client.force_login(world.member)
    html = client.get(f"/projects/{world.project.pk}/raci/").content.decode()
    assert "<select" not in html
    assert "Download CSV" in html


def test_the_csv_names_people_and_neutralises_formulas(world, client, api_client):
    task = make_task(world.project, '=HYPERLINK("http://evil")', estimate=1)
    _put(api_client, world.manager, world, "task", task.pk,
         [(world.manager, "A"), (world.member, "R")])  # fmt: skip
    client.force_login(world.member)
    resp = client.get(f"/projects/{world.project.pk}/raci.csv")
    assert resp.status_code == 200
    assert resp["Content-Disposition"] == 'attachment; filename="ACME-raci.csv"'
    rows = list(csv.reader(io.StringIO(resp.content.decode())))
    assert rows[0] == ["Kind", "Item", "coordinator", "manager", "member", "stakeholder"]
    assert rows[1] == ["Task", '1 =HYPERLINK("http://evil")', "", "A", "R", ""]


def test_the_csv_neutralises_an_item_starting_like_a_formula(world, client, api_client):
    decision = make_decision(world, title="=1+2")
    _put(api_client, world.manager, world, "decision", decision.pk, [(world.manager, "A")])
    client.force_login(world.member)
    rows = list(csv.reader(io.StringIO(client.get(f"/projects/{world.project.pk}/raci.csv")
                                       .content.decode())))  # fmt: skip
    assert rows[1][:2] == ["Decision", "'=1+2"]


def test_informed_people_hear_of_task_status_changes(
    world, api_client, plan, django_capture_on_commit_callbacks
):
    _, task = plan
    _put(api_client, world.manager, world, "task", task.pk,
         [(world.manager, "A"), (world.member, "I"), (world.coordinator, "I")])  # fmt: skip
    task.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        planning_actions.do_update_task(
            task, acting_user=world.coordinator, version=task.version,
            changes={"status": "in_progress"},
        )  # fmt: skip
    notes = list(Notification.objects.filter(kind="raci.status_changed"))
    # the coordinator changed it herself; the manager is Accountable, not Informed
    assert [(n.recipient, n.subject) for n in notes] == [
        (world.member, "1.1 Write the spec: Not started → In progress")
    ]
    assert notes[0].url == f"/tasks/{task.pk}/"
    # a change that leaves the status alone tells nobody
    task.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        planning_actions.do_update_task(
            task, acting_user=world.coordinator, version=task.version, changes={"name": "Spec"}
        )
    assert Notification.objects.filter(kind="raci.status_changed").count() == 1


def test_informed_people_hear_of_decision_status_changes(
    world, api_client, django_capture_on_commit_callbacks
):
    decision = make_decision(world, title="Which cloud?", status="proposed")
    _put(api_client, world.manager, world, "decision", decision.pk,
         [(world.manager, "A"), (world.member, "I")])  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        records_actions.do_update_decision(
            decision, acting_user=world.manager, version=decision.version,
            changes={"status": "accepted"},
        )  # fmt: skip
    note = Notification.objects.get(kind="raci.status_changed")
    assert (note.recipient, note.subject) == (world.member, "Which cloud?: Proposed → Accepted")
