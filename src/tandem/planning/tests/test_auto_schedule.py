"""Automatic scheduling: every change that can move dates reschedules the plan at once.

The project starts Monday 2026-01-05 on the default calendar (Monday-Friday, 8 hours a day).
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client

from tandem.core.models import AuditEvent
from tandem.planning.actions import do_update_task
from tandem.planning.models import Dependency, PlanSettings, Task
from tandem.testing.factories_planning import make_link, make_task

D = dt.date


def _moved(task, start, finish, previous, version, name=None):
    return {
        "id": task.pk,
        "name": name or task.name,
        "wbs_code": task.wbs_code,
        "start": start,
        "finish": finish,
        "previous_start": previous[0],
        "previous_finish": previous[1],
        "version": version,
    }


@pytest.fixture
def chain(world):
    """A (2 days) then B (3 days): A Mon 5 - Tue 6, B Wed 7 - Fri 9."""
    a = make_task(world.project, "A", estimate=2)
    b = make_task(world.project, "B", estimate=3)
    make_link(a, b)
    a.refresh_from_db()
    b.refresh_from_db()
    return a, b


def test_new_tasks_and_links_get_their_dates_at_once(world, chain):
    a, b = chain
    assert (a.start_date, a.finish_date, a.version) == (D(2026, 1, 5), D(2026, 1, 6), 1)
    # Created on Monday (version 1, dates set with it), moved by the link (version 2).
    assert (b.start_date, b.finish_date, b.version) == (D(2026, 1, 7), D(2026, 1, 9), 2)


def test_typed_start_becomes_start_no_earlier_than(world, api_client, chain):
    a, b = chain
    response = api_client.as_user(world.manager).patch(
        f"/api/tasks/{b.pk}", {"start_date": "2026-01-12"}, if_match=b.version
    )
    assert response.status_code == 200
    body = response.json()
    assert body["notices"] == [
        "Start set: the task now has the constraint Start no earlier than 12 Jan 2026."
    ]
    assert (body["constraint_type"], body["constraint_date"]) == ("SNET", "2026-01-12")
    assert (body["start_date"], body["finish_date"], body["version"]) == (
        "2026-01-12",
        "2026-01-14",
        3,
    )
    assert response.headers["ETag"] == '"3"'
    assert body["rescheduled"] == [
        _moved(b, "2026-01-12", "2026-01-14", ("2026-01-07", "2026-01-09"), 3)
    ]
    assert body["warnings"] == []


def test_typed_finish_becomes_finish_no_earlier_than(world, api_client, chain):
    a, b = chain
    response = api_client.as_user(world.manager).patch(
        f"/api/tasks/{a.pk}", {"finish_date": "2026-01-09"}, if_match=a.version
    )
    assert response.status_code == 200
    body = response.json()
    assert body["notices"] == [
        "Finish set: the task now has the constraint Finish no earlier than 9 Jan 2026."
    ]
    assert (body["constraint_type"], body["constraint_date"]) == ("FNET", "2026-01-09")
    assert body["rescheduled"] == [
        _moved(a, "2026-01-08", "2026-01-09", ("2026-01-05", "2026-01-06"), 2),
        _moved(b, "2026-01-12", "2026-01-14", ("2026-01-07", "2026-01-09"), 3),
    ]


def test_typed_start_and_finish_set_the_duration(world, api_client, chain):
    a, b = chain
    response = api_client.as_user(world.manager).patch(
        f"/api/tasks/{a.pk}",
        {"start_date": "2026-01-12", "finish_date": "2026-01-16"},
        if_match=a.version,
    )
    body = response.json()
    assert body["notices"] == [
        "Start and finish set: the task now has the constraint Start no earlier than 12 Jan 2026.",
        "Its estimate is now 5 days, from the dates typed.",
    ]
    assert (body["estimate"], body["start_date"], body["finish_date"]) == (
        "5.00",
        "2026-01-12",
        "2026-01-16",
    )
    assert [m["id"] for m in body["rescheduled"]] == [a.pk, b.pk]
    assert body["rescheduled"][1]["start"] == "2026-01-19"


def test_an_explicit_constraint_wins_and_a_date_not_kept_is_told(world, api_client, chain):
    a, b = chain
    response = api_client.as_user(world.manager).patch(
        f"/api/tasks/{b.pk}",
        {"start_date": "2026-01-12", "constraint_type": "MSO", "constraint_date": "2026-01-13"},
        if_match=b.version,
    )
    body = response.json()
    assert (body["constraint_type"], body["constraint_date"]) == ("MSO", "2026-01-13")
    assert (body["start_date"], body["finish_date"]) == ("2026-01-13", "2026-01-15")
    assert body["notices"] == [
        "The start typed, 12 Jan 2026, is not the scheduled start: its links, constraint or "
        "duration put it on 13 Jan 2026."
    ]


def test_a_start_before_the_predecessors_allow_is_told(world, api_client, chain):
    a, b = chain
    response = api_client.as_user(world.manager).patch(
        f"/api/tasks/{b.pk}", {"start_date": "2026-01-05"}, if_match=b.version
    )
    body = response.json()
    assert body["start_date"] == "2026-01-07"
    assert body["notices"] == [
        "Start set: the task now has the constraint Start no earlier than 5 Jan 2026.",
        "The start typed, 5 Jan 2026, is not the scheduled start: its links, constraint or "
        "duration put it on 7 Jan 2026.",
    ]
    # Its dates end where they were: nothing moved.
    assert body["rescheduled"] == []
    assert Task.objects.get(pk=b.pk).version == 3


def test_a_start_constraint_set_on_the_page_reschedules_and_the_page_says_so(world, chain):
    """On the task page an automatically scheduled task takes its start through the "Dates and
    constraints" section (typed start and finish show for manually scheduled tasks only)."""
    a, b = chain
    client = Client()
    client.force_login(world.coordinator)
    form = {
        "version": str(b.version),
        "section": "dates",
        "manually_scheduled": "",
        "constraint_type": "SNET",
        "constraint_date": "2026-01-12",
        "deadline": "",
    }
    response = client.post(f"/tasks/{b.pk}/", form, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Rescheduled 1 task: 2 B." in page
    b.refresh_from_db()
    assert (b.constraint_type, b.constraint_date) == ("SNET", D(2026, 1, 12))
    assert (b.start_date, b.finish_date) == (D(2026, 1, 12), D(2026, 1, 14))


def test_manually_scheduled_task_keeps_its_dates_and_drives_its_successors(
    world, api_client, chain
):
    a, b = chain
    response = api_client.as_user(world.manager).patch(
        f"/api/tasks/{a.pk}",
        {"manually_scheduled": True, "start_date": "2026-01-13", "finish_date": "2026-01-15"},
        if_match=a.version,
    )
    body = response.json()
    assert body["notices"] == []
    assert (body["constraint_type"], body["start_date"], body["finish_date"]) == (
        "ASAP",
        "2026-01-13",
        "2026-01-15",
    )
    assert body["rescheduled"] == [
        _moved(b, "2026-01-16", "2026-01-20", ("2026-01-07", "2026-01-09"), 3)
    ]
    # A longer estimate moves nothing: the manual task keeps the span typed.
    a.refresh_from_db()
    do_update_task(a, acting_user=world.manager, version=a.version, changes={"estimate": 9})
    a.refresh_from_db()
    assert (a.start_date, a.finish_date) == (D(2026, 1, 13), D(2026, 1, 15))
    assert Task.objects.get(pk=b.pk).start_date == D(2026, 1, 16)


def test_every_date_moving_api_change_returns_the_rescheduled_tasks(world, api_client, chain):
    a, b = chain
    c = make_task(world.project, "C", estimate=1)
    client = api_client.as_user(world.manager)
    # A duration: B follows A's new finish.
    grown = client.patch(f"/api/tasks/{a.pk}", {"estimate": "4"}, if_match=a.version).json()
    assert grown["rescheduled"] == [
        _moved(a, "2026-01-05", "2026-01-08", ("2026-01-05", "2026-01-06"), 2),
        _moved(b, "2026-01-09", "2026-01-13", ("2026-01-07", "2026-01-09"), 3),
    ]
    # A link added: C after B.
    added = client.post(
        f"/api/projects/{world.project.pk}/dependencies",
        {"predecessor_id": b.pk, "successor_id": c.pk},
    )
    assert added.status_code == 201
    assert added.json()["rescheduled"] == [
        _moved(c, "2026-01-14", "2026-01-14", ("2026-01-05", "2026-01-05"), 2)
    ]
    link = Dependency.objects.get(predecessor=b, successor=c)
    # Its lag changed: two working days later.
    lagged = client.patch(f"/api/dependencies/{link.pk}", {"lag": "2"}, if_match=1)
    assert lagged.status_code == 200
    assert lagged.json()["rescheduled"] == [
        _moved(c, "2026-01-16", "2026-01-16", ("2026-01-14", "2026-01-14"), 3)
    ]
    # Removed: C back to the project start.
    removed = client.delete(f"/api/dependencies/{link.pk}", if_match=2)
    assert removed.status_code == 200
    assert removed.json() == {
        "rescheduled": [_moved(c, "2026-01-05", "2026-01-05", ("2026-01-16", "2026-01-16"), 4)]
    }
    # The status date: work not done starts after it.
    settings = client.patch(
        f"/api/projects/{world.project.pk}/plan-settings", {"status_date": "2026-01-06"}, if_match=1
    )
    assert settings.status_code == 200
    assert settings.json()["rescheduled"] == [
        _moved(a, "2026-01-07", "2026-01-12", ("2026-01-05", "2026-01-08"), 3),
        _moved(b, "2026-01-13", "2026-01-15", ("2026-01-09", "2026-01-13"), 4),
        _moved(c, "2026-01-07", "2026-01-07", ("2026-01-05", "2026-01-05"), 5),
    ]
    for moved in settings.json()["rescheduled"]:
        task = Task.objects.get(pk=moved["id"])
        assert (str(task.start_date), str(task.finish_date), task.version) == (
            moved["start"],
            moved["finish"],
            moved["version"],
        )


def test_one_audit_entry_names_the_person_and_every_moved_task(world, chain):
    a, b = chain
    c = make_task(world.project, "C", estimate=1)
    make_link(b, c)
    before = AuditEvent.objects.count()
    a.refresh_from_db()
    do_update_task(a, acting_user=world.coordinator, version=a.version, changes={"estimate": 3})
    events = list(AuditEvent.objects.order_by("id")[before:])
    assert [(e.action, e.actor, e.object_id) for e in events] == [
        ("task.updated", world.coordinator, str(a.pk)),
        ("plan.rescheduled", world.coordinator, str(world.project.pk)),
    ]
    assert events[1].project_id == world.project.pk
    assert events[1].changes == {
        f"1 A #{a.pk}": [["2026-01-05", "2026-01-06"], ["2026-01-05", "2026-01-07"]],
        f"2 B #{b.pk}": [["2026-01-07", "2026-01-09"], ["2026-01-08", "2026-01-12"]],
        f"3 C #{c.pk}": [["2026-01-12", "2026-01-12"], ["2026-01-13", "2026-01-13"]],
    }


def test_member_progress_reschedules_on_their_behalf(world, api_client, chain):
    a, b = chain
    a = make_task(world.project, "Mine", estimate=2, assignee_ids=[world.member.pk])
    make_link(a, b)
    a.refresh_from_db()
    response = api_client.as_user(world.member).patch(
        f"/api/tasks/{a.pk}",
        {"actual_start": "2026-01-07", "status": "in_progress"},
        if_match=a.version,
    )
    assert response.status_code == 200
    assert [m["id"] for m in response.json()["rescheduled"]] == [b.pk, a.pk]
    event = AuditEvent.objects.filter(action="plan.rescheduled").latest("id")
    assert event.actor == world.member


def test_a_cycle_is_refused_and_nothing_changes(world, api_client, chain):
    a, b = chain
    versions = dict(Task.objects.values_list("id", "version"))
    events = AuditEvent.objects.count()
    response = api_client.as_user(world.manager).post(
        f"/api/projects/{world.project.pk}/dependencies",
        {"predecessor_id": b.pk, "successor_id": a.pk},
    )
    assert response.status_code == 422
    assert response.json()["error"]["message"] == (
        "This dependency would create a cycle: 2 B -> 1 A -> 2 B"
    )
    assert Dependency.objects.count() == 1
    assert dict(Task.objects.values_list("id", "version")) == versions
    assert AuditEvent.objects.count() == events


def test_name_only_change_does_not_reschedule(world, chain):
    a, b = chain
    before = AuditEvent.objects.count()
    do_update_task(a, acting_user=world.manager, version=a.version, changes={"name": "Design"})
    assert list(AuditEvent.objects.order_by("id")[before:].values_list("action", flat=True)) == [
        "task.updated"
    ]


# --- manual mode -----------------------------------------------------------------------------


@pytest.fixture
def manual(world):
    return PlanSettings.objects.create(project=world.project, auto_schedule=False)


def test_manual_mode_changes_nothing_until_applied(world, api_client, manual):
    a = make_task(world.project, "A", estimate=2)
    b = make_task(world.project, "B", estimate=3)
    make_link(a, b)
    assert list(Task.objects.values_list("start_date", "finish_date", "version")) == [
        (None, None, 1),
        (None, None, 1),
    ]
    client = api_client.as_user(world.manager)
    typed = client.patch(f"/api/tasks/{b.pk}", {"start_date": "2026-01-12"}, if_match=1).json()
    assert (typed["constraint_type"], typed["start_date"], typed["notices"]) == (
        "ASAP",
        "2026-01-12",
        [],
    )
    assert typed["rescheduled"] == []
    preview = client.get(f"/api/projects/{world.project.pk}/schedule/preview").json()
    assert preview == {
        "auto_schedule": False,
        "changes": [
            _moved(a, "2026-01-05", "2026-01-06", (None, None), 2),
            _moved(b, "2026-01-07", "2026-01-09", ("2026-01-12", None), 3),
        ],
    }
    applied = client.post(f"/api/projects/{world.project.pk}/schedule/apply")
    assert applied.json()["changed"] == 2
    stored = {t.pk: (str(t.start_date), str(t.finish_date), t.version) for t in Task.objects.all()}
    assert stored == {m["id"]: (m["start"], m["finish"], m["version"]) for m in preview["changes"]}
    again = client.get(f"/api/projects/{world.project.pk}/schedule/preview").json()
    assert again["changes"] == []


def test_schedule_page_lists_what_apply_changes_before_applying(world, manual):
    make_task(world.project, "Design", estimate=2)
    client = Client()
    client.force_login(world.manager)
    page = client.get(f"/projects/{world.project.pk}/schedule/").content.decode()
    assert "Scheduled manually" in page
    assert "Applying the computed dates changes 1 task:" in page
    assert "— → 5 Jan 2026" in page
    assert "Apply these 1 change" in page


def test_switching_automatic_scheduling_on_reschedules(world, api_client, manual):
    make_task(world.project, "A", estimate=2)
    response = api_client.as_user(world.manager).patch(
        f"/api/projects/{world.project.pk}/plan-settings", {"auto_schedule": True}, if_match=1
    )
    body = response.json()
    assert body["auto_schedule"] is True
    assert [(m["name"], m["start"], m["finish"]) for m in body["rescheduled"]] == [
        ("A", "2026-01-05", "2026-01-06")
    ]


def test_settings_form_switches_modes(world):
    client = Client()
    client.force_login(world.manager)
    response = client.post(
        f"/projects/{world.project.pk}/schedule/settings/",
        {"version": "1", "status_date": ""},
        follow=True,
    )
    assert "The plan is now scheduled manually" in response.content.decode()
    assert PlanSettings.objects.get(project=world.project).auto_schedule is False


def test_settings_form_names_a_wrong_field_by_its_label(world):
    client = Client()
    client.force_login(world.manager)
    response = client.post(
        f"/projects/{world.project.pk}/schedule/settings/",
        {"version": "1", "status_date": "not a date"},
        follow=True,
    )
    page = response.content.decode()
    assert "Status date: Enter a valid date." in page
    assert "status_date:" not in page


# --- warnings --------------------------------------------------------------------------------


def test_warnings_name_the_task_and_what_drives_it(world, api_client, chain):
    a, b = chain
    gate = make_task(
        world.project, "Gate", is_milestone=True, constraint_type="MFO",
        constraint_date=D(2026, 1, 7),
    )  # fmt: skip
    make_link(b, gate)
    b.refresh_from_db()
    response = api_client.as_user(world.manager).patch(
        f"/api/tasks/{b.pk}", {"deadline": "2026-01-08"}, if_match=b.version
    )
    assert response.json()["warnings"] == [
        "2 B finishes 2026-01-09, after its deadline 2026-01-08; driven by its predecessor "
        "1 A (finish to start)",
        "2 B has negative float (-2 working days): the deadline 2026-01-08 comes before its "
        "predecessor 1 A (finish to start) allows",
    ]
    schedule = api_client.get(f"/api/projects/{world.project.pk}/schedule").json()
    rows = {r["name"]: r["warnings"] for r in schedule["tasks"]}
    # A must-finish-on milestone keeps its date, and, as in MS Project, its own float is the
    # negative amount by which the constraint beats its predecessor.
    assert rows["Gate"] == [
        "3 Gate: its constraint Must finish on 2026-01-07 holds it before its predecessor 2 B "
        "(finish to start) allows",
        "3 Gate has negative float (-2 working days): the constraint Must finish on 2026-01-07 "
        "comes before its predecessor 2 B (finish to start) allows",
    ]
    assert "task '" not in " ".join(schedule["warnings"])
    assert rows["A"] == [
        "1 A has negative float (-2 working days): the deadline 2026-01-08 of 2 B comes before "
        "the project start allows",
    ]


def test_task_page_shows_its_warnings(world, chain):
    a, b = chain
    b.refresh_from_db()
    do_update_task(
        b, acting_user=world.manager, version=b.version, changes={"deadline": D(2026, 1, 8)}
    )
    client = Client()
    client.force_login(world.member)
    page = client.get(f"/tasks/{b.pk}/").content.decode()
    assert "2 B finishes 2026-01-09, after its deadline 2026-01-08" in page


def test_estimate_in_hours_from_typed_dates(world, api_client):
    task = make_task(world.project, "Call", estimate=4, duration_unit="hours")
    response = api_client.as_user(world.manager).patch(
        f"/api/tasks/{task.pk}",
        {"start_date": "2026-01-06", "finish_date": "2026-01-07"},
        if_match=task.version,
    )
    body = response.json()
    assert body["estimate"] == "16.00"
    assert Decimal(body["estimate"]) == Decimal(16)
    assert (body["start_date"], body["finish_date"]) == ("2026-01-06", "2026-01-07")


def test_the_trail_follows_the_stored_dates_when_the_schedule_overrides_a_typed_one(world, chain):
    a, b = chain
    before = AuditEvent.objects.count()
    do_update_task(
        b, acting_user=world.manager, version=b.version, changes={"start_date": D(2026, 1, 5)}
    )
    typed, rescheduled = AuditEvent.objects.order_by("id")[before:]
    assert typed.changes["start_date"] == ["2026-01-07", "2026-01-05"]
    assert rescheduled.changes == {
        f"2 B #{b.pk}": [["2026-01-05", "2026-01-09"], ["2026-01-07", "2026-01-09"]]
    }
