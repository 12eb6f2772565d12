"""Time-phased earned value (S-curve data)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tandem.engine.earned_value import EarnedValueError, EvTimePhasedItem, earned_value_series


def _items():
    return [
        EvTimePhasedItem("design", planned=[100, 100], earned=[80, 120], actual=[90, 130]),
        EvTimePhasedItem(
            "build", planned=[0, 50, 200, 250], earned=[0, 30, 100], actual=[0, 40, 150]
        ),
    ]


def test_per_period_and_cumulative_sums():
    s = earned_value_series(_items())
    assert s.periods == 4
    assert s.reported_periods == 3
    assert s.bac == 700
    assert s.pv == (100, 150, 200, 250)
    assert s.ev == (80, 150, 100)
    assert s.ac == (90, 170, 150)
    assert s.pv_cumulative == (100, 250, 450, 700)
    assert s.ev_cumulative == (80, 230, 330)
    assert s.ac_cumulative == (90, 260, 410)


def test_metrics_and_earned_schedule_at_a_period():
    s = earned_value_series(_items())
    m = s.metrics_at(3)
    assert (m.pv, m.ev, m.ac, m.bac) == (450, 330, 410, 700)
    assert m.cpi == pytest.approx(330 / 410)
    es = s.earned_schedule_at(3)
    assert es.es == pytest.approx(2 + (330 - 250) / 200)
    assert es.planned_duration == 4
    with pytest.raises(EarnedValueError, match="period 4 is outside"):
        s.metrics_at(4)


def test_bad_items_are_named():
    with pytest.raises(EarnedValueError, match="'x'"):
        earned_value_series([EvTimePhasedItem("x", planned=[10, -1])])
    with pytest.raises(EarnedValueError, match="duplicate work item ids: x"):
        earned_value_series([EvTimePhasedItem("x", [1]), EvTimePhasedItem("x", [1])])
    with pytest.raises(EarnedValueError, match="more than 2"):
        earned_value_series([EvTimePhasedItem("y", [1, 2, 3])], periods=2)


amounts = st.lists(st.integers(0, 10_000).map(float), min_size=1, max_size=12)


# No deadline: the machine is shared, and timing is not what these tests check.
@settings(deadline=None)
@given(st.lists(st.tuples(amounts, amounts, amounts), min_size=1, max_size=6))
def test_series_identities(rows):
    items = [EvTimePhasedItem(f"w{k}", p, e, a) for k, (p, e, a) in enumerate(rows)]
    s = earned_value_series(items)
    assert s.bac == pytest.approx(sum(sum(p) for p, _, _ in rows))
    assert s.pv_cumulative[-1] == pytest.approx(s.bac)
    for per_period, cumulative in (
        (s.pv, s.pv_cumulative),
        (s.ev, s.ev_cumulative),
        (s.ac, s.ac_cumulative),
    ):
        assert len(per_period) == len(cumulative)
        running = 0.0
        for value, total in zip(per_period, cumulative, strict=True):
            running += value
            assert total == pytest.approx(running)
    for period in range(1, s.reported_periods + 1):
        m = s.metrics_at(period)
        assert m.cv == pytest.approx(m.ev - m.ac)
        assert m.sv == pytest.approx(m.ev - m.pv)
        assert m.ev == pytest.approx(sum(sum(e[:period]) for _, e, _ in rows))
