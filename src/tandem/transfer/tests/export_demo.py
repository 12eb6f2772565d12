"""The demo project, loaded once per test module and rolled back at its end, made richer in the
ways a plan file has to carry: a repeating calendar exception, lags in elapsed days and in
percent, a status date, task notes, a second baseline (the plan still compares with the approved
one), and cost rates on the resources."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.db import transaction

from tandem.accounts.models import User
from tandem.demo.plan import BASELINE_NAME
from tandem.demo.seed import DEMO_SLUG, load_demo
from tandem.planning import actions as planning
from tandem.planning.baseline_actions import do_save_baseline, do_update_plan_settings
from tandem.planning.models import Baseline, Dependency, PlanSettings, Task
from tandem.projects.models import Project
from tandem.resources.calendar_actions import do_add_calendar_exception
from tandem.resources.models import Resource

RATE = Decimal("87.50")


def demo_user(username: str) -> User:
    return User.objects.get(username=username, organization__slug=DEMO_SLUG)


def _enrich(project: Project) -> None:
    admin, maria = demo_user("admin"), demo_user("maria")
    settings = PlanSettings.objects.get(project=project)
    assert settings.calendar is not None
    # Short first Fridays of the month, for the whole project.
    do_add_calendar_exception(
        settings.calendar,
        acting_user=admin,
        start=project.start_date,
        name="Short first Friday",
        working_times=[["09:00", "13:00"]],
        repeat="monthly",
        weekdays=[5],
        week_of_month=1,
    )
    links = list(Dependency.objects.filter(project=project, lag=0, type="FS").order_by("id"))
    planning.do_update_dependency(
        links[2], acting_user=maria, version=links[2].version,
        changes={"lag": Decimal("3"), "lag_unit": "edays"},
    )  # fmt: skip
    planning.do_update_dependency(
        links[5], acting_user=maria, version=links[5].version,
        changes={"lag": Decimal("50"), "lag_unit": "percent"},
    )  # fmt: skip
    task = Task.objects.filter(project=project, children__isnull=True).order_by("wbs_sort")[3]
    planning.do_update_task(
        task, acting_user=maria, version=task.version,
        changes={"description": "Agree the scope with the carriers first.\n<see minutes> & act"},
    )  # fmt: skip
    settings.refresh_from_db()
    do_update_plan_settings(
        project, acting_user=maria, version=settings.version,
        changes={"status_date": project.start_date + dt.timedelta(days=30)},
    )  # fmt: skip
    do_save_baseline(project, acting_user=maria, name="Re-plan")
    # The plan keeps comparing with the approved baseline, which the re-estimates slipped.
    settings.refresh_from_db()
    do_update_plan_settings(
        project, acting_user=maria, version=settings.version,
        changes={"compare_baseline": Baseline.objects.get(project=project, name=BASELINE_NAME)},
    )  # fmt: skip
    Resource.objects.filter(organization=project.organization).update(standard_rate=RATE)


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Iterator[Project]:
    with django_db_blocker.unblock(), transaction.atomic():
        assert load_demo() is True
        project = Project.objects.get(organization__slug=DEMO_SLUG, code="ROUTE")
        _enrich(project)
        yield project
        transaction.set_rollback(True)
