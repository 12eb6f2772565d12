"""Updating an imported project from a newer file of its plan: the preview lists the changes by
task name, applying them keeps what Tandem adds (comments, time entries), the schedule is the
file's, another plan is refused, and a plan changed since the preview is left unchanged."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client

from tandem.core.errors import Conflict, ValidationFailed
from tandem.core.models import AuditEvent
from tandem.engine.formats import load_project_file
from tandem.engine.scheduling import schedule_project
from tandem.planning.actions import do_update_task
from tandem.planning.models import Assignment, Dependency, Task
from tandem.planning.scheduling import compute_schedule
from tandem.projects.actions import do_add_member
from tandem.records.actions import do_add_comment
from tandem.resources.actions import do_log_time
from tandem.transfer.importing import do_import_project, preview_import
from tandem.transfer.tests.update_files import other_plan, version_1, version_2
from tandem.transfer.updating import do_update_project, preview_update, update_json

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(world):
    project = do_import_project(version_1(), "house.xml", acting_user=world.admin).project
    return project


def _tasks(project):
    return {t.name: t for t in Task.objects.filter(project=project)}


def _links(project):
    return set(
        Dependency.objects.filter(project=project).values_list(
            "predecessor__name", "successor__name", "lag"
        )
    )


def test_the_preview_lists_the_changes_by_task_name_and_changes_nothing(world, imported):
    before = _tasks(imported)
    preview = update_json(
        preview_update(imported, version_2(), "house-v2.xml", acting_user=world.admin)
    )

    assert preview["tasks_added"] == ["Paint"]
    assert preview["tasks_removed"] == ["Roof"]
    changed = {c["task"]: c["changes"] for c in preview["tasks_changed"]}
    assert changed["Brick walls"] == ["renamed from “Walls”"]
    assert "% complete 0 → 50" in changed["Foundations"]
    assert "status Not started → In progress" in changed["Foundations"]
    assert sorted(preview["links_added"]) == ["Brick walls → Paint (FS)", "Brick walls → Windows (FS)",
                                              "Paint → Handover (FS)"]  # fmt: skip
    assert sorted(preview["links_removed"]) == ["Foundations → Windows (FS)"]
    assert preview["assignments_added"] == [
        {"task": "Brick walls", "resource": "Crane", "units": "50"}
    ]
    assert any(d["task"] == "Windows" for d in preview["dates_changed"])
    assert _tasks(imported).keys() == before.keys()


def test_applying_updates_the_plan_keeps_what_tandem_adds_and_schedules_as_the_file(
    world, imported
):
    walls, foundations = _tasks(imported)["Walls"], _tasks(imported)["Foundations"]
    manager = world.admin  # the importer manages the imported project
    do_add_member(imported, acting_user=manager, user=world.member, role="member")
    comment = do_add_comment(walls, acting_user=manager, body="Bricks ordered")
    do_log_time(foundations, acting_user=world.member, date=dt.date(2025, 3, 3),
                hours=Decimal(4))  # fmt: skip
    token = preview_update(imported, version_2(), "v2.xml", acting_user=manager).token

    result = do_update_project(imported.pk, version_2(), "v2.xml", acting_user=manager,
                               token=token)  # fmt: skip

    tasks = _tasks(imported)
    assert sorted(tasks) == ["Brick walls", "Build", "Foundations", "Handover", "Paint", "Windows"]
    assert tasks["Brick walls"].pk == walls.pk
    assert tasks["Paint"].parent_id == tasks["Build"].pk
    assert [t.wbs_code for t in Task.objects.filter(project=imported).order_by("wbs_sort")] == [
        "1", "1.1", "1.2", "1.3", "1.4", "2",
    ]  # fmt: skip
    assert (tasks["Foundations"].percent_complete, tasks["Foundations"].status) == (
        50,
        "in_progress",
    )
    assert walls.comments.get().pk == comment.pk
    assert tasks["Foundations"].time_entries.count() == 1
    assert _links(imported) == {
        ("Foundations", "Brick walls", Decimal(1)),
        ("Brick walls", "Paint", Decimal(0)),
        ("Paint", "Handover", Decimal(0)),
        ("Brick walls", "Windows", Decimal(0)),
        ("Windows", "Handover", Decimal(0)),
    }
    assert Assignment.objects.get(task=tasks["Brick walls"]).units == Decimal(50)
    assert result.report["differences"] == []
    assert AuditEvent.objects.filter(project_id=imported.pk,
                                     action="project.updated_from_file").count() == 1  # fmt: skip

    # The schedule is `tandem schedule` of the new file.
    file = load_project_file(version_2(), name="v2.xml").project
    expected = schedule_project(file)
    conv = preview_import(version_2(), "v2.xml", acting_user=manager).plan.conv
    names = {t.id: t.name for t in file.tasks}
    ours = {r.task.name: (r.start, r.finish) for r in compute_schedule(imported).rows}
    theirs = {}
    for uid, ts in expected.tasks.items():
        start = conv.start_day(ts.start)
        theirs[names[uid]] = (start, max(conv.finish_day(ts.finish), start))
    assert ours == theirs


def test_another_plan_is_refused_with_a_clear_message(world, imported):
    before = _tasks(imported)
    with pytest.raises(ValidationFailed) as caught:
        do_update_project(imported.pk, other_plan(), "design.xml", acting_user=world.admin)
    assert caught.value.message.startswith(
        f"design.xml is not a newer version of the file {imported} was imported from "
        "(house.xml): only 0 of its 6 tasks have the same unique ids and names"
    )
    assert _tasks(imported).keys() == before.keys()


def test_a_plan_changed_since_the_preview_is_left_unchanged(world, imported):
    token = preview_update(imported, version_2(), "v2.xml", acting_user=world.admin).token
    roof = _tasks(imported)["Roof"]
    do_update_task(roof, acting_user=world.admin, version=roof.version,
                   changes={"name": "Roof tiles"})  # fmt: skip
    events = AuditEvent.objects.count()

    with pytest.raises(Conflict) as caught:
        do_update_project(imported.pk, version_2(), "v2.xml", acting_user=world.admin,
                          token=token)  # fmt: skip

    assert "changed since this update was previewed" in caught.value.message
    assert sorted(_tasks(imported)) == ["Build", "Foundations", "Handover", "Roof tiles", "Walls",
                                        "Windows"]  # fmt: skip
    assert AuditEvent.objects.count() == events


def test_a_project_not_imported_is_refused(world):
    with pytest.raises(ValidationFailed) as caught:
        do_update_project(world.project.pk, version_2(), "v2.xml", acting_user=world.manager)
    assert "was not imported from a plan file" in caught.value.message


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_api_upload_preview_then_confirm(world, imported):
    client = _client(world.admin)
    url = f"/api/projects/{imported.pk}/imports"
    response = client.post(url, {"file": SimpleUploadedFile("v2.xml", version_2())})
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["mode"], body["status"]) == ("update", "preview")
    assert body["preview"]["update"]["tasks_removed"] == ["Roof"]
    assert "Roof" in _tasks(imported)

    confirmed = client.post(f"/api/imports/{body['id']}/confirm", {},
                            content_type="application/json")  # fmt: skip
    assert confirmed.status_code == 200, confirmed.content
    assert confirmed.json()["status"] == "done"
    assert "Roof" not in _tasks(imported)
    again = client.post(f"/api/imports/{body['id']}/confirm", {}, content_type="application/json")
    assert again.status_code == 422


def test_api_refuses_another_plan_and_a_stale_preview(world, imported):
    client = _client(world.admin)
    url = f"/api/projects/{imported.pk}/imports"
    refused = client.post(url, {"file": SimpleUploadedFile("design.xml", other_plan())})
    assert refused.status_code == 422
    assert "is not a newer version" in refused.json()["error"]["fields"]["file"][0]

    body = client.post(url, {"file": SimpleUploadedFile("v2.xml", version_2())}).json()
    roof = _tasks(imported)["Roof"]
    do_update_task(roof, acting_user=world.admin, version=roof.version, changes={"priority": 900})
    stale = client.post(f"/api/imports/{body['id']}/confirm", {}, content_type="application/json")
    assert stale.status_code == 409
    assert "Roof" in _tasks(imported)


def test_pages_export_button_preview_and_apply(world, imported):
    client = _client(world.admin)
    export = client.get(f"/projects/{imported.pk}/export/").content.decode()
    assert "Update from a newer file" in export
    # The section sits in the page once, and the window title stays plain text.
    assert export.count('id="update-from-file"') == 1
    title = export.split("<title>", 1)[1].split("</title>", 1)[0]
    assert "<" not in title
    assert "Update from a newer file" not in title
    assert "Update from a newer file" not in (
        _client(world.manager).get(f"/projects/{world.project.pk}/export/").content.decode()
    )
    response = client.post(
        f"/projects/{imported.pk}/update-from-file/",
        {"file": SimpleUploadedFile("v2.xml", version_2())},
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Apply these changes" in page
    assert "Roof" in page
    assert "renamed from “Walls”" in page
    applied = client.post(response["Location"] + "confirm/")
    assert applied.status_code == 302
    assert applied["Location"] == f"/projects/{imported.pk}/gantt/"
    assert "Brick walls" in _tasks(imported)


def test_command_line_update(world, imported, tmp_path, capsys):
    path = tmp_path / "house-v2.xml"
    path.write_bytes(version_2())
    call_command("import", str(path), update=imported.code, preview=True)
    out = capsys.readouterr().out
    assert "would update: 1 tasks added, 1 removed" in out
    assert "removed: Roof" in out
    assert "Roof" in _tasks(imported)
    call_command("import", str(path), update=str(imported.pk))
    assert "updated: 1 tasks added" in capsys.readouterr().out
    assert sorted(_tasks(imported)) == ["Brick walls", "Build", "Foundations", "Handover",
                                        "Paint", "Windows"]  # fmt: skip


def test_a_removed_task_with_logged_time_is_kept_and_cancelled(world, imported):
    roof = _tasks(imported)["Roof"]
    do_add_member(imported, acting_user=world.admin, user=world.member, role="member")
    do_log_time(roof, acting_user=world.member, date=dt.date(2025, 3, 3), hours=Decimal(2))
    preview = update_json(preview_update(imported, version_2(), "v2.xml", acting_user=world.admin))
    assert preview["tasks_cancelled"] == [{"task": "Roof", "reason": "time was logged on it"}]
    assert preview["tasks_removed"] == []

    do_update_project(imported.pk, version_2(), "v2.xml", acting_user=world.admin,
                      token=preview["token"])  # fmt: skip

    roof.refresh_from_db()
    assert roof.status == "cancelled"
    assert roof.time_entries.count() == 1
    assert not Dependency.objects.filter(predecessor=roof).exists()
    assert not Dependency.objects.filter(successor=roof).exists()
