"""Risk networks built from the scheduling model agree with the scheduler on fixed durations."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tandem.engine.risk import (
    RiskModelError,
    ThreePointEstimate,
    project_working_time_mapper,
    risk_network_from_project,
    simulate_schedule_risk,
)
from tandem.engine.scheduling import (
    Duration,
    Lag,
    LagCalendar,
    Link,
    LinkType,
    Project,
    Task,
    schedule_project,
    standard_calendar,
)

ZONE = ZoneInfo("Europe/Paris")
DAY = 480


def project(tasks, links=()):
    return Project(
        name="p",
        start=datetime(2026, 3, 2, 8, tzinfo=ZONE),
        calendar_id="standard",
        calendars=(standard_calendar(),),
        tasks=tuple(tasks),
        links=tuple(links),
        timezone="Europe/Paris",
    )


def simulated_finish(p, **kwargs):
    network = risk_network_from_project(p, **kwargs)
    result = simulate_schedule_risk(
        network, iterations=2, seed=0, to_datetime=project_working_time_mapper(p)
    )
    return result


def test_chain_with_summary_matches_the_scheduler():
    p = project(
        [
            Task("phase", "Phase"),
            Task("a", duration=Duration(2 * DAY), parent_id="phase"),
            Task("b", duration=Duration(3 * DAY), parent_id="phase"),
            Task("c", duration=Duration(DAY)),
            Task("done", milestone=True),
        ],
        [
            Link("a", "b", lag=Lag(DAY // 2, calendar=LagCalendar.PROJECT)),
            Link("phase", "c"),
            Link("c", "done"),
        ],
    )
    result = simulated_finish(p)
    schedule = schedule_project(p)
    assert result.finish_dates["p50"] == schedule.project_finish
    assert result.milestone_dates["done"]["mean"] == schedule.tasks["done"].finish
    assert set(result.criticality) == {"a", "b", "c", "done"}


@st.composite
def projects(draw):
    count = draw(st.integers(2, 7))
    # Positive durations: zero-duration display conventions (where a milestone shows) are the
    # scheduler's business; this test checks the logic.
    tasks = [Task(f"t{k}", duration=Duration(draw(st.integers(1, 12)) * 60)) for k in range(count)]
    links = []
    for s in range(1, count):
        for q in draw(st.sets(st.integers(0, s - 1), max_size=2)):
            kind = draw(st.sampled_from(list(LinkType)))
            lag = Lag(draw(st.integers(-4, 8)) * 60, calendar=LagCalendar.PROJECT)
            links.append(Link(f"t{q}", f"t{s}", kind, lag))
    return project(tasks, links)


@settings(max_examples=60, deadline=None)
@given(projects())
def test_deterministic_finish_matches_the_scheduler(p):
    schedule = schedule_project(p)
    result = simulated_finish(p)
    assert result.finish_dates["mean"] == schedule.project_finish


def test_estimates_and_default_range():
    p = project(
        [Task("a", duration=Duration(DAY)), Task("b", duration=Duration(2 * DAY))], [Link("a", "b")]
    )
    network = risk_network_from_project(
        p,
        {"a": ThreePointEstimate(400, 480, 900)},
        default_range=(0.5, 2.0),
        costs={"b": (100.0, 0.5)},
    )
    by_id = {t.id: t for t in network.tasks}
    assert by_id["a"].duration == ThreePointEstimate(400, 480, 900)
    assert by_id["b"].duration == ThreePointEstimate(480, 960, 1920)
    assert (by_id["b"].fixed_cost, by_id["b"].cost_per_unit) == (100.0, 0.5)


def test_unsupported_inputs_are_named():
    summary = project(
        [
            Task("phase"),
            Task("a", duration=Duration(DAY), parent_id="phase"),
            Task("c", duration=Duration(DAY)),
        ],
        [Link("phase", "c", LinkType.SS)],
    )
    with pytest.raises(RiskModelError, match="'phase' -> 'c'.*SS/SF"):
        risk_network_from_project(summary)
    with pytest.raises(RiskModelError, match="'phase' is a summary task"):
        risk_network_from_project(summary, {"phase": ThreePointEstimate(1, 2, 3)})
    with pytest.raises(RiskModelError, match="'nope'"):
        risk_network_from_project(summary, {"nope": ThreePointEstimate(1, 2, 3)})
    elapsed = project([Task("a", duration=Duration(DAY, elapsed=True))])
    with pytest.raises(RiskModelError, match="'a' has an elapsed duration"):
        risk_network_from_project(elapsed)
    elapsed_lag = project(
        [Task("a", duration=Duration(DAY)), Task("b", duration=Duration(DAY))],
        [Link("a", "b", lag=Lag(60, elapsed=True))],
    )
    with pytest.raises(RiskModelError, match="elapsed lags"):
        risk_network_from_project(elapsed_lag)


def test_remaining_work_from_the_status_date():
    status = datetime(2026, 3, 4, 8, tzinfo=ZONE)
    p = project(
        [
            Task(
                "done",
                duration=Duration(DAY),
                actual_start=datetime(2026, 3, 2, 8, tzinfo=ZONE),
                actual_finish=datetime(2026, 3, 2, 17, tzinfo=ZONE),
            ),
            Task(
                "half",
                duration=Duration(4 * DAY),
                actual_start=datetime(2026, 3, 3, 8, tzinfo=ZONE),
                percent_complete=50,
            ),
            Task(
                "told",
                duration=Duration(4 * DAY),
                actual_start=datetime(2026, 3, 3, 8, tzinfo=ZONE),
                remaining_duration=Duration(DAY),
            ),
            Task("later", duration=Duration(2 * DAY), percent_complete=30),
        ],
        [Link("done", "half"), Link("half", "later"), Link("told", "later")],
    )
    network = risk_network_from_project(p, remaining_only=True)
    durations = {t.id: t.duration for t in network.tasks}
    # "later" has not started, so its progress does not count (the scheduler's rule).
    assert durations == {"done": 0.0, "half": 2.0 * DAY, "told": float(DAY), "later": 2.0 * DAY}
    to_datetime = project_working_time_mapper(p, origin=status)
    result = simulate_schedule_risk(network, iterations=2, seed=0, to_datetime=to_datetime)
    assert result.finish.mean == 4 * DAY
    assert result.finish_dates["p50"] == datetime(2026, 3, 9, 17, tzinfo=ZONE)
