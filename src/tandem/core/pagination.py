"""The one pagination every list endpoint uses: ``?limit=&offset=`` with bounds.

Without bounds a client could ask for every row at once (``limit=100000000``) or send an offset
the database cannot hold (a 500 on SQLite and PostgreSQL). Out-of-range values are a 422 naming
the parameter, in the API's usual error format.
"""

from __future__ import annotations

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

MAX_PAGE_SIZE = 500
DEFAULT_PAGE_SIZE = 100
# Far beyond any real list, well inside a 32-bit integer.
MAX_OFFSET = 1_000_000_000


class Pagination(LimitOffsetPagination):
    """``LimitOffsetPagination`` with ``1 <= limit <= 500`` and ``0 <= offset <= 10**9``."""

    class Input(Schema):
        limit: int = Field(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)

    def __init__(self, **kwargs: object) -> None:
        super().__init__(max_limit=MAX_PAGE_SIZE, **kwargs)
