"""``tandem run``: migrate, load the demo organization, serve on http://127.0.0.1:8000."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

from tandem.demo.seed import DEMO_PASSWORD, DEMO_USERS


class Command(BaseCommand):
    help = "Migrate, load the demo organization (idempotent) and serve the app."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--no-demo", action="store_true", help="serve without loading the demo")

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        if not options["no_demo"]:
            call_command("load_demo")
        addrport = options["addrport"]
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Tandem is at http://{addrport}/"))
        self.stdout.write(f"Demo sign-ins (password for all: {DEMO_PASSWORD}):")
        for username, role in DEMO_USERS:
            self.stdout.write(f"  {username:<12} {role}")
        self.stdout.write("Stop with Ctrl-C.\n")
        call_command("runserver", addrport, use_reloader=False)
