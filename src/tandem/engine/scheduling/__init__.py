"""Scheduling core: working calendars, critical path method, progress, baselines.

``model`` (the data contract), ``calendars`` (working time to the minute), ``network`` (tasks and
links as arrays), ``cpm`` (the passes and the MS Project conventions they follow), ``fastpath``
(the same passes vectorised for plain single-calendar projects), ``scheduler``
(:func:`schedule_project`), ``incremental`` (:class:`IncrementalScheduler`), ``baselines`` and
``paths`` (longest path, float paths).
"""

from . import baselines, calendars, cpm, incremental, model, network, paths, scheduler
from .baselines import *  # noqa: F403
from .calendars import *  # noqa: F403
from .cpm import *  # noqa: F403
from .incremental import *  # noqa: F403
from .model import *  # noqa: F403
from .network import *  # noqa: F403
from .paths import *  # noqa: F403
from .scheduler import *  # noqa: F403

__all__: list[str] = [
    *model.__all__,
    *calendars.__all__,
    *network.__all__,
    *cpm.__all__,
    *scheduler.__all__,
    *incremental.__all__,
    *baselines.__all__,
    *paths.__all__,
]
