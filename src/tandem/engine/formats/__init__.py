"""File interchange: MS Project XML (MSPDI) and Primavera P6 (XER, P6 XML) readers and writers."""

from . import imported, mspdi_reader, mspdi_writer
from .imported import *  # noqa: F403
from .mspdi_reader import *  # noqa: F403
from .mspdi_writer import *  # noqa: F403

__all__: list[str] = [*imported.__all__, *mspdi_reader.__all__, *mspdi_writer.__all__]
