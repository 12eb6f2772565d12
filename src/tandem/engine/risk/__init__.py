"""Monte Carlo schedule risk analysis.

Three-point durations (triangular, PERT-beta), discrete risk events, Gaussian-copula correlation,
FS/SS/FF/SF links with lags; results are finish and milestone distributions, criticality,
sensitivity, risk-event impact and cost distributions.
"""

from .adapter import project_working_time_mapper, risk_network_from_project
from .errors import RiskModelError, RiskNetworkCycleError, RiskUnknownTaskError
from .model import (
    CorrelationGroup,
    CorrelationMatrix,
    DurationDistribution,
    RiskEvent,
    RiskLink,
    RiskLinkType,
    RiskNetwork,
    RiskTask,
    ThreePointEstimate,
)
from .network import compile_risk_network
from .results import RiskDistribution, RiskEventImpact, ScheduleRiskResult
from .simulation import simulate_schedule_risk

__all__ = [
    "CorrelationGroup",
    "CorrelationMatrix",
    "DurationDistribution",
    "RiskDistribution",
    "RiskEvent",
    "RiskEventImpact",
    "RiskLink",
    "RiskLinkType",
    "RiskModelError",
    "RiskNetwork",
    "RiskNetworkCycleError",
    "RiskTask",
    "RiskUnknownTaskError",
    "ScheduleRiskResult",
    "ThreePointEstimate",
    "compile_risk_network",
    "project_working_time_mapper",
    "risk_network_from_project",
    "simulate_schedule_risk",
]
