import datetime as dt

import pytest

from tandem.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from tandem.core.models import AuditEvent
from tandem.records import actions, queries
from tandem.records.models import Comment, Decision, StatusUpdate
from tandem.risks import actions as risk_actions
from tandem.testing.factories_records import (
    make_comment,
    make_decision,
    make_document,
    make_status_update,
)
from tandem.testing.factories_risks import make_risk

pytestmark = pytest.mark.django_db


def test_accepting_a_superseding_decision_marks_the_old_one_superseded(world):
    old = make_decision(world, status="accepted", decided_on=dt.date(2026, 1, 10))
    new = make_decision(world, title="Use SQLite for demos", supersedes_id=old.pk)
    assert Decision.objects.get(pk=old.pk).status == "accepted"
    actions.do_update_decision(
        new, acting_user=world.manager, version=1, changes={"status": "accepted"}
    )
    old = Decision.objects.get(pk=old.pk)
    assert old.status == "superseded"
    assert old.version == 2
    event = AuditEvent.objects.get(action="decision.superseded")
    assert event.changes == {"status": ["accepted", "superseded"]}
    with pytest.raises(Conflict, match="superseded by decision"):
        actions.do_delete_decision(old, acting_user=world.manager, version=2)


def test_decision_cannot_supersede_itself_or_foreign_decisions(world):
    d = make_decision(world)
    with pytest.raises(ValidationFailed, match="itself"):
        actions.do_update_decision(
            d, acting_user=world.manager, version=1, changes={"supersedes_id": d.pk}
        )
    with pytest.raises(ValidationFailed, match="No decision 987654"):
        make_decision(world, supersedes_id=987654)
    assert Decision.objects.count() == 1


def test_member_cannot_log_decisions(world):
    with pytest.raises(Forbidden):
        actions.do_create_decision(world.project, acting_user=world.member, title="x")
    assert not Decision.objects.exists()


def test_status_update_period_must_not_end_before_start(world):
    with pytest.raises(ValidationFailed, match="ends before it starts"):
        make_status_update(world, period_start=dt.date(2026, 3, 1), period_end=dt.date(2026, 2, 1))
    assert not StatusUpdate.objects.exists()


def test_publish_sets_time_and_stakeholders_then_see_it(world):
    update = make_status_update(world)
    assert list(queries.list_status_updates(world.stakeholder, world.project.pk)) == []
    update = actions.do_publish_status_update(update, acting_user=world.coordinator, version=1)
    assert update.published is True
    assert update.published_at is not None
    assert list(queries.list_status_updates(world.stakeholder, world.project.pk)) == [update]
    with pytest.raises(Conflict):
        actions.do_publish_status_update(update, acting_user=world.coordinator, version=2)


def test_team_update_is_never_shown_to_stakeholders(world):
    make_status_update(world, audience="team", publish=True)
    assert list(queries.list_status_updates(world.stakeholder, world.project.pk)) == []
    assert queries.list_status_updates(world.member, world.project.pk).count() == 1


def test_comment_on_risk_is_seen_like_the_risk(world):
    risk = make_risk(world)
    comment = make_comment(world, risk, body="<script>alert(1)</script>")
    assert Comment.objects.get(pk=comment.pk).body == "<script>alert(1)</script>"
    assert list(queries.list_comments(world.coordinator, "risks.risk", risk.pk)) == [comment]
    with pytest.raises(NotFound):
        queries.list_comments(world.stakeholder, "risks.risk", risk.pk)
    with pytest.raises(NotFound):
        queries.get_comment(world.stakeholder, comment.pk)


def test_stakeholder_sees_no_comments_on_shared_documents_and_cannot_comment(world):
    doc = make_document(world, visibility="stakeholders")
    comment = make_comment(world, doc)
    assert list(queries.list_comments(world.member, "records.document", doc.pk)) == [comment]
    assert list(queries.list_comments(world.stakeholder, "records.document", doc.pk)) == []
    with pytest.raises(Forbidden):
        actions.do_add_comment(doc, acting_user=world.stakeholder, body="hi")
    assert Comment.objects.count() == 1


def test_only_the_author_edits_a_comment_and_leads_may_delete(world):
    risk = make_risk(world)
    comment = make_comment(world, risk)
    with pytest.raises(Forbidden):
        actions.do_edit_comment(comment, acting_user=world.coordinator, version=1, body="x")
    comment = actions.do_edit_comment(comment, acting_user=world.member, version=1, body="Better")
    assert AuditEvent.objects.get(action="comment.updated").changes == {
        "body": ["Looks fine", "Better"]
    }
    actions.do_delete_comment(comment, acting_user=world.coordinator, version=2)
    assert not Comment.objects.exists()


def test_empty_comment_is_refused(world):
    risk = make_risk(world)
    with pytest.raises(ValidationFailed, match="needs text"):
        make_comment(world, risk, body="   ")
    assert not Comment.objects.exists()


def test_unknown_comment_target_type_is_named(world):
    with pytest.raises(ValidationFailed, match="accounts.user"):
        actions.comment_target(world.member, "accounts.user", world.member.pk)


def test_history_shows_one_object_and_is_for_workers_only(world):
    risk = make_risk(world)
    risk_actions.do_update_risk(risk, acting_user=world.manager, version=1, changes={"impact": 1})
    events = queries.project_history(
        world.member, world.project.pk, object_type="risks.risk", object_id=risk.pk
    )
    assert [e.action for e in events] == ["risk.updated", "risk.created"]
    with pytest.raises(Forbidden):
        queries.project_history(world.stakeholder, world.project.pk)
