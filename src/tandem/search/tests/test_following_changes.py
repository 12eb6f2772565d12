"""The index follows changes: meetings by their agenda and minutes, bulk imports, a new upload."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

from tandem.core import audit
from tandem.planning.models import Task
from tandem.testing.factories_meetings import make_agenda_item, make_meeting, make_minutes
from tandem.testing.factories_records import make_document, make_version

from .helpers import pdf_with_text

pytestmark = pytest.mark.django_db


def _found(api_client, user, query: str) -> list[tuple[str, str]]:
    response = api_client.as_user(user).get("/api/search?" + urlencode({"q": query}))
    assert response.status_code == 200, response.content
    return [(i["kind"], i["title"]) for i in response.json()["items"]]


def test_a_meeting_is_found_by_its_agenda_and_its_minutes(
    world, api_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        meeting = make_meeting(world, title="Site walk")
    assert _found(api_client, world.member, "scaffolding") == []
    with django_capture_on_commit_callbacks(execute=True):
        make_agenda_item(world, meeting, title="Scaffolding review")
        make_minutes(world, meeting, text="The trellis arrives on Friday.")
    assert _found(api_client, world.member, "scaffolding") == [("meeting", "Site walk")]
    assert _found(api_client, world.member, "trellis") == [("meeting", "Site walk")]
    # Meetings are the team's: stakeholders find none
    assert _found(api_client, world.stakeholder, "trellis") == []


def test_records_written_in_bulk_are_found_after_the_import_event(
    world, api_client, django_capture_on_commit_callbacks
):
    # Given tasks written in bulk, as an import from a file does, with one audit event
    Task.objects.bulk_create(
        [Task(project=world.project, name=f"Imported mongoose {n}") for n in range(3)]
    )
    assert _found(api_client, world.member, "mongoose") == []
    with django_capture_on_commit_callbacks(execute=True):
        audit.record(
            actor=world.manager,
            action="project.imported",
            obj=world.project,
            project_id=world.project.pk,
        )
    assert len(_found(api_client, world.member, "mongoose")) == 3


def test_a_new_version_replaces_the_words_of_the_old_one(
    world, api_client, django_capture_on_commit_callbacks
):
    document = make_document(world, title="Spec")
    with django_capture_on_commit_callbacks(execute=True):
        make_version(world, document, name="v1.pdf", content=pdf_with_text("walnut edition"))
    assert _found(api_client, world.member, "walnut") == [("document", "Spec")]
    with django_capture_on_commit_callbacks(execute=True):
        make_version(world, document, name="v2.pdf", content=pdf_with_text("chestnut edition"))
    assert _found(api_client, world.member, "chestnut") == [("document", "Spec")]
    assert _found(api_client, world.member, "walnut") == []
