"""The weekly timesheet through the API: a person reads, fills in and submits their own week;
the project manager reads it and approves or returns it; stale versions, closed weeks, unknown
fields and refused cells change nothing."""

import datetime as dt
from decimal import Decimal

import pytest

from tandem.core.models import AuditEvent
from tandem.planning.actions import do_assign
from tandem.resources.models import TimeEntry, TimesheetStatus, TimesheetWeek
from tandem.testing.factories_planning import make_task

MONDAY = dt.date(2026, 3, 2)


@pytest.fixture
def tasks(world):
    design = make_task(world.project, "Design")
    build = make_task(world.project, "Build")
    review = make_task(world.project, "Review")
    for task in (design, build):
        do_assign(task, acting_user=world.manager, person=world.member)
    do_assign(review, acting_user=world.manager, person=world.coordinator)
    return {"design": design, "build": build, "review": review}


def _url(world, tail="", week=MONDAY):
    return f"/api/projects/{world.project.pk}/timesheets/{week.isoformat()}{tail}"


def _cells(task, hours_by_day):
    return [
        {"task_id": task.pk, "date": (MONDAY + dt.timedelta(days=n)).isoformat(), "hours": h}
        for n, h in hours_by_day.items()
    ]


def test_a_member_fills_in_their_week_and_submits_it(world, tasks, api_client):
    client = api_client.as_user(world.member)
    # Any day of the week names the week.
    empty = client.get(_url(world, week=MONDAY + dt.timedelta(days=3)))
    assert empty.status_code == 200
    assert empty["ETag"] == '"0"'
    body = empty.json()
    assert (body["week_start"], body["status"], body["version"], body["id"]) == (
        "2026-03-02",
        "open",
        0,
        None,
    )
    assert [r["name"] for r in body["rows"]] == ["Design", "Build"]
    assert (body["days"][0], body["days"][-1]) == ("2026-03-02", "2026-03-08")

    saved = client.patch(
        _url(world),
        {"entries": _cells(tasks["design"], {0: "6", 1: "6.5"}) + _cells(tasks["build"], {0: "2"})},
        if_match=0,
    )
    assert saved.status_code == 200, saved.content
    body = saved.json()
    rows = {r["name"]: r for r in body["rows"]}
    assert [Decimal(h) for h in rows["Design"]["hours"][:3]] == [
        Decimal(6),
        Decimal("6.5"),
        Decimal(0),
    ]
    assert Decimal(rows["Design"]["total"]) == Decimal("12.5")
    assert [Decimal(h) for h in body["day_totals"][:2]] == [Decimal(8), Decimal("6.5")]
    assert Decimal(body["total"]) == Decimal("14.5")
    assert TimeEntry.objects.filter(person=world.member).count() == 3

    # Clearing a cell with 0, leaving the others.
    cleared = client.patch(_url(world), {"version": 0, "entries": _cells(tasks["design"], {1: 0})})
    assert Decimal(cleared.json()["total"]) == Decimal(8)

    submitted = client.post(_url(world, "/submit"), {}, if_match=0)
    assert submitted.status_code == 200, submitted.content
    assert (submitted.json()["status"], submitted.json()["version"]) == ("submitted", 1)
    assert submitted["ETag"] == '"1"'
    week = TimesheetWeek.objects.get(person=world.member)
    assert (week.status, week.hours, week.week_start) == ("submitted", Decimal(8), MONDAY)

    # A submitted week is read-only: 409, nothing saved.
    refused = client.patch(_url(world), {"entries": _cells(tasks["build"], {2: "1"})}, if_match=1)
    assert refused.status_code == 409
    assert TimeEntry.objects.filter(person=world.member).count() == 2


def test_writes_need_the_weeks_current_version(world, tasks, api_client):
    client = api_client.as_user(world.member)
    cells = {"entries": _cells(tasks["design"], {0: "1"})}
    assert client.patch(_url(world), cells).status_code == 428
    assert client.post(_url(world, "/submit"), {}).status_code == 428
    assert client.patch(_url(world), cells, if_match=3).status_code == 412
    assert client.post(_url(world, "/submit"), {}, if_match=1).status_code == 412
    assert not TimeEntry.objects.filter(person=world.member).exists()
    assert not TimesheetWeek.objects.exists()


