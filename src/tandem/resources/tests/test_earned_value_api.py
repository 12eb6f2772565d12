"""GET /api/projects/{id}/earned-value: the report's figures, amounts only for people who see
cost rates, a clear 422 for every bad parameter."""

import datetime as dt

import pytest

from tandem.planning.models import PlanSettings
from tandem.resources.earned_value import earned_value_report

D = dt.date
MONEY = ("bac", "pv", "ev", "ac", "sv", "cv", "eac", "eac_cpi", "eac_atypical", "etc", "vac")


def _url(world, **params):
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return f"/api/projects/{world.project.pk}/earned-value" + (f"?{query}" if query else "")


def test_the_manager_reads_the_figures_the_report_computes(world, api_client, plan):
    baseline, phase, a, b = plan
    found = api_client.as_user(world.manager).get(_url(world, status_date="2026-01-07"))
    assert found.status_code == 200
    body = found.json()
    expected = earned_value_report(world.project, baseline, D(2026, 1, 7)).total
    m = expected.metrics
    figures = body["project"]
    assert [figures[k] for k in ("bac", "pv", "ev", "ac", "cpi", "spi", "eac")] == [
        pytest.approx(v, abs=1e-6) for v in (m.bac, m.pv, m.ev, m.ac, m.cpi, m.spi, m.eac)
    ]
    assert (figures["es"], figures["forecast_finish"]) == (
        pytest.approx(expected.schedule.es),
        str(expected.forecast_finish),
    )
    assert (body["baseline_name"], body["status_date"], body["shows_money"]) == (
        "Approved",
        "2026-01-07",
        True,
    )
    assert [(s["name"], s["pv"]) for s in body["summaries"]] == [("Phase", 1200.0)]
    assert body["curve"][2] == {
        "date": "2026-01-07",
        "pv": 1200.0,
        "ac": 1030.0,
        "pv_percent": 50.0,
        "ac_percent": pytest.approx(42.92, abs=0.01),
    }
    assert figures["undefined"] == {}


def test_a_member_gets_the_indices_but_no_amounts(world, api_client, plan):
    body = api_client.as_user(world.member).get(_url(world, status_date="2026-01-07")).json()
    assert body["shows_money"] is False
    for row in (body["project"], *body["summaries"]):
        assert [row[k] for k in MONEY] == [None] * len(MONEY)
        assert not set(row["undefined"]) & set(MONEY)
    # before the start, the reasons name what is missing, amounts or not
    early = api_client.as_user(world.member).get(_url(world, status_date="2026-01-02")).json()
    assert early["project"]["undefined"]["cpi"] == (
        "CPI undefined: AC is zero: no cost has been recorded, so CPI is undefined"
    )
    assert "ac" not in early["project"]["undefined"]
    assert body["project"]["spi"] == pytest.approx(1.0)
    assert {p["pv"] for p in body["curve"]} == {None}
    assert {p["ac"] for p in body["curve"]} == {None}
    assert body["curve"][2]["pv_percent"] == 50.0


def test_a_stakeholder_and_an_outsider_get_no_figures(world, api_client, plan):
    assert api_client.as_user(world.stakeholder).get(_url(world)).status_code == 403
    assert api_client.as_user(world.outsider).get(_url(world)).status_code == 404


def test_the_plan_settings_give_the_default_status_date(world, api_client, plan):
    PlanSettings.objects.update_or_create(
        project=world.project, defaults={"status_date": D(2026, 1, 6)}
    )
    body = api_client.as_user(world.manager).get(_url(world)).json()
    assert (body["status_date"], body["project"]["ac"]) == ("2026-01-06", 1030.0)


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"status_date": "2026-02-30"}, "status_date"),
        ({"baseline": "999999"}, "baseline"),
        ({"eac_method": "guess"}, "eac_method"),
    ],
)
def test_bad_parameters_are_named(world, api_client, plan, params, field):
    found = api_client.as_user(world.manager).get(_url(world, **params))
    assert found.status_code == 422
    assert field in found.content.decode()


def test_without_a_baseline_the_answer_says_to_save_one(world, api_client):
    found = api_client.as_user(world.manager).get(_url(world))
    assert found.status_code == 422
    assert found.json()["error"]["fields"] == {"baseline": ["no baseline saved"]}
    assert "save one on the Baselines page" in found.json()["error"]["message"]
