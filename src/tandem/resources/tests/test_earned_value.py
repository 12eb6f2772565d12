"""Earned value through the app's cost model: the engine's figures from the plan, the baseline,
progress, logged time at each day's rate and recorded costs (project on Monday-Friday, 8-hour
days, from Monday 2026-01-05, scheduled automatically)."""

import dataclasses
import datetime as dt
import json
from decimal import Decimal

import pytest

from tandem.engine import earned_value as ev
from tandem.planning.actions import do_add_dependency, do_update_task
from tandem.planning.baseline_actions import do_save_baseline
from tandem.planning.models import BaselineTask, Task
from tandem.resources.actions import do_add_rate_change
from tandem.resources.earned_value import earned_value_for, earned_value_report
from tandem.testing.factories_planning import make_task
from tandem.testing.factories_resources import make_resource, make_time_entry

D = dt.date
HOURS_PER_DAY = Decimal(8)


def _progress(task, percent, manager):
    task = Task.objects.get(pk=task.pk)
    do_update_task(
        task, acting_user=manager, version=task.version, changes={"percent_complete": percent}
    )


def _same_metrics(found, expected):
    for f in dataclasses.fields(ev.EarnedValueMetrics):
        a, b = getattr(found, f.name), getattr(expected, f.name)
        if f.name == "undefined":
            assert dict(a) == dict(b)
        elif b is None or isinstance(b, str):
            assert a == b, f.name
        else:
            assert a == pytest.approx(b, rel=1e-12, abs=1e-9), f.name


@pytest.fixture
def fence_example(benchdata):
    examples = json.loads((benchdata / "worked_examples" / "examples.json").read_text())
    return examples["evm_fence"]


@pytest.mark.benchdata
def test_the_pmp_fence_exercise_reproduces_through_the_cost_model(world, fence_example):
    """Four one-day sides in a row, a crew priced so that a day's work is a side's budget; the
    crew's rate goes up on day 2 (actual costs of day 2 and 3 are logged hours at the new rate);
    status at the end of day 3."""
    sides = fence_example["inputs"]["sides"]
    days = [D(2026, 1, 5) + dt.timedelta(days=i) for i in range(len(sides))]  # Mon-Thu
    first_rate = Decimal(sides[0]["budget"]) / HOURS_PER_DAY
    raised_rate = Decimal(sides[1]["actual_cost"]) / HOURS_PER_DAY
    crew = make_resource(
        world.admin, "Crew", kind="person", user=world.member, standard_rate=first_rate
    )
    fence = make_task(world.project, "Fence")
    tasks = [
        make_task(
            world.project, f"Side {i + 1}", parent=fence, estimate=1, assignee_ids=[world.member.pk]
        )
        for i in range(len(sides))
    ]
    for before, after in zip(tasks, tasks[1:], strict=False):
        do_add_dependency(acting_user=world.manager, predecessor=before, successor=after)
    baseline = do_save_baseline(world.project, acting_user=world.manager, name="Approved")
    saved = dict(BaselineTask.objects.filter(baseline=baseline).values_list("name", "cost"))
    assert [saved[t.name] for t in tasks] == [Decimal(s["budget"]) for s in sides]
    do_add_rate_change(
        crew, acting_user=world.admin, effective_from=days[1], standard_rate=raised_rate
    )
    rate_on = {days[0]: first_rate, days[1]: raised_rate, days[2]: raised_rate}
    for task, side, day in zip(tasks, sides, days, strict=False):
        _progress(task, side["pct_complete"], world.manager)
        if side["actual_cost"]:
            hours = Decimal(side["actual_cost"]) / rate_on[day]
            make_time_entry(task, world.member, hours=str(hours), date=day)
    status = days[2]
    planned_done = [
        BaselineTask.objects.get(baseline=baseline, task=t).finish_date <= status for t in tasks
    ]
    assert planned_done == [s["planned_done_by_day3"] for s in sides]

    report = earned_value_report(world.project, baseline, status, index_decimals=3)

    answer = fence_example["answer"]
    m = report.total.metrics
    assert (m.pv, m.ev, m.ac, m.bac, m.cv, m.sv) == (
        answer["PV"],
        answer["EV"],
        answer["AC"],
        answer["BAC"],
        answer["CV"],
        answer["SV"],
    )
    assert (m.cpi, m.spi) == (answer["CPI"], answer["SPI"])
    assert (round(m.eac), round(m.etc), round(m.vac)) == (
        answer["EAC"],
        answer["ETC"],
        answer["VAC"],
    )
    # the fence summary holds every side, so its figures are the project's
    (row,) = report.summaries
    assert (row.name, row.metrics.pv, row.metrics.ev, row.metrics.ac) == (
        "Fence",
        answer["PV"],
        answer["EV"],
        answer["AC"],
    )
    # unrounded indices give the exact forecast the exercise's note names
    exact = earned_value_report(world.project, baseline, status).total.metrics
    assert exact.eac == pytest.approx(answer["BAC"] * answer["AC"] / answer["EV"])
    # earned schedule in working days: 2.5 days' worth of plan earned in 3 days
    schedule = report.total.schedule
    assert (schedule.es, schedule.actual_time, schedule.sv_t) == (2.5, 3.0, -0.5)
    assert schedule.spi_t == pytest.approx(2.5 / 3)
    # IEAC(t) = 3 + (4 - 2.5) / (2.5 / 3) = 4.8 days: the end of the fifth working day
    assert schedule.ieac_t == pytest.approx(4.8)
    assert report.total.forecast_finish == D(2026, 1, 9)


