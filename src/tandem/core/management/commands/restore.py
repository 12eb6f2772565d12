"""``tandem restore FILE [--force]``: put a backup's database and uploaded files back.

Stop the web processes and workers first: a restore replaces what they are reading.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.utils import timezone

from tandem.core.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup made by `tandem backup`; refuses a database or uploads folder in use "
        "unless --force."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("archive", type=Path, help="the .tar.gz written by `tandem backup`")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace a database and uploads that hold data (SQLite files and uploads are "
            "kept aside; a PostgreSQL database is overwritten)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["archive"].is_file():
            raise CommandError(f"No such backup: {options['archive']}")
        database = connections["default"].settings_dict
        # This process's own connection would hold the old database open.
        connections.close_all()
        try:
            summary = restore_backup(
                options["archive"],
                database=database,
                media_root=Path(settings.MEDIA_ROOT),
                force=options["force"],
                now=timezone.now(),
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(f"Restored the backup made {summary.created_at}: {summary.archive}")
        )
        self.stdout.write(f"  {summary.describe()}; every table's row count checked")
        for path in summary.kept_aside:
            self.stdout.write(f"  what was there before is kept at {path}")
        self.stdout.write(
            "Run `tandem migrate` (or `tandem run`) if the backup is from an older version."
        )
