"""A task that the file schedules assignment by assignment, each on its own resource's calendar,
is stored with its assignments' units only, so the import says it will use one calendar."""

from tests.engine.formats.rules.test_assignments_on_own_calendars import _schedule

from tandem.transfer.import_convert import convert


def test_work_resources_on_different_calendars_are_listed_as_a_loss():
    imported, schedule = _schedule()
    plan = convert(imported.project, schedule, source_format="mspdi")
    losses = [loss for loss in plan.losses if "different calendars" in loss.message]
    assert [(loss.task_id, loss.affects_dates) for loss in losses] == [("1", True)]
