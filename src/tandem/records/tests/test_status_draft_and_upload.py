"""The status update form starts as a draft from the data (period, RAG, finished and starting
tasks, blocked ones) above the earlier updates; a document and its file are added in one step."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from tandem.planning.actions import do_update_task
from tandem.projects.actions import do_update_project
from tandem.records.models import Document, DocumentVersion
from tandem.records.status_draft import status_draft
from tandem.testing.factories_planning import make_task
from tandem.testing.factories_records import make_status_update

TODAY = dt.date(2026, 3, 13)


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _set(task, by, **changes):
    task.refresh_from_db()
    return do_update_task(task, acting_user=by, version=task.version, changes=changes)


def _plan(world, today):
    manager = world.manager
    done = make_task(world.project, "Wireframes")
    _set(
        done,
        manager,
        status="done",
        percent_complete=100,
        actual_start=today - dt.timedelta(days=4),
        actual_finish=today - dt.timedelta(days=2),
    )
    old = make_task(world.project, "Kickoff")
    _set(
        old,
        manager,
        status="done",
        percent_complete=100,
        actual_start=today - dt.timedelta(days=30),
        actual_finish=today - dt.timedelta(days=20),
    )
    soon = make_task(
        world.project,
        "Build",
        manually_scheduled=True,
        start_date=today + dt.timedelta(days=3),
        finish_date=today + dt.timedelta(days=5),
    )
    make_task(
        world.project,
        "Later",
        manually_scheduled=True,
        start_date=today + dt.timedelta(days=30),
        finish_date=today + dt.timedelta(days=31),
    )
    stuck = make_task(world.project, "Permits")
    _set(stuck, manager, status="blocked")
    return done, soon, stuck


def test_the_draft_takes_its_content_from_the_plan(world):
    done, soon, stuck = _plan(world, TODAY)
    project = world.project
    project.refresh_from_db()
    do_update_project(
        project,
        acting_user=world.manager,
        version=project.version,
        changes={"health": "amber", "health_reason": "Permits late"},
    )
    project.refresh_from_db()
    draft = status_draft(project, TODAY)
    assert (draft["period_start"], draft["period_end"]) == (dt.date(2026, 3, 7), TODAY)
    assert draft["rag"] == "amber"
    assert draft["achievements"] == f"- {done.wbs_code} Wireframes (finished 11 Mar)"
    assert draft["next_steps"] == f"- {soon.wbs_code} Build (starts 16 Mar)"
    assert draft["blockers"] == f"- {stuck.wbs_code} Permits is blocked"
    assert draft["summary"] == (
        "1 task finished from 7 Mar to 13 Mar; 1 start by 20 Mar. Health: Permits late"
    )


def test_the_period_follows_the_last_update(world):
    make_status_update(world, period_start=dt.date(2026, 2, 23), period_end=dt.date(2026, 3, 1))
    draft = status_draft(world.project, TODAY)
    assert (draft["period_start"], draft["period_end"]) == (dt.date(2026, 3, 2), TODAY)
    assert draft["achievements"] == ""


def test_the_page_shows_the_draft_above_earlier_updates(world):
    today = timezone.localdate()
    done, _, _ = _plan(world, today)
    make_status_update(world, summary="Earlier update text")
    html = _client(world.coordinator).get(f"/projects/{world.project.pk}/status/").content.decode()
    assert html.index('id="status-draft"') < html.index("Earlier update text")
    assert f"- {done.wbs_code} Wireframes (finished" in html
    assert _client(world.member).get(f"/projects/{world.project.pk}/status/").status_code == 200
    assert (
        'id="status-draft"'
        not in _client(world.member).get(f"/projects/{world.project.pk}/status/").content.decode()
    )


def test_a_document_and_its_file_in_one_step(world):
    upload = SimpleUploadedFile("charter.pdf", b"%PDF-1.7 charter", content_type="application/pdf")
    response = _client(world.member).post(
        f"/projects/{world.project.pk}/documents/",
        {"title": "Charter", "category": "plan", "file": upload, "comment": "first cut"},
    )
    document = Document.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/documents/{document.pk}/"
    version = DocumentVersion.objects.get()
    assert (version.document_id, version.number, version.original_name, version.comment) == (
        document.pk,
        1,
        "charter.pdf",
        "first cut",
    )


def test_a_refused_file_adds_no_document_either(world):
    upload = SimpleUploadedFile(
        "run.exe", b"MZ\x90\x00binary", content_type="application/x-msdownload"
    )
    response = _client(world.member).post(
        f"/projects/{world.project.pk}/documents/",
        {"title": "Tool", "category": "plan", "file": upload},
    )
    assert response.status_code in (413, 422)
    assert not Document.objects.exists()
    assert not DocumentVersion.objects.exists()
