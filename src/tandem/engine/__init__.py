"""Tandem's scheduling engine: pure Python (numpy and OR-Tools allowed), no Django.

Calendars and critical path (``scheduling``), file formats (``formats``), resource leveling
(``leveling``), earned value (``earned_value``), schedule risk (``risk``) and meeting-slot finding
(``meetings``). Every public name of each part is re-exported here and listed in ``__all__``.
"""

from . import earned_value, formats, leveling, meetings, risk, scheduling
from .earned_value import *  # noqa: F403
from .formats import *  # noqa: F403
from .leveling import *  # noqa: F403
from .meetings import *  # noqa: F403
from .risk import *  # noqa: F403
from .scheduling import *  # noqa: F403

__all__ = [
    *scheduling.__all__,
    *formats.__all__,
    *leveling.__all__,
    *earned_value.__all__,
    *risk.__all__,
    *meetings.__all__,
]
