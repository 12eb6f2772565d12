"""``tandem demo``: load the demo organization; running it again changes nothing."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from tandem.demo.seed import load_demo


class Command(BaseCommand):
    help = "Load the demo organization (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        created = load_demo()
        if created:
            self.stdout.write(self.style.SUCCESS("Demo organization loaded."))
        else:
            self.stdout.write("Demo organization already present; nothing changed.")
