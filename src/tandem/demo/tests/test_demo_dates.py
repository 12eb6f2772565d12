"""The demo moves with the day it is loaded: whatever the season (holidays in the window, a
weekend), the plan stays inside the project's dates and progress matches that day."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from tandem.demo.seed import DEMO_SLUG, load_demo
from tandem.planning.models import Task
from tandem.planning.scheduling import compute_schedule
from tandem.projects.models import Project


@pytest.mark.parametrize(
    "now",
    [
        # Christmas and New Year in the plan's future.
        dt.datetime(2026, 11, 21, 9, 30, tzinfo=dt.UTC),  # a Saturday
        # Easter, May Day, Ascension and Whit Monday across the window.
        dt.datetime(2027, 4, 20, 16, 0, tzinfo=dt.UTC),
    ],
    ids=["november-saturday", "april"],
)
def test_demo_loaded_on_another_day(db: Any, monkeypatch: pytest.MonkeyPatch, now: Any) -> None:
    # given the clock shows another day
    monkeypatch.setattr(timezone, "now", lambda: now)
    today = timezone.localdate()

    # when the demo is loaded
    assert load_demo() is True

    # then the plan fits the project and progress matches that day
    project = Project.objects.get(organization__slug=DEMO_SLUG, code="ROUTE")
    assert project.start_date.weekday() == 0
    assert 42 <= (today - project.start_date).days < 49
    schedule = compute_schedule(project)
    assert schedule.project_finish <= project.target_date
    for task in Task.objects.filter(project=project, deadline__isnull=False):
        assert task.finish_date <= task.deadline, task
    leaves = Task.objects.filter(project=project, children__isnull=True)
    assert leaves.filter(status="done").count() >= 15
    assert not leaves.filter(status="done", actual_finish__gte=today).exists()
    assert not leaves.filter(status="not_started", start_date__lt=today).exists()
    assert not leaves.filter(status="in_progress", actual_start__gt=today).exists()
