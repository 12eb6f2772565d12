"""``GET /api/projects/{id}/earned-value``: the earned value page's figures."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema

from tandem.core.api import ERRORS
from tandem.engine.earned_value import EacMethod

from .earned_value import earned_value_for
from .earned_value_figures import payload
from .policies import can_see_rates

router = Router(tags=["earned value"])

_MONEY = "Money in the project's currency; null for people who may not see cost rates."


class EvFiguresOut(Schema):
    task_id: int | None = Field(None, description="The summary task; null for the project.")
    wbs_code: str
    name: str
    bac: float | None = Field(None, description=_MONEY)
    pv: float | None = Field(None, description=_MONEY)
    ev: float | None = Field(None, description=_MONEY)
    ac: float | None = Field(None, description=_MONEY)
    sv: float | None = Field(None, description=_MONEY)
    cv: float | None = Field(None, description=_MONEY)
    sv_percent: float | None = Field(None, description="SV in percent of PV.")
    cv_percent: float | None = Field(None, description="CV in percent of EV.")
    spi: float | None
    cpi: float | None
    eac: float | None = Field(None, description=_MONEY + " By the chosen eac_method.")
    eac_cpi: float | None = Field(None, description=_MONEY)
    eac_atypical: float | None = Field(None, description=_MONEY)
    eac_cpi_spi: float | None = Field(None, description=_MONEY)
    etc: float | None = Field(None, description=_MONEY)
    vac: float | None = Field(None, description=_MONEY)
    tcpi_bac: float | None
    tcpi_eac: float | None
    percent_complete: float | None = Field(None, description="EV / BAC in percent.")
    percent_spent: float | None = Field(None, description="AC / BAC in percent.")
    es: float | None = Field(None, description="Earned schedule, in periods.")
    actual_time: float | None = Field(None, description="Periods elapsed at the status date.")
    sv_t: float | None = Field(None, description="ES - AT, in periods.")
    spi_t: float | None
    ieac_t: float | None = Field(None, description="Forecast duration, in periods.")
    forecast_finish: dt.date | None
    undefined: dict[str, str] = Field(
        ..., description="Why each figure that is null could not be computed."
    )


class EvCurvePointOut(Schema):
    date: dt.date
    pv: float | None = Field(None, description=_MONEY)
    ac: float | None = Field(None, description=_MONEY + " Null after the status date.")
    pv_percent: float | None = Field(None, description="PV in percent of BAC.")
    ac_percent: float | None = Field(None, description="AC in percent of BAC.")


class EarnedValueOut(Schema):
    project_id: int
    baseline_id: int
    baseline_name: str
    status_date: dt.date
    currency: str
    period: str = Field(..., description='The reporting period: "working day" or "week".')
    eac_method: str
    shows_money: bool
    project: EvFiguresOut
    summaries: list[EvFiguresOut]
    curve: list[EvCurvePointOut]
    notes: list[str]


@router.get(
    "/projects/{project_id}/earned-value",
    response={200: EarnedValueOut, **ERRORS},
    url_name="earned-value",
)
def earned_value(
    request: HttpRequest,
    project_id: int,
    status_date: dt.date | None = None,
    baseline: int | None = None,
    eac_method: Literal["cpi", "atypical", "cpi_spi"] = "cpi",
) -> Any:
    """Earned value and earned schedule of the project and of each summary task at the status
    date (default: the plan settings', else today) against a baseline (default: the one the
    plan compares with, else the latest). For people who see the budget (``budget.view``)."""
    report = earned_value_for(
        request.user,
        project_id,
        status_date=status_date,
        baseline_id=baseline,
        eac_method=EacMethod(eac_method),
    )
    return payload(report, can_see_rates(request.user))
