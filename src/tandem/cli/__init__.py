"""The ``tandem`` command.

  tandem run [ADDR:PORT] [--workers N] [--threads N] [--dev] [--no-demo]
      migrate, collect static files, load the demo when the embedded database has no
      organization yet, and serve with gunicorn (--dev: Django's development server, DEBUG on)
  tandem init      create a real organization and its first admin (prompts, or --organization,
                   --username, --email, --password-file F)
  tandem demo      load the demo organization (embedded default only)
  tandem backup [--out FILE]     the database and the uploads in one .tar.gz
  tandem restore FILE [--force]  put a backup back (refuses a non-empty database without --force)
  tandem schedule FILE           schedule an MSPDI, XER or P6 XML file
  tandem export PROJECT --format mspdi|csv|xlsx|ics -o FILE
                                 a project's plan as MS Project XML, CSV, Excel or iCalendar
  tandem watch [--project CODE] [--at MOMENT]
                                 evaluate the active projects once: alerts, escalations, health
  tandem reindex [--kind KIND] [--files]
                                 rebuild the search index (after a restore or a bulk change)
  tandem bench [WHICH]           run the benchmarks

Anything else goes to Django's management commands (``tandem migrate``, ``tandem shell`` ...).
"""

from __future__ import annotations

import importlib
import os
import sys

# Commands that never touch Django: module path of a ``main(argv) -> int`` function.
ENGINE_COMMANDS = {
    "schedule": "tandem.cli.schedule",
    "bench": "tandem.cli.bench",
}


def _django(argv: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tandem.config.settings.dev")
    from django.core.management import execute_from_command_line  # noqa: PLC0415

    execute_from_command_line(["tandem", *argv])
    return 0


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help"}:
        print(__doc__)
        return 0
    command, rest = args[0], args[1:]
    if command in ENGINE_COMMANDS:
        module = importlib.import_module(ENGINE_COMMANDS[command])
        return int(module.main(rest))
    if command == "run":
        if "--dev" in rest:
            # Read by the settings, which are not loaded yet: DEBUG for the development server.
            os.environ["TANDEM_DEBUG"] = "1"
        return _django(["serve", *rest])
    if command == "demo":
        return _django(["load_demo", *rest])
    return _django(args)


if __name__ == "__main__":
    raise SystemExit(main())
