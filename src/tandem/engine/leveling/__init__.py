"""Resource leveling on integer periods: a fast heuristic and an exact CP-SAT leveler.

Build a :class:`LevelingProblem` (activities, renewable resources, links with lags) directly,
from a PSPLIB file (:func:`tandem.engine.formats.psplib.read_psplib`) or from the scheduling
model (:func:`leveling_problem_from_project`), then call :func:`level`. Check any schedule with
:func:`check_leveled_schedule` and :func:`find_over_allocations`.
"""

from . import adapter, analysis, api, problem
from .adapter import *  # noqa: F403
from .analysis import *  # noqa: F403
from .api import *  # noqa: F403
from .problem import *  # noqa: F403

__all__: list[str] = [*problem.__all__, *analysis.__all__, *api.__all__, *adapter.__all__]
