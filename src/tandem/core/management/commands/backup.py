"""``tandem backup [--out FILE]``: the database and the uploaded files in one .tar.gz."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.utils import timezone

from tandem.core.backup import BackupError, create_backup, default_archive_name


class Command(BaseCommand):
    help = "Back up the database and the uploaded files into one .tar.gz with a manifest."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--out",
            type=Path,
            help="the archive to write (default: tandem-backup-<UTC time>.tar.gz here)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        out = options["out"] or Path(default_archive_name(now))
        try:
            summary = create_backup(
                out,
                database=connections["default"].settings_dict,
                media_root=Path(settings.MEDIA_ROOT),
                now=now,
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Backup written to {summary.archive}"))
        self.stdout.write(f"  {summary.describe()}")
