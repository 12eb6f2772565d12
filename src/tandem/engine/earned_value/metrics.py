"""Earned-value metrics at one status date: variances, indices, forecasts.

All money amounts are in the project's currency units (any unit, as long as every input uses the
same one). Ratios are plain floats (1.0 = on plan). A ratio whose denominator is zero is ``None``
and :attr:`EarnedValueMetrics.undefined` maps its field name to the reason.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from types import MappingProxyType

from .errors import EarnedValueError

# Reasons recorded in ``EarnedValueMetrics.undefined`` (documented so callers can match them).
REASON_AC_ZERO = "AC is zero: no cost has been recorded, so CPI is undefined"
REASON_PV_ZERO = "PV is zero: no work was planned by the status date, so SPI is undefined"
REASON_EV_ZERO = "EV is zero: no work has been earned, so CV% is undefined"
REASON_CPI_ZERO = "CPI is zero: cost was spent but nothing earned, so BAC/CPI is undefined"
REASON_CPI_SPI_ZERO = "CPI x SPI is zero or undefined, so the CPI x SPI forecast is undefined"
REASON_NO_BOTTOM_UP = "no bottom-up ETC was given"
REASON_BUDGET_SPENT = "BAC equals AC: the budget is spent, so TCPI to BAC is undefined"
REASON_BAC_ZERO = "BAC is zero: nothing is budgeted, so percentages of BAC are undefined"
REASON_OVERFLOW = "the ratio overflows: its denominator is vanishingly small"
REASON_EAC_EQUALS_AC = "EAC equals AC: nothing left to spend, so TCPI to EAC is undefined"


class EacMethod(StrEnum):
    """Which estimate at completion drives ``eac``, ``etc``, ``vac`` and ``tcpi_eac``."""

    CPI = "cpi"  # BAC / CPI: current cost efficiency continues
    ATYPICAL = "atypical"  # AC + (BAC - EV): remaining work at budgeted rate
    CPI_SPI = "cpi_spi"  # AC + (BAC - EV) / (CPI * SPI): cost and schedule both weigh
    BOTTOM_UP = "bottom_up"  # AC + bottom-up ETC: re-estimated remaining work


@dataclass(frozen=True, slots=True)
class EarnedValueMetrics:
    """Earned-value figures at one status date.

    ``cpi`` and ``spi`` are the indices used by the forecasts: rounded to ``index_decimals`` when
    that was requested (textbook style), otherwise exact. ``eac``/``etc``/``vac``/``tcpi_eac``
    follow ``eac_method``; the four named EACs are always reported. Fields that cannot be computed
    are ``None`` and ``undefined[field_name]`` says why. ``percent_complete`` (EV/BAC) and
    ``percent_spent`` (AC/BAC) are in percent (0-100, more when overrun).
    """

    bac: float
    pv: float
    ev: float
    ac: float
    cv: float
    sv: float
    cv_percent: float | None
    sv_percent: float | None
    cpi: float | None
    spi: float | None
    eac_cpi: float | None
    eac_atypical: float
    eac_cpi_spi: float | None
    eac_bottom_up: float | None
    eac_method: EacMethod
    eac: float | None
    etc: float | None
    vac: float | None
    tcpi_bac: float | None
    tcpi_eac: float | None
    percent_complete: float | None
    percent_spent: float | None
    undefined: Mapping[str, str] = field(default_factory=dict)


def round_half_up(value: float, decimals: int) -> float:
    """Round like a textbook (0.8925 -> 0.893), not banker's rounding."""
    quantum = Decimal(1).scaleb(-decimals)
    return float(Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_UP))


def _check_amount(name: str, value: float) -> float:
    if not math.isfinite(value):
        raise EarnedValueError(f"{name} must be a finite number, got {value!r}")
    if value < 0:
        raise EarnedValueError(f"{name} must not be negative, got {value!r}")
    return float(value)


def _ratio(
    num: float, den: float, name: str, reason: str, undefined: dict[str, str]
) -> float | None:
    if den == 0:
        undefined[name] = reason
        return None
    try:
        value = num / den
    except OverflowError:
        value = math.inf
    if not math.isfinite(value):
        undefined[name] = REASON_OVERFLOW
        return None
    return value


