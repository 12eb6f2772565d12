import threading

import pytest
from django.db import connection

from tandem.core.errors import PreconditionFailed, PreconditionRequired
from tandem.core.models import AuditEvent
from tandem.core.versions import expected_version
from tandem.projects import actions
from tandem.projects.models import Project


@pytest.mark.parametrize(
    ("header", "body", "expected"),
    [('"3"', None, 3), ('W/"4"', None, 4), ("5", None, 5), (None, 6, 6), ('"2"', 9, 2)],
)
def test_expected_version_reads_if_match_first(header, body, expected):
    assert expected_version(header, body) == expected


@pytest.mark.parametrize("header", ['"abc"', "*", '"1", "2"'])
def test_malformed_if_match_is_refused(header):
    with pytest.raises(PreconditionRequired):
        expected_version(header, None)


def test_missing_version_is_refused():
    with pytest.raises(PreconditionRequired):
        expected_version(None, None)


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_updates_with_same_version_exactly_one_wins(world):
    """Two people save the same project at the same moment from version 1."""
    barrier = threading.Barrier(2)
    outcomes: list[str] = []
    lock = threading.Lock()

    def save(name: str) -> None:
        try:
            project = Project.objects.get(pk=world.project.pk)
            barrier.wait(timeout=10)
            actions.do_update_project(
                project, acting_user=world.manager, version=1, changes={"name": name}
            )
            result = f"won:{name}"
        except PreconditionFailed:
            result = "412"
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=save, args=(n,)) for n in ("First", "Second")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)

    assert sorted(o.split(":")[0] for o in outcomes) == ["412", "won"]
    winner = next(o.split(":")[1] for o in outcomes if o.startswith("won"))
    project = Project.objects.get(pk=world.project.pk)
    assert project.name == winner
    assert project.version == 2
    assert AuditEvent.objects.filter(action="project.updated").count() == 1


@pytest.mark.django_db
def test_audit_trail_is_append_only(world):
    event = AuditEvent.objects.filter(action="project.created").get()
    event.action = "tampered"
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        AuditEvent.objects.filter(pk=event.pk).update(action="x")
    with pytest.raises(TypeError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).action == "project.created"


@pytest.mark.django_db
def test_create_project_writes_one_audit_row_with_content(world):
    project = Project.objects.get(pk=world.project.pk)
    event = AuditEvent.objects.get(action="project.created", object_id=str(project.pk))
    assert event.actor == world.admin
    assert event.object_type == "projects.project"
    assert event.changes["code"] == [None, "ACME"]
    assert event.changes["name"] == [None, "Acme launch"]
    assert event.organization_id == world.org.pk
