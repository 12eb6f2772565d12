"""``tandem reindex [--kind KIND ...] [--files]``: rebuild the search index from the records."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from tandem.records.models import DocumentVersion
from tandem.search.file_text import do_read_file_text
from tandem.search.indexing import rebuild_index
from tandem.search.models import FileText
from tandem.search.sources import KINDS


class Command(BaseCommand):
    help = "Rebuild the search index from the records (after an import or a restore)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--kind", action="append", choices=KINDS, help="Only this kind.")
        parser.add_argument(
            "--files",
            action="store_true",
            help="Also read the text of uploaded files again (else only files never read).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        kinds = options["kind"] or list(KINDS)
        if "document" in kinds:
            versions = DocumentVersion.objects.all()
            if not options["files"]:
                versions = versions.exclude(pk__in=FileText.objects.values("version_id"))
            ids = list(versions.order_by("pk").values_list("pk", flat=True))
            for version_id in ids:
                do_read_file_text(version_id)
            self.stdout.write(f"read the text of {len(ids)} uploaded files")
        for kind, count in rebuild_index(kinds).items():
            self.stdout.write(f"{kind}: {count} indexed")
