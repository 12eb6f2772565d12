"""Deleting anything that carries comments deletes its comments too; a document, its files."""

import pytest
from django.core.files.storage import default_storage

from tandem.core.errors import PreconditionFailed
from tandem.core.models import AuditEvent
from tandem.planning import actions as planning_actions
from tandem.records import actions
from tandem.records.models import Comment, DocumentVersion
from tandem.risks import actions as risk_actions
from tandem.testing.factories_planning import make_task
from tandem.testing.factories_records import (
    make_comment,
    make_decision,
    make_document,
    make_status_update,
    make_version,
)
from tandem.testing.factories_risks import make_issue, make_risk

pytestmark = pytest.mark.django_db


def _two_comments(world, target):
    make_comment(world, target, by=world.member, body="First")
    make_comment(world, target, by=world.coordinator, body="Second")
    assert Comment.objects.count() == 2


def test_deleting_a_document_deletes_its_comments_and_files(
    world, django_capture_on_commit_callbacks
):
    document = make_document(world)
    files = [make_version(world, document).file.name for _ in range(2)]
    _two_comments(world, document)

    with django_capture_on_commit_callbacks(execute=True):
        actions.do_delete_document(document, acting_user=world.coordinator, version=1)

    assert (Comment.objects.count(), DocumentVersion.objects.count()) == (0, 0)
    assert [default_storage.exists(n) for n in files] == [False, False]
    deleted = AuditEvent.objects.filter(action="comment.deleted")
    assert sorted(e.changes["body"][0] for e in deleted) == ["First", "Second"]


def test_deleting_a_decision_deletes_its_comments(world):
    decision = make_decision(world)
    _two_comments(world, decision)
    actions.do_delete_decision(decision, acting_user=world.coordinator, version=1)
    assert Comment.objects.count() == 0
    assert AuditEvent.objects.filter(action="comment.deleted").count() == 2


def test_deleting_a_status_update_deletes_its_comments(world):
    update = make_status_update(world)
    _two_comments(world, update)
    actions.do_delete_status_update(update, acting_user=world.coordinator, version=1)
    assert Comment.objects.count() == 0


def test_deleting_a_task_deletes_its_comments(world):
    task = make_task(world.project, "Design")
    _two_comments(world, task)
    planning_actions.do_delete_task(task, acting_user=world.manager, version=task.version)
    assert Comment.objects.count() == 0


def test_deleting_a_risk_or_an_issue_deletes_its_comments(world):
    risk = make_risk(world)
    issue = make_issue(world, title="Vendor down")
    _two_comments(world, risk)
    make_comment(world, issue)
    risk_actions.do_delete_risk(risk, acting_user=world.manager, version=risk.version)
    assert list(Comment.objects.values_list("target_id", flat=True)) == [issue.pk]
    risk_actions.do_delete_issue(issue, acting_user=world.coordinator, version=issue.version)
    assert Comment.objects.count() == 0


def test_a_refused_deletion_keeps_the_comments(world):
    document = make_document(world)
    _two_comments(world, document)
    with pytest.raises(PreconditionFailed):
        actions.do_delete_document(document, acting_user=world.coordinator, version=9)
    assert Comment.objects.count() == 2
