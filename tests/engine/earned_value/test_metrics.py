"""Earned-value metrics: formulas, undefined cases and identities."""

import math

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from tandem.engine.earned_value import (
    EacMethod,
    EarnedValueError,
    EvWorkItem,
    compute_earned_value,
    earned_value_from_items,
)

# Money in cents up to one billion: the realistic domain, free of subnormal denominators.
amount = st.integers(min_value=0, max_value=10**11).map(lambda cents: cents / 100)


def test_each_named_eac_formula():
    m = compute_earned_value(bac=1000, pv=500, ev=400, ac=500, etc_bottom_up=700)
    cpi, spi = 400 / 500, 400 / 500
    assert m.cpi == pytest.approx(cpi)
    assert m.spi == pytest.approx(spi)
    assert m.eac_cpi == pytest.approx(1000 / cpi)
    assert m.eac_atypical == pytest.approx(500 + 600)
    assert m.eac_cpi_spi == pytest.approx(500 + 600 / (cpi * spi))
    assert m.eac_bottom_up == pytest.approx(1200)
    assert m.tcpi_bac == pytest.approx(600 / 500)
    assert m.tcpi_eac == pytest.approx(600 / (1250 - 500))
    assert m.cv_percent == pytest.approx(-100 / 400)
    assert m.sv_percent == pytest.approx(-100 / 500)
    assert m.percent_complete == pytest.approx(40.0)
    assert m.percent_spent == pytest.approx(50.0)


@pytest.mark.parametrize(
    ("method", "expected"),
    [
        (EacMethod.CPI, 1250.0),
        (EacMethod.ATYPICAL, 1100.0),
        (EacMethod.CPI_SPI, 500 + 600 / 0.64),
        (EacMethod.BOTTOM_UP, 1200.0),
    ],
)
def test_method_selects_the_eac_that_drives_etc_and_vac(method, expected):
    m = compute_earned_value(bac=1000, pv=500, ev=400, ac=500, etc_bottom_up=700, eac_method=method)
    assert m.eac == pytest.approx(expected)
    assert m.etc == pytest.approx(expected - 500)
    assert m.vac == pytest.approx(1000 - expected)


def test_nothing_spent_leaves_cpi_and_its_forecasts_undefined():
    m = compute_earned_value(bac=1000, pv=0, ev=0, ac=0)
    assert m.cpi is None
    assert m.spi is None
    assert m.eac is None
    assert m.etc is None
    assert m.vac is None
    assert "AC is zero" in m.undefined["cpi"]
    assert "PV is zero" in m.undefined["spi"]
    assert m.undefined["eac"] == m.undefined["eac_cpi"]
    assert m.eac_atypical == 1000
    assert m.tcpi_bac == pytest.approx(1.0)


def test_spent_without_earning_makes_bac_over_cpi_undefined():
    m = compute_earned_value(bac=1000, pv=100, ev=0, ac=50)
    assert m.cpi == 0
    assert m.eac_cpi is None
    assert "CPI is zero" in m.undefined["eac_cpi"]
    assert m.eac_cpi_spi is None
    assert m.cv_percent is None


def test_budget_spent_leaves_tcpi_to_bac_undefined():
    m = compute_earned_value(bac=1000, pv=1000, ev=800, ac=1000)
    assert m.tcpi_bac is None
    assert "BAC equals AC" in m.undefined["tcpi_bac"]


def test_finished_on_budget_leaves_tcpi_to_eac_undefined():
    m = compute_earned_value(bac=1000, pv=1000, ev=1000, ac=1000)
    assert m.eac == 1000
    assert m.tcpi_eac is None
    assert "EAC equals AC" in m.undefined["tcpi_eac"]


def test_zero_bac_leaves_percentages_undefined():
    m = compute_earned_value(bac=0, pv=0, ev=0, ac=0)
    assert m.percent_complete is None
    assert "BAC is zero" in m.undefined["percent_spent"]


def test_missing_bottom_up_is_undefined_with_a_reason():
    m = compute_earned_value(bac=10, pv=5, ev=5, ac=5, eac_method=EacMethod.BOTTOM_UP)
    assert m.eac is None
    assert m.undefined["eac"] == "no bottom-up ETC was given"


@pytest.mark.parametrize("field", ["bac", "pv", "ev", "ac"])
def test_negative_or_nan_amounts_are_rejected_by_name(field):
    values = {"bac": 10.0, "pv": 5.0, "ev": 5.0, "ac": 5.0}
    with pytest.raises(EarnedValueError, match=field.upper()):
        compute_earned_value(**{**values, field: -1.0})
    with pytest.raises(EarnedValueError, match=field.upper()):
        compute_earned_value(**{**values, field: math.nan})


def test_vanishing_denominator_is_undefined_not_infinite():
    m = compute_earned_value(bac=5, pv=5e-324, ev=1, ac=5e-324)
    assert m.cpi is None
    assert m.spi is None
    assert "overflows" in m.undefined["cpi"]


