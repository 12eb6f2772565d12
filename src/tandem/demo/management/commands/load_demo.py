"""``tandem demo``: load the demo organization; running it again changes nothing.

Refused under production settings (``TANDEM_ALLOW_DEMO`` off): the demo's passwords are published.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from tandem.demo.seed import DemoNotAllowed, load_demo


class Command(BaseCommand):
    help = "Load the demo organization (idempotent; embedded default only)."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            created = load_demo()
        except DemoNotAllowed as exc:
            raise CommandError(str(exc)) from exc
        if created:
            self.stdout.write(self.style.SUCCESS("Demo organization loaded."))
        else:
            self.stdout.write("Demo organization already present; nothing changed.")
