"""``manage.py flush`` that also empties the append-only audit table on SQLite.

Django's own command deletes every row, which the audit table's triggers refuse on SQLite; the
triggers are lifted for the wipe and put back after it (see ``tandem.core.append_only``).
"""

from __future__ import annotations

from typing import Any

from django.core.management.commands import flush
from django.db import connections

from tandem.core import append_only


class Command(flush.Command):
    def handle(self, **options: Any) -> None:
        with append_only.suspended_for_flush(connections[options["database"]]):
            super().handle(**options)