def compute_earned_value(
    *,
    bac: float,
    pv: float,
    ev: float,
    ac: float,
    etc_bottom_up: float | None = None,
    eac_method: EacMethod = EacMethod.CPI,
    index_decimals: int | None = None,
) -> EarnedValueMetrics:
    """Compute every earned-value metric from cumulative BAC, PV, EV and AC.

    Units: money for all amounts; ratios are dimensionless. ``etc_bottom_up`` is the re-estimated
    cost of the remaining work (enables ``eac_bottom_up`` = AC + ETC). ``index_decimals`` rounds
    CPI and SPI half-up before they feed the forecasts, reproducing published exercises that
    round the index first (4000 / 0.893 = 4479 rather than 4480).

    Edge cases: a zero denominator yields ``None`` with the reason in ``undefined`` (AC = 0 -> CPI,
    PV = 0 -> SPI, EV = 0 -> CV%, CPI = 0 -> BAC/CPI, BAC = AC -> TCPI to BAC, EAC = AC -> TCPI to
    EAC, BAC = 0 -> percent complete/spent). TCPI may be negative when AC already exceeds BAC: the
    budget cannot be met any more. Raises :class:`EarnedValueError` for negative or non-finite
    amounts or for an unknown ``eac_method``.
    """
    bac, pv, ev, ac = (
        _check_amount(n, v) for n, v in (("BAC", bac), ("PV", pv), ("EV", ev), ("AC", ac))
    )
    if etc_bottom_up is not None:
        etc_bottom_up = _check_amount("bottom-up ETC", etc_bottom_up)
    if index_decimals is not None and index_decimals < 0:
        raise EarnedValueError(f"index_decimals must be >= 0, got {index_decimals}")
    try:
        method = EacMethod(eac_method)
    except ValueError:
        raise EarnedValueError(f"unknown EAC method {eac_method!r}") from None
    undefined: dict[str, str] = {}
    cpi = _ratio(ev, ac, "cpi", REASON_AC_ZERO, undefined)
    spi = _ratio(ev, pv, "spi", REASON_PV_ZERO, undefined)
    if index_decimals is not None:
        cpi = None if cpi is None else round_half_up(cpi, index_decimals)
        spi = None if spi is None else round_half_up(spi, index_decimals)
    eacs = _named_eacs(bac, ev, ac, cpi, spi, etc_bottom_up, undefined)
    eac = eacs[method]
    etc = vac = tcpi_eac = None
    if eac is None:
        for name in ("eac", "etc", "vac", "tcpi_eac"):
            undefined[name] = undefined[f"eac_{method.value}"]
    else:
        etc = eac - ac
        vac = bac - eac
        tcpi_eac = _ratio(bac - ev, eac - ac, "tcpi_eac", REASON_EAC_EQUALS_AC, undefined)
    return EarnedValueMetrics(
        bac=bac,
        pv=pv,
        ev=ev,
        ac=ac,
        cv=ev - ac,
        sv=ev - pv,
        cv_percent=_ratio(ev - ac, ev, "cv_percent", REASON_EV_ZERO, undefined),
        sv_percent=_ratio(ev - pv, pv, "sv_percent", REASON_PV_ZERO, undefined),
        cpi=cpi,
        spi=spi,
        eac_cpi=eacs[EacMethod.CPI],
        eac_atypical=ac + (bac - ev),
        eac_cpi_spi=eacs[EacMethod.CPI_SPI],
        eac_bottom_up=eacs[EacMethod.BOTTOM_UP],
        eac_method=method,
        eac=eac,
        etc=etc,
        vac=vac,
        tcpi_bac=_ratio(bac - ev, bac - ac, "tcpi_bac", REASON_BUDGET_SPENT, undefined),
        tcpi_eac=tcpi_eac,
        percent_complete=_percent(ev, bac, "percent_complete", undefined),
        percent_spent=_percent(ac, bac, "percent_spent", undefined),
        undefined=MappingProxyType(undefined),
    )


def _named_eacs(
    bac: float,
    ev: float,
    ac: float,
    cpi: float | None,
    spi: float | None,
    etc_bottom_up: float | None,
    undefined: dict[str, str],
) -> dict[EacMethod, float | None]:
    bottom_up = None
    if etc_bottom_up is None:
        undefined["eac_bottom_up"] = REASON_NO_BOTTOM_UP
    else:
        bottom_up = ac + etc_bottom_up
    return {
        EacMethod.CPI: _eac_cpi(bac, cpi, undefined),
        EacMethod.ATYPICAL: ac + (bac - ev),
        EacMethod.CPI_SPI: _eac_cpi_spi(bac, ev, ac, cpi, spi, undefined),
        EacMethod.BOTTOM_UP: bottom_up,
    }


def _percent(part: float, whole: float, name: str, undefined: dict[str, str]) -> float | None:
    ratio = _ratio(part, whole, name, REASON_BAC_ZERO, undefined)
    return None if ratio is None else 100.0 * ratio


def _eac_cpi(bac: float, cpi: float | None, undefined: dict[str, str]) -> float | None:
    if cpi is None:
        undefined["eac_cpi"] = undefined["cpi"]
        return None
    if cpi == 0:
        undefined["eac_cpi"] = REASON_CPI_ZERO
        return None
    return bac / cpi


def _eac_cpi_spi(
    bac: float,
    ev: float,
    ac: float,
    cpi: float | None,
    spi: float | None,
    undefined: dict[str, str],
) -> float | None:
    if cpi is None or spi is None or cpi * spi == 0:
        undefined["eac_cpi_spi"] = REASON_CPI_SPI_ZERO
        return None
    return ac + (bac - ev) / (cpi * spi)
