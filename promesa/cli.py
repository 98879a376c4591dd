"""The ``promesa`` console command.

``promesa <command>`` runs a Django management command with Promesa's settings. Hyphens in
the command name are accepted (``promesa due-date`` runs ``due_date``) because that is how
people type commands in a shell.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if len(args) > 1 and not args[1].startswith("-"):
        args[1] = args[1].replace("-", "_")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["promesa", *args[1:]])
