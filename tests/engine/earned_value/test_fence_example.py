"""The PMP fence exercise (benchdata worked_examples/examples.json, ``evm_fence``)."""

import json

import pytest

from tandem.engine.earned_value import EvWorkItem, earned_value_from_items


@pytest.fixture(scope="module")
def fence(benchdata):
    path = benchdata / "worked_examples" / "examples.json"
    if not path.is_file():
        pytest.skip(f"{path} not found")
    return json.loads(path.read_text())["evm_fence"]


def _items(fence):
    return [
        EvWorkItem(
            id=f"side-{n}",
            budget=side["budget"],
            planned_percent=100.0 if side["planned_done_by_day3"] else 0.0,
            percent_complete=side["pct_complete"],
            actual_cost=side["actual_cost"],
        )
        for n, side in enumerate(fence["inputs"]["sides"], start=1)
    ]


@pytest.mark.benchdata
def test_fence_amounts_and_indices_match_the_source(fence):
    answer = fence["answer"]
    metrics = earned_value_from_items(_items(fence), index_decimals=3)
    assert metrics.pv == answer["PV"]
    assert metrics.ev == answer["EV"]
    assert metrics.ac == answer["AC"]
    assert metrics.bac == answer["BAC"]
    assert metrics.cv == answer["CV"]
    assert metrics.sv == answer["SV"]
    assert metrics.cpi == answer["CPI"]
    assert metrics.spi == answer["SPI"]


@pytest.mark.benchdata
def test_fence_forecasts_reproduce_the_source_rounding(fence):
    # The source divides BAC by CPI rounded to three decimals (4000 / 0.893) and then rounds
    # the money to whole units.
    answer = fence["answer"]
    metrics = earned_value_from_items(_items(fence), index_decimals=3)
    assert round(metrics.eac) == answer["EAC"]
    assert round(metrics.etc) == answer["ETC"]
    assert round(metrics.vac) == answer["VAC"]
    assert metrics.eac == pytest.approx(4000 / 0.893, rel=1e-12)


@pytest.mark.benchdata
def test_fence_unrounded_forecast_is_bac_times_ac_over_ev(fence):
    metrics = earned_value_from_items(_items(fence))
    assert metrics.cpi == pytest.approx(2500 / 2800, rel=1e-12)
    assert metrics.eac == pytest.approx(4480.0, rel=1e-12)
    assert metrics.etc == pytest.approx(1680.0, rel=1e-12)
    assert metrics.vac == pytest.approx(-480.0, rel=1e-12)
