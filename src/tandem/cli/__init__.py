"""The ``tandem`` command.

``tandem run`` serves the app (migrating and loading the demo first), ``tandem demo`` loads the
demo organization, ``tandem schedule FILE`` schedules an MSPDI or XER file, ``tandem bench``
runs the benchmarks; anything else goes to Django's management commands
(``tandem migrate``, ``tandem createsuperuser`` ...).
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
        return _django(["serve_demo", *rest])
    if command == "demo":
        return _django(["load_demo", *rest])
    return _django(args)


if __name__ == "__main__":
    raise SystemExit(main())