def test_app_figures_equal_the_engine_run_directly_on_the_same_data(world, plan):
    baseline, phase, a, b = plan
    # when the figures are asked at the end of Wednesday 7 January (3 of A's 5 days)
    report = earned_value_report(world.project, baseline, D(2026, 1, 7))
    # then they are the engine's on the plain numbers: A planned 60 % of 2000, B nothing yet
    items = [
        ev.EvWorkItem(str(a.pk), 2000.0, 60.0, 60.0, 400.0 + 480.0),
        ev.EvWorkItem(str(b.pk), 400.0, 0.0, 0.0, 0.0),
        ev.EvWorkItem("project", 0.0, 0.0, 0.0, 150.0),
    ]
    _same_metrics(report.total.metrics, ev.earned_value_from_items(items))
    _same_metrics(report.summaries[0].metrics, ev.earned_value_from_items(items[:2]))
    # and the S-curve's PV per working day is A's 400 a day, then B's 200 a day
    pv = [400.0, 800.0, 1200.0, 1600.0, 2000.0, 2200.0, 2400.0]
    assert [p.day for p in report.curve] == [
        D(2026, 1, 5),
        D(2026, 1, 6),
        D(2026, 1, 7),
        D(2026, 1, 8),
        D(2026, 1, 9),
        D(2026, 1, 12),
        D(2026, 1, 13),
    ]
    assert [p.pv for p in report.curve] == pytest.approx(pv)
    assert [p.ac for p in report.curve] == [400.0, 1030.0, 1030.0, None, None, None, None]
    expected = ev.compute_earned_schedule(pv, 1200.0, 3.0)
    assert report.total.schedule == expected
    assert report.total.forecast_finish == ev.working_day_calendar(D(2026, 1, 5))(
        expected.forecast_finish_period
    )


def test_undefined_figures_say_why(world, plan):
    baseline, *_ = plan
    # before the project starts nothing is planned, earned or spent
    report = earned_value_report(world.project, baseline, D(2026, 1, 2))
    undefined = report.total.undefined
    assert report.total.metrics.cpi is None
    assert undefined["cpi"] == "AC is zero: no cost has been recorded, so CPI is undefined"
    assert undefined["spi"] == (
        "PV is zero: no work was planned by the status date, so SPI is undefined"
    )
    assert undefined["spi_t"] == (
        "actual time is zero: no time has elapsed, so SPI(t) is undefined"
    )


def test_the_status_date_and_baseline_default_to_the_plan_settings(world, plan, api_client):
    baseline, *_ = plan
    report = earned_value_for(world.manager, world.project.pk, today=D(2026, 1, 7))
    assert (report.baseline, report.status_date) == (baseline, D(2026, 1, 7))
    assert report.total.metrics.ac == 1030.0
