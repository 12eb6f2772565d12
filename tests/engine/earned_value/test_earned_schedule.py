"""Earned schedule: ES, SV(t), SPI(t), IEAC(t), TSPI and the forecast finish date."""

from datetime import date, timedelta
from itertools import accumulate

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tandem.engine.earned_value import (
    EarnedValueError,
    compute_earned_schedule,
    earned_schedule,
    pv_planned_duration,
    working_day_calendar,
)

# Cumulative PV of a 10-period plan, 100 per period.
LINEAR = [100.0 * k for k in range(1, 11)]


def test_es_interpolates_inside_the_period_ev_reaches():
    assert earned_schedule(LINEAR, 250.0) == pytest.approx(2.5)
    assert earned_schedule([50, 150, 400], 275.0) == pytest.approx(2 + 125 / 250)
    assert earned_schedule(LINEAR, 0.0) == 0.0


def test_es_counts_a_flat_stretch_that_ev_has_reached():
    # Nothing planned in periods 3 and 4: having earned the period-2 value by then is on time.
    assert earned_schedule([100, 200, 200, 200, 300], 200.0) == 4.0


def test_es_of_finished_work_is_the_planned_duration_not_trailing_idle_periods():
    curve = [100, 200, 300, 300, 300]
    assert pv_planned_duration(curve) == 3
    assert earned_schedule(curve, 300.0) == 3.0


def test_metrics_behind_schedule():
    m = compute_earned_schedule(LINEAR, 400.0, 5.0)
    assert m.es == pytest.approx(4.0)
    assert m.sv_t == pytest.approx(-1.0)
    assert m.spi_t == pytest.approx(0.8)
    assert m.ieac_t == pytest.approx(12.5)  # PD / SPI(t) = 10 / 0.8
    assert m.tspi == pytest.approx(6 / 5)
    assert m.forecast_finish_period == 13
    assert m.forecast_finish is None
    assert m.undefined["forecast_finish"] == "no period calendar was given"


def test_performance_factor_one_means_remaining_work_goes_to_plan():
    m = compute_earned_schedule(LINEAR, 400.0, 5.0, performance_factor=1.0)
    assert m.ieac_t == pytest.approx(5 + 6)


def test_forecast_date_on_a_working_day_calendar():
    # Monday 2 March 2026; Friday 6 March is a holiday.
    calendar = working_day_calendar(date(2026, 3, 2), holidays=[date(2026, 3, 6)])
    assert calendar(1) == date(2026, 3, 2)
    assert calendar(4) == date(2026, 3, 5)
    assert calendar(5) == date(2026, 3, 9)
    m = compute_earned_schedule(LINEAR, 400.0, 5.0, calendar=calendar)
    # Period 13 = the 13th working day: 2-5 Mar (4), 9-13 (5), 16-19 (4).
    assert m.forecast_finish == date(2026, 3, 19)


def test_forecast_date_from_a_list_of_period_dates():
    weeks = [date(2026, 1, 2) + timedelta(weeks=k) for k in range(20)]
    m = compute_earned_schedule(LINEAR, 400.0, 5.0, calendar=weeks)
    assert m.forecast_finish == weeks[12]
    with pytest.raises(EarnedValueError, match="period 13 is needed"):
        compute_earned_schedule(LINEAR, 400.0, 5.0, calendar=weeks[:10])


def test_undefined_cases_carry_reasons():
    start = compute_earned_schedule(LINEAR, 0.0, 0.0)
    assert start.spi_t is None
    assert start.ieac_t is None
    assert "actual time is zero" in start.undefined["spi_t"]
    stalled = compute_earned_schedule(LINEAR, 0.0, 3.0)
    assert stalled.spi_t == 0
    assert stalled.ieac_t is None
    assert "no progress" in stalled.undefined["ieac_t"]
    at_end = compute_earned_schedule(LINEAR, 900.0, 10.0)
    assert at_end.tspi is None


def test_invalid_curve_names_the_period():
    with pytest.raises(EarnedValueError, match="period 3"):
        earned_schedule([100, 200, 150], 50.0)
    with pytest.raises(EarnedValueError, match="empty"):
        earned_schedule([], 0.0)


curves = st.lists(st.integers(0, 1000), min_size=1, max_size=30).map(
    lambda steps: [float(v) for v in accumulate(steps)]
)


# No deadline: the machine is shared, and timing is not what these tests check.
@settings(deadline=None)
@given(curve=curves, fraction=st.floats(0, 1), at=st.floats(0.5, 60))
def test_es_inverts_the_plan_and_identities_hold(curve, fraction, at):
    ev = curve[-1] * fraction
    es = earned_schedule(curve, ev)
    assert 0 <= es <= pv_planned_duration(curve)
    # The plan's value at time ES (linear within a period) is the earned value.
    whole = int(es)
    before = curve[whole - 1] if whole > 0 else 0.0
    if whole < len(curve) and es > whole:
        assert before + (es - whole) * (curve[whole] - before) == pytest.approx(ev, abs=1e-6)
    m = compute_earned_schedule(curve, ev, at)
    assert m.sv_t == pytest.approx(m.es - at)
    assert m.spi_t == pytest.approx(m.es / at)
    if m.ieac_t is not None:
        assert m.ieac_t == pytest.approx(m.planned_duration / m.spi_t, rel=1e-9)