@pytest.mark.parametrize(
    ("entry", "status"),
    [
        ({"hours": "25"}, 422),
        ({"hours": "-1"}, 422),
        ({"hours": "1.234"}, 422),
        ({"date": "2026-03-09"}, 422),  # the next week
        ({"minutes": 30}, 422),  # an unknown field
    ],
)
def test_a_refused_cell_saves_nothing(world, tasks, api_client, entry, status):
    good = _cells(tasks["design"], {0: "3"})
    bad = {**_cells(tasks["build"], {1: "2"})[0], **entry}
    response = api_client.as_user(world.member).patch(
        _url(world), {"entries": [*good, bad]}, if_match=0
    )
    assert response.status_code == status, response.content
    assert not TimeEntry.objects.exists()


def test_someone_elses_task_is_refused(world, tasks, api_client):
    response = api_client.as_user(world.member).patch(
        _url(world), {"entries": _cells(tasks["review"], {0: "2"})}, if_match=0
    )
    assert response.status_code == 422
    assert f"h-{tasks['review'].pk}-2026-03-02" in response.json()["error"]["fields"]
    assert not TimeEntry.objects.exists()


def test_the_manager_reads_the_week_and_approves_it(world, tasks, api_client):
    member = api_client.as_user(world.member)
    member.patch(_url(world), {"entries": _cells(tasks["design"], {0: "7"})}, if_match=0)
    member.post(_url(world, "/submit"), {}, if_match=0)

    manager = api_client.as_user(world.manager)
    read = manager.get(_url(world) + f"?person_id={world.member.pk}")
    assert read.status_code == 200
    assert (read.json()["person_id"], read.json()["status"], Decimal(read.json()["total"])) == (
        world.member.pk,
        "submitted",
        Decimal(7),
    )
    decision = {"person_id": world.member.pk}
    assert manager.post(_url(world, "/approve"), decision, if_match=5).status_code == 412
    approved = manager.post(_url(world, "/approve"), decision, if_match=1)
    assert approved.status_code == 200, approved.content
    assert (approved.json()["status"], approved.json()["decided_by_id"]) == (
        "approved",
        world.manager.pk,
    )
    assert TimesheetWeek.objects.get().status == TimesheetStatus.APPROVED
    # Decided once: a second approval is a conflict.
    assert manager.post(_url(world, "/approve"), decision, if_match=2).status_code == 409


def test_the_manager_returns_a_week_with_a_note(world, tasks, api_client):
    member = api_client.as_user(world.member)
    member.patch(_url(world), {"entries": _cells(tasks["design"], {0: "7"})}, if_match=0)
    member.post(_url(world, "/submit"), {}, if_match=0)
    manager = api_client.as_user(world.manager)
    url = _url(world, "/return")
    without = manager.post(url, {"person_id": world.member.pk, "note": "  "}, if_match=1)
    assert without.status_code == 422
    assert TimesheetWeek.objects.get().status == TimesheetStatus.SUBMITTED
    returned = manager.post(
        url, {"person_id": world.member.pk, "note": "Tuesday is missing"}, if_match=1
    )
    assert returned.status_code == 200, returned.content
    assert (returned.json()["status"], returned.json()["note"]) == (
        "returned",
        "Tuesday is missing",
    )
    # Open again for its person, at the week's new version.
    again = api_client.as_user(world.member).patch(
        _url(world), {"entries": _cells(tasks["design"], {1: "7"})}, if_match=2
    )
    assert again.status_code == 200
    assert Decimal(again.json()["total"]) == Decimal(14)


def test_only_the_manager_reads_or_decides_someone_elses_week(world, tasks, api_client):
    member = api_client.as_user(world.member)
    member.patch(_url(world), {"entries": _cells(tasks["design"], {0: "7"})}, if_match=0)
    member.post(_url(world, "/submit"), {}, if_match=0)
    audit = AuditEvent.objects.count()
    coordinator = api_client.as_user(world.coordinator)
    assert coordinator.get(_url(world) + f"?person_id={world.member.pk}").status_code == 403
    decision = {"person_id": world.member.pk}
    assert coordinator.post(_url(world, "/approve"), decision, if_match=1).status_code == 403
    # Nobody decides on their own week.
    own = api_client.as_user(world.member)
    assert own.post(_url(world, "/approve"), decision, if_match=1).status_code == 403
    assert TimesheetWeek.objects.get().status == TimesheetStatus.SUBMITTED
    assert AuditEvent.objects.count() == audit


def test_a_week_outside_the_calendar_range_is_refused(world, tasks, api_client):
    response = api_client.as_user(world.member).get(_url(world, week=dt.date(1, 1, 1)))
    assert response.status_code == 422
