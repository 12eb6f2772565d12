"""The periodic job, the in-process schedule of ``tandem run``, ``tandem watch``, and the
evaluation asked for by every reschedule."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tandem.comms.models import Notification
from tandem.core.periodic import InProcessSchedule, schedule_entries
from tandem.monitoring.jobs import evaluate_requested_projects
from tandem.monitoring.models import Alert, AlertKind, EvaluationRequest, HealthAssessment
from tandem.planning import actions as planning
from tandem.testing.factories_planning import make_task

pytestmark = pytest.mark.django_db


def test_a_reschedule_asks_for_an_evaluation_that_the_minute_job_runs(
    world, django_capture_on_commit_callbacks
):
    task = make_task(world.project, "Survey", estimate=2)
    EvaluationRequest.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        planning.do_update_task(
            task, acting_user=world.manager, version=task.version,
            changes={"estimate": Decimal(3)},
        )  # fmt: skip
    assert EvaluationRequest.objects.filter(project=world.project).count() == 1

    evaluated = evaluate_requested_projects(now=dt.datetime(2026, 1, 12, 9, tzinfo=dt.UTC))
    assert evaluated == 1
    assert not EvaluationRequest.objects.exists()
    assert Alert.objects.filter(kind=AlertKind.TASK_OVERDUE, subject_key=f"task:{task.pk}").exists()
    # Nothing asked since: nothing evaluated.
    assert evaluate_requested_projects() == 0


# Committed data: the job closes its thread's connection when done, as it must in a server.
@pytest.mark.django_db(transaction=True)
def test_the_in_process_schedule_of_tandem_run_evaluates_the_projects(world, settings, tmp_path):
    make_task(world.project, "Late already", estimate=1, assignee_ids=[world.member.pk])
    entries = [
        e
        for e in schedule_entries(settings.CELERY_BEAT_SCHEDULE)
        if e.task == "tandem.monitoring.evaluate_projects"
    ]
    assert [e.every_seconds for e in entries] == [3600.0]
    schedule = InProcessSchedule(entries, tmp_path / "periodic-jobs.lock")
    schedule.tick()
    schedule.stop()
    # The job evaluated the project at the real now: its health is suggested.
    assert HealthAssessment.objects.filter(project=world.project).count() == 1


def test_tandem_watch_evaluates_once_and_reports(world):
    task = make_task(world.project, "Wiring", estimate=2)
    out = io.StringIO()
    call_command("watch", "--at", "2026-01-12T10:00+01:00", stdout=out)
    assert f"project {world.project.pk}: 2 raised" in out.getvalue()
    assert "1 project evaluated." in out.getvalue()
    assert Alert.objects.filter(subject_key=f"task:{task.pk}", closed_at=None).count() == 2
    told = Notification.objects.count()
    call_command("watch", "--at", "2026-01-12T10:00+01:00", "--project", "ACME", stdout=out)
    assert Notification.objects.count() == told
    with pytest.raises(CommandError, match="needs a zone"):
        call_command("watch", "--at", "2026-01-12T10:00", stdout=out)
    with pytest.raises(CommandError, match="No active project"):
        call_command("watch", "--project", "NOPE", stdout=out)
