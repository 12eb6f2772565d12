"""The leveling problem on integer periods, and its errors.

A period is the leveling time unit: a working day, or a working time unit of a calendar. Period
``p`` covers ``[p, p + 1)``; an activity starting at ``s`` with duration ``d`` occupies periods
``s .. s + d - 1`` and finishes at ``s + d``. Period 0 is the start of the project.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

__all__ = [
    "LevelingActivity",
    "LevelingCycleError",
    "LevelingError",
    "LevelingInfeasibleError",
    "LevelingInputError",
    "LevelingLinkType",
    "LevelingPrecedence",
    "LevelingProblem",
    "LevelingResource",
]


class LevelingLinkType(StrEnum):
    """Which end of the predecessor drives which end of the successor."""

    FS = "FS"
    SS = "SS"
    FF = "FF"
    SF = "SF"


@dataclass(frozen=True, slots=True)
class LevelingResource:
    """A renewable resource.

    ``capacity`` is the number of units available in every period. ``capacity_profile``, when
    given, overrides it period by period from period 0 (e.g. derived from a calendar: 0 on days
    the resource does not work); after the profile ends ``capacity`` applies again.
    """

    id: str
    capacity: int
    capacity_profile: tuple[int, ...] = ()

    def capacity_at(self, period: int) -> int:
        """Units available in ``period`` (periods past the profile get ``capacity``)."""
        if 0 <= period < len(self.capacity_profile):
            return self.capacity_profile[period]
        return self.capacity


@dataclass(frozen=True, slots=True)
class LevelingActivity:
    """An activity (task) to place.

    ``duration`` in periods (0 = milestone, uses no resource). ``demands`` maps resource ids to
    units used in every period the activity runs. ``priority`` (0-1000, higher = delay last)
    breaks ties in the heuristic's choices. ``release`` is the earliest allowed start period.
    ``fixed_start`` pins the start; ``do_not_level`` pins it at the precedence early start
    (the start it would have without resource limits). Pinned activities still use resources.
    """

    id: str
    duration: int
    demands: Mapping[str, int] = field(default_factory=dict)
    priority: int = 500
    release: int = 0
    fixed_start: int | None = None
    do_not_level: bool = False


@dataclass(frozen=True, slots=True)
class LevelingPrecedence:
    """A link with a lag in periods (negative = lead).

    FS: successor start >= predecessor finish + lag; SS: start >= start + lag; FF: finish >=
    finish + lag; SF: successor finish >= predecessor start + lag.
    """

    predecessor_id: str
    successor_id: str
    lag: int = 0
    type: LevelingLinkType = LevelingLinkType.FS


@dataclass(frozen=True, slots=True)
class LevelingProblem:
    """Activities, renewable resources and precedences; the objective is the earliest finish."""

    activities: tuple[LevelingActivity, ...]
    resources: tuple[LevelingResource, ...] = ()
    precedences: tuple[LevelingPrecedence, ...] = ()
    name: str = ""


class LevelingError(ValueError):
    """Base class of every leveling error."""


class LevelingInputError(LevelingError):
    """The problem is malformed; ``items`` names the offending activities, resources or links."""

    def __init__(self, message: str, items: tuple[str, ...] = ()) -> None:
        self.items = tuple(items)
        super().__init__(message)


class LevelingCycleError(LevelingError):
    """The precedences form a cycle; ``cycle`` lists activity ids in order."""

    def __init__(self, cycle: tuple[str, ...]) -> None:
        self.cycle = tuple(cycle)
        super().__init__("precedence cycle: " + " -> ".join([*self.cycle, self.cycle[0]]))


class LevelingInfeasibleError(LevelingError):
    """No schedule meets the pinned starts; ``activity_ids`` names the activities involved."""

    def __init__(self, message: str, activity_ids: tuple[str, ...] = ()) -> None:
        self.activity_ids = tuple(activity_ids)
        super().__init__(message)
