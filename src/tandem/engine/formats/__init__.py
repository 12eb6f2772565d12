"""File interchange: MS Project XML (MSPDI) and Primavera P6 (XER, P6 XML) readers and writers."""

from . import (
    compare,
    detect,
    imported,
    mspdi_reader,
    mspdi_writer,
    p6xml_reader,
    psplib,
    xer_reader,
)
from .compare import *  # noqa: F403
from .detect import *  # noqa: F403
from .imported import *  # noqa: F403
from .mspdi_reader import *  # noqa: F403
from .mspdi_writer import *  # noqa: F403
from .p6xml_reader import *  # noqa: F403
from .psplib import *  # noqa: F403
from .xer_reader import *  # noqa: F403

__all__: list[str] = [
    *compare.__all__,
    *detect.__all__,
    *imported.__all__,
    *mspdi_reader.__all__,
    *mspdi_writer.__all__,
    *p6xml_reader.__all__,
    *psplib.__all__,
    *xer_reader.__all__,
]