def test_index_rounding_is_half_up():
    m = compute_earned_value(bac=100, pv=100, ev=8925, ac=10000, index_decimals=3)
    # 0.8925 would round to 0.892 with banker's rounding.
    assert m.cpi == 0.893


def test_work_items_reject_bad_values_naming_the_item():
    good = EvWorkItem("a", budget=10, planned_percent=50, percent_complete=50, actual_cost=5)
    with pytest.raises(EarnedValueError, match="'b'.*percent_complete"):
        earned_value_from_items([good, EvWorkItem("b", 10, 50, 150, 5)])
    with pytest.raises(EarnedValueError, match="duplicate work item ids: a"):
        earned_value_from_items([good, good])


def test_bottom_up_etc_needs_every_item():
    items = [
        EvWorkItem("a", budget=10, planned_percent=50, percent_complete=50, actual_cost=6, etc=6),
        EvWorkItem("b", budget=10, planned_percent=50, percent_complete=40, actual_cost=4, etc=7),
    ]
    assert earned_value_from_items(items).eac_bottom_up == pytest.approx(23)
    partial = [items[0], EvWorkItem("b", 10, 50, 40, 4)]
    assert earned_value_from_items(partial).eac_bottom_up is None


# No deadline: the machine is shared, and timing is not what these tests check.
@settings(deadline=None)
@given(bac=amount, pv=amount, ev=amount, ac=amount, etc=amount, method=st.sampled_from(EacMethod))
def test_identities_hold(bac, pv, ev, ac, etc, method):
    m = compute_earned_value(bac=bac, pv=pv, ev=ev, ac=ac, etc_bottom_up=etc, eac_method=method)
    tol = 1e-9 * max(1.0, bac, pv, ev, ac, etc)
    assert m.cv == pytest.approx(ev - ac, abs=tol)
    assert m.sv == pytest.approx(ev - pv, abs=tol)
    assert m.eac_atypical == pytest.approx(ac + bac - ev, abs=tol)
    if m.eac is not None:
        assert m.vac == pytest.approx(bac - m.eac, rel=1e-9, abs=tol)
        assert m.eac == pytest.approx(ac + m.etc, rel=1e-9, abs=tol)
    else:
        assert m.etc is None
        assert m.vac is None
        assert "eac" in m.undefined
    if m.cpi is not None:
        assert m.cpi * ac == pytest.approx(ev, rel=1e-9, abs=tol)
        if m.cpi > 0:
            # BAC / CPI is the same as AC + (BAC - EV) / CPI.
            assert m.eac_cpi == pytest.approx(ac + (bac - ev) / m.cpi, rel=1e-9, abs=tol)
    else:
        assert ac == 0
    if m.spi is not None:
        assert m.spi * pv == pytest.approx(ev, rel=1e-9, abs=tol)
    # Every None field carries a reason.
    for name in ("cpi", "spi", "eac_cpi", "eac_cpi_spi", "eac", "tcpi_bac", "tcpi_eac"):
        if getattr(m, name) is None:
            assert m.undefined[name]


# No deadline: the machine is shared, and timing is not what these tests check.
@settings(deadline=None)
@given(bac=amount, ev=amount, ac=amount)
def test_tcpi_to_eac_equals_cpi_for_the_cpi_forecast(bac, ev, ac):
    # With work left (BAC > EV) the remaining work at the current CPI needs exactly that CPI.
    assume(bac - ev > 1e-6 * bac)
    m = compute_earned_value(bac=bac, pv=bac, ev=ev, ac=ac)
    if m.tcpi_eac is not None and m.cpi is not None:
        assert m.tcpi_eac == pytest.approx(m.cpi, rel=1e-9)


# No deadline: the machine is shared, and timing is not what these tests check.
@settings(deadline=None)
@given(
    st.lists(
        st.tuples(amount, st.floats(0, 100), st.floats(0, 100), amount),
        min_size=1,
        max_size=20,
    )
)
def test_rollup_sums_item_amounts(rows):
    items = [EvWorkItem(str(n), b, pp, pc, a) for n, (b, pp, pc, a) in enumerate(rows)]
    m = earned_value_from_items(items)
    assert m.bac == pytest.approx(sum(r[0] for r in rows))
    assert m.pv == pytest.approx(sum(r[0] * r[1] / 100 for r in rows))
    assert m.ev == pytest.approx(sum(r[0] * r[2] / 100 for r in rows))
    assert m.ac == pytest.approx(sum(r[3] for r in rows))
    assert m.ev <= m.bac * (1 + 1e-12)


def test_unknown_eac_method_is_a_named_error():
    with pytest.raises(EarnedValueError, match="unknown EAC method 'guess'"):
        compute_earned_value(bac=10, pv=5, ev=5, ac=5, eac_method="guess")
