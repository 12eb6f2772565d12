"""The risk register as discrete risk events for the schedule-risk simulation engine.

Task ids are ``str(task.pk)``, the ids the planning adapter gives the scheduling model, and delays
are in working minutes, the simulation's time axis.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from tandem.core.errors import ValidationFailed
from tandem.engine.risk import RiskEvent, ThreePointEstimate

from . import queries
from .models import Risk, RiskStatus

# Probability (0-1) assumed for a 1-5 scale value when no percentage was estimated: the middle of
# the band each scale value stands for (see ``actions.probability_from_pct``).
SCALE_PROBABILITY = {1: 0.05, 2: 0.20, 3: 0.40, 4: 0.60, 5: 0.85}
SIMULATED_STATUSES = (RiskStatus.OPEN, RiskStatus.MONITORING)


def event_probability(risk: Risk) -> float:
    """The chance (0-1) that ``risk`` occurs: its percentage if given, else its scale's band."""
    if risk.probability_pct is not None:
        return float(risk.probability_pct) / 100.0
    return SCALE_PROBABILITY[risk.probability]


def event_delay(risk: Risk, minutes_per_day: float) -> ThreePointEstimate | float:
    """The schedule impact in working minutes: three-point when all three values are set."""
    points = (
        risk.schedule_optimistic_days,
        risk.schedule_most_likely_days,
        risk.schedule_pessimistic_days,
    )
    if all(p is not None for p in points):
        a, m, b = (float(Decimal(p) * Decimal(str(minutes_per_day))) for p in points)  # type: ignore[arg-type]
        return ThreePointEstimate(a, m, b)
    return float(risk.schedule_impact_days) * minutes_per_day


def risk_events(user: Any, project_id: int, *, minutes_per_day: float) -> list[RiskEvent]:
    """The open and monitored risks of a project the user may see, as engine risk events.

    ``minutes_per_day`` is the working day of the project calendar (e.g. 480). Risks linked to no
    task still count: they add cost but delay nothing. Raises ``ValidationFailed`` for a
    non-positive ``minutes_per_day``; 404/403 as the risk register does.
    """
    if minutes_per_day <= 0:
        raise ValidationFailed(
            _("minutes_per_day must be positive, got %(minutes_per_day)s")
            % {"minutes_per_day": minutes_per_day}
        )
    risks = (
        queries.list_risks(user, project_id)
        .filter(status__in=SIMULATED_STATUSES)
        .prefetch_related("tasks")
        .order_by("id")
    )
    return [
        RiskEvent(
            id=f"risk-{risk.pk}",
            probability=event_probability(risk),
            task_ids=tuple(str(t.pk) for t in risk.tasks.all()),
            delay=event_delay(risk, minutes_per_day),
            cost=float(risk.cost_impact),
            name=risk.title,
        )
        for risk in risks
    ]
