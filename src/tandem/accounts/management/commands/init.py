"""``tandem init``: create a real organization and its first admin.

Asks for what the flags do not give when run at a terminal; scripts pass everything:
``tandem init --organization "Acme" --username ada --email ada@acme.example --password-file F``
(``--password-file -`` reads the password from standard input).
"""

from __future__ import annotations

import getpass
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tandem.accounts.actions import do_create_organization
from tandem.core.errors import TandemError

_PROMPTS = [
    ("organization", "Organization name"),
    ("username", "Admin username"),
    ("email", "Admin email"),
]


class Command(BaseCommand):
    help = "Create an organization and its first admin (prompts for what the flags leave out)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--organization", help="the organization's name")
        parser.add_argument("--username", help="the first admin's username")
        parser.add_argument("--email", help="the first admin's email address")
        parser.add_argument("--display-name", default="", help="the admin's name as shown")
        parser.add_argument(
            "--password-file",
            type=Path,
            help="a file whose first line is the admin's password ('-': standard input)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        interactive = sys.stdin.isatty()
        try:
            values = {
                key: self._value(options, key, prompt, interactive) for key, prompt in _PROMPTS
            }
            password = self._password(options["password_file"], interactive)
        except (EOFError, KeyboardInterrupt):
            raise CommandError("Cancelled; nothing was created.") from None
        try:
            admin = do_create_organization(
                acting_user=None,
                name=values["organization"],
                username=values["username"],
                email=values["email"],
                password=password,
                display_name=options["display_name"],
            )
        except TandemError as exc:
            raise CommandError(exc.message) from exc
        org = admin.organization
        assert org is not None  # noqa: S101 (made just above)
        self.stdout.write(
            self.style.SUCCESS(f"Organization {org.name!r} created (slug {org.slug}).")
        )
        base = settings.TANDEM_BASE_URL.rstrip("/")
        self.stdout.write(f"Its admin {admin.username!r} signs in at {base}/login/")

    def _value(self, options: dict[str, Any], key: str, prompt: str, interactive: bool) -> str:
        value = options[key]
        if value is None and interactive:
            value = input(f"{prompt}: ")
        if not value or not value.strip():
            raise CommandError(f"--{key} is required (or run `tandem init` at a terminal).")
        return str(value)

    def _password(self, path: Path | None, interactive: bool) -> str:
        if path is not None:
            try:
                text = sys.stdin.read() if str(path) == "-" else path.read_text(encoding="utf-8")
            except OSError as exc:
                raise CommandError(f"Cannot read the password file: {exc}") from exc
            password = text.splitlines()[0] if text else ""
        elif interactive:
            password = getpass.getpass("Admin password: ")
            if getpass.getpass("Admin password again: ") != password:
                raise CommandError("The two passwords differ; nothing was created.")
        else:
            raise CommandError("--password-file is required (or run `tandem init` at a terminal).")
        if not password:
            raise CommandError("The password is empty; nothing was created.")
        return password
