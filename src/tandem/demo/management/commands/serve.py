"""``tandem run``: migrate, collect the static files, load the demo on a new embedded installation,
and serve with gunicorn (``--dev``: Django's autoreloading development server, with DEBUG)."""

from __future__ import annotations

import os
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from tandem.accounts.models import Organization
from tandem.core import server
from tandem.core.periodic import start_in_process_schedule
from tandem.demo.seed import DEMO_PASSWORD, DEMO_SLUG, DEMO_USERS, load_demo


class Command(BaseCommand):
    help = (
        "Migrate, collect static files, load the demo when the embedded database has no "
        "organization yet, and serve with gunicorn."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument(
            "--workers",
            type=int,
            help="web processes (default: TANDEM_WEB_WORKERS, else 2 x cores + 1, at most "
            f"{server.MAX_DEFAULT_WORKERS})",
        )
        parser.add_argument(
            "--threads",
            type=int,
            help=f"threads per process (default: TANDEM_WEB_THREADS, else {server.DEFAULT_THREADS})",
        )
        parser.add_argument(
            "--dev",
            action="store_true",
            help="Django's development server: DEBUG on, reloads when the code changes",
        )
        parser.add_argument("--no-demo", action="store_true", help="never load the demo")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            bind = server.bind_address(options["addrport"])
            workers = server.positive_setting(
                options["workers"],
                os.environ,
                "TANDEM_WEB_WORKERS",
                lambda: server.default_workers(server.available_cores()),
            )
            threads = server.positive_setting(
                options["threads"], os.environ, "TANDEM_WEB_THREADS", lambda: server.DEFAULT_THREADS
            )
            timeout = server.positive_setting(
                None, os.environ, "TANDEM_WEB_TIMEOUT", lambda: server.DEFAULT_TIMEOUT_SECONDS
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if options["dev"] and not settings.DEBUG:
            raise CommandError(
                "--dev needs DEBUG: run it as `tandem run --dev` (which sets TANDEM_DEBUG=1), "
                "and not under production settings."
            )
        # The development server runs the app in a child process that starts this command again.
        if os.environ.get("RUN_MAIN") != "true":
            self._prepare(load_the_demo=not options["no_demo"])
            self._welcome(bind, workers=None if options["dev"] else workers, threads=threads)
        if options["dev"]:
            if os.environ.get("RUN_MAIN") == "true":
                start_in_process_schedule()
            call_command("runserver", bind)
            return
        # Forked workers must not share the connections this process opened.
        connections.close_all()
        server.serve(bind, workers=workers, threads=threads, timeout=timeout)

    def _prepare(self, *, load_the_demo: bool) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        if load_the_demo and settings.TANDEM_ALLOW_DEMO and not Organization.objects.exists():
            self.stdout.write("No organization yet: loading the demo for a first look ...")
            load_demo()

    def _welcome(self, bind: str, *, workers: int | None, threads: int) -> None:
        url = f"http://{bind}/"
        self.stdout.write("")
        if workers is None:
            self.stdout.write(self.style.SUCCESS(f"Tandem (development server) is at {url}"))
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Tandem is at {url} (gunicorn, {workers} processes x {threads} threads)"
                )
            )
        if not Organization.objects.exists():
            self.stdout.write(
                f"No organization yet: create yours at {url}setup/ or with `tandem init`."
            )
        elif Organization.objects.filter(slug=DEMO_SLUG).exists():
            self.stdout.write(f"Demo sign-ins (password for all: {DEMO_PASSWORD}):")
            for username, role in DEMO_USERS:
                self.stdout.write(f"  {username:<12} {role}")
        self.stdout.write("Stop with Ctrl-C.\n")
