"""Scheduling core: working calendars, critical path method, progress, baselines.

See :mod:`tandem.engine.scheduling.model` for the data model and
:mod:`tandem.engine.scheduling.cpm` for the scheduling conventions.
"""

from . import model
from .model import *  # noqa: F403

__all__: list[str] = [*model.__all__]
